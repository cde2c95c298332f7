// TriggerEvaluator on a real SQLite file: which recipients an on_activity or cadence trigger
// picks on a fixed day, with which key, and that the campaign's [target] still applies.
#include "campaign/trigger_evaluator.h"

#include <gtest/gtest.h>

#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "campaign/campaign_runner.h"
#include "store/campaign_store.h"
#include "store/recipient_store.h"
#include "support/temp_dir.h"
#include "unit/store/store_test_util.h"

namespace draftbox {
namespace {

constexpr int64_t kDay = 86400;

// 2026-03-15 12:00:00 UTC: noon, so "N days ago" never straddles a date change.
int64_t Noon() {
  std::tm tm{};
  tm.tm_year = 2026 - 1900;
  tm.tm_mon = 2;
  tm.tm_mday = 15;
  tm.tm_hour = 12;
  return static_cast<int64_t>(timegm(&tm));
}

class TriggerEvaluatorTest : public testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Database>> db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    Result<int64_t> campaign = CampaignStore(*db_).Create("Earlier", "outreach", "{}");
    ASSERT_TRUE(campaign) << campaign.error().ToString();
    earlier_campaign_ = *campaign;
  }

  static std::string DaysAgo(int days) { return DayOf(Noon() - days * kDay); }

  // Stores a recipient with `activities` ({type, date, summary}) and returns its id.
  int64_t Add(const std::string& email, std::vector<Activity> activities,
              std::vector<std::string> tags = {}) {
    Recipient r;
    r.email = email;
    r.name = "Test Person";
    r.company = "Acme Labs";
    r.tags = std::move(tags);
    r.activities = std::move(activities);
    Result<UpsertCounts> counts = RecipientStore(*db_).Upsert(std::span<const Recipient>(&r, 1));
    EXPECT_TRUE(counts) << counts.error().ToString();
    Result<Recipient> stored = RecipientStore(*db_).GetByEmail(email);
    EXPECT_TRUE(stored) << stored.error().ToString();
    return stored ? stored->id : 0;
  }

  // The stored id of `recipient_id`'s activity with `summary`.
  int64_t ActivityId(int64_t recipient_id, const std::string& summary) {
    Result<std::vector<Activity>> activities = RecipientStore(*db_).Activities(recipient_id);
    EXPECT_TRUE(activities) << activities.error().ToString();
    for (const Activity& a : activities.value_or(std::vector<Activity>{})) {
      if (a.summary == summary) return a.id;
    }
    ADD_FAILURE() << "no activity '" << summary << "' for recipient " << recipient_id;
    return 0;
  }

  // A sent email to `recipient_id` at `sent_at`, as the mailbox watcher will record it.
  void Sent(int64_t recipient_id, int64_t sent_at) {
    ASSERT_TRUE(test::Exec(*db_, test::InsertDraftSql(earlier_campaign_, recipient_id, "sent")));
    ASSERT_TRUE(test::Exec(*db_, "UPDATE drafts SET sent_at = " + std::to_string(sent_at) +
                                     " WHERE id = last_insert_rowid()"));
  }

  static Campaign OnActivity(std::vector<std::string> types, std::optional<int> within_days) {
    Campaign campaign;
    campaign.intent.name = "Check-in";
    campaign.intent.kind = CampaignKind::kCheckIn;
    campaign.trigger = CampaignTrigger{std::move(types), within_days, std::nullopt};
    return campaign;
  }

  static Campaign Cadence(int days) {
    Campaign campaign;
    campaign.intent.name = "Quarterly";
    campaign.intent.kind = CampaignKind::kCheckIn;
    campaign.trigger = CampaignTrigger{{}, std::nullopt, days};
    return campaign;
  }

  std::map<int64_t, std::string> Qualifying(const Campaign& campaign) {
    Result<std::map<int64_t, std::string>> found =
        TriggerEvaluator(*db_).Qualifying(campaign, Noon());
    EXPECT_TRUE(found) << found.error().ToString();
    return found.value_or(std::map<int64_t, std::string>{});
  }

  test::TempDir dir_{"trigger-eval"};
  std::unique_ptr<Database> db_;
  int64_t earlier_campaign_ = 0;
};

TEST_F(TriggerEvaluatorTest, OnActivityCountsWithinDaysInclusiveOfTheFirstDay) {
  int64_t today = Add("today@a.example", {{0, "funding", DaysAgo(0), "Raised a seed round", ""}});
  int64_t edge = Add("edge@b.example", {{0, "funding", DaysAgo(10), "Raised a Series A", ""}});
  int64_t past = Add("past@c.example", {{0, "funding", DaysAgo(11), "Raised a Series B", ""}});
  std::map<int64_t, std::string> found = Qualifying(OnActivity({"funding"}, 10));
  EXPECT_EQ(found.count(today), 1u);
  EXPECT_EQ(found.count(edge), 1u) << "an activity exactly within_days old still qualifies";
  EXPECT_EQ(found.count(past), 0u) << "one day older than within_days must not qualify";
  EXPECT_EQ(found.size(), 2u);
}

TEST_F(TriggerEvaluatorTest, OnActivityDatedInTheFutureWaitsForItsDay) {
  int64_t upcoming =
      Add("upcoming@a.example", {{0, "renewal", DaysAgo(-20), "Renewal due next month", ""}});
  EXPECT_TRUE(Qualifying(OnActivity({"renewal"}, 30)).empty())
      << "an activity dated after today has not happened yet";
  Result<std::map<int64_t, std::string>> on_the_day =
      TriggerEvaluator(*db_).Qualifying(OnActivity({"renewal"}, 30), Noon() + 20 * kDay);
  ASSERT_TRUE(on_the_day) << on_the_day.error().ToString();
  EXPECT_EQ(on_the_day->count(upcoming), 1u) << "on its day it qualifies like any other";
}

TEST_F(TriggerEvaluatorTest, OnActivityWithoutWithinDaysUsesThirtyDays) {
  int64_t edge = Add("edge@b.example", {{0, "renewal", DaysAgo(30), "Renewed for a year", ""}});
  int64_t past = Add("past@c.example", {{0, "renewal", DaysAgo(31), "Renewed for two years", ""}});
  std::map<int64_t, std::string> found = Qualifying(OnActivity({"renewal"}, std::nullopt));
  EXPECT_EQ(found.count(edge), 1u);
  EXPECT_EQ(found.count(past), 0u);
}

TEST_F(TriggerEvaluatorTest, OnActivityIgnoresOtherTypesAndUndatedActivities) {
  Add("hiring@a.example", {{0, "hiring", DaysAgo(1), "Hiring five engineers", ""}});
  Add("undated@b.example", {{0, "funding", "", "Raised money at some point", ""}});
  EXPECT_TRUE(Qualifying(OnActivity({"funding", "renewal"}, 30)).empty());
}

TEST_F(TriggerEvaluatorTest, OnActivityMatchesTypesWhateverTheirCase) {
  int64_t id = Add("ana@a.example", {{0, "Funding", DaysAgo(2), "Raised a Series A", ""}});
  std::map<int64_t, std::string> found = Qualifying(OnActivity({"FUNDING"}, 30));
  EXPECT_EQ(found[id], "activity:" + std::to_string(ActivityId(id, "Raised a Series A")));
}

TEST_F(TriggerEvaluatorTest, OnActivityKeyNamesTheNewestQualifyingActivity) {
  int64_t id = Add("ana@a.example", {{0, "funding", DaysAgo(20), "Raised a seed round", ""},
                                     {0, "funding", DaysAgo(5), "Raised a Series A", ""},
                                     {0, "job_change", DaysAgo(1), "Became CTO", ""},
                                     {0, "funding", DaysAgo(12), "Raised a bridge round", ""}});
  std::map<int64_t, std::string> found = Qualifying(OnActivity({"funding"}, 30));
  ASSERT_EQ(found.count(id), 1u);
  EXPECT_EQ(found[id], "activity:" + std::to_string(ActivityId(id, "Raised a Series A")));
}

TEST_F(TriggerEvaluatorTest, OnActivityNewActivityOfTheSameDayAfterReimportGetsANewKey) {
  int64_t id = Add("ana@a.example", {{0, "funding", DaysAgo(3), "Raised a Series A", ""}});
  std::string first = Qualifying(OnActivity({"funding"}, 30))[id];
  // A later import brings a second activity of that same day: it fires once more, under its
  // own key, and the earlier key stays what it was for the earlier activity.
  Add("ana@a.example", {{0, "funding", DaysAgo(3), "Extended the Series A", ""}});
  std::string second = Qualifying(OnActivity({"funding"}, 30))[id];
  EXPECT_EQ(first, "activity:" + std::to_string(ActivityId(id, "Raised a Series A")));
  EXPECT_EQ(second, "activity:" + std::to_string(ActivityId(id, "Extended the Series A")));
}

TEST_F(TriggerEvaluatorTest, OnActivityOnlyPicksRecipientsOfTheCampaignsTarget) {
  int64_t in =
      Add("in@a.example", {{0, "funding", DaysAgo(2), "Raised a Series A", ""}}, {"Q4-Funded"});
  int64_t out =
      Add("out@b.example", {{0, "funding", DaysAgo(2), "Raised a Series B", ""}}, {"newsletter"});
  Campaign campaign = OnActivity({"funding"}, 30);
  campaign.target.tags = {"q4-funded"};
  std::map<int64_t, std::string> found = Qualifying(campaign);
  EXPECT_EQ(found.count(in), 1u);
  EXPECT_EQ(found.count(out), 0u);
  EXPECT_EQ(found.size(), 1u);
}

TEST_F(TriggerEvaluatorTest, CadenceNeverWrittenToQualifiesAsNever) {
  int64_t id = Add("ana@a.example", {});
  std::map<int64_t, std::string> found = Qualifying(Cadence(7));
  EXPECT_EQ(found[id], "cadence:after:never");
}

TEST_F(TriggerEvaluatorTest, CadenceLastSendOlderThanCadenceQualifiesNamingThatDay) {
  int64_t id = Add("ana@a.example", {});
  int64_t sent_at = Noon() - 10 * kDay;
  Sent(id, sent_at);
  std::map<int64_t, std::string> found = Qualifying(Cadence(7));
  EXPECT_EQ(found[id], "cadence:after:" + DayOf(sent_at));
  EXPECT_EQ(found[id], "cadence:after:2026-03-05");
}

TEST_F(TriggerEvaluatorTest, CadenceLastSendExactlyCadenceDaysAgoQualifies) {
  int64_t id = Add("ana@a.example", {});
  Sent(id, Noon() - 7 * kDay);
  EXPECT_EQ(Qualifying(Cadence(7)).count(id), 1u);
}

TEST_F(TriggerEvaluatorTest, CadenceRecentSendDoesNotQualify) {
  int64_t id = Add("ana@a.example", {});
  Sent(id, Noon() - 3 * kDay);
  EXPECT_EQ(Qualifying(Cadence(7)).count(id), 0u);
}

TEST_F(TriggerEvaluatorTest, CadenceJudgesByTheLatestSendOnly) {
  int64_t id = Add("ana@a.example", {});
  Sent(id, Noon() - 40 * kDay);
  Sent(id, Noon() - 3 * kDay);
  EXPECT_EQ(Qualifying(Cadence(7)).count(id), 0u);
}

TEST_F(TriggerEvaluatorTest, CadenceOnlyPicksRecipientsOfTheCampaignsTarget) {
  int64_t customer = Add("in@a.example", {}, {"customer"});
  int64_t other = Add("out@b.example", {}, {"prospect"});
  Campaign campaign = Cadence(7);
  campaign.target.tags = {"customer"};
  std::map<int64_t, std::string> found = Qualifying(campaign);
  EXPECT_EQ(found.count(customer), 1u);
  EXPECT_EQ(found.count(other), 0u);
}

TEST_F(TriggerEvaluatorTest, CampaignWithoutTriggerIsInvalidArgumentNamingIt) {
  Add("ana@a.example", {{0, "funding", DaysAgo(2), "Raised a Series A", ""}});
  Campaign campaign;
  campaign.intent.name = "Plain outreach";
  Result<std::map<int64_t, std::string>> found =
      TriggerEvaluator(*db_).Qualifying(campaign, Noon());
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(found.error().message.find("Plain outreach"), std::string::npos)
      << found.error().message;
  EXPECT_NE(found.error().message.find("[trigger]"), std::string::npos) << found.error().message;
}

}  // namespace
}  // namespace draftbox
