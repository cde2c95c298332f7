// One draft per eligible recipient, exactly, whatever dies mid-run: the daemon (SIGKILL) or the
// IMAP server (a Dovecot restart). Counted in Dovecot's Drafts folder, not in Draftbox's view.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "integration/campaign/campaign_fixture.h"
#include "integration/campaign/crash_test_data.h"

namespace draftbox {
namespace {

using nlohmann::json;

constexpr int kRecipients = 300;
constexpr int kSuppressed = kRecipients - test::CrashTestEligible(kRecipients);

using test::CrashTestEmail;
using test::CrashTestSuppressed;

class ExactlyOnceTest : public test::CampaignFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(test::CampaignFixture::SetUp());
    ASSERT_NO_FATAL_FAILURE(Import(test::CrashTestRecipientsCsv(kRecipients)));
    test::ApiAnswer suppressed = Call("POST", "/v1/suppressions/import",
                                      {{"text", test::CrashTestSuppressionsCsv(kRecipients)}});
    ASSERT_EQ(suppressed.status, 200) << suppressed.body.dump();
    ASSERT_EQ(suppressed.body["added"], kSuppressed) << suppressed.body.dump();
    campaign_ = CreateCampaign(test::kCrashTestCampaign);
    ASSERT_NE(campaign_, 0);
  }

  // A failed run leaves its evidence where CTest's caller finds it: the daemon's and
  // Dovecot's logs, the database and what Drafts held, under the build dir's
  // artefacts/exactly_once/<test>-<pid>/ (one per failing repetition), named in the failure.
  void TearDown() override {
    if (!HasFailure()) return;
    namespace fs = std::filesystem;
    const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
    const fs::path dir = fs::path(DRAFTBOX_TEST_ARTEFACTS) /
                         (std::string(test->name()) + "-" + std::to_string(getpid()));
    std::error_code ec;
    fs::create_directories(dir, ec);
    const fs::path data = daemon_->data_dir();
    for (const auto& [from, to] : std::vector<std::pair<fs::path, std::string>>{
             {daemon_->log_file(), "draftbox.log"},
             {dovecot_->log_file(), "dovecot.log"},
             {data / "draftbox.db", "draftbox.db"},
             {data / "draftbox.db-wal", "draftbox.db-wal"}}) {
      fs::copy_file(from, dir / to, fs::copy_options::overwrite_existing, ec);
    }
    // ASan's and vmime's complaints go to stderr, not to the log.
    std::ofstream(dir / "draftbox.stderr")
        << (daemon_->child().Running() ? "(still running)\n" : "(exited)\n")
        << daemon_->child().Stderr();
    std::ofstream drafts(dir / "drafts-folder.txt");
    for (const test::StoredMessage& m : DraftsFolder()) {
      drafts << m.uid << " " << m.message_id << " X-Draftbox-Id " << m.draftbox_id << "\n";
    }
    ADD_FAILURE() << "logs of this failed run kept in " << dir.string();
  }

  // Starts a run and waits until it has looked at `done` recipients but not finished.
  void RunUntil(int done) {
    int64_t run = StartRun(campaign_);
    ASSERT_NE(run, 0);
    json state = WaitRun(run, [&](const json& r) {
      return r["state"] != "running" || r["counts"]["done"].get<int>() >= done;
    });
    ASSERT_EQ(state["state"], "running")
        << "the run ended before the interruption: " << state.dump();
  }

  // Every eligible recipient has exactly one message in Drafts, each message belongs to a
  // placed draft, and Draftbox's drafts agree.
  void ExpectExactlyOneDraftPerEligibleRecipient() {
    std::vector<test::StoredMessage> folder = DraftsFolder();
    std::vector<json> placed = Drafts(campaign_, "placed");
    std::map<std::string, std::string> to_by_draft;
    for (const json& d : placed) to_by_draft[std::to_string(d["id"].get<int64_t>())] = d["to"];
    std::map<std::string, int> messages_per_recipient;
    std::set<std::string> message_ids;
    for (const test::StoredMessage& m : folder) {
      ASSERT_TRUE(to_by_draft.contains(m.draftbox_id))
          << "message " << m.uid << " belongs to no placed draft (X-Draftbox-Id " << m.draftbox_id
          << ")";
      ++messages_per_recipient[to_by_draft[m.draftbox_id]];
      EXPECT_TRUE(message_ids.insert(m.message_id).second)
          << "duplicate Message-ID " << m.message_id;
    }
    EXPECT_EQ(folder.size(), static_cast<size_t>(kRecipients - kSuppressed));
    EXPECT_EQ(placed.size(), static_cast<size_t>(kRecipients - kSuppressed));
    for (int i = 0; i < kRecipients; ++i) {
      const bool suppressed = CrashTestSuppressed(i);
      EXPECT_EQ(messages_per_recipient[CrashTestEmail(i)], suppressed ? 0 : 1) << CrashTestEmail(i);
    }
    EXPECT_TRUE(Drafts(campaign_, "generated").empty()) << "a draft was left half-placed";
  }

  int64_t campaign_ = 0;
};

TEST_F(ExactlyOnceTest, DaemonKilledMidRunThenRunAgainLeavesExactlyOneDraftEach) {
  ASSERT_NO_FATAL_FAILURE(RunUntil(kRecipients / 3));
  ASSERT_TRUE(test::Ok(daemon_->child().Signal(SIGKILL)));
  ASSERT_TRUE(daemon_->child().Wait(std::chrono::seconds(10)).has_value());
  const size_t before_restart = DraftsFolder().size();
  EXPECT_GT(before_restart, 0u);
  EXPECT_LT(before_restart, static_cast<size_t>(kRecipients - kSuppressed));

  ASSERT_TRUE(test::Ok(daemon_->Start()));
  json run = RunToEnd(campaign_);
  ASSERT_EQ(run["state"], "finished") << run.dump();
  ExpectExactlyOneDraftPerEligibleRecipient();

  // The run the kill cut short is recorded as interrupted, not left "running".
  json campaign = Call("GET", "/v1/campaigns/" + std::to_string(campaign_)).body;
  ASSERT_GE(campaign["runs"].size(), 2u);
  EXPECT_EQ(campaign["runs"].back()["state"], "interrupted") << campaign["runs"].dump();
}

TEST_F(ExactlyOnceTest, DovecotRestartedMidRunLeavesExactlyOneDraftEach) {
  ASSERT_NO_FATAL_FAILURE(RunUntil(kRecipients / 3));
  ASSERT_TRUE(test::Ok(dovecot_->Restart()));
  json run =
      WaitRun(Call("GET", "/v1/campaigns/" + std::to_string(campaign_)).body["runs"][0]["id"]);
  // The placer retries through a restart; if the server stayed away longer than its attempts,
  // the run fails cleanly and the next one finishes the job. Either way: no duplicates.
  if (run["state"] != "finished") {
    run = RunToEnd(campaign_);
  }
  ASSERT_EQ(run["state"], "finished") << run.dump();
  ExpectExactlyOneDraftPerEligibleRecipient();
}

// Dovecot's passdb can fail for a while and answer LOGIN with "NO [UNAVAILABLE] Temporary
// authentication failure." That says nothing about the password (RFC 5530): the daemon must
// keep logging in, with its network backoff, and never close its login gate for five minutes.
class ExactlyOnceTemporaryLoginFailureTest : public ExactlyOnceTest {
 protected:
  ExactlyOnceTemporaryLoginFailureTest() { dovecot_options_.temporary_login_failures = 0; }
};

TEST_F(ExactlyOnceTemporaryLoginFailureTest, RunStartedWhileLoginsFailTemporarilyPlacesEachOnce) {
  // Few enough for the placer's attempts; Dovecot may hold each refusal for up to 5 s.
  constexpr int kTemporaryFailures = 3;
  ASSERT_TRUE(test::Ok(dovecot_->FailLoginsTemporarily(kTemporaryFailures)));
  // Drops every connection the daemon holds, so each of them has to log in again.
  ASSERT_TRUE(test::Ok(dovecot_->Restart()));
  json run = RunToEnd(campaign_);
  ASSERT_EQ(run["state"], "finished") << run.dump();
  ExpectExactlyOneDraftPerEligibleRecipient();
  Result<int> left = dovecot_->TemporaryLoginFailuresLeft();
  ASSERT_TRUE(left) << left.error().ToString();
  EXPECT_EQ(*left, 0) << "the daemon never met the temporary failures";
  test::ApiAnswer status = Call("GET", "/v1/status");
  ASSERT_EQ(status.status, 200) << status.body.dump();
  EXPECT_EQ(status.body["mailbox"]["login_rejected"], false) << status.body.dump();
}

}  // namespace
}  // namespace draftbox
