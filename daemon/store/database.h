// The Draftbox database: one SQLite file in the data dir, WAL mode, schema brought up to date by
// numbered migrations when it is opened. The only code that includes <sqlite3.h> is in store/.
// Thread-safe: a Database may be shared between threads; calls are serialised internally.
#ifndef DRAFTBOX_STORE_DATABASE_H_
#define DRAFTBOX_STORE_DATABASE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <type_traits>

#include "core/error.h"
#include "store/migrations.h"
#include "store/statement_cache.h"

struct sqlite3;

namespace draftbox {

struct StoreCounts {
  int64_t recipients = 0;
  int64_t suppressions = 0;
  int64_t campaigns = 0;
  int64_t drafts = 0;
  int64_t events = 0;
};

class Database {
 public:
  // The schema version this build writes. Migrations 1..kSchemaVersion live in migrations.cc.
  static const int kSchemaVersion;

  // Opens (creating if needed) the database at `file`, enables WAL and foreign keys, and applies
  // every migration above the file's `PRAGMA user_version` in one transaction each. Returns kStore
  // if the file cannot be opened or a migration fails (the file is left at the last good
  // version), and kConflict if the file was written by a newer Draftbox (version too high).
  static Result<std::unique_ptr<Database>> Open(const std::filesystem::path& file);

  // Opens `file` and applies migrations only up to `version` (tests: build an old database).
  // kInvalidArgument if `version` is not in 0..kSchemaVersion. A file already above `version`
  // gives kConflict, as Open does for a file newer than this build.
  static Result<std::unique_ptr<Database>> OpenAtVersion(const std::filesystem::path& file,
                                                         int version);

  // Opens `file` and applies `migrations` (versions 1..n in order, no gaps) instead of this
  // build's list: Open and OpenAtVersion are this with SchemaMigrations(). Exists so tests can
  // make a migration fail; kInternal if the list is not numbered 1..n.
  static Result<std::unique_ptr<Database>> OpenWithMigrations(
      const std::filesystem::path& file, std::span<const Migration> migrations);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Current `PRAGMA user_version`; kStore on a database error.
  Result<int> SchemaVersion();

  // Row counts shown by `draftbox status`. kStore on a database error (also for a file held at
  // an old version by OpenAtVersion, whose tables may not exist yet).
  Result<StoreCounts> Counts();

  // Runs `fn(sqlite3*)` with the connection locked. For store/ classes only (EventLog, later
  // the recipient, campaign and draft stores); `fn` must not keep the pointer. When `fn`
  // changed any row, the write sequence moves on once the lock is released. Statements that
  // `fn` prepares come from the connection's StatementCache (statement_cache.h).
  template <typename Fn>
  auto WithConnection(Fn&& fn) {
    std::unique_lock<std::mutex> lock(mu_);
    const int64_t before = TotalChanges();
    if constexpr (std::is_void_v<decltype(fn(db_))>) {
      {
        StatementCache::Scope scope(*statements_);
        fn(db_);
      }
      AfterUse(before, lock);
    } else {
      auto result = [&] {
        StatementCache::Scope scope(*statements_);
        return fn(db_);
      }();
      AfterUse(before, lock);
      return result;
    }
  }

  // Statements kept by the connection's cache (tests: that a repeated call reuses them).
  size_t CachedStatements();

  // A number that moves on after every WithConnection call that changed rows (committed or
  // rolled back: a waiter looks again and finds nothing new). Lets readers of the event log
  // wait for a write instead of polling for it.
  uint64_t WriteSequence() const;
  // Waits until WriteSequence() differs from `seen` or `until` passes; true if it differs.
  bool WaitForWrite(uint64_t seen, std::chrono::steady_clock::time_point until);
  // Moves the sequence on without a write: ends every WaitForWrite (so a waiter can see that
  // it is asked to stop); they look and find nothing new.
  void Nudge();

  const std::filesystem::path& file() const { return file_; }

 private:
  Database(sqlite3* db, std::filesystem::path file);

  // Rows changed through the connection so far (sqlite3_total_changes64); mu_ held.
  int64_t TotalChanges() const;
  // Releases `lock` and, if rows changed since `before`, moves the write sequence on.
  void AfterUse(int64_t before, std::unique_lock<std::mutex>& lock);

  std::mutex mu_;
  sqlite3* db_;
  std::unique_ptr<StatementCache> statements_;  // used under mu_; dies before db_ is closed
  std::filesystem::path file_;
  mutable std::mutex write_mu_;
  std::condition_variable write_cv_;
  uint64_t write_sequence_ = 0;  // guarded by write_mu_
};

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_DATABASE_H_
