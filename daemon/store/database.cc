#include "store/database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>

#include "fs/private_files.h"
#include "store/sqlite_statement.h"
#include "store/sqlite_transaction.h"

namespace draftbox {
namespace {

// The daemon is the only regular writer, but SQLite locks briefly for WAL checkpoints, and a
// second daemon started by mistake, `sqlite3` or a backup tool opened by IT, or a test helper
// may hold a lock for a moment. Without a timeout SQLite fails at once with "database is
// locked"; with it, it waits. 5 s is far longer than any transaction Draftbox makes
// (milliseconds) and short enough that a process stuck on the file shows up as an error, not a
// hang.
constexpr int kBusyTimeoutMs = 5000;

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;

std::string Where(const std::filesystem::path& file) { return "database " + file.string(); }

Status CheckParentDir(const std::filesystem::path& file) {
  std::filesystem::path parent = file.parent_path();
  if (parent.empty()) {
    return {};  // relative name in the current directory
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(parent, ec)) {
    return Fail(ErrorCode::kStore,
                Where(file) + ": directory " + parent.string() + " does not exist");
  }
  return {};
}

// SQLite would create the file with mode 0644 (less umask), and it follows a symbolic link
// planted in place of the file. The database holds personal data about recipients, so it is
// created (or opened) here first without following links, owned by this user and 0600; SQLite
// then gives its -wal and -shm files the same mode.
Status CreatePrivateFile(const std::filesystem::path& file) {
  // SQLite opens these by name later. It would refuse a link with O_NOFOLLOW, but only as
  // "unable to open database file", after making the database: say what is wrong first.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    std::filesystem::path journal = file;
    journal += suffix;
    if (Status ok = CheckPrivateFileName(journal); !ok) {
      return Fail(ErrorCode::kStore, ok.error().message);
    }
  }
  Result<UniqueFd> fd = OpenPrivateFile(file, O_RDWR | O_CREAT);
  // The messages of fs/ name the file already.
  if (!fd) return Fail(ErrorCode::kStore, fd.error().message);
  if (Status owner_only = RestrictToOwner(fd->get(), file); !owner_only) {
    return Fail(ErrorCode::kStore, owner_only.error().message);
  }
  return {};
}

// SQLITE_OPEN_NOFOLLOW refuses a link anywhere in the path, not only in its last part, so
// SQLite is handed the folder's real path (a data dir may itself be a link the user made).
Result<std::filesystem::path> RealPath(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::path parent = file.parent_path().empty() ? "." : file.parent_path();
  std::filesystem::path real = std::filesystem::canonical(parent, ec);
  if (ec) {
    return Fail(ErrorCode::kStore, Where(file) + ": cannot resolve directory " + parent.string() +
                                       ": " + ec.message());
  }
  return real / file.filename();
}

// Opens `real` (from RealPath); errors name `file`, the path the caller gave.
Result<Connection> OpenConnection(const std::filesystem::path& file,
                                  const std::filesystem::path& real) {
  sqlite3* raw = nullptr;
  // NOMUTEX: Database's own mutex already serialises every use of the connection. NOFOLLOW:
  // a link put in place of the file after CreatePrivateFile is refused, not followed.
  int rc = sqlite3_open_v2(
      real.c_str(), &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW,
      nullptr);
  Connection db(raw);
  if (rc != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(rc);
    return Fail(ErrorCode::kStore, Where(file) + ": cannot open: " + why);
  }
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  // Defensive mode refuses writable_schema and other ways SQL can corrupt the file.
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  return db;
}

// Runs a PRAGMA that returns one value and gives it back as text.
Result<std::string> PragmaValue(sqlite3* db, std::string_view sql, std::string purpose) {
  auto stmt = SqliteStatement::Prepare(db, sql, std::move(purpose));
  if (!stmt) {
    return std::unexpected(stmt.error());
  }
  auto row = stmt->Step();
  if (!row) {
    return std::unexpected(row.error());
  }
  return *row ? stmt->ColumnText(0) : std::string();
}

Status Configure(sqlite3* db, const std::filesystem::path& file) {
  // WAL: readers (API requests) never wait for the writer (watcher, campaign run).
  auto mode = PragmaValue(db, "PRAGMA journal_mode = WAL", "set WAL journal mode");
  if (!mode) {
    return Fail(ErrorCode::kStore, Where(file) + ": " + mode.error().message);
  }
  if (*mode != "wal") {
    return Fail(ErrorCode::kStore,
                Where(file) + ": cannot use WAL journal mode (SQLite kept '" + *mode + "')");
  }
  // synchronous=NORMAL is safe with WAL: a power cut may lose the last commits, never corrupt
  // the file; FULL would fsync on every commit for no gain in consistency.
  auto set = ExecSql(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                     "set foreign_keys and synchronous");
  if (!set) {
    return Fail(ErrorCode::kStore, Where(file) + ": " + set.error().message);
  }
  // foreign_keys is silently ignored by a build without them; the schema relies on them.
  auto fk = PragmaValue(db, "PRAGMA foreign_keys", "read foreign_keys");
  if (!fk || *fk != "1") {
    return Fail(ErrorCode::kStore, Where(file) + ": SQLite refused to enable foreign keys");
  }
  return {};
}

Result<int> ReadUserVersion(sqlite3* db) {
  auto stmt = SqliteStatement::Prepare(db, "PRAGMA user_version", "read schema version");
  if (!stmt) {
    return std::unexpected(stmt.error());
  }
  auto row = stmt->Step();
  if (!row) {
    return std::unexpected(row.error());
  }
  return static_cast<int>(stmt->ColumnInt64(0));
}

Status CheckMigrationList(std::span<const Migration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return Fail(ErrorCode::kInternal, "migration list out of order: entry " +
                                            std::to_string(i + 1) + " has version " +
                                            std::to_string(migrations[i].version));
    }
  }
  return {};
}

std::string MigrationName(const Migration& migration) {
  return "migration " + std::to_string(migration.version) + " (" +
         std::string(migration.description) + ")";
}

// Applies one migration and its user_version in one transaction: either both land or neither.
Status ApplyMigration(sqlite3* db, const Migration& migration) {
  // Purposes are short: Migrate() puts the migration's name in front of them.
  auto tx = SqliteTransaction::Begin(db, "migration");
  if (!tx) {
    return std::unexpected(tx.error());
  }
  if (auto applied = ExecSql(db, migration.sql, "SQL"); !applied) {
    return applied;
  }
  // A migration that rebuilds a table must leave every reference valid.
  auto dangling = PragmaValue(db, "PRAGMA foreign_key_check", "foreign key check");
  if (!dangling) {
    return std::unexpected(dangling.error());
  }
  if (!dangling->empty()) {
    return Fail(ErrorCode::kStore, "leaves a dangling reference in table " + *dangling);
  }
  std::string set_version = "PRAGMA user_version = " + std::to_string(migration.version);
  if (auto versioned = ExecSql(db, set_version, "set user_version"); !versioned) {
    return versioned;
  }
  return tx->Commit();
}

Status Migrate(sqlite3* db, const std::filesystem::path& file,
               std::span<const Migration> migrations) {
  auto current = ReadUserVersion(db);
  if (!current) {
    return Fail(ErrorCode::kStore, Where(file) + ": " + current.error().message);
  }
  int target = migrations.empty() ? 0 : migrations.back().version;
  if (*current > target) {
    return Fail(ErrorCode::kConflict,
                Where(file) + " is at schema version " + std::to_string(*current) +
                    ", written by a newer Draftbox (this one knows up to version " +
                    std::to_string(target) + "); upgrade Draftbox or use another data_dir");
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= *current) {
      continue;
    }
    if (auto applied = ApplyMigration(db, migration); !applied) {
      return Fail(ErrorCode::kStore,
                  Where(file) + ": " + MigrationName(migration) + " failed, file left at version " +
                      std::to_string(migration.version - 1) + ": " + applied.error().message);
    }
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const std::filesystem::path& file) {
  return OpenWithMigrations(file, SchemaMigrations());
}

Result<std::unique_ptr<Database>> Database::OpenAtVersion(const std::filesystem::path& file,
                                                          int version) {
  if (version < 0 || version > kSchemaVersion) {
    return Fail(ErrorCode::kInvalidArgument, "schema version " + std::to_string(version) +
                                                 " is not in 0.." + std::to_string(kSchemaVersion));
  }
  return OpenWithMigrations(file, SchemaMigrations().first(static_cast<size_t>(version)));
}

Result<std::unique_ptr<Database>> Database::OpenWithMigrations(
    const std::filesystem::path& file, std::span<const Migration> migrations) {
  if (auto listed = CheckMigrationList(migrations); !listed) {
    return std::unexpected(listed.error());
  }
  if (auto parent = CheckParentDir(file); !parent) {
    return std::unexpected(parent.error());
  }
  auto real = RealPath(file);
  if (!real) {
    return std::unexpected(real.error());
  }
  if (auto created = CreatePrivateFile(file); !created) {
    return std::unexpected(created.error());
  }
  auto db = OpenConnection(file, *real);
  if (!db) {
    return std::unexpected(db.error());
  }
  if (auto configured = Configure(db->get(), file); !configured) {
    return std::unexpected(configured.error());
  }
  if (auto migrated = Migrate(db->get(), file, migrations); !migrated) {
    return std::unexpected(migrated.error());
  }
  return std::unique_ptr<Database>(new Database(db->release(), file));
}

Database::Database(sqlite3* db, std::filesystem::path file)
    : db_(db), statements_(std::make_unique<StatementCache>(db)), file_(std::move(file)) {}

Database::~Database() {
  statements_.reset();  // finalizes the cached statements, or the close would leave a zombie
  sqlite3_close_v2(db_);
}

size_t Database::CachedStatements() {
  std::lock_guard<std::mutex> lock(mu_);
  return statements_->size();
}

int64_t Database::TotalChanges() const { return sqlite3_total_changes64(db_); }

void Database::AfterUse(int64_t before, std::unique_lock<std::mutex>& lock) {
  const bool changed = TotalChanges() != before;
  lock.unlock();
  if (changed) Nudge();
}

void Database::Nudge() {
  {
    std::lock_guard<std::mutex> guard(write_mu_);
    ++write_sequence_;
  }
  write_cv_.notify_all();
}

uint64_t Database::WriteSequence() const {
  std::lock_guard<std::mutex> guard(write_mu_);
  return write_sequence_;
}

bool Database::WaitForWrite(uint64_t seen, std::chrono::steady_clock::time_point until) {
  std::unique_lock<std::mutex> lock(write_mu_);
  return write_cv_.wait_until(lock, until, [&] { return write_sequence_ != seen; });
}

Result<int> Database::SchemaVersion() {
  return WithConnection([](sqlite3* db) { return ReadUserVersion(db); });
}

Result<StoreCounts> Database::Counts() {
  return WithConnection([](sqlite3* db) -> Result<StoreCounts> {
    auto stmt = SqliteStatement::Prepare(db,
                                         "SELECT (SELECT count(*) FROM recipients),"
                                         " (SELECT count(*) FROM suppressions),"
                                         " (SELECT count(*) FROM campaigns),"
                                         " (SELECT count(*) FROM drafts),"
                                         " (SELECT count(*) FROM events)",
                                         "count rows");
    if (!stmt) {
      return std::unexpected(stmt.error());
    }
    auto row = stmt->Step();
    if (!row) {
      return std::unexpected(row.error());
    }
    return StoreCounts{.recipients = stmt->ColumnInt64(0),
                       .suppressions = stmt->ColumnInt64(1),
                       .campaigns = stmt->ColumnInt64(2),
                       .drafts = stmt->ColumnInt64(3),
                       .events = stmt->ColumnInt64(4)};
  });
}

}  // namespace draftbox
