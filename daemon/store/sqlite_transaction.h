// A write transaction that rolls back unless committed: the scope of a multi-statement change
// (a migration, a draft and its event) is the scope of one object. Not thread-safe: use it
// inside Database::WithConnection and let it die there.
#ifndef DRAFTBOX_STORE_SQLITE_TRANSACTION_H_
#define DRAFTBOX_STORE_SQLITE_TRANSACTION_H_

#include <string>

#include "core/error.h"

struct sqlite3;

namespace draftbox {

class SqliteTransaction {
 public:
  // Starts BEGIN IMMEDIATE: the write lock is taken now, so a database busy in another process
  // fails here (after the busy timeout) instead of half-way through the changes. Returns kStore
  // naming `purpose` if it cannot start (e.g. a transaction is already open).
  static Result<SqliteTransaction> Begin(sqlite3* db, std::string purpose);

  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  // Rolls back if Commit() was not called or failed.
  ~SqliteTransaction();

  // Makes the changes durable. Returns kStore if COMMIT fails; the destructor then rolls back.
  Status Commit();

 private:
  SqliteTransaction(sqlite3* db, std::string purpose) : db_(db), purpose_(std::move(purpose)) {}

  sqlite3* db_ = nullptr;  // null once committed or moved from
  std::string purpose_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_SQLITE_TRANSACTION_H_
