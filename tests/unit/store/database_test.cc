#include "store/database.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "support/temp_dir.h"
#include "unit/store/store_test_util.h"

namespace draftbox {
namespace {

using test::Exec;
using test::QueryInt;
using test::QueryText;
using ::testing::HasSubstr;

class DatabaseTest : public ::testing::Test {
 protected:
  std::filesystem::path DbFile() const { return dir_.path() / "draftbox.db"; }

  std::unique_ptr<Database> OpenOrDie() {
    auto db = Database::Open(DbFile());
    EXPECT_TRUE(db) << db.error().ToString();
    return db ? std::move(*db) : nullptr;
  }

  // Reads user_version with a plain connection, so the check does not go through Database.
  int RawUserVersion() const {
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open_v2(DbFile().c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &stmt, nullptr);
    int version = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    sqlite3_close_v2(raw);
    return version;
  }

  bool TableExists(Database& db, const std::string& name) {
    auto n = QueryInt(
        db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '" + name + "'");
    return n && *n == 1;
  }

  test::TempDir dir_{"draftbox-database"};
};

int FileMode(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return -1;
  }
  return static_cast<int>(st.st_mode & 0777);
}

TEST(DatabaseSchemaTest, SchemaVersionIsTheLastMigration) {
  auto migrations = SchemaMigrations();
  ASSERT_GE(migrations.size(), 2u);
  EXPECT_EQ(migrations.back().version, Database::kSchemaVersion);
  for (size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(migrations[i].description.empty());
  }
}

TEST_F(DatabaseTest, CreatesFreshFileAtCurrentVersionInWalMode) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  EXPECT_EQ(db->SchemaVersion().value(), Database::kSchemaVersion);
  EXPECT_EQ(QueryText(*db, "PRAGMA journal_mode").value(), "wal");
  EXPECT_EQ(QueryInt(*db, "PRAGMA foreign_keys").value(), 1);
  EXPECT_EQ(QueryInt(*db, "PRAGMA synchronous").value(), 1);  // NORMAL
  EXPECT_GT(QueryInt(*db, "PRAGMA busy_timeout").value(), 0);
  EXPECT_EQ(db->file(), DbFile());
  db.reset();
  // WAL is recorded in the file itself: header bytes 18 and 19 are 2 for WAL.
  std::ifstream in(DbFile(), std::ios::binary);
  std::vector<char> header(100);
  ASSERT_TRUE(in.read(header.data(), 100));
  EXPECT_EQ(header[18], 2);
  EXPECT_EQ(header[19], 2);
  EXPECT_EQ(RawUserVersion(), Database::kSchemaVersion);
}

TEST_F(DatabaseTest, CreatesFileOnlyOwnerCanRead) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  ASSERT_TRUE(Exec(*db, test::InsertRecipientSql("a@example.com")));
  EXPECT_EQ(FileMode(DbFile()), 0600);
  // SQLite gives its side files the database file's mode.
  EXPECT_EQ(FileMode(DbFile().string() + "-wal"), 0600);
  EXPECT_EQ(FileMode(DbFile().string() + "-shm"), 0600);
}

TEST_F(DatabaseTest, RefusesALinkedFileAndCreatesNothingAtItsTarget) {
  test::TempDir outside("draftbox-outside");
  std::filesystem::path target = outside.path() / "stolen.db";
  std::filesystem::create_symlink(target, DbFile());
  auto db = Database::Open(DbFile());
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kStore);
  EXPECT_THAT(db.error().message,
              HasSubstr(DbFile().string() + " is a symbolic link; Draftbox does not follow links "
                                            "in its data dir"));
  EXPECT_FALSE(std::filesystem::exists(target));
  EXPECT_FALSE(std::filesystem::exists(target.string() + "-wal"));
}

TEST_F(DatabaseTest, RefusesALinkedJournalFileBeforeMakingTheDatabase) {
  test::TempDir outside("draftbox-outside");
  for (const char* suffix : {"-wal", "-shm"}) {
    std::filesystem::path journal = DbFile().string() + suffix;
    std::filesystem::create_symlink(outside.path() / "journal", journal);
    auto db = Database::Open(DbFile());
    ASSERT_FALSE(db) << suffix;
    EXPECT_THAT(db.error().message, HasSubstr(journal.string() + " is a symbolic link")) << suffix;
    EXPECT_FALSE(std::filesystem::exists(DbFile())) << suffix;
    std::filesystem::remove(journal);
  }
}

TEST_F(DatabaseTest, OpensThroughALinkedDirectory) {
  // SQLITE_OPEN_NOFOLLOW refuses a link anywhere in the path; a data dir the user keeps
  // elsewhere behind a link must still open.
  test::TempDir real("draftbox-real");
  std::filesystem::path linked = dir_.path() / "linked";
  std::filesystem::create_directory_symlink(real.path(), linked);
  auto db = Database::Open(linked / "draftbox.db");
  ASSERT_TRUE(db) << db.error().ToString();
  EXPECT_TRUE(std::filesystem::exists(real.path() / "draftbox.db"));
}

TEST_F(DatabaseTest, AnExistingFileOthersCanReadIsMadeOwnerOnly) {
  { auto db = OpenOrDie(); }
  ASSERT_EQ(::chmod(DbFile().c_str(), 0644), 0);
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  EXPECT_EQ(FileMode(DbFile()), 0600);
}

TEST_F(DatabaseTest, RefusesMissingParentDirectory) {
  auto db = Database::Open(dir_.path() / "no-such-dir" / "draftbox.db");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kStore);
  EXPECT_THAT(db.error().message, HasSubstr("no-such-dir"));
  EXPECT_THAT(db.error().message, HasSubstr("does not exist"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "no-such-dir"));
}

TEST_F(DatabaseTest, ForeignKeysAreEnforced) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  EXPECT_EQ(test::ExecCode(*db,
                           "INSERT INTO activities (recipient_id, type, imported_at)"
                           " VALUES (999, 'funding', 1)"),
            SQLITE_CONSTRAINT_FOREIGNKEY);
}

TEST_F(DatabaseTest, MigratesOldDatabaseKeepingItsRows) {
  {
    auto old = Database::OpenAtVersion(DbFile(), 1);
    ASSERT_TRUE(old) << old.error().ToString();
    EXPECT_EQ((*old)->SchemaVersion().value(), 1);
    EXPECT_FALSE(TableExists(**old, "drafts"));
    EXPECT_FALSE(TableExists(**old, "events"));
    ASSERT_TRUE(Exec(**old, test::InsertRecipientSql("ana@example.com")));
    ASSERT_TRUE(Exec(**old,
                     "INSERT INTO activities (recipient_id, type, date, summary, imported_at)"
                     " VALUES (1, 'funding', '2026-10-01', 'Raised a Series B', 1700000000);"
                     "INSERT INTO suppressions (kind, value, reason, created_at)"
                     " VALUES ('domain', 'example.org', 'asked', 1700000000);"));
  }
  EXPECT_EQ(RawUserVersion(), 1);

  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  EXPECT_EQ(db->SchemaVersion().value(), Database::kSchemaVersion);
  EXPECT_EQ(QueryText(*db, "SELECT email FROM recipients WHERE id = 1").value(), "ana@example.com");
  EXPECT_EQ(QueryText(*db, "SELECT summary FROM activities").value(), "Raised a Series B");
  EXPECT_EQ(QueryText(*db, "SELECT value FROM suppressions").value(), "example.org");
  // The tables added by later migrations work with the old rows.
  ASSERT_TRUE(Exec(*db, test::InsertCampaignSql("Q4")));
  EXPECT_TRUE(Exec(*db, test::InsertDraftSql(1, 1, "generated")));
  EXPECT_TRUE(Exec(*db, "INSERT INTO events (time, type) VALUES (1, 'engagement_signal')"));
}

TEST_F(DatabaseTest, MigratesOneVersionAtATime) {
  ASSERT_TRUE(Database::OpenAtVersion(DbFile(), 1));
  {
    auto middle = Database::OpenAtVersion(DbFile(), 2);
    ASSERT_TRUE(middle) << middle.error().ToString();
    EXPECT_EQ((*middle)->SchemaVersion().value(), 2);
    EXPECT_TRUE(TableExists(**middle, "drafts"));
    EXPECT_FALSE(TableExists(**middle, "events"));
  }
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  EXPECT_TRUE(TableExists(*db, "events"));
  EXPECT_TRUE(TableExists(*db, "mailbox_state"));
}

TEST_F(DatabaseTest, MigrationSixAddsOptOutReviewsAndKeepsTheRowsOfFive) {
  {
    auto old = Database::OpenAtVersion(DbFile(), 5);
    ASSERT_TRUE(old) << old.error().ToString();
    EXPECT_FALSE(TableExists(**old, "opt_out_reviews"));
    ASSERT_TRUE(Exec(**old, test::InsertRecipientSql("ana@example.com")));
    ASSERT_TRUE(Exec(**old,
                     "INSERT INTO processed_messages (message_key, folder, kind, processed_at)"
                     " VALUES ('inbox:<r@x>', 'INBOX', 'reply', 1700000000)"));
  }
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  EXPECT_EQ(QueryText(*db, "SELECT email FROM recipients WHERE id = 1").value(), "ana@example.com");
  EXPECT_EQ(QueryText(*db, "SELECT folder FROM processed_messages").value(), "INBOX");
  EXPECT_TRUE(Exec(*db,
                   "INSERT INTO opt_out_reviews (email, recipient_id, message_key, created_at)"
                   " VALUES ('ana@example.com', 1, 'inbox:<r@x>', 1700000000)"));
  // The schema keeps what the store relies on: lower-case addresses, one review per reply.
  EXPECT_EQ(test::ExecCode(*db,
                           "INSERT INTO opt_out_reviews (email, message_key, created_at)"
                           " VALUES ('Ana@example.com', 'k2', 1)"),
            SQLITE_CONSTRAINT_CHECK);
  EXPECT_EQ(test::ExecCode(*db,
                           "INSERT INTO opt_out_reviews (email, message_key, created_at)"
                           " VALUES ('bo@example.com', 'inbox:<r@x>', 1)"),
            SQLITE_CONSTRAINT_UNIQUE);
}

TEST_F(DatabaseTest, ReopeningIsIdempotent) {
  {
    auto db = OpenOrDie();
    ASSERT_TRUE(db);
    ASSERT_TRUE(Exec(*db, test::InsertRecipientSql("a@example.com")));
  }
  auto schema = [&](Database& db) {
    return QueryText(db,
                     "SELECT group_concat(type || ':' || name || ':' || coalesce(sql, ''),"
                     " '\n') FROM (SELECT * FROM sqlite_schema ORDER BY name)")
        .value();
  };
  std::string first_schema;
  {
    auto db = OpenOrDie();
    ASSERT_TRUE(db);
    first_schema = schema(*db);
  }
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  EXPECT_EQ(db->SchemaVersion().value(), Database::kSchemaVersion);
  EXPECT_EQ(schema(*db), first_schema);
  EXPECT_EQ(db->Counts().value().recipients, 1);
}

TEST_F(DatabaseTest, RefusesFileWrittenByNewerDraftbox) {
  {
    auto db = OpenOrDie();
    ASSERT_TRUE(db);
    ASSERT_TRUE(Exec(*db, "PRAGMA user_version = " + std::to_string(Database::kSchemaVersion + 1)));
  }
  auto db = Database::Open(DbFile());
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kConflict);
  EXPECT_THAT(db.error().message, HasSubstr("newer Draftbox"));
  EXPECT_THAT(db.error().message, HasSubstr(DbFile().string()));
  EXPECT_EQ(RawUserVersion(), Database::kSchemaVersion + 1);
}

TEST_F(DatabaseTest, OpenAtVersionBelowTheFileIsConflict) {
  ASSERT_TRUE(OpenOrDie());
  auto old = Database::OpenAtVersion(DbFile(), 1);
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code, ErrorCode::kConflict);
  EXPECT_EQ(RawUserVersion(), Database::kSchemaVersion);
}

TEST_F(DatabaseTest, OpenAtVersionRefusesUnknownVersions) {
  for (int version : {-1, Database::kSchemaVersion + 1}) {
    auto db = Database::OpenAtVersion(DbFile(), version);
    ASSERT_FALSE(db) << version;
    EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST_F(DatabaseTest, CorruptFileIsStoreErrorNotCrash) {
  {
    std::ofstream out(DbFile(), std::ios::binary);
    std::mt19937 random(7);
    for (int i = 0; i < 8192; ++i) {
      out.put(static_cast<char>(random() & 0xff));
    }
  }
  auto db = Database::Open(DbFile());
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kStore);
  EXPECT_THAT(db.error().message, HasSubstr(DbFile().string()));
  EXPECT_THAT(db.error().message, HasSubstr("file is not a database"));
  EXPECT_EQ(std::filesystem::file_size(DbFile()), 8192u);
}

TEST_F(DatabaseTest, PathThatIsADirectoryIsStoreError) {
  std::filesystem::create_directory(DbFile());
  auto db = Database::Open(DbFile());
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kStore);
  EXPECT_THAT(db.error().message, HasSubstr(DbFile().string()));
}

// A migration that creates a table and then fails must leave neither the table nor its version.
TEST_F(DatabaseTest, FailingMigrationLeavesLastGoodVersion) {
  ASSERT_TRUE(OpenOrDie());
  std::vector<Migration> migrations(SchemaMigrations().begin(), SchemaMigrations().end());
  const int broken = Database::kSchemaVersion + 1;
  migrations.push_back(Migration{broken, "broken on purpose",
                                 "CREATE TABLE half_done (x INTEGER);"
                                 "INSERT INTO half_done VALUES (1);"
                                 "INSERT INTO no_such_table VALUES (1);"});
  auto failed = Database::OpenWithMigrations(DbFile(), migrations);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kStore);
  EXPECT_THAT(failed.error().message,
              HasSubstr("migration " + std::to_string(broken) + " (broken on purpose)"));
  EXPECT_THAT(failed.error().message, HasSubstr("no such table: no_such_table"));

  EXPECT_EQ(RawUserVersion(), Database::kSchemaVersion);
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  EXPECT_FALSE(TableExists(*db, "half_done"));
}

TEST_F(DatabaseTest, FailingMigrationKeepsTheEarlierOnesOfTheSameOpen) {
  std::vector<Migration> migrations = {
      SchemaMigrations()[0],
      Migration{2, "broken on purpose", "CREATE TABLE half_done (x); SELECT no_such_function();"},
  };
  auto failed = Database::OpenWithMigrations(DbFile(), migrations);
  ASSERT_FALSE(failed);
  EXPECT_THAT(failed.error().message, HasSubstr("file left at version 1"));
  EXPECT_EQ(RawUserVersion(), 1);

  // The real migration 2 then applies cleanly on top.
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  EXPECT_FALSE(TableExists(*db, "half_done"));
  EXPECT_TRUE(TableExists(*db, "drafts"));
}

TEST_F(DatabaseTest, MigrationLeavingDanglingReferenceIsRolledBack) {
  ASSERT_TRUE(OpenOrDie());
  std::vector<Migration> migrations(SchemaMigrations().begin(), SchemaMigrations().end());
  // Foreign keys cannot be switched off inside the migration's transaction, but deferring them
  // can: the check before commit must still catch the dangling row.
  migrations.push_back(Migration{Database::kSchemaVersion + 1, "dangling",
                                 "PRAGMA defer_foreign_keys = ON;"
                                 "INSERT INTO activities (recipient_id, type, imported_at)"
                                 " VALUES (999, 'funding', 1);"});
  auto failed = Database::OpenWithMigrations(DbFile(), migrations);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kStore);
  EXPECT_THAT(failed.error().message, HasSubstr("dangling reference in table activities"));
  EXPECT_EQ(RawUserVersion(), Database::kSchemaVersion);
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM activities").value(), 0);
}

TEST_F(DatabaseTest, MigrationListMustBeNumberedFromOne) {
  std::vector<Migration> gap = {SchemaMigrations()[0], Migration{3, "skips two", "SELECT 1;"}};
  auto db = Database::OpenWithMigrations(DbFile(), gap);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(std::filesystem::exists(DbFile()));
}

TEST_F(DatabaseTest, CountsRowsOfEachKind) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  auto empty = db->Counts();
  ASSERT_TRUE(empty) << empty.error().ToString();
  EXPECT_EQ(
      empty->recipients + empty->suppressions + empty->campaigns + empty->drafts + empty->events,
      0);
  ASSERT_TRUE(Exec(*db, test::InsertRecipientSql("a@example.com")));
  ASSERT_TRUE(Exec(*db, test::InsertRecipientSql("b@example.com")));
  ASSERT_TRUE(Exec(*db,
                   "INSERT INTO suppressions (kind, value, created_at)"
                   " VALUES ('address', 'c@example.com', 1)"));
  ASSERT_TRUE(Exec(*db, test::InsertCampaignSql("one")));
  ASSERT_TRUE(Exec(*db, test::InsertCampaignSql("two")));
  ASSERT_TRUE(Exec(*db, test::InsertCampaignSql("three")));
  ASSERT_TRUE(Exec(*db, test::InsertDraftSql(1, 1, "sent")));
  ASSERT_TRUE(Exec(*db, test::InsertDraftSql(2, 1, "placed")));
  ASSERT_TRUE(Exec(*db, test::InsertDraftSql(3, 2, "skipped")));
  ASSERT_TRUE(Exec(*db, test::InsertDraftSql(1, 2, "generated")));
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(Exec(*db, "INSERT INTO events (time, type) VALUES (1, 'engagement_signal')"));
  }
  auto counts = db->Counts();
  ASSERT_TRUE(counts) << counts.error().ToString();
  EXPECT_EQ(counts->recipients, 2);
  EXPECT_EQ(counts->suppressions, 1);
  EXPECT_EQ(counts->campaigns, 3);
  EXPECT_EQ(counts->drafts, 4);
  EXPECT_EQ(counts->events, 5);
}

TEST_F(DatabaseTest, WriteSequenceMovesOnAfterAWriteAndNotAfterARead) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  const uint64_t start = db->WriteSequence();
  ASSERT_TRUE(QueryInt(*db, "SELECT count(*) FROM events"));
  EXPECT_EQ(db->WriteSequence(), start) << "a read is not a write";
  ASSERT_TRUE(test::Exec(*db,
                         "INSERT INTO campaigns (name, kind, spec, created_at)"
                         " VALUES ('c', 'outreach', '{}', 0)"));
  EXPECT_GT(db->WriteSequence(), start);
  const uint64_t after_insert = db->WriteSequence();
  ASSERT_TRUE(test::Exec(*db, "UPDATE campaigns SET name = 'c2'"));
  EXPECT_GT(db->WriteSequence(), after_insert);
}

TEST_F(DatabaseTest, WaitForWriteIsWokenByAWriteFromAnotherThread) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  const uint64_t seen = db->WriteSequence();
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(test::Exec(*db,
                           "INSERT INTO campaigns (name, kind, spec, created_at)"
                           " VALUES ('c', 'outreach', '{}', 0)"));
  });
  const auto start = std::chrono::steady_clock::now();
  // Far longer than the write takes: the wait must end on the write, not on its time.
  EXPECT_TRUE(db->WaitForWrite(seen, start + std::chrono::seconds(60)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  writer.join();
}

TEST_F(DatabaseTest, WaitForWriteEndsFalseWhenNothingIsWritten) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  const uint64_t seen = db->WriteSequence();
  ASSERT_TRUE(QueryInt(*db, "SELECT count(*) FROM events"));
  EXPECT_FALSE(
      db->WaitForWrite(seen, std::chrono::steady_clock::now() + std::chrono::milliseconds(200)));
  // A write made before the wait began is seen at once.
  ASSERT_TRUE(test::Exec(*db,
                         "INSERT INTO campaigns (name, kind, spec, created_at)"
                         " VALUES ('c', 'outreach', '{}', 0)"));
  EXPECT_TRUE(db->WaitForWrite(seen, std::chrono::steady_clock::now()));
}

}  // namespace
}  // namespace draftbox
