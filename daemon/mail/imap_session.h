// One logged-in IMAP connection over vmime, with the few commands Draftbox needs sent as raw
// IMAP so that the exact wire behaviour is ours (BODY.PEEK, UID EXPUNGE, one-shot APPEND).
// Internal to mail/: only ImapMailbox uses it. Throws vmime exceptions and ImapRefusal; after
// any exception the object must be destroyed, never reused. NOT thread-safe.
#ifndef DRAFTBOX_MAIL_IMAP_SESSION_H_
#define DRAFTBOX_MAIL_IMAP_SESSION_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>
#include <vmime/net/imap/IMAPCommand.hpp>
#include <vmime/net/imap/IMAPConnection.hpp>
#include <vmime/net/imap/IMAPParser.hpp>
#include <vmime/net/imap/IMAPStore.hpp>
#include <vmime/vmime.hpp>

#include "mail/folder_names.h"
#include "mail/imap_mailbox.h"
#include "mail/mailbox.h"

namespace draftbox {

// The server answered a command with NO (or BAD). `nonexistent` is set when the server said the
// mailbox does not exist (RFC 5530 [NONEXISTENT] or the usual wording without it).
class ImapRefusal : public std::runtime_error {
 public:
  ImapRefusal(const std::string& message, bool nonexistent)
      : std::runtime_error(message), nonexistent_(nonexistent) {}
  bool nonexistent() const { return nonexistent_; }

 private:
  bool nonexistent_;
};

// True when `path` holds at least one PEM certificate vmime can load.
bool CaFileHasCertificate(const std::filesystem::path& path);

class ImapSession {
 public:
  using Response = std::unique_ptr<vmime::net::imap::IMAPParser::response>;

  // Connects, secures and logs in. Throws on any failure.
  explicit ImapSession(const ImapOptions& options);
  // Logs out if still connected; never throws.
  ~ImapSession();

  ImapSession(const ImapSession&) = delete;
  ImapSession& operator=(const ImapSession&) = delete;

  bool HasCapability(const std::string& name);

  std::vector<FolderInfo> List();
  FolderStatus Status(const std::string& folder);
  AppendedMessage Append(const std::string& folder, const std::string& raw, unsigned flags);
  std::vector<FetchedMessage> FetchSince(const std::string& folder, uint32_t after_uid,
                                         int max_count);
  void Delete(const std::string& folder, const std::vector<uint32_t>& uids);
  // UIDs whose Message-ID header is exactly `message_id` (printable ASCII), ascending.
  std::vector<uint32_t> FindByMessageId(const std::string& folder, const std::string& message_id);
  std::vector<uint32_t> ListUids(const std::string& folder);
  // IDLE on `folder` (opened read-only) until data arrives, `timeout` passes or `stop` is set;
  // true if the server sent anything while idling, or at once if a UID above `after_uid` is
  // already there. The server must offer IDLE.
  bool Idle(const std::string& folder, uint32_t after_uid, std::chrono::milliseconds timeout,
            const std::atomic<bool>* stop);

 private:
  // Sends one command and reads its whole response; throws ImapRefusal on NO/BAD.
  Response Run(const std::string& command);
  // Throws ImapRefusal unless `resp` completed with OK.
  void CheckOk(const Response& resp, const std::string& command) const;
  // Leaves the selected state without expunging anything.
  void Unselect(const std::string& quoted);
  std::string Quote(const std::string& folder) const;
  // `text` (printable ASCII) as an IMAP quoted string.
  static std::string QuoteAscii(const std::string& text);

  vmime::shared_ptr<vmime::net::session> session_;
  vmime::shared_ptr<vmime::net::imap::IMAPStore> store_;
  vmime::shared_ptr<vmime::net::imap::IMAPConnection> connection_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_IMAP_SESSION_H_
