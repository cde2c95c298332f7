#include "store/sqlite_transaction.h"

#include <sqlite3.h>

#include <utility>

#include "store/sqlite_statement.h"

namespace draftbox {

Result<SqliteTransaction> SqliteTransaction::Begin(sqlite3* db, std::string purpose) {
  // A statement rather than ExecSql, so that the connection's cache keeps it compiled.
  auto begin = SqliteStatement::Prepare(db, "BEGIN IMMEDIATE", "begin transaction for " + purpose);
  if (!begin) {
    return std::unexpected(begin.error());
  }
  auto begun = begin->Run();
  if (!begun) {
    return std::unexpected(begun.error());
  }
  return SqliteTransaction(db, std::move(purpose));
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), purpose_(std::move(other.purpose_)) {}

SqliteTransaction::~SqliteTransaction() {
  if (db_ == nullptr) {
    return;
  }
  // A failed statement may already have ended the transaction; rolling back twice is harmless
  // only if we check, since ROLLBACK without a transaction is an error.
  if (sqlite3_get_autocommit(db_) == 0) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

Status SqliteTransaction::Commit() {
  if (db_ == nullptr) {
    return Fail(ErrorCode::kInternal, "commit " + purpose_ + ": transaction already finished");
  }
  auto commit = SqliteStatement::Prepare(db_, "COMMIT", "commit " + purpose_);
  if (!commit) {
    return std::unexpected(commit.error());  // destructor rolls back
  }
  auto committed = commit->Run();
  if (!committed) {
    return committed;  // destructor rolls back
  }
  db_ = nullptr;
  return {};
}

}  // namespace draftbox
