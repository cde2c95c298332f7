#include "store/sqlite_statement.h"

#include <sqlite3.h>

#include <string>
#include <utility>

#include "store/statement_cache.h"

namespace draftbox {

Result<SqliteStatement> SqliteStatement::Prepare(sqlite3* db, std::string_view sql,
                                                 std::string purpose) {
  StatementCache* cache = StatementCache::InScope(db);
  if (cache != nullptr) {
    if (StatementCache::Entry* entry = cache->Lease(sql); entry != nullptr) {
      SqliteStatement statement(db, entry->stmt, std::move(purpose));
      statement.cached_ = entry;
      return statement;
    }
  }
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  // PERSISTENT tells SQLite the statement will be kept and run many times.
  const unsigned int flags = cache != nullptr ? SQLITE_PREPARE_PERSISTENT : 0;
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), flags, &stmt, &tail);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Fail(ErrorCode::kStore, purpose + ": " + sqlite3_errmsg(db));
  }
  SqliteStatement statement(db, stmt, std::move(purpose));
  // Only whitespace and comments may follow: a second statement would be silently ignored.
  std::string_view rest(tail, static_cast<size_t>(sql.data() + sql.size() - tail));
  if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    sqlite3_stmt* next = nullptr;
    int next_rc =
        sqlite3_prepare_v2(db, rest.data(), static_cast<int>(rest.size()), &next, nullptr);
    bool has_more = next != nullptr || next_rc != SQLITE_OK;
    sqlite3_finalize(next);
    if (has_more) {
      return Fail(ErrorCode::kStore,
                  statement.purpose_ + ": more than one SQL statement given to Prepare");
    }
  }
  if (stmt == nullptr) {
    return Fail(ErrorCode::kStore, statement.purpose_ + ": no SQL statement given");
  }
  // Only a statement that passed the checks above is kept, so a hit needs none of them.
  if (cache != nullptr) statement.cached_ = cache->Adopt(sql, stmt);
  return statement;
}

SqliteStatement::SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, std::string purpose)
    : db_(db), stmt_(stmt), purpose_(std::move(purpose)) {}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      cached_(std::exchange(other.cached_, nullptr)),
      purpose_(std::move(other.purpose_)),
      bind_error_(std::move(other.bind_error_)),
      last_error_code_(other.last_error_code_) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    Release();
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
    cached_ = std::exchange(other.cached_, nullptr);
    purpose_ = std::move(other.purpose_);
    bind_error_ = std::move(other.bind_error_);
    last_error_code_ = other.last_error_code_;
  }
  return *this;
}

SqliteStatement::~SqliteStatement() { Release(); }

void SqliteStatement::Release() {
  if (cached_ != nullptr) {
    StatementCache::Return(*cached_);
    cached_ = nullptr;
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
}

SqliteStatement& SqliteStatement::CheckBind(int rc, int index) {
  if (rc == SQLITE_OK || bind_error_) {
    return *this;
  }
  last_error_code_ = rc;
  bind_error_ = StoreError("binding parameter " + std::to_string(index));
  return *this;
}

// Returns 0 for an unknown name after recording the failure; binding index 0 then fails in SQLite
// too, but the first, clearer error is the one reported.
int SqliteStatement::ParameterIndex(std::string_view name) {
  std::string key(name);
  int index = sqlite3_bind_parameter_index(stmt_, key.c_str());
  if (index == 0 && !bind_error_) {
    last_error_code_ = SQLITE_RANGE;
    bind_error_ = Error{ErrorCode::kStore, purpose_ + ": no parameter named " + key};
  }
  return index;
}

SqliteStatement& SqliteStatement::Bind(int index, int64_t value) {
  return CheckBind(sqlite3_bind_int64(stmt_, index, value), index);
}

SqliteStatement& SqliteStatement::Bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the text, so the caller's buffer may die before Step().
  return CheckBind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
}

SqliteStatement& SqliteStatement::Bind(int index, const std::optional<int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

SqliteStatement& SqliteStatement::Bind(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  return CheckBind(sqlite3_bind_null(stmt_, index), index);
}

Result<bool> SqliteStatement::Step() {
  if (bind_error_) {
    return std::unexpected(*bind_error_);
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  last_error_code_ = sqlite3_extended_errcode(db_);
  return std::unexpected(StoreError(""));
}

Status SqliteStatement::Run() {
  while (true) {
    auto row = Step();
    if (!row) {
      return std::unexpected(row.error());
    }
    if (!*row) {
      return {};
    }
  }
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_.reset();
  last_error_code_ = 0;
}

int64_t SqliteStatement::ColumnInt64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string SqliteStatement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) {
    return {};
  }
  // Byte count, not strlen: text may hold NUL bytes.
  int size = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

bool SqliteStatement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::optional<int64_t> SqliteStatement::ColumnOptionalInt64(int column) const {
  if (ColumnIsNull(column)) {
    return std::nullopt;
  }
  return ColumnInt64(column);
}

std::optional<std::string> SqliteStatement::ColumnOptionalText(int column) const {
  if (ColumnIsNull(column)) {
    return std::nullopt;
  }
  return ColumnText(column);
}

int SqliteStatement::ColumnCount() const { return sqlite3_column_count(stmt_); }

Error SqliteStatement::StoreError(std::string_view what) const {
  std::string message = purpose_;
  if (!what.empty()) {
    message += " (";
    message += what;
    message += ")";
  }
  message += ": ";
  message += sqlite3_errmsg(db_);
  return Error{ErrorCode::kStore, std::move(message)};
}

Status ExecSql(sqlite3* db, std::string_view sql, std::string_view purpose) {
  std::string script(sql);  // sqlite3_exec needs a NUL-terminated string
  char* message = nullptr;
  int rc = sqlite3_exec(db, script.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) {
    return {};
  }
  std::string text = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return Fail(ErrorCode::kStore, std::string(purpose) + ": " + text);
}

}  // namespace draftbox
