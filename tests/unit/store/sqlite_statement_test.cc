#include "store/sqlite_statement.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <optional>
#include <string>

#include "store/sqlite_transaction.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

using ::testing::HasSubstr;

// A plain SQLite connection on a file of its own: the helpers are tested without Database.
class SqliteStatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open((dir_.path() / "t.db").c_str(), &db_), SQLITE_OK);
    sqlite3_extended_result_codes(db_, 1);
    ASSERT_TRUE(ExecSql(db_, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, s TEXT UNIQUE)",
                        "create t"));
  }
  void TearDown() override { sqlite3_close_v2(db_); }

  int64_t CountRows() {
    auto stmt = SqliteStatement::Prepare(db_, "SELECT count(*) FROM t", "count");
    EXPECT_TRUE(stmt);
    EXPECT_TRUE(*stmt->Step());
    return stmt->ColumnInt64(0);
  }

  test::TempDir dir_{"draftbox-sqlite-statement"};
  sqlite3* db_ = nullptr;
};

TEST_F(SqliteStatementTest, BindsAndReadsBackEveryType) {
  auto insert = SqliteStatement::Prepare(db_, "INSERT INTO t (n, s) VALUES (?1, ?2)", "insert");
  ASSERT_TRUE(insert) << insert.error().message;
  const std::string with_nul("a\0b", 3);
  ASSERT_TRUE(insert->Bind(1, int64_t{1} << 40).Bind(2, with_nul).Run());
  insert->Reset();
  ASSERT_TRUE(
      insert->Bind(1, std::optional<int64_t>()).Bind(2, std::optional<std::string>()).Run());
  insert->Reset();
  ASSERT_TRUE(
      insert->Bind(1, std::optional<int64_t>(7)).Bind(2, std::optional<std::string>("x")).Run());

  auto select = SqliteStatement::Prepare(db_, "SELECT n, s FROM t ORDER BY id", "select");
  ASSERT_TRUE(select);
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnInt64(0), int64_t{1} << 40);
  EXPECT_EQ(select->ColumnText(1), with_nul);
  ASSERT_TRUE(*select->Step());
  EXPECT_TRUE(select->ColumnIsNull(0));
  EXPECT_EQ(select->ColumnOptionalInt64(0), std::nullopt);
  EXPECT_EQ(select->ColumnOptionalText(1), std::nullopt);
  EXPECT_EQ(select->ColumnText(1), "");
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnOptionalInt64(0), 7);
  EXPECT_EQ(select->ColumnOptionalText(1), "x");
  EXPECT_EQ(select->ColumnCount(), 2);
  auto done = select->Step();
  ASSERT_TRUE(done);
  EXPECT_FALSE(*done);
}

TEST_F(SqliteStatementTest, BindsByName) {
  auto insert =
      SqliteStatement::Prepare(db_, "INSERT INTO t (n, s) VALUES (:n, :s) RETURNING n, s", "ins");
  ASSERT_TRUE(insert);
  insert->Bind(":s", std::string("named")).Bind(":n", 42);
  auto row = insert->Step();
  ASSERT_TRUE(row) << row.error().message;
  ASSERT_TRUE(*row);
  EXPECT_EQ(insert->ColumnInt64(0), 42);
  EXPECT_EQ(insert->ColumnText(1), "named");
}

TEST_F(SqliteStatementTest, UnknownParameterNameFailsAtStepWithoutRunning) {
  auto insert = SqliteStatement::Prepare(db_, "INSERT INTO t (n) VALUES (:n)", "insert number");
  ASSERT_TRUE(insert);
  insert->Bind(":nope", 1).Bind(":n", 2);
  auto ran = insert->Run();
  ASSERT_FALSE(ran);
  EXPECT_EQ(ran.error().code, ErrorCode::kStore);
  EXPECT_THAT(ran.error().message, HasSubstr("insert number"));
  EXPECT_THAT(ran.error().message, HasSubstr(":nope"));
  EXPECT_EQ(CountRows(), 0);
}

TEST_F(SqliteStatementTest, BindOutOfRangeIsReportedByStep) {
  auto insert = SqliteStatement::Prepare(db_, "INSERT INTO t (n) VALUES (?1)", "insert number");
  ASSERT_TRUE(insert);
  auto ran = insert->Bind(5, 1).Run();
  ASSERT_FALSE(ran);
  EXPECT_THAT(ran.error().message, HasSubstr("binding parameter 5"));
  EXPECT_EQ(insert->last_error_code(), SQLITE_RANGE);
}

TEST_F(SqliteStatementTest, PrepareErrorNamesPurposeAndSqliteMessage) {
  auto bad = SqliteStatement::Prepare(db_, "SELEC 1", "read widgets");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kStore);
  EXPECT_THAT(bad.error().message, HasSubstr("read widgets"));
  EXPECT_THAT(bad.error().message, HasSubstr("syntax error"));
}

TEST_F(SqliteStatementTest, RefusesMoreThanOneStatement) {
  auto two = SqliteStatement::Prepare(db_, "SELECT 1; DELETE FROM t", "two");
  ASSERT_FALSE(two);
  EXPECT_THAT(two.error().message, HasSubstr("more than one SQL statement"));
  auto trailing = SqliteStatement::Prepare(db_, "SELECT 1; -- done\n", "one");
  EXPECT_TRUE(trailing) << trailing.error().message;
}

TEST_F(SqliteStatementTest, ConstraintFailureKeepsExtendedCode) {
  ASSERT_TRUE(ExecSql(db_, "INSERT INTO t (s) VALUES ('dup')", "first"));
  auto again = SqliteStatement::Prepare(db_, "INSERT INTO t (s) VALUES ('dup')", "insert dup");
  ASSERT_TRUE(again);
  auto ran = again->Run();
  ASSERT_FALSE(ran);
  EXPECT_EQ(again->last_error_code(), SQLITE_CONSTRAINT_UNIQUE);
  EXPECT_THAT(ran.error().message, HasSubstr("insert dup"));
  EXPECT_THAT(ran.error().message, HasSubstr("UNIQUE constraint failed: t.s"));
}

TEST_F(SqliteStatementTest, ResetRunsAgainWithNewValues) {
  auto insert = SqliteStatement::Prepare(db_, "INSERT INTO t (n) VALUES (?1)", "insert");
  ASSERT_TRUE(insert);
  for (int i = 0; i < 3; ++i) {
    insert->Reset();
    ASSERT_TRUE(insert->Bind(1, i).Run());
  }
  EXPECT_EQ(CountRows(), 3);
}

TEST_F(SqliteStatementTest, ExecSqlNamesPurposeOnFailure) {
  auto failed = ExecSql(db_, "INSERT INTO missing VALUES (1)", "fill missing");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kStore);
  EXPECT_THAT(failed.error().message, HasSubstr("fill missing"));
  EXPECT_THAT(failed.error().message, HasSubstr("no such table: missing"));
}

TEST_F(SqliteStatementTest, TransactionRollsBackUnlessCommitted) {
  {
    auto tx = SqliteTransaction::Begin(db_, "abandoned");
    ASSERT_TRUE(tx);
    ASSERT_TRUE(ExecSql(db_, "INSERT INTO t (n) VALUES (1)", "insert"));
  }
  EXPECT_EQ(CountRows(), 0);
  {
    auto tx = SqliteTransaction::Begin(db_, "kept");
    ASSERT_TRUE(tx);
    ASSERT_TRUE(ExecSql(db_, "INSERT INTO t (n) VALUES (1)", "insert"));
    ASSERT_TRUE(tx->Commit());
  }
  EXPECT_EQ(CountRows(), 1);
  EXPECT_NE(sqlite3_get_autocommit(db_), 0);
}

TEST_F(SqliteStatementTest, NestedTransactionIsRefused) {
  auto outer = SqliteTransaction::Begin(db_, "outer");
  ASSERT_TRUE(outer);
  auto inner = SqliteTransaction::Begin(db_, "inner");
  ASSERT_FALSE(inner);
  EXPECT_THAT(inner.error().message, HasSubstr("inner"));
  EXPECT_TRUE(outer->Commit());
}

}  // namespace
}  // namespace draftbox
