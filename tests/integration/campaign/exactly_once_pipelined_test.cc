// Exactly one draft per eligible recipient while a run places batches: pipelined APPENDs
// (LITERAL+), MULTIAPPEND, or, where the server offers neither, several connections at once.
// For each capability mix the daemon is SIGKILLed, or Dovecot restarted, with a batch in
// flight; Dovecot's Drafts folder (read by doveadm) and Draftbox's store must agree afterwards.
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <set>
#include <sstream>

#include "integration/campaign/campaign_fixture.h"
#include "integration/campaign/crash_test_data.h"

namespace draftbox {
namespace {

using nlohmann::json;

constexpr int kRecipients = 600;
constexpr int kEligible = test::CrashTestEligible(kRecipients);

using test::CrashTestEmail;
using test::CrashTestSuppressed;

// What Dovecot advertises after login, and the placing path it makes the daemon take.
struct CapabilityMix {
  const char* name;
  const char* extensions;  // added to test::kImapBaseCapabilities
};

class ExactlyOncePipelinedTest : public test::CampaignFixture,
                                 public testing::WithParamInterface<CapabilityMix> {
 protected:
  void SetUp() override {
    dovecot_options_.imap_capability =
        std::string(test::kImapBaseCapabilities) + " " + GetParam().extensions;
    ASSERT_NO_FATAL_FAILURE(test::CampaignFixture::SetUp());
    ASSERT_NO_FATAL_FAILURE(Import(test::CrashTestRecipientsCsv(kRecipients)));
    test::ApiAnswer suppressed = Call("POST", "/v1/suppressions/import",
                                      {{"text", test::CrashTestSuppressionsCsv(kRecipients)}});
    ASSERT_EQ(suppressed.status, 200) << suppressed.body.dump();
    campaign_ = CreateCampaign(test::kCrashTestCampaign);
    ASSERT_NE(campaign_, 0);
  }

  // Starts a run and waits until some drafts are placed and more are to come.
  void RunUntilSomePlaced() {
    int64_t run = StartRun(campaign_);
    ASSERT_NE(run, 0);
    json state = WaitRun(run, [&](const json& r) {
      return r["state"] != "running" || r["counts"]["placed"].get<int>() >= kEligible / 4;
    });
    ASSERT_EQ(state["state"], "running")
        << "the run ended before the interruption: " << state.dump();
  }

  // Every eligible recipient has exactly one message in Drafts, each message belongs to a
  // placed draft whose stored UID is that message's, and no draft is left half-placed.
  void ExpectExactlyOneDraftPerEligibleRecipient() {
    std::vector<test::StoredMessage> folder = DraftsFolder();
    std::vector<json> placed = Drafts(campaign_, "placed");
    std::map<std::string, json> by_id;
    for (const json& d : placed) by_id[std::to_string(d["id"].get<int64_t>())] = d;
    std::map<std::string, int> per_recipient;
    std::set<std::string> message_ids;
    for (const test::StoredMessage& m : folder) {
      ASSERT_TRUE(by_id.contains(m.draftbox_id))
          << "message " << m.uid << " belongs to no placed draft (X-Draftbox-Id " << m.draftbox_id
          << ")";
      ++per_recipient[by_id[m.draftbox_id]["to"].get<std::string>()];
      EXPECT_TRUE(message_ids.insert(m.message_id).second)
          << "duplicate Message-ID " << m.message_id;
    }
    EXPECT_EQ(folder.size(), static_cast<size_t>(kEligible));
    EXPECT_EQ(placed.size(), static_cast<size_t>(kEligible));
    for (int i = 0; i < kRecipients; ++i) {
      EXPECT_EQ(per_recipient[CrashTestEmail(i)], CrashTestSuppressed(i) ? 0 : 1)
          << CrashTestEmail(i);
    }
    EXPECT_TRUE(Drafts(campaign_, "generated").empty()) << "a draft was left half-placed";
  }

  int64_t campaign_ = 0;
};

TEST_P(ExactlyOncePipelinedTest, DaemonKilledMidBatchThenRunAgainLeavesExactlyOneDraftEach) {
  ASSERT_NO_FATAL_FAILURE(RunUntilSomePlaced());
  ASSERT_TRUE(test::Ok(daemon_->child().Signal(SIGKILL)));
  ASSERT_TRUE(daemon_->child().Wait(std::chrono::seconds(10)).has_value());
  const size_t before_restart = DraftsFolder().size();
  EXPECT_GT(before_restart, 0u);
  EXPECT_LT(before_restart, static_cast<size_t>(kEligible));

  ASSERT_TRUE(test::Ok(daemon_->Start()));
  json run = RunToEnd(campaign_);
  ASSERT_EQ(run["state"], "finished") << run.dump();
  ExpectExactlyOneDraftPerEligibleRecipient();
}

TEST_P(ExactlyOncePipelinedTest, DovecotRestartedMidBatchLeavesExactlyOneDraftEach) {
  ASSERT_NO_FATAL_FAILURE(RunUntilSomePlaced());
  ASSERT_TRUE(test::Ok(dovecot_->Restart()));
  json run =
      WaitRun(Call("GET", "/v1/campaigns/" + std::to_string(campaign_)).body["runs"][0]["id"]);
  // The placer retries through a restart; if the server stayed away longer than its attempts,
  // the run fails cleanly and the next one finishes the job. Either way: no duplicates.
  if (run["state"] != "finished") run = RunToEnd(campaign_);
  ASSERT_EQ(run["state"], "finished") << run.dump();
  ExpectExactlyOneDraftPerEligibleRecipient();
}

INSTANTIATE_TEST_SUITE_P(CapabilityMixes, ExactlyOncePipelinedTest,
                         testing::Values(CapabilityMix{"OneByOneOverSeveralConnections", ""},
                                         CapabilityMix{"LiteralPlus", "LITERAL+"},
                                         CapabilityMix{"MultiAppend", "MULTIAPPEND LITERAL+"}),
                         [](const testing::TestParamInfo<CapabilityMix>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace draftbox
