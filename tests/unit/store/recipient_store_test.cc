// RecipientStore against real SQLite files in a private temp dir.
#include "store/recipient_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/database.h"
#include "store_test_util.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

using testing::ElementsAre;

Recipient Person(std::string email, std::string first_name = "", std::string role = "") {
  Recipient r;
  r.email = std::move(email);
  r.first_name = std::move(first_name);
  r.role = std::move(role);
  return r;
}

Activity Fact(std::string type, std::string date, std::string summary) {
  return Activity{0, std::move(type), std::move(date), std::move(summary), "crm"};
}

class RecipientStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Database>> db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db.has_value()) << db.error().message;
    db_ = std::move(*db);
    store_ = std::make_unique<RecipientStore>(*db_, [this] { return now_; });
  }

  test::TempDir dir_{"recipient-store"};
  std::unique_ptr<Database> db_;
  std::unique_ptr<RecipientStore> store_;
  int64_t now_ = 1700000000;
};

TEST_F(RecipientStoreTest, UpsertInsertsRecipientsWithAllFieldsAndActivities) {
  Recipient r = Person("ann@example.com", "Ann", "CTO");
  r.tags = {"q4-funded", "events"};
  r.consent = {{"email", "yes"}};
  r.custom = {{"favourite color", "teal"}};
  r.renewal_date = "2027-01-31";
  r.activities = {Fact("funding", "2026-10-01", "Raised $5M"), Fact("news", "", "Undated")};
  Result<UpsertCounts> counts = store_->Upsert(std::vector{r});
  ASSERT_TRUE(counts.has_value()) << counts.error().message;
  EXPECT_EQ(counts->inserted, 1);
  EXPECT_EQ(counts->updated, 0);
  EXPECT_EQ(counts->activities_added, 2);

  Result<Recipient> got = store_->GetByEmail(" ANN@example.com");
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_GT(got->id, 0);
  EXPECT_EQ(got->first_name, "Ann");
  EXPECT_THAT(got->tags, ElementsAre("q4-funded", "events"));
  EXPECT_EQ(got->consent, r.consent);
  EXPECT_EQ(got->custom, r.custom);
  EXPECT_EQ(got->renewal_date, "2027-01-31");
  ASSERT_EQ(got->activities.size(), 2u);
  EXPECT_EQ(got->activities[0].summary, "Raised $5M");  // dated first, newest first
  EXPECT_EQ(got->activities[1].summary, "Undated");
  EXPECT_EQ(store_->Get(got->id)->email, "ann@example.com");
}

TEST_F(RecipientStoreTest, ReimportUpdatesNonEmptyFieldsAndKeepsActivityHistory) {
  Recipient first = Person("ann@example.com", "Ann", "CTO");
  first.consent = {{"email", "no"}, {"phone", "yes"}};
  first.activities = {Fact("funding", "2026-10-01", "Raised $5M")};
  ASSERT_TRUE(store_->Upsert(std::vector{first}).has_value());

  now_ += 60;
  Recipient again = Person("ann@example.com", "", "CEO");  // first name not in this file
  again.consent = {{"email", "yes"}};
  again.activities = {Fact("funding", "2026-10-01", "Raised $5M"),  // known: not doubled
                      Fact("hiring", "2026-11-01", "Hiring 10 engineers")};
  Result<UpsertCounts> counts = store_->Upsert(std::vector{again});
  ASSERT_TRUE(counts.has_value()) << counts.error().message;
  EXPECT_EQ(counts->inserted, 0);
  EXPECT_EQ(counts->updated, 1);
  EXPECT_EQ(counts->activities_added, 1);

  Result<Recipient> got = store_->GetByEmail("ann@example.com");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->first_name, "Ann");
  EXPECT_EQ(got->role, "CEO");
  EXPECT_EQ(got->consent, (std::map<std::string, std::string>{{"email", "yes"}, {"phone", "yes"}}));
  ASSERT_EQ(got->activities.size(), 2u);
  EXPECT_EQ(got->activities[0].type, "hiring");
  EXPECT_EQ(got->activities[1].type, "funding");
  EXPECT_EQ(test::QueryInt(*db_, "SELECT updated_at - created_at FROM recipients").value(), 60);
}

TEST_F(RecipientStoreTest, GetOfAnUnknownRecipientIsNotFound) {
  EXPECT_EQ(store_->Get(42).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetByEmail("nobody@example.com").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetByEmail("not an address").error().code, ErrorCode::kNotFound);
}

TEST_F(RecipientStoreTest, ListPagesByIdAndFilters) {
  std::vector<Recipient> people;
  for (int i = 0; i < 5; ++i) {
    Recipient r = Person("p" + std::to_string(i) + "@example.com");
    r.account_state = i % 2 == 0 ? "prospect" : "customer";
    if (i == 3) r.tags = {"vip"};
    people.push_back(r);
  }
  ASSERT_TRUE(store_->Upsert(people).has_value());
  Result<std::vector<Recipient>> page = store_->List(1, 2);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].email, "p1@example.com");
  EXPECT_EQ((*page)[1].email, "p2@example.com");
  EXPECT_EQ(store_->Count().value(), 5);
  EXPECT_EQ(store_->Count(RecipientFilter{.account_state = "prospect", .tag = ""}).value(), 3);
  Result<std::vector<Recipient>> vip =
      store_->List(0, 10, RecipientFilter{.account_state = "", .tag = "vip"});
  ASSERT_TRUE(vip.has_value());
  ASSERT_EQ(vip->size(), 1u);
  EXPECT_EQ((*vip)[0].email, "p3@example.com");
}

TEST_F(RecipientStoreTest, HundredThousandRowsImportInBatchesAndReimportUpdatesThemAll) {
  constexpr int kRows = 100000;
  std::vector<Recipient> people;
  people.reserve(kRows);
  for (int i = 0; i < kRows; ++i) {
    Recipient r = Person("user" + std::to_string(i) + "@example.com", "User", "Role");
    r.activities = {Fact("news", "2026-01-01", "Fact " + std::to_string(i))};
    people.push_back(std::move(r));
  }
  std::vector<int64_t> progress;
  Result<UpsertCounts> counts =
      store_->Upsert(people, [&](int64_t done) { progress.push_back(done); });
  ASSERT_TRUE(counts.has_value()) << counts.error().message;
  EXPECT_EQ(counts->inserted, kRows);
  EXPECT_EQ(counts->activities_added, kRows);
  EXPECT_EQ(progress.size(), kRows / RecipientStore::kBatchRows);
  EXPECT_EQ(progress.back(), kRows);
  EXPECT_EQ(store_->Count().value(), kRows);

  for (Recipient& r : people) r.role = "New role";
  counts = store_->Upsert(people);
  ASSERT_TRUE(counts.has_value()) << counts.error().message;
  EXPECT_EQ(counts->updated, kRows);
  EXPECT_EQ(counts->activities_added, 0);
  EXPECT_EQ(test::QueryInt(*db_, "SELECT count(*) FROM recipients WHERE role = 'New role'").value(),
            kRows);
  EXPECT_EQ(test::QueryInt(*db_, "SELECT count(*) FROM activities").value(), kRows);
  EXPECT_EQ(store_->GetByEmail("user99999@example.com")->activities[0].summary, "Fact 99999");
}

TEST_F(RecipientStoreTest, AFailingRowRollsBackOnlyItsBatch) {
  std::vector<Recipient> people = {Person("ok@example.com"), Person("bad@example.com")};
  people[1].renewal_date = "not a date";  // refused by the table's CHECK
  Result<UpsertCounts> counts = store_->Upsert(people);
  ASSERT_FALSE(counts.has_value());
  EXPECT_EQ(counts.error().code, ErrorCode::kStore);
  EXPECT_THAT(counts.error().message, testing::HasSubstr("bad@example.com"));
  EXPECT_EQ(store_->Count().value(), 0);
}

}  // namespace
}  // namespace draftbox
