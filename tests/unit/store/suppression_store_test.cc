#include "store/suppression_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/event_log.h"
#include "support/temp_dir.h"
#include "support/test_data.h"
#include "unit/store/store_test_util.h"

namespace draftbox {
namespace {

using test::QueryInt;
using ::testing::HasSubstr;

constexpr int64_t kOct1 = 1790812800;  // 2026-10-01T00:00:00Z

SuppressionTarget Target(std::string_view raw) {
  Result<SuppressionTarget> target = ParseSuppressionTarget(raw);
  EXPECT_TRUE(target) << raw;
  return target.value_or(SuppressionTarget{});
}

Recipient Person(std::string email, int64_t id = 0, std::string country = "") {
  Recipient r;
  r.id = id;
  r.email = std::move(email);
  r.country = std::move(country);
  return r;
}

class SuppressionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    store_ = std::make_unique<SuppressionStore>(*db_);
  }

  std::vector<Event> Events(const std::string& type) {
    return EventLog(*db_).ReadSince(0, 1000, type).value_or(std::vector<Event>{});
  }

  int64_t Rows() { return QueryInt(*db_, "SELECT count(*) FROM suppressions").value_or(-1); }

  test::TempDir dir_{"draftbox-suppression-store"};
  std::unique_ptr<Database> db_;
  std::unique_ptr<SuppressionStore> store_;
};

TEST_F(SuppressionStoreTest, AddStoresEntryAndAppendsAdditionEvent) {
  auto added = store_->Add(Target("Ana@Acme.com"), "unsubscribed", "crm", kOct1);
  ASSERT_TRUE(added) << added.error().ToString();
  EXPECT_TRUE(added->added);
  EXPECT_GT(added->entry.id, 0);
  EXPECT_EQ(added->entry.value, "ana@acme.com");
  EXPECT_EQ(added->entry.created_at, kOct1);

  std::vector<Event> events = Events("suppression_addition");
  ASSERT_EQ(events.size(), 1u);
  nlohmann::json payload = nlohmann::json::parse(events[0].payload_json);
  EXPECT_EQ(payload["address"], "ana@acme.com");
  EXPECT_EQ(payload["reason"], "unsubscribed");
  EXPECT_EQ(payload["source"], "crm");
}

TEST_F(SuppressionStoreTest, DuplicateAddKeepsFirstReasonAndAppendsNoEvent) {
  ASSERT_TRUE(store_->Add(Target("ana@acme.com"), "unsubscribed", "crm", kOct1));
  auto again = store_->Add(Target("ANA@acme.com"), "bounce_hard", "bounce");
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_FALSE(again->added);
  EXPECT_EQ(again->entry.reason, "unsubscribed");
  EXPECT_EQ(again->entry.source, "crm");
  EXPECT_EQ(again->entry.created_at, kOct1);
  EXPECT_EQ(Rows(), 1);
  EXPECT_EQ(Events("suppression_addition").size(), 1u);
}

TEST_F(SuppressionStoreTest, AddWithoutSourceIsManualAndDatedNow) {
  auto added = store_->Add(Target("@acme.com"), "freeze");
  ASSERT_TRUE(added);
  EXPECT_EQ(added->entry.kind, SuppressionKind::kDomain);
  EXPECT_EQ(added->entry.source, "manual");
  EXPECT_GT(added->entry.created_at, kOct1 - 365 * 86400);
}

TEST_F(SuppressionStoreTest, RecipientEntryEventCarriesTheRecipientId) {
  ASSERT_TRUE(store_->Add(Target("id:12"), "rejected", "reject"));
  std::vector<Event> events = Events("suppression_addition");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].recipient_id, 12);
  EXPECT_THAT(events[0].payload_json, HasSubstr("\"kind\":\"recipient\""));
}

TEST_F(SuppressionStoreTest, ListFiltersByKind) {
  ASSERT_TRUE(store_->Add(Target("a@acme.com"), "x", "", 1));
  ASSERT_TRUE(store_->Add(Target("@acme.com"), "y", "", 2));
  ASSERT_TRUE(store_->Add(Target("id:4"), "z", "", 3));
  auto all = store_->List();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].value, "a@acme.com");
  auto domains = store_->List(SuppressionKind::kDomain);
  ASSERT_TRUE(domains);
  ASSERT_EQ(domains->size(), 1u);
  EXPECT_EQ((*domains)[0].value, "acme.com");
}

TEST_F(SuppressionStoreTest, RemoveDeletesEntryAndAppendsRemovalEvent) {
  ASSERT_TRUE(store_->Add(Target("ana@acme.com"), "unsubscribed"));
  auto removed = store_->Remove(Target("Ana@ACME.com"));
  ASSERT_TRUE(removed) << removed.error().ToString();
  EXPECT_EQ(removed->reason, "unsubscribed");
  EXPECT_EQ(Rows(), 0);
  std::vector<Event> events = Events("suppression_removal");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].payload_json, HasSubstr("\"address\":\"ana@acme.com\""));
}

TEST_F(SuppressionStoreTest, RemoveOfUnknownTargetIsNotFound) {
  auto removed = store_->Remove(Target("@acme.com"));
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(removed.error().message, HasSubstr("@acme.com"));
}

TEST_F(SuppressionStoreTest, RemoveRefusesGdprObjectionWithoutForce) {
  ASSERT_TRUE(store_->Add(Target("ana@acme.com"), "gdpr_objection"));
  auto refused = store_->Remove(Target("ana@acme.com"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_THAT(refused.error().message, HasSubstr("never expires"));
  EXPECT_EQ(Rows(), 1);
  EXPECT_TRUE(Events("suppression_removal").empty());

  ASSERT_TRUE(store_->Remove(Target("ana@acme.com"), /*force=*/true));
  EXPECT_EQ(Rows(), 0);
}

TEST_F(SuppressionStoreTest, ImportsTheSampleFileCompletely) {
  const std::string csv = test::ReadTestData("recipients/suppressions.csv");
  ASSERT_FALSE(csv.empty());
  // Checked by hand: the sample (CRLF line ends) has six rows and none is bad: five distinct
  // addresses (one upper-case, which normalises to lower-case and differs from the other
  // sonnenfeld-logistik.de address) and one @domain; every date is a real YYYY-MM-DD.
  auto imported = store_->Import(csv);
  ASSERT_TRUE(imported) << imported.error().ToString();
  EXPECT_EQ(imported->added, 6);
  EXPECT_EQ(imported->already_present, 0);
  EXPECT_TRUE(imported->issues.empty());
  EXPECT_EQ(Rows(), 6);
  EXPECT_EQ(Events("suppression_addition").size(), 6u);

  auto upper = store_->Find(Target("isharma97@sonnenfeld-logistik.de"));
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->reason, "do not contact");
  EXPECT_EQ(upper->source, "revops");
  EXPECT_EQ(FormatSuppressionDate(upper->created_at), "2026-09-15");
  auto domain = store_->Find(Target("@hikarihealth.jp"));
  ASSERT_TRUE(domain);
  EXPECT_EQ(domain->reason, "customer freeze");

  // Importing again changes nothing and appends nothing.
  auto again = store_->Import(csv);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->already_present, 6);
  EXPECT_EQ(Events("suppression_addition").size(), 6u);
}

TEST_F(SuppressionStoreTest, ImportReportsBadRowsByLineAndImportsTheRest) {
  auto imported = store_->Import(
      "address,reason,date,source\n"
      "good@acme.com,unsubscribed,2026-10-01,crm\n"   // line 2: fine
      "not-an-address,unsubscribed,2026-10-01,crm\n"  // line 3: no '@'
      "@,freeze,2026-10-01,legal\n"                   // line 4: '@' without a domain
      "late@acme.com,unsubscribed,2026-02-30,crm\n"   // line 5: no such date, still imported
      "GOOD@acme.com,again,2026-10-02,crm\n");        // line 6: duplicate of line 2
  ASSERT_TRUE(imported) << imported.error().ToString();
  EXPECT_EQ(imported->added, 2);
  EXPECT_EQ(imported->already_present, 1);
  ASSERT_EQ(imported->issues.size(), 3u);
  EXPECT_EQ(imported->issues[0].line, 3);
  EXPECT_EQ(imported->issues[0].field, "address");
  EXPECT_FALSE(imported->issues[0].imported);
  EXPECT_EQ(imported->issues[1].line, 4);
  EXPECT_EQ(imported->issues[1].field, "address");
  EXPECT_EQ(imported->issues[2].line, 5);
  EXPECT_EQ(imported->issues[2].field, "date");
  EXPECT_TRUE(imported->issues[2].imported);
  auto late = store_->Find(Target("late@acme.com"));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->source, "crm");
  auto good = store_->Find(Target("good@acme.com"));
  ASSERT_TRUE(good);
  EXPECT_EQ(good->reason, "unsubscribed");
}

TEST_F(SuppressionStoreTest, ImportWithoutSourceColumnMarksRowsAsImport) {
  auto imported = store_->Import("address\na@acme.com\n");
  ASSERT_TRUE(imported);
  EXPECT_EQ(store_->Find(Target("a@acme.com"))->source, "import");
}

TEST_F(SuppressionStoreTest, IsSuppressedAppliesEachRule) {
  ASSERT_TRUE(store_->Add(Target("ana@acme.com"), "unsubscribed", "crm", kOct1));
  ASSERT_TRUE(store_->Add(Target("@freeze.io"), "customer freeze", "legal", kOct1));
  ASSERT_TRUE(store_->Add(Target("id:12"), "rejected", "reject", kOct1));
  const ComplianceRules rules{{"DE", "CA"}};
  struct Case {
    Recipient recipient;
    bool suppressed;
    std::string reason;
  };
  Recipient consented = Person("k@firma.de", 3, "DE");
  consented.consent["email"] = "yes";
  const std::vector<Case> cases = {
      {Person("ANA@acme.com", 1), true,
       "address on suppression list (unsubscribed, 2026-10-01, crm)"},
      {Person("bob@acme.com", 2), false, ""},
      {Person("x@eu.mail.freeze.io", 4), true,
       "domain @freeze.io on suppression list (customer freeze, 2026-10-01, legal)"},
      {Person("y@acme.com", 12), true, "recipient id 12 suppressed (rejected, 2026-10-01, reject)"},
      {Person("z@firma.de", 5, "DE"), true,
       "country DE requires prior consent and none is recorded"},
      {consented, false, ""},
      {Person("z@firma.us", 6, "US"), false, ""},
  };
  for (const Case& c : cases) {
    auto verdict = store_->IsSuppressed(c.recipient, rules);
    ASSERT_TRUE(verdict) << verdict.error().ToString();
    EXPECT_EQ(verdict->suppressed, c.suppressed) << c.recipient.email;
    EXPECT_EQ(verdict->reason, c.reason) << c.recipient.email;
  }
}

TEST_F(SuppressionStoreTest, IsSuppressedSeesRemovalAtOnce) {
  ASSERT_TRUE(store_->Add(Target("ana@acme.com"), "unsubscribed"));
  ASSERT_TRUE(store_->Remove(Target("ana@acme.com")));
  auto verdict = store_->IsSuppressed(Person("ana@acme.com"), ComplianceRules{});
  ASSERT_TRUE(verdict);
  EXPECT_FALSE(verdict->suppressed);
}

}  // namespace
}  // namespace draftbox
