// Small helpers for the store tests: run raw SQL on a Database's connection to arrange rows that
// no store class writes yet, and read single values back. Not thread-safe beyond what Database
// itself guarantees.
#ifndef DRAFTBOX_TESTS_UNIT_STORE_STORE_TEST_UTIL_H_
#define DRAFTBOX_TESTS_UNIT_STORE_STORE_TEST_UTIL_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/database.h"
#include "store/sqlite_statement.h"

namespace draftbox::test {

// Runs one or more statements; the error as the store would report it.
inline Status Exec(Database& db, std::string_view sql) {
  return db.WithConnection([&](sqlite3* c) { return ExecSql(c, sql, "test sql"); });
}

// Runs one statement and returns SQLite's extended result code: 0 when it succeeded, else e.g.
// SQLITE_CONSTRAINT_UNIQUE, so a test can say which rule refused the row.
inline int ExecCode(Database& db, std::string_view sql) {
  return db.WithConnection([&](sqlite3* c) {
    auto stmt = SqliteStatement::Prepare(c, sql, "test sql");
    if (!stmt) {
      return SQLITE_ERROR;
    }
    return stmt->Run() ? 0 : stmt->last_error_code();
  });
}

// The first column of the first row as an integer, or kNotFound if there is no row.
inline Result<int64_t> QueryInt(Database& db, std::string_view sql) {
  return db.WithConnection([&](sqlite3* c) -> Result<int64_t> {
    auto stmt = SqliteStatement::Prepare(c, sql, "test query");
    if (!stmt) {
      return std::unexpected(stmt.error());
    }
    auto row = stmt->Step();
    if (!row) {
      return std::unexpected(row.error());
    }
    if (!*row) {
      return Fail(ErrorCode::kNotFound, "no row");
    }
    return stmt->ColumnInt64(0);
  });
}

// The first column of the first row as text, or kNotFound if there is no row.
inline Result<std::string> QueryText(Database& db, std::string_view sql) {
  return db.WithConnection([&](sqlite3* c) -> Result<std::string> {
    auto stmt = SqliteStatement::Prepare(c, sql, "test query");
    if (!stmt) {
      return std::unexpected(stmt.error());
    }
    auto row = stmt->Step();
    if (!row) {
      return std::unexpected(row.error());
    }
    if (!*row) {
      return Fail(ErrorCode::kNotFound, "no row");
    }
    return stmt->ColumnText(0);
  });
}

// Minimal valid rows, so constraint tests state only what they are about.
inline std::string InsertRecipientSql(std::string_view email) {
  return "INSERT INTO recipients (email, created_at, updated_at) VALUES ('" + std::string(email) +
         "', 1700000000, 1700000000)";
}

inline std::string InsertCampaignSql(std::string_view name) {
  return "INSERT INTO campaigns (name, kind, spec, created_at) VALUES ('" + std::string(name) +
         "', 'outreach', '{}', 1700000000)";
}

inline std::string InsertDraftSql(int64_t campaign_id, int64_t recipient_id,
                                  std::string_view state) {
  return "INSERT INTO drafts (campaign_id, recipient_id, state, created_at, updated_at) VALUES (" +
         std::to_string(campaign_id) + ", " + std::to_string(recipient_id) + ", '" +
         std::string(state) + "', 1700000000, 1700000000)";
}

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_UNIT_STORE_STORE_TEST_UTIL_H_
