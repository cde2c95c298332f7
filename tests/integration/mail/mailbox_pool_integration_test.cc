// MailboxPool over real ImapMailbox connections to a throwaway Dovecot: the logins Dovecot saw
// (its log, one "imap-login: Login:" line per logged-in connection) prove how many connections
// the pool opened.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mail/draft_message.h"
#include "mail/imap_mailbox.h"
#include "mail/mailbox_pool.h"
#include "support/dovecot_server.h"

namespace draftbox {
namespace {

using namespace std::chrono_literals;

class MailboxPoolIntegrationTest : public testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<test::DovecotServer>> server = test::DovecotServer::Start();
    ASSERT_TRUE(server) << server.error().ToString();
    dovecot_ = std::move(*server);
  }

  MailboxPool::Factory Factory() {
    ImapOptions options;
    options.host = "127.0.0.1";
    options.port = dovecot_->imap_port();
    options.security = ImapSecurity::kNone;
    options.user = dovecot_->user();
    options.password = dovecot_->password();
    options.timeout = 20s;
    return [options]() -> Result<std::unique_ptr<Mailbox>> {
      Result<std::unique_ptr<ImapMailbox>> made = ImapMailbox::Create(options);
      if (!made) return std::unexpected(made.error());
      return std::unique_ptr<Mailbox>(std::move(*made));
    };
  }

  // Successful IMAP logins in Dovecot's log so far.
  int Logins() {
    std::ifstream in(dovecot_->log_file());
    std::string line;
    int logins = 0;
    while (std::getline(in, line)) {
      if (line.find("imap-login: Info: Login: user=<") != std::string::npos) ++logins;
    }
    return logins;
  }

  static std::string Message(int thread, int i) {
    DraftMessage message;
    message.from_name = "Dana Reyes";
    message.from_address = "dana@example.com";
    message.to_name = "Alex";
    message.to_address = "alex@company.example";
    message.subject = "Note " + std::to_string(thread) + "." + std::to_string(i);
    message.body = "Hello";
    message.message_id =
        "<pool" + std::to_string(thread) + "x" + std::to_string(i) + "@draftbox.example>";
    message.draft_id = (thread + 1) * 1000 + i + 1;
    message.date_unix = 1790000000;
    Result<std::string> raw = BuildDraftMessage(message);
    return raw.value_or("");
  }

  std::unique_ptr<test::DovecotServer> dovecot_;
};

TEST_F(MailboxPoolIntegrationTest, ManyOperationsOneAfterAnotherLogInOnce) {
  MailboxPool pool(Factory(), MailboxPoolOptions{.max_connections = 4});
  for (int i = 0; i < 20; ++i) {
    Result<std::unique_ptr<Mailbox>> lease =
        pool.Lease(i % 2 ? LeasePriority::kInteractive : LeasePriority::kBackground);
    ASSERT_TRUE(lease) << lease.error().ToString();
    Result<AppendedMessage> appended = (*lease)->Append("Drafts", Message(0, i), kFlagDraft);
    ASSERT_TRUE(appended) << appended.error().ToString();
  }
  EXPECT_EQ(Logins(), 1);
  Result<std::vector<test::StoredMessage>> drafts = dovecot_->List(dovecot_->user(), "Drafts");
  ASSERT_TRUE(drafts);
  EXPECT_EQ(drafts->size(), 20u);
}

TEST_F(MailboxPoolIntegrationTest, ManyThreadsAtOnceNeverLogInMoreThanMaxConnections) {
  constexpr int kMax = 3;
  constexpr int kThreads = 8;
  constexpr int kEach = 6;
  MailboxPool pool(Factory(), MailboxPoolOptions{.max_connections = kMax});
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Result<std::unique_ptr<Mailbox>> lease =
            pool.Lease(t % 3 == 0 ? LeasePriority::kInteractive : LeasePriority::kBackground);
        if (!lease || !(*lease)->Append("Drafts", Message(t + 1, i), kFlagDraft) ||
            !(*lease)->GetStatus("Drafts")) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(Logins(), kMax);
  EXPECT_LE(pool.Stats().peak_open, kMax);
  Result<std::vector<test::StoredMessage>> drafts = dovecot_->List(dovecot_->user(), "Drafts");
  ASSERT_TRUE(drafts);
  EXPECT_EQ(drafts->size(), static_cast<size_t>(kThreads * kEach));
}

}  // namespace
}  // namespace draftbox
