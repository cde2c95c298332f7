// TriggeredRuns against a FakeMailbox and a real SQLite file: only campaigns that carry a
// [trigger] get a run, each newly qualifying recipient gets one draft, and an evaluation that
// finds nothing new leaves no run behind.
#include "campaign/triggered_runs.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/campaign/revision_fixture.h"

namespace draftbox {
namespace {

class TriggeredRunsTest : public test::RevisionFixture {
 protected:
  TriggeredRuns Triggered() {
    return TriggeredRuns(TriggeredRuns::Deps{
        .db = db_.get(), .composer = &composer_, .config = &config_, .clock = &clock_});
  }

  Result<std::vector<RunReport>> Evaluate(const std::string& why) {
    DraftPlacer placer(mailbox_, *db_, CampaignSenders(*db_, config_), Placing());
    return Triggered().Evaluate(why, placer);
  }

  size_t RunsOf(int64_t campaign_id) {
    return CampaignStore(*db_).ListRuns(campaign_id).value().size();
  }
};

TEST_F(TriggeredRunsTest, NoTriggeredCampaignMeansNothingToEvaluate) {
  AddCustomer("ana@acme.example");
  AddCampaign(test::kOutreach);
  EXPECT_FALSE(Triggered().AnyTriggered().value());
  AddCampaign(test::kTriggered);
  EXPECT_TRUE(Triggered().AnyTriggered().value());
}

TEST_F(TriggeredRunsTest, OnlyCampaignsWithATriggerGetARun) {
  AddCustomer("ana@acme.example");
  const int64_t plain = AddCampaign(test::kOutreach);
  const int64_t triggered = AddCampaign(test::kTriggered);
  Result<std::vector<RunReport>> reports = Evaluate("import");
  ASSERT_TRUE(reports) << reports.error().ToString();
  ASSERT_EQ(reports->size(), 1u);
  EXPECT_EQ((*reports)[0].campaign_id, triggered);
  EXPECT_EQ((*reports)[0].counts.placed, 1);
  EXPECT_EQ(RunsOf(plain), 0u);
  EXPECT_EQ(CampaignStore(*db_).ListRuns(triggered).value()[0].started_by, "import");
  EXPECT_EQ(mailbox_.DraftIds().size(), 1u);
}

TEST_F(TriggeredRunsTest, ASecondEvaluationWithNothingNewMakesNoRun) {
  AddCustomer("ana@acme.example");
  const int64_t triggered = AddCampaign(test::kTriggered);
  ASSERT_EQ(Evaluate("import").value().size(), 1u);
  clock_.Advance(std::chrono::hours(24));
  Result<std::vector<RunReport>> again = Evaluate("schedule");
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(RunsOf(triggered), 1u);
  EXPECT_EQ(mailbox_.DraftIds().size(), 1u);
}

TEST_F(TriggeredRunsTest, AnActivityOutsideTheWindowDoesNotQualify) {
  AddCustomer("ana@acme.example", /*days_ago=*/45);
  const int64_t triggered = AddCampaign(test::kTriggered);
  EXPECT_TRUE(Evaluate("schedule").value().empty());
  EXPECT_EQ(RunsOf(triggered), 0u);
}

}  // namespace
}  // namespace draftbox
