// One prepared SQLite statement, finalized when the object dies. Every store/ class talks to
// SQLite through this so that each query is a few lines and every failure becomes kStore with
// SQLite's own message and the statement's purpose ("insert event: UNIQUE constraint failed ...").
//
// Binds return *this and keep the first failure; Step() and Run() report it. That keeps a query
// to a list of binds and one checked call, without a branch after each bind.
//
// Column getters are valid only after Step() returned true, and only for that row. Indexes are
// 1-based for parameters (as in SQLite) and 0-based for columns.
//
// Not thread-safe: use one statement from one thread, inside Database::WithConnection, and let it
// die before the callback returns (it must not outlive the connection's lock). Inside
// WithConnection the compiled statement comes from the connection's StatementCache and goes
// back to it (reset, bindings cleared) when the object dies; see statement_cache.h.
#ifndef DRAFTBOX_STORE_SQLITE_STATEMENT_H_
#define DRAFTBOX_STORE_SQLITE_STATEMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/statement_cache.h"

struct sqlite3;
struct sqlite3_stmt;

namespace draftbox {

class SqliteStatement {
 public:
  // Prepares one SQL statement on `db`, or leases it from the cache in scope for `db` (the one
  // WithConnection sets) when it was prepared before and is not in use. `purpose` names it in
  // error messages ("read events").
  // Returns kStore if SQLite refuses the SQL (syntax, unknown table) or if `sql` holds more than
  // one statement (use ExecSql for scripts).
  static Result<SqliteStatement> Prepare(sqlite3* db, std::string_view sql, std::string purpose);

  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Bind a parameter by 1-based index. An empty optional binds NULL. The overloads for int,
  // const char* and std::string exist so that literals and strings pick one without ambiguity.
  SqliteStatement& Bind(int index, int64_t value);
  SqliteStatement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  SqliteStatement& Bind(int index, std::string_view value);
  SqliteStatement& Bind(int index, const char* value) {
    return value != nullptr ? Bind(index, std::string_view(value)) : BindNull(index);
  }
  SqliteStatement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }
  SqliteStatement& Bind(int index, const std::optional<int64_t>& value);
  SqliteStatement& Bind(int index, const std::optional<std::string>& value);
  SqliteStatement& BindNull(int index);

  // Bind a named parameter (":name", "@name" or "$name", with its prefix). An unknown name is a
  // bug in the caller and is reported by the next Step() as kStore.
  template <typename T>
  SqliteStatement& Bind(std::string_view name, const T& value) {
    return Bind(ParameterIndex(name), value);
  }
  SqliteStatement& BindNull(std::string_view name) { return BindNull(ParameterIndex(name)); }

  // Advances to the next row. Returns true if a row is ready, false when the statement is done,
  // kStore on any SQLite error or an earlier bind failure. After an error, last_error_code()
  // holds SQLite's extended code (e.g. SQLITE_CONSTRAINT_UNIQUE) for callers that must tell a
  // refused duplicate from other failures.
  Result<bool> Step();

  // Steps until done, for statements that return no rows of interest (INSERT, UPDATE, DELETE).
  // Returns kStore like Step().
  Status Run();

  // Makes the statement ready to run again; bound values are cleared to NULL.
  void Reset();

  // Column values of the current row. A NULL column reads as 0 / "" / nullopt.
  int64_t ColumnInt64(int column) const;
  std::string ColumnText(int column) const;
  bool ColumnIsNull(int column) const;
  std::optional<int64_t> ColumnOptionalInt64(int column) const;
  std::optional<std::string> ColumnOptionalText(int column) const;
  int ColumnCount() const;

  // SQLite's extended result code of the last failure, 0 if there was none.
  int last_error_code() const { return last_error_code_; }
  const std::string& purpose() const { return purpose_; }

 private:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, std::string purpose);

  // Gives the statement back to its cache, or finalizes one of its own.
  void Release();
  int ParameterIndex(std::string_view name);
  SqliteStatement& CheckBind(int rc, int index);
  Error StoreError(std::string_view what) const;

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  StatementCache::Entry* cached_ = nullptr;  // set when stmt_ is leased from a cache
  std::string purpose_;
  std::optional<Error> bind_error_;  // first bind failure, reported by Step()
  int last_error_code_ = 0;
};

// Runs a script of one or more SQL statements that return no rows (schema, PRAGMA, BEGIN).
// Returns kStore naming `purpose` and SQLite's message on the first failure.
Status ExecSql(sqlite3* db, std::string_view sql, std::string_view purpose);

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_SQLITE_STATEMENT_H_
