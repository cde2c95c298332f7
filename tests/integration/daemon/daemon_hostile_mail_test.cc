// The real daemon against a throwaway Dovecot, fed mail made to break it (tests/data/hostile):
// a reply with a character across the excerpt's limit, invalid UTF-8 in Subject and From, and
// messages that make a handler throw (the DRAFTBOX_TEST_THROW_ON seam). The daemon must stay up,
// record the normal mail that follows, show the failures in /v1/status and as events, and after
// a restart that reads both folders from the start, neither fail again nor double anything.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "integration/daemon/daemon_process.h"
#include "store/database.h"
#include "store/sqlite_statement.h"
#include "support/dovecot_server.h"
#include "support/sent_drafts.h"
#include "support/test_data.h"
#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr char kFaultHeader[] = "X-Draftbox-Test-Fault: throw";

class DaemonHostileMailTest : public testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<test::DovecotServer>> server = test::DovecotServer::Start();
    ASSERT_TRUE(server) << server.error().ToString();
    dovecot_ = std::move(*server);
    daemon_ = std::make_unique<test::DaemonProcess>(
        test::TestMailbox{.host = "127.0.0.1",
                          .port = dovecot_->imaps_port(),
                          .security = "tls",
                          .user = dovecot_->user(),
                          .password_command = "printf " + dovecot_->password(),
                          .ca_file = dovecot_->ca_file().string()});
    daemon_->AddEnv(std::string("DRAFTBOX_TEST_THROW_ON=") + kFaultHeader);
    // The sent drafts the mail answers, in the daemon's own database before it starts.
    std::filesystem::create_directories(daemon_->data_dir());
    std::filesystem::permissions(daemon_->data_dir(), std::filesystem::perms::owner_all);
    std::unique_ptr<Database> db = Database::Open(daemon_->data_dir() / "draftbox.db").value();
    drafts_ = test::AddSentDrafts(*db).value();
  }

  void Save(const std::string& mailbox, const std::string& raw) {
    ASSERT_TRUE(test::Ok(dovecot_->Save(dovecot_->user(), mailbox, raw)));
  }

  // A plain reply to kSentDrafts[index] with Message-ID <id>.
  static std::string Reply(size_t index, const std::string& id, const std::string& extra = "") {
    const test::SentDraftSeed& seed = test::kSentDrafts[index];
    return std::string("From: <") + seed.email +
           ">\r\nTo: dana@example.com\r\nSubject: Re: " + seed.subject + "\r\nMessage-ID: <" + id +
           ">\r\nIn-Reply-To: " + seed.sent_message_id + "\r\n" + extra +
           "Date: Sat, 28 Nov 2026 11:00:00 +0000\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\nThursday works for me.\r\n";
  }

  json Get(const std::string& path) {
    auto res = daemon_->Client().Get(path, daemon_->AuthHeaders());
    if (!res || res->status != 200) return nullptr;
    return json::parse(res->body, nullptr, false);
  }

  std::string StateOf(size_t index) {
    json draft = Get("/v1/drafts/" + std::to_string(drafts_[index]));
    return draft.is_object() ? draft.value("state", "") : "";
  }

  // engagement_signal replies, by the Message-ID of the message that caused each.
  std::map<std::string, int> RepliesById() {
    std::map<std::string, int> out;
    json page = Get("/v1/events?type=engagement_signal&limit=1000");
    if (!page.is_object()) return out;
    for (const json& e : page["events"]) {
      if (e["payload"].value("kind", "") != "sent") ++out[e["payload"].value("message_id", "")];
    }
    return out;
  }

  std::vector<json> MessageErrors() {
    json page = Get("/v1/events?type=message_error&limit=1000");
    if (!page.is_object()) return {};
    return page["events"].get<std::vector<json>>();
  }

  // Polls until `done` holds or 60 s pass; fails the test if the daemon exits meanwhile.
  void WaitFor(const std::function<bool()>& done, const std::string& what) {
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      ASSERT_TRUE(daemon_->child().Running())
          << "the daemon died waiting for " << what << ": " << daemon_->child().Stderr();
      if (done()) return;
      std::this_thread::sleep_for(100ms);
    }
    FAIL() << "timed out waiting for " << what;
  }

  std::unique_ptr<test::DovecotServer> dovecot_;
  std::unique_ptr<test::DaemonProcess> daemon_;
  std::vector<int64_t> drafts_;
};

TEST_F(DaemonHostileMailTest, PoisonedMailIsRecordedAndSkippedAndTheDaemonStaysUpAcrossARestart) {
  ASSERT_TRUE(test::Ok(daemon_->Start()));
  Save("INBOX", test::ReadTestData("hostile/reply-euro-at-300.eml"));
  Save("INBOX", test::ReadTestData("hostile/broken-charset-headers.eml"));
  Save("INBOX", Reply(2, "fault-inbox@tokyo.example", std::string(kFaultHeader) + "\r\n"));
  Save("INBOX", Reply(2, "normal-1@tokyo.example"));
  Save("Sent", test::ReadTestData("hostile/sent-broken-charset.eml"));
  Save("Sent", "From: <" + dovecot_->user() + ">\r\nTo: <ana@acme.example>\r\n" + kFaultHeader +
                   "\r\nMessage-ID: <fault-sent@client.example>\r\nSubject: hi\r\n\r\nhi\r\n");

  WaitFor([&] { return StateOf(2) == "replied"; }, "the normal reply after the poisoned ones");
  WaitFor([&] { return MessageErrors().size() == 2; }, "both thrown messages recorded");
  EXPECT_EQ(StateOf(0), "replied") << "the reply with a character across byte 300";
  EXPECT_EQ(StateOf(1), "replied") << "the reply with invalid UTF-8 in Subject and From";
  std::map<std::string, int> replies = RepliesById();
  EXPECT_EQ(replies["<hostile-euro@acme.example>"], 1);
  EXPECT_EQ(replies["<hostile-broken@muller.example>"], 1);
  EXPECT_EQ(replies["<normal-1@tokyo.example>"], 1);
  EXPECT_EQ(replies.count("<fault-inbox@tokyo.example>"), 0u);

  std::map<std::string, json> errors;
  for (const json& e : MessageErrors()) errors[e["payload"].value("role", "")] = e["payload"];
  EXPECT_EQ(errors["inbox"]["message_id"], "<fault-inbox@tokyo.example>");
  EXPECT_EQ(errors["inbox"]["folder"], "INBOX");
  EXPECT_EQ(errors["inbox"]["uid"], 3);
  EXPECT_TRUE(errors["inbox"]["error"].get<std::string>().starts_with("exception: test fault"));
  EXPECT_EQ(errors["sent"]["message_id"], "<fault-sent@client.example>");
  auto res = daemon_->Client().Get("/v1/status", daemon_->AuthHeaders());
  ASSERT_TRUE(res && res->status == 200);
  EXPECT_EQ(test::SchemaViolations("status.json", res->body), "");
  json status = json::parse(res->body);
  EXPECT_EQ(status["watch"]["failed_messages"], 2);
  ASSERT_EQ(status["watch"]["recent_failures"].size(), 2u);

  // A restart that reads both folders from the start, as after a crash before the cursor was
  // saved or a changed UIDVALIDITY.
  ASSERT_TRUE(test::Ok(daemon_->child().Signal(SIGTERM)));
  ASSERT_EQ(daemon_->child().Wait(10s).value_or(-1), 0) << daemon_->child().Stderr();
  {
    std::unique_ptr<Database> db = Database::Open(daemon_->data_dir() / "draftbox.db").value();
    ASSERT_TRUE(db->WithConnection(
        [](sqlite3* c) { return ExecSql(c, "DELETE FROM mailbox_state", "reset cursors"); }));
  }
  ASSERT_TRUE(test::Ok(daemon_->Start()));
  Save("INBOX", Reply(0, "normal-2@acme.example"));
  Save("Sent", "From: <" + dovecot_->user() + ">\r\nTo: <ana@acme.example>\r\n" + kFaultHeader +
                   "\r\nMessage-ID: <fault-sent-2@client.example>\r\nSubject: hi\r\n\r\nhi\r\n");
  WaitFor([&] { return RepliesById()["<normal-2@acme.example>"] == 1; }, "the reply after restart");
  WaitFor([&] { return MessageErrors().size() >= 3; }, "the Sent fault after restart");
  EXPECT_EQ(MessageErrors().size(), 3u) << "a message that failed was handed over again";
  replies = RepliesById();
  for (const auto& [id, count] : replies) EXPECT_EQ(count, 1) << id << " doubled";
  EXPECT_EQ(replies.size(), 4u);
  EXPECT_TRUE(daemon_->child().Running()) << daemon_->child().Stderr();
}

}  // namespace
}  // namespace draftbox
