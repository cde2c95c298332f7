// RecipientStore::MatchingIds against real SQLite files in a private temp dir: which recipients
// a campaign's [target] chooses. Dates are in 2031 so that a query which used the real clock
// instead of the given `today` would choose differently and fail.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/campaign.h"
#include "store/database.h"
#include "store/recipient_store.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kToday[] = "2031-11-30";

Activity Fact(std::string type, std::string date) {
  return Activity{0, std::move(type), std::move(date), "summary of " + type, "crm"};
}

// A [target] built member by member (designated initializers that skip members trip
// -Wmissing-field-initializers in g++ 12).
CampaignTarget Target(std::vector<std::string> tags, std::vector<std::string> account_states = {},
                      std::vector<std::string> activity_types = {},
                      std::optional<int> activity_within_days = {}) {
  CampaignTarget target;
  target.tags = std::move(tags);
  target.account_states = std::move(account_states);
  target.activity_types = std::move(activity_types);
  target.activity_within_days = activity_within_days;
  return target;
}

class RecipientTargetingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    store_ = std::make_unique<RecipientStore>(*db_, [] { return int64_t{1900000000}; });
  }

  // Stores `people` and returns their ids in the same order.
  std::vector<int64_t> AddOrDie(const std::vector<Recipient>& people) {
    Result<UpsertCounts> counts = store_->Upsert(people);
    EXPECT_TRUE(counts) << counts.error().ToString();
    std::vector<int64_t> ids;
    for (const Recipient& r : people) {
      Result<Recipient> got = store_->GetByEmail(r.email);
      EXPECT_TRUE(got) << r.email;
      ids.push_back(got ? got->id : -1);
    }
    return ids;
  }

  std::vector<int64_t> Match(const CampaignTarget& target, std::string_view today = kToday) {
    Result<std::vector<int64_t>> ids = store_->MatchingIds(target, today);
    EXPECT_TRUE(ids) << ids.error().ToString();
    return ids.value_or(std::vector<int64_t>{-1});
  }

  static Recipient Person(std::string email, std::vector<std::string> tags = {},
                          std::string account_state = "", std::vector<Activity> activities = {}) {
    Recipient r;
    r.email = std::move(email);
    r.tags = std::move(tags);
    r.account_state = std::move(account_state);
    r.activities = std::move(activities);
    return r;
  }

  test::TempDir dir_{"draftbox-targeting"};
  std::unique_ptr<Database> db_;
  std::unique_ptr<RecipientStore> store_;
};

TEST_F(RecipientTargetingTest, EmptyTargetMatchesEveryoneInIdOrder) {
  EXPECT_THAT(Match({}), IsEmpty());
  std::vector<int64_t> ids = AddOrDie({Person("cat@example.com"), Person("ann@example.com"),
                                       Person("bob@example.com", {"vip"}, "customer")});
  EXPECT_THAT(Match({}), ElementsAre(ids[0], ids[1], ids[2]));
}

TEST_F(RecipientTargetingTest, TagsMatchAnyOfCaseInsensitively) {
  std::vector<int64_t> ids = AddOrDie({
      Person("ann@example.com", {"Q4-Funded"}),
      Person("bob@example.com", {"events"}),
      Person("cat@example.com"),
      Person("dan@example.com", {"vip", "q4-funded"}),
  });
  EXPECT_THAT(Match(Target({"q4-FUNDED", "no-such-tag"})), ElementsAre(ids[0], ids[3]));
  EXPECT_THAT(Match(Target({"EVENTS", "Vip"})), ElementsAre(ids[1], ids[3]));
  EXPECT_THAT(Match(Target({"no-such-tag"})), IsEmpty());
  // A tag is matched whole, not as a substring.
  EXPECT_THAT(Match(Target({"q4"})), IsEmpty());
}

TEST_F(RecipientTargetingTest, AccountStateMatchesAnyOf) {
  std::vector<int64_t> ids = AddOrDie({
      Person("ann@example.com", {}, "prospect"),
      Person("bob@example.com", {}, "customer"),
      Person("cat@example.com", {}, "churned"),
      Person("dan@example.com"),
  });
  EXPECT_THAT(Match(Target({}, {"prospect", "churned"})), ElementsAre(ids[0], ids[2]));
  EXPECT_THAT(Match(Target({}, {"customer"})), ElementsAre(ids[1]));
  EXPECT_THAT(Match(Target({}, {"partner"})), IsEmpty());
}

TEST_F(RecipientTargetingTest, ActivityTypesMatchAnyOfWithOrWithoutADate) {
  std::vector<int64_t> ids = AddOrDie({
      Person("ann@example.com", {}, "", {Fact("funding", "2020-01-01")}),
      Person("bob@example.com", {}, "", {Fact("hiring", "")}),
      Person("cat@example.com", {}, "", {Fact("news", "2031-11-29")}),
      Person("dan@example.com"),
  });
  EXPECT_THAT(Match(Target({}, {}, {"funding", "hiring"})), ElementsAre(ids[0], ids[1]));
  EXPECT_THAT(Match(Target({}, {}, {"news"})), ElementsAre(ids[2]));
}

TEST_F(RecipientTargetingTest, ActivityWithinDaysIncludesExactlyNDaysAgoAndNotOneMore) {
  // 60 days before 2031-11-30 is 2031-10-01.
  std::vector<int64_t> ids = AddOrDie({
      Person("n-days@example.com", {}, "", {Fact("funding", "2031-10-01")}),
      Person("n-plus-1@example.com", {}, "", {Fact("funding", "2031-09-30")}),
      Person("undated@example.com", {}, "", {Fact("funding", "")}),
      Person("today@example.com", {}, "", {Fact("funding", "2031-11-30")}),
      Person("other-type@example.com", {}, "", {Fact("hiring", "2031-11-20")}),
      Person("tomorrow@example.com", {}, "", {Fact("funding", "2031-12-01")}),
  });
  CampaignTarget target = Target({}, {}, {"funding"}, 60);
  EXPECT_THAT(Match(target), ElementsAre(ids[0], ids[3]))
      << "a funding dated tomorrow has not happened yet";
  // The window moves with the `today` the caller gives, not the clock.
  EXPECT_THAT(Match(target, "2031-12-01"), ElementsAre(ids[3], ids[5]));
}

TEST_F(RecipientTargetingTest, ActivityWindowCrossesAYearBoundary) {
  std::vector<int64_t> ids = AddOrDie({
      Person("in@example.com", {}, "", {Fact("renewal", "2031-12-31")}),
      Person("out@example.com", {}, "", {Fact("renewal", "2031-12-30")}),
  });
  EXPECT_THAT(Match(Target({}, {}, {"renewal"}, 10), "2032-01-10"), ElementsAre(ids[0]));
}

TEST_F(RecipientTargetingTest, OneActivityMustHaveBothTheTypeAndTheDate) {
  // An old funding plus a recent hiring is not "funding within 60 days".
  std::vector<int64_t> ids = AddOrDie({
      Person("mixed@example.com", {}, "",
             {Fact("funding", "2031-01-01"), Fact("hiring", "2031-11-20")}),
      Person("both@example.com", {}, "",
             {Fact("funding", "2031-01-01"), Fact("funding", "2031-11-20")}),
  });
  EXPECT_THAT(Match(Target({}, {}, {"funding"}, 60)), ElementsAre(ids[1]));
}

TEST_F(RecipientTargetingTest, AllFiltersMustMatchTogether) {
  std::vector<int64_t> ids = AddOrDie({
      Person("all@example.com", {"Q4-funded"}, "prospect", {Fact("funding", "2031-11-01")}),
      Person("no-tag@example.com", {"events"}, "prospect", {Fact("funding", "2031-11-01")}),
      Person("customer@example.com", {"q4-funded"}, "customer", {Fact("funding", "2031-11-01")}),
      Person("old@example.com", {"q4-funded"}, "prospect", {Fact("funding", "2030-11-01")}),
      Person("no-facts@example.com", {"q4-funded"}, "prospect"),
      Person("also@example.com", {"vip", "q4-funded"}, "churned", {Fact("hiring", "2031-11-25")}),
  });
  CampaignTarget target = Target({"q4-funded"}, {"prospect", "churned"}, {"funding", "hiring"}, 60);
  EXPECT_THAT(Match(target), ElementsAre(ids[0], ids[5]));
}

}  // namespace
}  // namespace draftbox
