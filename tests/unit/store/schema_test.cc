// The rules the schema itself enforces, so that no store class (present or future) can break
// them: one open draft per recipient, known draft states, deduplicated activities, normalised
// suppressions and recipients, JSON columns of the right shape.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "store/database.h"
#include "support/temp_dir.h"
#include "unit/store/store_test_util.h"

namespace draftbox {
namespace {

using test::Exec;
using test::ExecCode;
using test::InsertDraftSql;
using test::QueryInt;

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(Exec(*db_, test::InsertRecipientSql("ana@example.com")));  // id 1
    ASSERT_TRUE(Exec(*db_, test::InsertRecipientSql("ben@example.com")));  // id 2
    ASSERT_TRUE(Exec(*db_, test::InsertCampaignSql("first")));             // id 1
    ASSERT_TRUE(Exec(*db_, test::InsertCampaignSql("second")));            // id 2
  }

  Status SetState(int64_t draft_id, const std::string& state) {
    return Exec(*db_,
                "UPDATE drafts SET state = '" + state + "' WHERE id = " + std::to_string(draft_id));
  }

  test::TempDir dir_{"draftbox-schema"};
  std::unique_ptr<Database> db_;
};

TEST_F(SchemaTest, RefusesSecondOpenDraftForRecipientAcrossCampaigns) {
  ASSERT_EQ(ExecCode(*db_, InsertDraftSql(1, 1, "generated")), 0);
  EXPECT_EQ(ExecCode(*db_, InsertDraftSql(1, 1, "generated")), SQLITE_CONSTRAINT_UNIQUE);
  EXPECT_EQ(ExecCode(*db_, InsertDraftSql(2, 1, "placed")), SQLITE_CONSTRAINT_UNIQUE);
  // Another recipient is not affected.
  EXPECT_EQ(ExecCode(*db_, InsertDraftSql(1, 2, "generated")), 0);
  ASSERT_TRUE(SetState(1, "placed"));
  EXPECT_EQ(ExecCode(*db_, InsertDraftSql(2, 1, "generated")), SQLITE_CONSTRAINT_UNIQUE);
}

TEST_F(SchemaTest, AllowsNewDraftOnceTheOpenOneIsClosed) {
  ASSERT_EQ(ExecCode(*db_, InsertDraftSql(1, 1, "placed")), 0);  // id 1
  ASSERT_TRUE(SetState(1, "sent"));
  ASSERT_EQ(ExecCode(*db_, InsertDraftSql(2, 1, "placed")), 0);  // id 2
  ASSERT_TRUE(SetState(2, "rejected"));
  ASSERT_EQ(ExecCode(*db_, InsertDraftSql(2, 1, "generated")), 0);  // id 3
  // Reopening a closed draft while another is open is refused too.
  EXPECT_EQ(ExecCode(*db_, "UPDATE drafts SET state = 'placed' WHERE id = 2"),
            SQLITE_CONSTRAINT_UNIQUE);
  EXPECT_EQ(QueryInt(*db_, "SELECT count(*) FROM drafts WHERE recipient_id = 1").value(), 3);
}

TEST_F(SchemaTest, ClosedDraftsDoNotCountAsOpen) {
  for (const char* state : {"sent", "replied", "bounced", "unsubscribed", "no_reply", "regenerated",
                            "rejected", "vanished", "skipped", "needs_attention"}) {
    EXPECT_EQ(ExecCode(*db_, InsertDraftSql(1, 1, state)), 0) << state;
  }
  EXPECT_EQ(ExecCode(*db_, InsertDraftSql(1, 1, "generated")), 0);
}

TEST_F(SchemaTest, RefusesUnknownDraftState) {
  EXPECT_EQ(ExecCode(*db_, InsertDraftSql(1, 1, "opened")), SQLITE_CONSTRAINT_CHECK);
  EXPECT_EQ(ExecCode(*db_, InsertDraftSql(1, 1, "Sent")), SQLITE_CONSTRAINT_CHECK);
}

TEST_F(SchemaTest, RefusesDraftForUnknownRecipientOrCampaign) {
  EXPECT_EQ(ExecCode(*db_, InsertDraftSql(1, 99, "generated")), SQLITE_CONSTRAINT_FOREIGNKEY);
  EXPECT_EQ(ExecCode(*db_, InsertDraftSql(99, 1, "generated")), SQLITE_CONSTRAINT_FOREIGNKEY);
}

TEST_F(SchemaTest, DraftMessageIdsAreUnique) {
  ASSERT_TRUE(Exec(*db_, InsertDraftSql(1, 1, "sent")));
  ASSERT_TRUE(Exec(*db_, InsertDraftSql(1, 1, "sent")));
  ASSERT_TRUE(Exec(*db_, "UPDATE drafts SET message_id = '<a@draftbox>' WHERE id = 1"));
  EXPECT_EQ(ExecCode(*db_, "UPDATE drafts SET message_id = '<a@draftbox>' WHERE id = 2"),
            SQLITE_CONSTRAINT_UNIQUE);
}

TEST_F(SchemaTest, ReimportedActivitiesAreNotDoubled) {
  const std::string insert =
      "INSERT OR IGNORE INTO activities (recipient_id, type, date, summary, source, imported_at)"
      " VALUES (1, 'funding', '2026-10-01', 'Raised a Series B', 'news', ";
  ASSERT_TRUE(Exec(*db_, insert + "1700000000)"));
  ASSERT_TRUE(Exec(*db_, insert + "1700009999)"));
  EXPECT_EQ(QueryInt(*db_, "SELECT count(*) FROM activities").value(), 1);
  // A new fact about the same recipient is kept beside the old one.
  ASSERT_TRUE(Exec(*db_,
                   "INSERT OR IGNORE INTO activities (recipient_id, type, date, summary,"
                   " imported_at) VALUES (1, 'funding', '2026-11-20', 'Raised a Series C', 1)"));
  EXPECT_EQ(QueryInt(*db_, "SELECT count(*) FROM activities").value(), 2);
}

TEST_F(SchemaTest, ActivitiesNeedATypeAndAnIsoDate) {
  EXPECT_EQ(ExecCode(*db_,
                     "INSERT INTO activities (recipient_id, type, imported_at)"
                     " VALUES (1, '', 1)"),
            SQLITE_CONSTRAINT_CHECK);
  EXPECT_EQ(ExecCode(*db_,
                     "INSERT INTO activities (recipient_id, type, date, imported_at)"
                     " VALUES (1, 'news', '01/10/2026', 1)"),
            SQLITE_CONSTRAINT_CHECK);
  EXPECT_EQ(ExecCode(*db_,
                     "INSERT INTO activities (recipient_id, type, imported_at)"
                     " VALUES (1, 'news', 1)"),
            0);
}

TEST_F(SchemaTest, DeletingRecipientDeletesTheirActivities) {
  ASSERT_TRUE(Exec(*db_,
                   "INSERT INTO activities (recipient_id, type, imported_at)"
                   " VALUES (2, 'news', 1)"));
  ASSERT_TRUE(Exec(*db_, "DELETE FROM recipients WHERE id = 2"));
  EXPECT_EQ(QueryInt(*db_, "SELECT count(*) FROM activities").value(), 0);
}

TEST_F(SchemaTest, RecipientEmailIsUniqueAndNormalised) {
  EXPECT_EQ(ExecCode(*db_, test::InsertRecipientSql("ana@example.com")), SQLITE_CONSTRAINT_UNIQUE);
  EXPECT_EQ(ExecCode(*db_, test::InsertRecipientSql("Cleo@Example.com")), SQLITE_CONSTRAINT_CHECK);
  EXPECT_EQ(ExecCode(*db_, test::InsertRecipientSql(" cleo@example.com")), SQLITE_CONSTRAINT_CHECK);
  EXPECT_EQ(ExecCode(*db_, test::InsertRecipientSql("not-an-address")), SQLITE_CONSTRAINT_CHECK);
}

TEST_F(SchemaTest, RecipientJsonColumnsHoldTheRightShape) {
  const std::string base =
      "INSERT INTO recipients (email, created_at, updated_at, tags, consent, custom) VALUES "
      "('cleo@example.com', 1, 1, ";
  EXPECT_EQ(ExecCode(*db_, base + "'{}', '{}', '{}')"), SQLITE_CONSTRAINT_CHECK);  // tags
  EXPECT_EQ(ExecCode(*db_, base + "'[]', '[]', '{}')"), SQLITE_CONSTRAINT_CHECK);  // consent
  EXPECT_NE(ExecCode(*db_, base + "'[]', '{}', 'nope')"), 0);                      // custom
  ASSERT_EQ(ExecCode(*db_, base + "'[\"q4-funded\"]', '{\"email\": true}', '{\"crm_id\": \"7\"}')"),
            0);
  EXPECT_EQ(QueryInt(*db_,
                     "SELECT count(*) FROM recipients, json_each(recipients.tags)"
                     " WHERE json_each.value = 'q4-funded'")
                .value(),
            1);
}

TEST_F(SchemaTest, SuppressionsAreUniqueLowerCaseAndOfKnownKind) {
  const std::string base = "INSERT INTO suppressions (kind, value, created_at) VALUES (";
  ASSERT_EQ(ExecCode(*db_, base + "'address', 'ana@example.com', 1)"), 0);
  EXPECT_EQ(ExecCode(*db_, base + "'address', 'ana@example.com', 2)"), SQLITE_CONSTRAINT_UNIQUE);
  EXPECT_EQ(ExecCode(*db_, base + "'domain', 'ana@example.com', 1)"), 0);  // other kind
  EXPECT_EQ(ExecCode(*db_, base + "'address', 'Ben@example.com', 1)"), SQLITE_CONSTRAINT_CHECK);
  EXPECT_EQ(ExecCode(*db_, base + "'country', 'de', 1)"), SQLITE_CONSTRAINT_CHECK);
  EXPECT_EQ(ExecCode(*db_, base + "'recipient', '', 1)"), SQLITE_CONSTRAINT_CHECK);
}

TEST_F(SchemaTest, CampaignKindAndRunsAreChecked) {
  EXPECT_EQ(ExecCode(*db_,
                     "INSERT INTO campaigns (name, kind, spec, created_at)"
                     " VALUES ('x', 'blast', '{}', 1)"),
            SQLITE_CONSTRAINT_CHECK);
  EXPECT_EQ(ExecCode(*db_,
                     "INSERT INTO campaign_runs (campaign_id, started_at, dry_run)"
                     " VALUES (1, 1, 2)"),
            SQLITE_CONSTRAINT_CHECK);
  EXPECT_EQ(ExecCode(*db_,
                     "INSERT INTO campaign_runs (campaign_id, started_at, dry_run, counts)"
                     " VALUES (1, 1, 1, '{\"placed\": 3}')"),
            0);
  EXPECT_EQ(ExecCode(*db_,
                     "INSERT INTO campaign_runs (campaign_id, started_at)"
                     " VALUES (99, 1)"),
            SQLITE_CONSTRAINT_FOREIGNKEY);
}

TEST_F(SchemaTest, MailboxStateHasOneRowPerFolder) {
  const std::string insert =
      "INSERT INTO mailbox_state (folder, uid_validity, last_uid, updated_at)"
      " VALUES ('Sent', 7, 10, 1)";
  ASSERT_EQ(ExecCode(*db_, insert), 0);
  EXPECT_EQ(ExecCode(*db_, insert), SQLITE_CONSTRAINT_PRIMARYKEY);
}

}  // namespace
}  // namespace draftbox
