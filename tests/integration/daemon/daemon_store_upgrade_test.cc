// The real daemon on a user's existing database: a file written at the schema version before
// this build's, with rows in every table, is migrated at start and its rows are served; a file
// from a newer Draftbox stops start-up naming the file and is left as it was.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "integration/daemon/daemon_process.h"
#include "store/database.h"
#include "support/test_data.h"
#include "unit/store/store_test_util.h"

namespace draftbox {
namespace {

class DaemonStoreUpgradeTest : public ::testing::Test {
 protected:
  std::filesystem::path DbFile() const { return daemon_.data_dir() / "draftbox.db"; }

  // The data dir as the previous Draftbox left it: private, with its database at `version`
  // and the rows of tests/data/store/rows-schema-7.sql in it.
  void WriteStoreAt(int version) {
    ASSERT_EQ(::mkdir(daemon_.data_dir().c_str(), 0700), 0);
    auto db = Database::OpenAtVersion(DbFile(), version);
    ASSERT_TRUE(db) << db.error().ToString();
    Status loaded = test::Exec(**db, test::ReadTestData("store/rows-schema-7.sql"));
    ASSERT_TRUE(loaded) << loaded.error().ToString();
  }

  test::DaemonProcess daemon_;
};

TEST_F(DaemonStoreUpgradeTest, AStoreOfThePreviousVersionIsMigratedAtStartAndItsRowsServed) {
  ASSERT_NO_FATAL_FAILURE(WriteStoreAt(Database::kSchemaVersion - 1));
  ASSERT_TRUE(test::Ok(daemon_.Start()));
  auto res = daemon_.Client().Get("/v1/status", daemon_.AuthHeaders());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  nlohmann::json status = nlohmann::json::parse(res->body);
  EXPECT_EQ(status["store"]["schema_version"], Database::kSchemaVersion);
  EXPECT_EQ(status["store"]["counts"]["recipients"], 2);
  EXPECT_EQ(status["store"]["counts"]["suppressions"], 3);
  EXPECT_EQ(status["store"]["counts"]["drafts"], 3);
  EXPECT_EQ(status["store"]["counts"]["events"], 4);
}

TEST_F(DaemonStoreUpgradeTest, AStoreFromANewerDraftboxStopsStartUpNamingTheFile) {
  ASSERT_NO_FATAL_FAILURE(WriteStoreAt(Database::kSchemaVersion));
  {
    auto db = Database::Open(DbFile());
    ASSERT_TRUE(db) << db.error().ToString();
    ASSERT_TRUE(
        test::Exec(**db, "PRAGMA user_version = " + std::to_string(Database::kSchemaVersion + 1)));
  }
  ASSERT_TRUE(test::Ok(daemon_.Spawn()));
  Result<int> code = daemon_.child().Wait(std::chrono::seconds(10));
  ASSERT_TRUE(code) << "the daemon started on a store it does not know";
  EXPECT_EQ(*code, 1);
  EXPECT_NE(daemon_.child().Stderr().find(DbFile().string() + " is at schema version " +
                                          std::to_string(Database::kSchemaVersion + 1) +
                                          ", written by a newer Draftbox"),
            std::string::npos)
      << daemon_.child().Stderr();
  // Still the newer Draftbox's file, rows and all, for when that version comes back.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(DbFile().c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(raw,
                     "SELECT (SELECT count(*) FROM recipients) || '/' || user_version "
                     "FROM pragma_user_version",
                     -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))),
            "2/" + std::to_string(Database::kSchemaVersion + 1));
  sqlite3_finalize(stmt);
  sqlite3_close_v2(raw);
}

}  // namespace
}  // namespace draftbox
