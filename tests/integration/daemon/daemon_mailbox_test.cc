// The daemon against a throwaway Dovecot: what /v1/status says about the mailbox.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "integration/daemon/daemon_process.h"
#include "support/dovecot_server.h"
#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

class DaemonMailboxTest : public testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<test::DovecotServer>> server = test::DovecotServer::Start();
    ASSERT_TRUE(server) << server.error().ToString();
    dovecot_ = std::move(*server);
  }

  test::TestMailbox Mailbox(const std::string& password) const {
    return test::TestMailbox{.host = "127.0.0.1",
                             .port = dovecot_->imaps_port(),
                             .security = "tls",
                             .user = dovecot_->user(),
                             .password_command = "printf " + password,
                             .ca_file = dovecot_->ca_file().string()};
  }

  // Polls /v1/status until the mailbox monitor has finished a check.
  static nlohmann::json StatusAfterFirstCheck(test::DaemonProcess& daemon) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    nlohmann::json body;
    while (std::chrono::steady_clock::now() < deadline) {
      auto res = daemon.Client().Get("/v1/status", daemon.AuthHeaders());
      if (res && res->status == 200) {
        EXPECT_EQ(test::SchemaViolations("status.json", res->body), "");
        body = nlohmann::json::parse(res->body);
        if (!body["mailbox"]["last_checked"].is_null()) return body;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "the mailbox was never checked; last status: " << body.dump();
    return body;
  }

  std::unique_ptr<test::DovecotServer> dovecot_;
};

TEST_F(DaemonMailboxTest, StatusShowsReachableMailboxWithItsFolders) {
  test::DaemonProcess daemon(Mailbox(dovecot_->password()));
  ASSERT_TRUE(test::Ok(daemon.Start()));
  nlohmann::json status = StatusAfterFirstCheck(daemon);
  const nlohmann::json& mailbox = status["mailbox"];
  EXPECT_EQ(mailbox["configured"], true);
  EXPECT_EQ(mailbox["reachable"], true) << mailbox.dump();
  EXPECT_EQ(mailbox["host"], "127.0.0.1");
  EXPECT_EQ(mailbox["user"], dovecot_->user());
  EXPECT_EQ(mailbox["security"], "tls");
  EXPECT_EQ(mailbox["folders"]["drafts"], "Drafts");
  EXPECT_EQ(mailbox["folders"]["sent"], "Sent");
  EXPECT_EQ(mailbox["folders"]["inbox"], "INBOX");
  EXPECT_TRUE(mailbox["last_error"].is_null());
}

TEST_F(DaemonMailboxTest, WrongPasswordShowsUnreachableWithAClearErrorAndKeepsServing) {
  test::DaemonProcess daemon(Mailbox("not-the-password"));
  ASSERT_TRUE(test::Ok(daemon.Start()));
  nlohmann::json status = StatusAfterFirstCheck(daemon);
  const nlohmann::json& mailbox = status["mailbox"];
  EXPECT_EQ(mailbox["configured"], true);
  EXPECT_EQ(mailbox["reachable"], false);
  ASSERT_TRUE(mailbox["last_error"].is_string()) << mailbox.dump();
  EXPECT_TRUE(mailbox["last_error"].get<std::string>().starts_with("auth: "))
      << mailbox["last_error"];
  EXPECT_TRUE(mailbox["folders"]["drafts"].is_null());

  auto health = daemon.Client().Get("/v1/health", daemon.AuthHeaders());
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_TRUE(daemon.child().Running());
}

// Dovecot's imap-login logs one line per connection that tried and failed to log in: "...
// (auth failed, N attempts in S secs): user=<...>". Returns the connections and the attempts.
std::pair<int, int> FailedLogins(const std::filesystem::path& log) {
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  const std::regex failed(R"(auth failed, (\d+) attempts)");
  int connections = 0, attempts = 0;
  for (auto it = std::sregex_iterator(all.begin(), all.end(), failed); it != std::sregex_iterator();
       ++it) {
    ++connections;
    attempts += std::stoi((*it)[1].str());
  }
  return {connections, attempts};
}

// A provider locks an account that retries a refused password every few seconds. Before the
// shared login gate the monitor retried after 1, 2, 4 s and the Sent and INBOX watchers each on
// their own: a dozen refused logins in the first ten seconds.
TEST_F(DaemonMailboxTest, RejectedLoginIsTriedOnceOnOneConnectionAndStatusSaysLoginRejected) {
  test::DaemonProcess daemon(Mailbox("not-the-password"));
  ASSERT_TRUE(test::Ok(daemon.Start()));
  nlohmann::json status = StatusAfterFirstCheck(daemon);
  const int64_t first_checked = status["mailbox"]["last_checked"].get<int64_t>();
  // Long enough for the old backoffs (1 s, 2 s, 4 s, and the watchers' own) to retry 3+ times.
  std::this_thread::sleep_for(std::chrono::seconds(8));
  auto [connections, attempts] = FailedLogins(dovecot_->log_file());
  EXPECT_EQ(connections, 1) << "connections that tried to log in and were refused";
  EXPECT_LE(attempts, 2) << "refused login attempts Dovecot saw";

  auto res = daemon.Client().Get("/v1/status", daemon.AuthHeaders());
  ASSERT_TRUE(res && res->status == 200);
  EXPECT_EQ(test::SchemaViolations("status.json", res->body), "");
  const nlohmann::json mailbox = nlohmann::json::parse(res->body)["mailbox"];
  EXPECT_EQ(mailbox["reachable"], false);
  EXPECT_EQ(mailbox["login_rejected"], true) << mailbox.dump();
  ASSERT_TRUE(mailbox["next_login_attempt"].is_number_integer()) << mailbox.dump();
  // The first rejection waits five minutes.
  EXPECT_GE(mailbox["next_login_attempt"].get<int64_t>(), first_checked + 290);
  EXPECT_LE(mailbox["next_login_attempt"].get<int64_t>(), first_checked + 310);
  ASSERT_TRUE(mailbox["last_error"].is_string());
  EXPECT_TRUE(mailbox["last_error"].get<std::string>().starts_with("auth: ")) << mailbox;
}

TEST_F(DaemonMailboxTest, FailingPasswordCommandIsReportedNamingTheKey) {
  test::TestMailbox mailbox = Mailbox("x");
  mailbox.password_command = "exit 3";
  test::DaemonProcess daemon(mailbox);
  ASSERT_TRUE(test::Ok(daemon.Start()));
  nlohmann::json status = StatusAfterFirstCheck(daemon);
  EXPECT_EQ(status["mailbox"]["reachable"], false);
  ASSERT_TRUE(status["mailbox"]["last_error"].is_string());
  EXPECT_NE(status["mailbox"]["last_error"].get<std::string>().find("mailbox.password_command"),
            std::string::npos)
      << status["mailbox"]["last_error"];
}

}  // namespace
}  // namespace draftbox
