// A Mailbox in memory for campaign/ unit tests: folders of messages with UIDs, a log of the
// calls that change them, and failures on demand (a step fails with kUnavailable, as an IMAP
// server that went away does). Not thread-safe, like every Mailbox.
#ifndef DRAFTBOX_TESTS_UNIT_CAMPAIGN_FAKE_MAILBOX_H_
#define DRAFTBOX_TESTS_UNIT_CAMPAIGN_FAKE_MAILBOX_H_

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "mail/mailbox.h"

namespace draftbox::test {

class FakeMailbox : public Mailbox {
 public:
  struct Message {
    uint32_t uid = 0;
    std::string raw;
  };

  // Steps that can be made to fail: each call of a failing step answers kUnavailable.
  std::set<std::string> failing;  // "connect", "append", "delete", "status", "search"
  std::vector<std::string> log;   // "append Drafts <uid>", "delete Drafts <uid>"
  std::map<std::string, std::vector<Message>> folders{{"Drafts", {}}, {"Sent", {}}};

  Status Connect() override {
    if (failing.contains("connect")) return Down("connect");
    return {};
  }
  Result<std::vector<std::string>> ListFolders() override {
    std::vector<std::string> names;
    for (const auto& [name, messages] : folders) names.push_back(name);
    return names;
  }
  Result<MailboxFolders> FindFolders() override {
    if (failing.contains("connect")) return Down("connect");
    return MailboxFolders{.inbox = "INBOX", .drafts = "Drafts", .sent = "Sent", .trash = ""};
  }
  Result<FolderStatus> GetStatus(const std::string& folder) override {
    if (failing.contains("status")) return Down("status");
    return FolderStatus{.uid_validity = kUidValidity,
                        .uid_next = next_uid_,
                        .highest_modseq = 0,
                        .messages = static_cast<uint32_t>(folders[folder].size())};
  }
  Result<AppendedMessage> Append(const std::string& folder, const std::string& raw,
                                 unsigned) override {
    if (failing.contains("append")) return Down("append");
    const uint32_t uid = next_uid_++;
    folders[folder].push_back({uid, raw});
    log.push_back("append " + folder + " " + std::to_string(uid));
    return AppendedMessage{uid, kUidValidity};
  }
  Result<std::vector<FetchedMessage>> FetchSince(const std::string&, uint32_t, int) override {
    return std::vector<FetchedMessage>{};
  }
  Status Delete(const std::string& folder, const std::vector<uint32_t>& uids) override {
    if (failing.contains("delete")) return Down("delete");
    std::vector<Message>& messages = folders[folder];
    for (uint32_t uid : uids) {
      auto gone = std::remove_if(messages.begin(), messages.end(),
                                 [uid](const Message& m) { return m.uid == uid; });
      if (gone != messages.end()) log.push_back("delete " + folder + " " + std::to_string(uid));
      messages.erase(gone, messages.end());
    }
    return {};
  }
  Result<std::vector<uint32_t>> FindByMessageId(const std::string& folder,
                                                const std::string& message_id) override {
    if (failing.contains("search")) return Down("search");
    std::vector<uint32_t> uids;
    for (const Message& m : folders[folder]) {
      if (!message_id.empty() && m.raw.find("Message-ID: " + message_id) != std::string::npos) {
        uids.push_back(m.uid);
      }
    }
    return uids;
  }
  Result<std::vector<uint32_t>> ListUids(const std::string& folder) override {
    std::vector<uint32_t> uids;
    for (const Message& m : folders[folder]) uids.push_back(m.uid);
    return uids;
  }
  Result<bool> WaitForChange(const std::string&, uint32_t, std::chrono::milliseconds,
                             const std::atomic<bool>*, std::chrono::milliseconds) override {
    return false;
  }
  void Disconnect() override {}

  // The X-Draftbox-Id of every message in Drafts, in UID order.
  std::vector<std::string> DraftIds() {
    std::vector<std::string> ids;
    for (const Message& m : folders["Drafts"]) {
      const size_t at = m.raw.find("X-Draftbox-Id: ");
      if (at == std::string::npos) continue;
      const size_t from = at + 15;
      ids.push_back(m.raw.substr(from, m.raw.find_first_of("\r\n", from) - from));
    }
    return ids;
  }

  static constexpr uint32_t kUidValidity = 7;

 private:
  static std::unexpected<Error> Down(const std::string& step) {
    return Fail(ErrorCode::kUnavailable, "the server went away (" + step + ")");
  }
  uint32_t next_uid_ = 1;
};

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_UNIT_CAMPAIGN_FAKE_MAILBOX_H_
