// Upgrading a user's database: a file written at the schema version before this build's, with
// rows in every table, is opened by today's code. Every row must come through unchanged, and
// what the newer migrations added must exist with its defaults. A file from a newer Draftbox is
// refused and left as it was.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/opt_out_review_store.h"
#include "store/suppression_store.h"
#include "support/temp_dir.h"
#include "support/test_data.h"
#include "unit/store/store_test_util.h"

namespace draftbox {
namespace {

using ::testing::HasSubstr;

// The version the rows of tests/data/store/rows-schema-7.sql were written for.
constexpr int kRowsVersion = 7;

// A table as SQL sees it: its columns (name, declared default) and its rows, each value as
// SQL's quote() writes it, so NULL, '' and 0 stay apart.
struct TableSnapshot {
  std::vector<std::string> columns;
  std::map<std::string, std::string> defaults;  // column -> default expression, "" for none
  std::vector<std::vector<std::string>> rows;
};

using Snapshot = std::map<std::string, TableSnapshot>;

std::vector<std::vector<std::string>> Rows(sqlite3* c, const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(c, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
      << sql << ": " << sqlite3_errmsg(c);
  while (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const unsigned char* text = sqlite3_column_text(stmt, i);
      row.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  return rows;
}

// The rows of `table` in the columns `columns` (old ones, after an upgrade), in rowid order.
std::vector<std::vector<std::string>> RowsOf(sqlite3* c, const std::string& table,
                                             const std::vector<std::string>& columns) {
  std::string select;
  for (const std::string& column : columns) {
    select += (select.empty() ? "" : ", ") + std::string("quote(\"") + column + "\")";
  }
  return Rows(c, "SELECT " + select + " FROM \"" + table + "\" ORDER BY rowid");
}

Snapshot Take(Database& db) {
  return db.WithConnection([](sqlite3* c) {
    Snapshot snapshot;
    for (const auto& name : Rows(c,
                                 "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                 "name NOT LIKE 'sqlite_%' ORDER BY name")) {
      TableSnapshot& table = snapshot[name[0]];
      for (const auto& info : Rows(c,
                                   "SELECT name, coalesce(dflt_value, '') FROM "
                                   "pragma_table_info('" +
                                       name[0] + "') ORDER BY cid")) {
        table.columns.push_back(info[0]);
        table.defaults[info[0]] = info[1];
      }
      table.rows = RowsOf(c, name[0], table.columns);
    }
    return snapshot;
  });
}

class SchemaUpgradeTest : public ::testing::Test {
 protected:
  std::filesystem::path DbFile() const { return dir_.path() / "draftbox.db"; }

  // The user's file: built by the migrations of the previous version, rows in every table.
  Snapshot WritePreviousVersionWithRows() {
    auto old = Database::OpenAtVersion(DbFile(), Database::kSchemaVersion - 1);
    EXPECT_TRUE(old) << old.error().ToString();
    if (!old) return {};
    Status loaded = test::Exec(**old, test::ReadTestData("store/rows-schema-7.sql"));
    EXPECT_TRUE(loaded) << loaded.error().ToString();
    return Take(**old);
  }

  test::TempDir dir_{"draftbox-schema-upgrade"};
};

TEST_F(SchemaUpgradeTest, EveryRowOfThePreviousVersionSurvivesTheUpgrade) {
  // The rows are written for schema 7: the previous version must have every table they fill.
  ASSERT_GE(Database::kSchemaVersion - 1, kRowsVersion);
  const Snapshot before = WritePreviousVersionWithRows();
  ASSERT_FALSE(before.empty());
  // A table without rows would let a migration that drops or mangles it pass unseen.
  for (const auto& [name, table] : before) {
    EXPECT_FALSE(table.rows.empty())
        << name << " has no rows: add some to tests/data/store/rows-schema-7.sql";
  }

  auto db = Database::Open(DbFile());
  ASSERT_TRUE(db) << db.error().ToString();
  EXPECT_EQ((*db)->SchemaVersion().value(), Database::kSchemaVersion);
  const Snapshot after = Take(**db);

  for (const auto& [name, old_table] : before) {
    auto now = after.find(name);
    ASSERT_NE(now, after.end()) << "table " << name << " is gone after the upgrade";
    const std::set<std::string> columns(now->second.columns.begin(), now->second.columns.end());
    for (const std::string& column : old_table.columns) {
      EXPECT_TRUE(columns.contains(column)) << name << "." << column << " is gone";
    }
    std::vector<std::vector<std::string>> rows =
        (*db)->WithConnection([&](sqlite3* c) { return RowsOf(c, name, old_table.columns); });
    EXPECT_EQ(rows, old_table.rows) << "the rows of " << name << " changed in the upgrade";
  }
}

TEST_F(SchemaUpgradeTest, ColumnsAndTablesTheUpgradeAddsHoldTheirDefaults) {
  const Snapshot before = WritePreviousVersionWithRows();
  auto db = Database::Open(DbFile());
  ASSERT_TRUE(db) << db.error().ToString();
  const Snapshot after = Take(**db);
  int added = 0;
  for (const auto& [name, table] : after) {
    auto old = before.find(name);
    if (old == before.end()) {
      ++added;
      EXPECT_TRUE(table.rows.empty()) << "new table " << name << " starts with rows";
      continue;
    }
    const std::set<std::string> old_columns(old->second.columns.begin(), old->second.columns.end());
    for (const std::string& column : table.columns) {
      if (old_columns.contains(column)) continue;
      ++added;
      // Each old row holds the column's declared default (NULL when it has none).
      const std::string& expression = table.defaults.at(column);
      const std::string expected = expression.empty() ? "NULL" : expression;
      auto differing = test::QueryInt(**db, "SELECT count(*) FROM \"" + name + "\" WHERE \"" +
                                                column + "\" IS NOT " + expected);
      ASSERT_TRUE(differing) << differing.error().ToString();
      EXPECT_EQ(*differing, 0) << name << "." << column << " is not its default " << expected;
    }
  }
  EXPECT_GT(added, 0) << "the last migration added no table and no column: nothing to check";

  // The stores read the old rows through the new schema: the review awaits a person, with no
  // model opinion yet, and the suppressions still decide.
  OptOutReviewStore reviews(**db);
  auto pending = reviews.Pending("ana@example.com", std::nullopt);
  ASSERT_TRUE(pending) << pending.error().ToString();
  ASSERT_TRUE(pending->has_value());
  EXPECT_EQ((*pending)->model_opinion, "");
  SuppressionStore suppressions(**db);
  EXPECT_TRUE(suppressions.Find(SuppressionTarget{SuppressionKind::kDomain, "competitor.example"}));
}

TEST_F(SchemaUpgradeTest, AFileFromANewerDraftboxIsRefusedAndLeftByteForByte) {
  WritePreviousVersionWithRows();
  {
    auto db = Database::Open(DbFile());
    ASSERT_TRUE(db) << db.error().ToString();
    ASSERT_TRUE(
        test::Exec(**db, "PRAGMA user_version = " + std::to_string(Database::kSchemaVersion + 1)));
  }
  auto read = [&] {
    std::ifstream in(DbFile(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  };
  const std::string before = read();
  ASSERT_FALSE(before.empty());

  auto db = Database::Open(DbFile());
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kConflict);
  EXPECT_THAT(db.error().message,
              HasSubstr(DbFile().string() + " is at schema version " +
                        std::to_string(Database::kSchemaVersion + 1) +
                        ", written by a newer Draftbox (this one knows up to version " +
                        std::to_string(Database::kSchemaVersion) + ")"));
  EXPECT_TRUE(read() == before) << "the refused file was changed";
}

}  // namespace
}  // namespace draftbox
