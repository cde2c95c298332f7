#include "store/statement_cache.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/sqlite_statement.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

constexpr const char* kSelectFrom = "SELECT n FROM t WHERE n >= ?1 ORDER BY n";

// A real Database (its WithConnection puts the cache in scope) with a table t of n = 1..3.
class StatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->WithConnection([](sqlite3* c) {
      return ExecSql(c, "CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);",
                     "make t");
    }));
  }

  // The rows of kSelectFrom from `from` on, read through a fresh SqliteStatement.
  static std::vector<int64_t> RowsFrom(sqlite3* c, int64_t from) {
    std::vector<int64_t> rows;
    auto stmt = SqliteStatement::Prepare(c, kSelectFrom, "select");
    EXPECT_TRUE(stmt) << stmt.error().message;
    stmt->Bind(1, from);
    while (*stmt->Step()) rows.push_back(stmt->ColumnInt64(0));
    return rows;
  }

  // Statements alive on the connection: finalized ones are gone from this list.
  static int LiveStatements(sqlite3* c) {
    int n = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(c, nullptr); s != nullptr;
         s = sqlite3_next_stmt(c, s)) {
      ++n;
    }
    return n;
  }

  test::TempDir dir_{"draftbox-statement-cache"};
  std::unique_ptr<Database> db_;
};

TEST_F(StatementCacheTest, RepeatedQueryReusesItsPreparedStatement) {
  const size_t before = db_->CachedStatements();
  sqlite3_stmt* first = nullptr;
  sqlite3_stmt* second = nullptr;
  for (sqlite3_stmt** seen : {&first, &second}) {
    db_->WithConnection([&](sqlite3* c) {
      EXPECT_EQ(RowsFrom(c, 2), (std::vector<int64_t>{2, 3}));
      for (sqlite3_stmt* s = sqlite3_next_stmt(c, nullptr); s != nullptr;
           s = sqlite3_next_stmt(c, s)) {
        if (std::string(sqlite3_sql(s)) == kSelectFrom) *seen = s;
      }
    });
  }
  ASSERT_NE(first, nullptr);  // kept after the statement object died
  EXPECT_EQ(first, second);
  EXPECT_EQ(db_->CachedStatements(), before + 1);
}

TEST_F(StatementCacheTest, ReusedStatementStartsResetAndUnbound) {
  db_->WithConnection([&](sqlite3* c) {
    auto stmt = SqliteStatement::Prepare(c, kSelectFrom, "select");
    ASSERT_TRUE(stmt);
    stmt->Bind(1, int64_t{2});
    ASSERT_TRUE(*stmt->Step());  // left half-read
  });
  db_->WithConnection([&](sqlite3* c) {
    auto stmt = SqliteStatement::Prepare(c, kSelectFrom, "select");
    ASSERT_TRUE(stmt);
    // Unbound ?1 is NULL and `n >= NULL` matches nothing; a leftover 2 would give rows.
    EXPECT_FALSE(*stmt->Step());
  });
  // The half-read SELECT did not keep a read transaction open: a write goes through.
  EXPECT_TRUE(db_->WithConnection(
      [](sqlite3* c) { return ExecSql(c, "BEGIN IMMEDIATE; COMMIT;", "write"); }));
}

TEST_F(StatementCacheTest, SameSqlInFlightGetsAStatementOfItsOwn) {
  db_->WithConnection([&](sqlite3* c) {
    auto outer = SqliteStatement::Prepare(c, kSelectFrom, "outer");
    ASSERT_TRUE(outer);
    outer->Bind(1, int64_t{1});
    std::vector<int64_t> pairs;
    while (*outer->Step()) {
      const int64_t n = outer->ColumnInt64(0);
      // The same SQL while `outer` is stepping: a shared statement would reset `outer`.
      for (int64_t inner : RowsFrom(c, n)) pairs.push_back(n * 10 + inner);
    }
    EXPECT_EQ(pairs, (std::vector<int64_t>{11, 12, 13, 22, 23, 33}));
  });
  // The extra statement was finalized, not kept: one cached statement per SQL text.
  const int cached = static_cast<int>(db_->CachedStatements());
  db_->WithConnection([&](sqlite3* c) { EXPECT_EQ(LiveStatements(c), cached); });
}

TEST_F(StatementCacheTest, CacheOfAnotherDatabaseIsNotUsedForThisConnection) {
  test::TempDir other_dir{"draftbox-statement-cache-other"};
  auto other = Database::Open(other_dir.path() / "draftbox.db");
  ASSERT_TRUE(other) << other.error().message;
  const size_t other_before = (*other)->CachedStatements();
  db_->WithConnection([&](sqlite3* c) {
    (*other)->WithConnection([](sqlite3* o) {
      auto stmt = SqliteStatement::Prepare(o, "SELECT 1", "other");
      EXPECT_TRUE(stmt && *stmt->Step());
    });
    // Back in this connection's scope after the nested call.
    EXPECT_EQ(RowsFrom(c, 3), (std::vector<int64_t>{3}));
  });
  EXPECT_EQ((*other)->CachedStatements(), other_before + 1);
  EXPECT_EQ(StatementCache::InScope(nullptr), nullptr);
}

TEST_F(StatementCacheTest, BareConnectionOutsideWithConnectionIsNotCached) {
  sqlite3* bare = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() / "bare.db").c_str(), &bare), SQLITE_OK);
  {
    auto stmt = SqliteStatement::Prepare(bare, "SELECT 1", "bare");
    ASSERT_TRUE(stmt && *stmt->Step());
  }
  EXPECT_EQ(LiveStatements(bare), 0);  // finalized with its object
  sqlite3_close(bare);
}

}  // namespace
}  // namespace draftbox
