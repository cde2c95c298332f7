// The daemon with `[mailbox] oauth2_token_command` against a Dovecot whose oauth2 passdb checks
// each token at a local token check (test::TokenCheck, standing for the provider's token
// service). The token command is a script that hands out the tokens a test queues, so a test
// decides which token the daemon gets at each run of it. Campaign runs place the drafts.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "integration/campaign/campaign_fixture.h"
#include "support/token_check.h"

namespace draftbox {
namespace {

using nlohmann::json;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Pops the first queued token (the last one stays, printed again at every later run) and
// counts the runs in `runs`. flock: the monitor and the watchers may run it at once.
constexpr const char* kTokenScript = R"sh(#!/bin/sh
dir=$(dirname "$0")
exec 9>"$dir/lock"
flock 9
token=$(head -n 1 "$dir/tokens")
if [ "$(wc -l < "$dir/tokens")" -gt 1 ]; then sed -i 1d "$dir/tokens"; fi
echo run >> "$dir/runs"
printf '%s\n' "$token"
)sh";

class DaemonOAuth2Test : public test::CampaignFixture {
 protected:
  void SetUp() override {}  // each test starts the servers once it has queued its tokens
  // The daemon and Dovecot stop before the token check and the script they call go away.
  void TearDown() override {
    daemon_.reset();
    dovecot_.reset();
  }

  // Starts the token check (calling `granted` active), Dovecot with its oauth2 passdb and the
  // daemon, whose token command will hand out `tokens` in turn.
  void Start(const std::vector<std::string>& tokens, const std::vector<std::string>& granted) {
    Result<test::OAuth2Dovecot> started = test::StartOAuth2Dovecot();
    ASSERT_TRUE(started) << started.error().ToString();
    check_ = std::move(started->check);
    dovecot_ = std::move(started->dovecot);
    for (const std::string& token : granted) check_->Grant(token);
    std::ofstream(script_dir_.path() / "token.sh") << kTokenScript;
    QueueTokens(tokens);
    daemon_ = std::make_unique<test::DaemonProcess>(
        test::TestMailbox{
            .host = "127.0.0.1",
            .port = dovecot_->imaps_port(),
            .security = "tls",
            .user = dovecot_->user(),
            .password_command = "",
            .ca_file = dovecot_->ca_file().string(),
            .oauth2_token_command = "sh " + (script_dir_.path() / "token.sh").string()},
        0,
        "[sender]\nname = \"Dana Reyes\"\naddress = \"" + dovecot_->user() +
            "\"\nsignature = \"Dana Reyes\"\n");
    ASSERT_TRUE(test::Ok(daemon_->Start()));
  }

  // Replaces the queue of tokens the command hands out (atomically: it may be running).
  void QueueTokens(const std::vector<std::string>& tokens) {
    std::ofstream out(script_dir_.path() / "tokens.new");
    for (const std::string& token : tokens) out << token << "\n";
    out.close();
    std::filesystem::rename(script_dir_.path() / "tokens.new", script_dir_.path() / "tokens");
  }

  int CommandRuns() {
    std::string runs = ReadFile(script_dir_.path() / "runs");
    return static_cast<int>(std::count(runs.begin(), runs.end(), '\n'));
  }

  // /v1/status's mailbox once the monitor has checked it.
  json MailboxStatus() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    json mailbox;
    while (std::chrono::steady_clock::now() < deadline) {
      test::ApiAnswer answer = Call("GET", "/v1/status");
      if (answer.status == 200) {
        mailbox = answer.body["mailbox"];
        if (!mailbox["last_checked"].is_null()) return mailbox;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "the mailbox was never checked; last status: " << mailbox.dump();
    return mailbox;
  }

  // Runs a one-recipient campaign and returns the run as the API reports it at its end.
  json RunOneRecipientCampaign() {
    Import(
        "email,first_name,last_name,role,company,company_domain,country,language,timezone,tags,"
        "account_state,plan,renewal_date,consent\n"
        "ana@example.org,Ana,Ruiz,VP of Sales,Example Org,example.org,US,en,,q4-funded,"
        "prospect,,,yes\n");
    int64_t campaign = CreateCampaign(
        "name = \"OAuth2\"\nkind = \"outreach\"\ngoal = \"Book a call\"\n"
        "key_message = \"Clean CRM data\"\ncta = \"A call next week?\"\npersona = \"default\"\n"
        "language = \"auto\"\ndaily_cap = 5\nmax_open_drafts = 5\n"
        "[target]\ntags = [\"q4-funded\"]\naccount_state = [\"prospect\"]\n");
    return RunToEnd(campaign);
  }

  // Waits until no login has reached the token check for two seconds: the monitor and the
  // Sent and INBOX watchers log in at start-up, each on its own schedule.
  void WaitForLoginsToSettle() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    size_t seen = check_->Checked().size();
    auto quiet_since = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      const size_t now_seen = check_->Checked().size();
      if (now_seen != seen) {
        seen = now_seen;
        quiet_since = std::chrono::steady_clock::now();
      } else if (std::chrono::steady_clock::now() - quiet_since >= std::chrono::seconds(2)) {
        return;
      }
    }
    ADD_FAILURE() << "logins did not settle: " << seen << " so far";
  }

  // Neither the daemon's log file nor its stderr may carry a token.
  void ExpectNoTokenLogged(const std::vector<std::string>& tokens) {
    const std::string log = ReadFile(daemon_->log_file());
    const std::string err = daemon_->child().Stderr();
    EXPECT_FALSE(log.empty());
    for (const std::string& token : tokens) {
      EXPECT_EQ(log.find(token), std::string::npos) << token << " in the log:\n" << log;
      EXPECT_EQ(err.find(token), std::string::npos) << token << " on stderr:\n" << err;
    }
  }

  test::TempDir script_dir_{"oauth2-command"};
  std::unique_ptr<test::TokenCheck> check_;
};

TEST_F(DaemonOAuth2Test, ValidTokenPlacesADraft) {
  ASSERT_NO_FATAL_FAILURE(Start({"ya29.valid-4c1"}, {"ya29.valid-4c1"}));
  json run = RunOneRecipientCampaign();
  ASSERT_EQ(run["state"], "finished") << run.dump();
  EXPECT_EQ(run["counts"]["placed"], 1) << run.dump();
  EXPECT_EQ(DraftsFolder().size(), 1u);
  EXPECT_EQ(MailboxStatus()["reachable"], true);
  ExpectNoTokenLogged({"ya29.valid-4c1"});
}

// The token the daemon logged in with has expired by the time the run needs the mailbox (and
// the server restarted, dropping every session): the daemon runs the command again (a new pooled
// connection runs it before its login; one that kept the old token runs it when the server refuses
// that), logs in with the fresh token and places the draft; nothing is locked.
// ImapMailboxOAuth2Test shows the refresh at one mailbox step by step; here the daemon's
// connections may take either way.
TEST_F(DaemonOAuth2Test, ExpiredTokenIsReplacedByRerunningTheCommandWithoutLockout) {
  ASSERT_NO_FATAL_FAILURE(Start({"ya29.first-71a"}, {"ya29.first-71a"}));
  ASSERT_EQ(MailboxStatus()["reachable"], true);
  WaitForLoginsToSettle();
  // An hour later, as it were: the provider no longer takes the first token, and the command
  // now prints a fresh one.
  check_->Expire("ya29.first-71a");
  check_->Grant("ya29.fresh-b02");
  QueueTokens({"ya29.fresh-b02"});
  // The server restarts too, so no connection the daemon holds stays logged in: the run must
  // log in again, with the token its connection kept or with a new one.
  ASSERT_TRUE(test::Ok(dovecot_->Restart()));
  const int runs_before = CommandRuns();
  const size_t checks_before = check_->Checked().size();

  json run = RunOneRecipientCampaign();
  ASSERT_EQ(run["state"], "finished") << run.dump();
  EXPECT_EQ(run["counts"]["placed"], 1) << run.dump();
  EXPECT_EQ(DraftsFolder().size(), 1u);
  EXPECT_GE(CommandRuns() - runs_before, 1);
  // Every login with the expired token is followed by one with the fresh token. The watchers'
  // connections log in again on their own schedule, and Dovecot delays the answer to a refused
  // login by seconds, so their second logins may still be on the way: wait for them.
  auto unanswered = [&](const std::vector<std::string>& checked) {
    int stale = 0;
    for (size_t i = checks_before; i < checked.size(); ++i) {
      if (checked[i] == "ya29.first-71a") ++stale;
      if (checked[i] == "ya29.fresh-b02" && stale > 0) --stale;
    }
    return stale;
  };
  std::vector<std::string> checked = check_->Checked();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (unanswered(checked) > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    checked = check_->Checked();
  }
  ASSERT_GE(checked.size(), checks_before + 1);
  EXPECT_EQ(unanswered(checked), 0) << "a login with the expired token was not followed by one "
                                       "with the fresh token";
  EXPECT_NE(std::find(checked.begin() + static_cast<std::ptrdiff_t>(checks_before), checked.end(),
                      "ya29.fresh-b02"),
            checked.end());

  json mailbox = MailboxStatus();
  EXPECT_EQ(mailbox["login_rejected"], false) << mailbox.dump();
  EXPECT_TRUE(mailbox["next_login_attempt"].is_null()) << mailbox.dump();
  ExpectNoTokenLogged({"ya29.first-71a", "ya29.fresh-b02"});
}

// The command keeps printing a token the provider refuses: one login, a clear auth error,
// and the login gate holds every connection off for five minutes.
TEST_F(DaemonOAuth2Test, CommandPrintingARefusedTokenGetsAnAuthErrorAndTheLoginGate) {
  ASSERT_NO_FATAL_FAILURE(Start({"ya29.revoked-e93"}, {}));
  json mailbox = MailboxStatus();
  const int64_t checked_at = mailbox["last_checked"].get<int64_t>();
  EXPECT_EQ(mailbox["reachable"], false);
  ASSERT_TRUE(mailbox["last_error"].is_string()) << mailbox.dump();
  const std::string error = mailbox["last_error"];
  EXPECT_TRUE(error.starts_with("auth: ")) << error;
  EXPECT_NE(error.find("XOAUTH2"), std::string::npos) << error;
  EXPECT_NE(error.find("same token"), std::string::npos) << error;
  EXPECT_EQ(mailbox["login_rejected"], true) << mailbox.dump();
  ASSERT_TRUE(mailbox["next_login_attempt"].is_number_integer()) << mailbox.dump();
  EXPECT_GE(mailbox["next_login_attempt"].get<int64_t>(), checked_at + 290);

  // The watchers and a campaign run are held off by the gate: no further login reaches Dovecot.
  json run = RunOneRecipientCampaign();
  EXPECT_EQ(run["counts"]["placed"], 0) << run.dump();
  EXPECT_EQ(check_->Checked(), std::vector<std::string>{"ya29.revoked-e93"});
  EXPECT_EQ(DraftsFolder().size(), 0u);
  ExpectNoTokenLogged({"ya29.revoked-e93"});
}

}  // namespace
}  // namespace draftbox
