// The prepared statements of one SQLite connection, kept by their SQL text so that a store call
// made again (a campaign run makes the same dozen queries per draft) reuses the compiled
// statement instead of parsing and planning it anew: parsing was a third of the CPU a placed
// draft cost (bench/README.md).
//
// A statement is leased to one SqliteStatement at a time. While it is leased, the same SQL
// asked for again (a nested call, or two statements of the same text alive at once) gets a
// statement of its own, prepared and finalized as before: the cache never hands out a
// statement that is in flight. On return it is reset and its bindings cleared, so the next
// user starts from a clean statement and no read transaction is left open by a half-read one.
//
// Not thread-safe: a cache belongs to one connection and is used only under that connection's
// lock. Database::WithConnection puts its cache in scope for the thread running the callback
// (Scope below); SqliteStatement::Prepare uses the cache in scope when it is for the same
// connection, and prepares an uncached statement otherwise (migrations, tests with a bare
// connection).
#ifndef DRAFTBOX_STORE_STATEMENT_CACHE_H_
#define DRAFTBOX_STORE_STATEMENT_CACHE_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace draftbox {

class StatementCache {
 public:
  // Every distinct SQL text of the store fits many times over; the bound only keeps SQL built
  // from data (none today) from growing the cache without end: past it, statements are
  // prepared per call as before.
  static constexpr size_t kMaxStatements = 256;

  explicit StatementCache(sqlite3* db);
  // Finalizes every statement. No statement may be leased (they live inside one
  // WithConnection callback, and the cache outlives those).
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // One cached statement. The cache owns it; the pointer stays valid as long as the cache.
  struct Entry {
    sqlite3_stmt* stmt = nullptr;
    bool leased = false;
  };

  // The idle statement for `sql`, now leased to the caller; nullptr if there is none (never
  // prepared, or leased already).
  Entry* Lease(std::string_view sql);
  // Keeps `stmt`, freshly prepared from `sql`, and leases it to the caller. nullptr (the cache
  // took nothing: the caller finalizes it) when the cache is full or `sql` is cached already.
  Entry* Adopt(std::string_view sql, sqlite3_stmt* stmt);
  // Gives a leased statement back: reset, bindings cleared, idle for the next Lease.
  static void Return(Entry& entry);

  // Statements held, leased or idle (tests).
  size_t size() const { return entries_.size(); }
  sqlite3* connection() const { return db_; }

  // The cache in scope on this thread for `db`, or nullptr.
  static StatementCache* InScope(sqlite3* db);

  // Puts a cache in scope on this thread for its lifetime (restoring the one before it, so a
  // callback may use another Database). Create it only while holding the connection's lock.
  class Scope {
   public:
    explicit Scope(StatementCache& cache);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    StatementCache* previous_;
  };

 private:
  // Transparent hash so a lookup by string_view allocates nothing.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  sqlite3* db_;
  // Node-based: an Entry* handed out stays valid while others are added.
  std::unordered_map<std::string, Entry, TextHash, std::equal_to<>> entries_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_STATEMENT_CACHE_H_
