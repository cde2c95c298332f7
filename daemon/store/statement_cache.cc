#include "store/statement_cache.h"

#include <sqlite3.h>

namespace draftbox {
namespace {

thread_local StatementCache* t_cache_in_scope = nullptr;

}  // namespace

StatementCache::StatementCache(sqlite3* db) : db_(db) {}

StatementCache::~StatementCache() {
  for (auto& [sql, entry] : entries_) sqlite3_finalize(entry.stmt);
}

StatementCache::Entry* StatementCache::Lease(std::string_view sql) {
  auto found = entries_.find(sql);
  if (found == entries_.end() || found->second.leased) return nullptr;
  found->second.leased = true;
  return &found->second;
}

StatementCache::Entry* StatementCache::Adopt(std::string_view sql, sqlite3_stmt* stmt) {
  if (entries_.size() >= kMaxStatements) return nullptr;
  auto [it, inserted] = entries_.try_emplace(std::string(sql), Entry{stmt, true});
  return inserted ? &it->second : nullptr;
}

void StatementCache::Return(Entry& entry) {
  // reset also ends the read transaction a half-read SELECT keeps open.
  sqlite3_reset(entry.stmt);
  sqlite3_clear_bindings(entry.stmt);
  entry.leased = false;
}

StatementCache* StatementCache::InScope(sqlite3* db) {
  StatementCache* cache = t_cache_in_scope;
  return cache != nullptr && cache->db_ == db ? cache : nullptr;
}

StatementCache::Scope::Scope(StatementCache& cache) : previous_(t_cache_in_scope) {
  t_cache_in_scope = &cache;
}

StatementCache::Scope::~Scope() { t_cache_in_scope = previous_; }

}  // namespace draftbox
