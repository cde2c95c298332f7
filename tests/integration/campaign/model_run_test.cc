// Campaign runs through the real daemon with the `openai` composer against the model double
// (tests/support/model-double) answering slowly: composer.max_concurrent requests kept in
// flight at once, the run's counts visible through the API while it goes, the daily cap
// unchanged, and a SIGKILL mid-run then a new run leaving exactly one draft per recipient in
// Dovecot's Drafts with the store in agreement.
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "integration/campaign/campaign_fixture.h"
#include "support/model_double.h"

namespace draftbox {
namespace {

using nlohmann::json;
using test::ModelDouble;

constexpr int kMaxConcurrent = 4;

std::string Email(int i) {
  return "lee" + std::to_string(i) + "@firm" + std::to_string(i) + ".example";
}

std::string RecipientsCsv(int n) {
  std::ostringstream csv;
  csv << "email,first_name,last_name,role,company,company_domain,country,tags,account_state\n";
  for (int i = 0; i < n; ++i) {
    csv << Email(i) << ",Lee" << i << ",Park,Head of Operations,Firm " << i << " Labs,firm" << i
        << ".example,US,model-run,prospect\n";
  }
  return csv.str();
}

constexpr char kCampaign[] = R"(name = "Model run"
kind = "outreach"
goal = "Book a call"
key_message = "Operations teams save hours with clean data"
cta = "Would a short call next week work?"
[target]
tags = ["model-run"]
)";

class ModelRunTest : public test::CampaignFixture {
 protected:
  // A model that takes `delay_seconds` per answer and writes a grounded draft for anyone.
  void StartWith(double delay_seconds, int recipients, const std::string& caps = "") {
    Result<std::unique_ptr<ModelDouble>> started = ModelDouble::Start(
        {{{"obey", "Thanks for the time you gave us this year."}, {"delay", delay_seconds}}});
    ASSERT_TRUE(started) << started.error().ToString();
    model_ = std::move(*started);
    extra_config_ = "[composer]\nbackend = \"openai\"\nendpoint = \"" + model_->endpoint() +
                    "\"\nmodel = \"double\"\nmax_retries = 0\nmax_concurrent = " +
                    std::to_string(kMaxConcurrent) + "\n";
    ASSERT_NO_FATAL_FAILURE(test::CampaignFixture::SetUp());
    ASSERT_NO_FATAL_FAILURE(Import(RecipientsCsv(recipients)));
    recipients_ = recipients;
    campaign_ = CreateCampaign(caps + kCampaign);
    ASSERT_NE(campaign_, 0);
  }

  void SetUp() override {}  // each test starts the double first: the config names its port

  // Exactly one message per recipient in Dovecot's Drafts, each a placed draft of the store,
  // and no draft left half-placed.
  void ExpectExactlyOneDraftPerRecipient() {
    std::vector<test::StoredMessage> folder = DraftsFolder();
    std::vector<json> placed = Drafts(campaign_, "placed");
    std::map<std::string, std::string> to_by_draft;
    for (const json& d : placed) to_by_draft[std::to_string(d["id"].get<int64_t>())] = d["to"];
    std::map<std::string, int> per_recipient;
    std::set<std::string> message_ids;
    for (const test::StoredMessage& m : folder) {
      ASSERT_TRUE(to_by_draft.contains(m.draftbox_id))
          << "message " << m.uid << " belongs to no placed draft (X-Draftbox-Id " << m.draftbox_id
          << ")";
      ++per_recipient[to_by_draft[m.draftbox_id]];
      EXPECT_TRUE(message_ids.insert(m.message_id).second) << "duplicate " << m.message_id;
    }
    EXPECT_EQ(folder.size(), static_cast<size_t>(recipients_));
    EXPECT_EQ(placed.size(), static_cast<size_t>(recipients_));
    for (int i = 0; i < recipients_; ++i) EXPECT_EQ(per_recipient[Email(i)], 1) << Email(i);
    EXPECT_TRUE(Drafts(campaign_, "generated").empty()) << "a draft was left half-placed";
  }

  std::unique_ptr<ModelDouble> model_;
  int recipients_ = 0;
  int64_t campaign_ = 0;
};

TEST_F(ModelRunTest, KeepsMaxConcurrentRequestsInFlightAndReportsProgress) {
  ASSERT_NO_FATAL_FAILURE(StartWith(0.5, 12));
  const int64_t run_id = StartRun(campaign_);
  ASSERT_NE(run_id, 0);
  // While the run goes, its status resource shows drafts being composed and placed.
  json seen;
  json during = WaitRun(run_id, [&](const json& run) {
    const json& counts = run["counts"];
    if (run["state"] == "running" && counts["composing"] == kMaxConcurrent &&
        counts["placed"].get<int>() > 0) {
      seen = run;
    }
    return run["state"] != "running" || !seen.is_null();
  });
  ASSERT_FALSE(seen.is_null()) << "no progress seen while running; last: " << during.dump();
  EXPECT_LT(seen["counts"]["placed"].get<int>(), 12);
  EXPECT_GE(seen["counts"]["composed"], seen["counts"]["placed"]);

  json run = WaitRun(run_id);
  ASSERT_EQ(run["state"], "finished") << run.dump();
  EXPECT_EQ(run["counts"]["placed"], 12);
  EXPECT_EQ(run["counts"]["composed"], 12);
  EXPECT_EQ(run["counts"]["composing"], 0);
  EXPECT_EQ(model_->MaxInFlight(), kMaxConcurrent);
  EXPECT_EQ(model_->Requests().size(), 12u);
  ExpectExactlyOneDraftPerRecipient();
}

TEST_F(ModelRunTest, DailyCapHoldsWithDraftsInFlight) {
  ASSERT_NO_FATAL_FAILURE(StartWith(0.3, 10, "daily_cap = 6\n"));
  json run = RunToEnd(campaign_);
  ASSERT_EQ(run["state"], "finished") << run.dump();
  EXPECT_EQ(run["counts"]["placed"], 6) << run.dump();
  EXPECT_EQ(run["counts"]["deferred"], 4) << run.dump();
  EXPECT_EQ(DraftsFolder().size(), 6u);
  // Nothing was composed for the deferred: no model time spent on drafts the cap holds back.
  EXPECT_EQ(model_->Requests().size(), 6u);
}

TEST_F(ModelRunTest, DaemonKilledMidRunThenRunAgainLeavesExactlyOneDraftEach) {
  ASSERT_NO_FATAL_FAILURE(StartWith(0.3, 40));
  const int64_t run_id = StartRun(campaign_);
  ASSERT_NE(run_id, 0);
  json state = WaitRun(run_id, [](const json& r) {
    return r["state"] != "running" || r["counts"]["placed"].get<int>() >= 10;
  });
  ASSERT_EQ(state["state"], "running") << "the run ended before the kill: " << state.dump();
  ASSERT_TRUE(test::Ok(daemon_->child().Signal(SIGKILL)));
  ASSERT_TRUE(daemon_->child().Wait(std::chrono::seconds(10)).has_value());
  const size_t before_restart = DraftsFolder().size();
  EXPECT_GT(before_restart, 0u);
  EXPECT_LT(before_restart, 40u);

  ASSERT_TRUE(test::Ok(daemon_->Start()));
  json run = RunToEnd(campaign_);
  ASSERT_EQ(run["state"], "finished") << run.dump();
  ExpectExactlyOneDraftPerRecipient();
  json campaign = Call("GET", "/v1/campaigns/" + std::to_string(campaign_)).body;
  ASSERT_GE(campaign["runs"].size(), 2u);
  EXPECT_EQ(campaign["runs"].back()["state"], "interrupted") << campaign["runs"].dump();
}

}  // namespace
}  // namespace draftbox
