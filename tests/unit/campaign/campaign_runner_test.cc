#include "campaign/campaign_runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "unit/campaign/revision_fixture.h"

namespace draftbox {
namespace {

TEST(FactsJsonTest, ListsTheSentencesThatRestOnEachFact) {
  std::vector<FactUsed> facts = {{"activity:3", "$15M Series B"}, {"recipient:role", "CTO"}};
  std::vector<SentenceFacts> sentences = {
      {"Congratulations on the $15M Series B.", {"activity:3"}},
      {"As CTO you will know the pain.", {"recipient:role", "activity:3"}},
      {"Would a call work?", {}}};
  auto stored = nlohmann::json::parse(FactsJson(facts, sentences));
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0]["id"], "activity:3");
  EXPECT_EQ(stored[0]["sentences"], nlohmann::json({"Congratulations on the $15M Series B.",
                                                    "As CTO you will know the pain."}));
  EXPECT_EQ(stored[1]["sentences"], nlohmann::json({"As CTO you will know the pain."}));
}

TEST(FactsJsonTest, LeavesSentencesOutWhenTheComposerGaveNone) {
  auto stored = nlohmann::json::parse(FactsJson({{"activity:3", "$15M Series B"}}));
  EXPECT_EQ(stored, nlohmann::json::parse(R"([{"id": "activity:3", "text": "$15M Series B"}])"));
}

// The template composer, with the composes it runs at once counted: each waits (up to `wait`,
// so a runner that composes one at a time only runs slowly) until `gather` are under way
// together. Recipients in `failing` get a ComposeFailure. Thread-safe.
class GatheringComposer : public Composer {
 public:
  GatheringComposer(int gather, std::set<std::string> failing,
                    std::chrono::milliseconds wait = std::chrono::seconds(3))
      : gather_(gather), failing_(std::move(failing)), wait_(wait) {}

  ComposeResult Compose(const ComposeRequest& request) override {
    {
      std::unique_lock<std::mutex> lock(mu_);
      ++in_flight_;
      max_in_flight_ = std::max(max_in_flight_, in_flight_);
      gathered_.notify_all();
      gathered_.wait_for(lock, wait_, [this] { return max_in_flight_ >= gather_; });
    }
    ComposeResult result = failing_.contains(request.recipient->email)
                               ? ComposeResult(std::unexpected(ComposeFailure{"no usable facts"}))
                               : template_.Compose(request);
    std::lock_guard<std::mutex> lock(mu_);
    --in_flight_;
    return result;
  }

  std::string Name() const override { return "openai"; }

  int max_in_flight() {
    std::lock_guard<std::mutex> lock(mu_);
    return max_in_flight_;
  }

 private:
  const int gather_;
  const std::set<std::string> failing_;
  const std::chrono::milliseconds wait_;
  TemplateComposer template_;
  std::mutex mu_;
  std::condition_variable gathered_;
  int in_flight_ = 0;
  int max_in_flight_ = 0;
};

class CampaignRunnerConcurrencyTest : public test::RevisionFixture {
 protected:
  std::vector<std::string> AddCustomers(int n) {
    std::vector<std::string> emails;
    for (int i = 0; i < n; ++i) {
      emails.push_back("c" + std::to_string(i) + "@acme.example");
      AddCustomer(emails.back());
    }
    return emails;
  }
};

TEST_F(CampaignRunnerConcurrencyTest, ComposesMaxConcurrentAtOnceWithTheOpenAiBackend) {
  config_.composer.backend = "openai";
  config_.composer.max_concurrent = 4;
  AddCustomers(12);
  GatheringComposer composer(4, {});
  RunReport report = RunCampaign(composer, AddCampaign(test::kOutreach));
  EXPECT_EQ(composer.max_in_flight(), 4);
  EXPECT_EQ(report.counts.placed, 12);
  EXPECT_EQ(report.counts.composed, 12);
  EXPECT_EQ(report.counts.composing, 0);
  EXPECT_EQ(mailbox_.folders["Drafts"].size(), 12u);
  for (int64_t id = 1; id <= 12; ++id) EXPECT_EQ(OpenDraftsOf(id), 1u) << "recipient " << id;
}

TEST_F(CampaignRunnerConcurrencyTest, ComposesOneAtATimeWithTheTemplateBackend) {
  config_.composer.max_concurrent = 4;  // backend "template": not a model, nothing to wait for
  AddCustomers(3);
  GatheringComposer composer(2, {}, std::chrono::milliseconds(300));
  RunReport report = RunCampaign(composer, AddCampaign(test::kOutreach));
  EXPECT_EQ(composer.max_in_flight(), 1);
  EXPECT_EQ(report.counts.placed, 3);
}

TEST_F(CampaignRunnerConcurrencyTest, DailyCapDefersTheSameRecipientsAsOneAtATime) {
  config_.composer.backend = "openai";
  config_.composer.max_concurrent = 4;
  std::vector<std::string> emails = AddCustomers(10);
  // Two of the first five are held: one at a time, the cap of 5 is filled by c0 c2 c4 c5 c6.
  GatheringComposer composer(4, {emails[1], emails[3]});
  RunReport report =
      RunCampaign(composer, AddCampaign("daily_cap = 5\n" + std::string(test::kOutreach)));
  EXPECT_EQ(report.counts.placed, 5);
  EXPECT_EQ(report.counts.needs_attention, 2);
  EXPECT_EQ(report.counts.deferred, 3);
  EXPECT_EQ(mailbox_.folders["Drafts"].size(), 5u);
  std::set<std::string> placed;
  for (const DraftRecord& d : InState(DraftState::kPlaced)) placed.insert(d.to_address);
  EXPECT_EQ(placed, (std::set<std::string>{emails[0], emails[2], emails[4], emails[5], emails[6]}));
}

TEST_F(CampaignRunnerConcurrencyTest, ReportsComposingWhileDraftsAreInFlight) {
  config_.composer.backend = "openai";
  config_.composer.max_concurrent = 3;
  AddCustomers(6);
  GatheringComposer composer(3, {});
  int64_t most_composing = 0;
  RunReport report =
      RunCampaign(composer, AddCampaign(test::kOutreach), [&](const RunCounts& counts) {
        most_composing = std::max(most_composing, counts.composing);
        // Placed only once the mailbox answered for the batch: never ahead of what is done.
        EXPECT_LE(counts.placed, counts.done);
        EXPECT_LE(counts.composed, counts.done);
      });
  EXPECT_EQ(most_composing, 3);
  EXPECT_EQ(report.counts.placed, 6);
  nlohmann::json counts = nlohmann::json::parse(RunCountsJson(report.counts));
  EXPECT_EQ(counts["composed"], 6);
  EXPECT_EQ(counts["composing"], 0);
}

}  // namespace
}  // namespace draftbox
