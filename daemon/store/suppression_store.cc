#include "store/suppression_store.h"

#include <sqlite3.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/clock.h"
#include "store/sqlite_statement.h"
#include "store/sqlite_transaction.h"

namespace draftbox {
namespace {

constexpr char kColumns[] = "id, kind, value, reason, source, created_at";
constexpr char kManualSource[] = "manual";
constexpr char kImportSource[] = "import";

Result<SuppressionEntry> ReadEntry(const SqliteStatement& row) {
  Result<SuppressionKind> kind = ParseSuppressionKind(row.ColumnText(1));
  if (!kind) return Fail(ErrorCode::kStore, "suppressions row: " + kind.error().message);
  return SuppressionEntry{row.ColumnInt64(0), *kind,
                          row.ColumnText(2),  row.ColumnText(3),
                          row.ColumnText(4),  row.ColumnInt64(5)};
}

// The entry stored under `target`, or nullopt.
Result<std::optional<SuppressionEntry>> FindIn(sqlite3* db, const SuppressionTarget& target) {
  auto stmt = SqliteStatement::Prepare(
      db, std::string("SELECT ") + kColumns + " FROM suppressions WHERE kind = ?1 AND value = ?2",
      "find suppression");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, SuppressionKindName(target.kind)).Bind(2, target.value);
  Result<bool> row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<SuppressionEntry>();
  Result<SuppressionEntry> entry = ReadEntry(*stmt);
  if (!entry) return std::unexpected(entry.error());
  return std::optional<SuppressionEntry>(std::move(*entry));
}

// Appends `type` for `entry` to the event log inside the caller's transaction, so the row and
// its signal commit together. Payload as DESIGN.md "Signals": address or domain, reason, source.
Status AppendEventIn(sqlite3* db, std::string_view type, const SuppressionEntry& entry) {
  nlohmann::json payload = {{"suppression_id", entry.id},
                            {"kind", SuppressionKindName(entry.kind)},
                            {"reason", entry.reason},
                            {"source", entry.source}};
  std::optional<int64_t> recipient_id;
  if (entry.kind == SuppressionKind::kAddress) payload["address"] = entry.value;
  if (entry.kind == SuppressionKind::kDomain) payload["domain"] = entry.value;
  if (entry.kind == SuppressionKind::kRecipient) {
    int64_t id = 0;
    auto [end, ec] =
        std::from_chars(entry.value.data(), entry.value.data() + entry.value.size(), id);
    if (ec == std::errc() && end == entry.value.data() + entry.value.size()) recipient_id = id;
  }
  auto stmt = SqliteStatement::Prepare(
      db, "INSERT INTO events (time, type, recipient_id, payload) VALUES (?1, ?2, ?3, ?4)",
      "append " + std::string(type) + " event");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, SystemClock().NowUnix())
      .Bind(2, type)
      .Bind(3, recipient_id)
      .Bind(4, payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return stmt->Run();
}

// Inserts unless (kind, value) exists; the existing row wins. Appends the event for a new row.
Result<SuppressionAddResult> AddIn(sqlite3* db, const SuppressionTarget& target,
                                   std::string_view reason, std::string_view source,
                                   int64_t created_at) {
  auto stmt = SqliteStatement::Prepare(db,
                                       std::string("INSERT INTO suppressions (kind, value, reason, "
                                                   "source, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"
                                                   " ON CONFLICT (kind, value) DO NOTHING"
                                                   " RETURNING ") +
                                           kColumns,
                                       "add suppression " + target.ToString());
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, SuppressionKindName(target.kind))
      .Bind(2, target.value)
      .Bind(3, reason)
      .Bind(4, source)
      .Bind(5, created_at > 0 ? created_at : SystemClock().NowUnix());
  Result<bool> row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) {
    Result<std::optional<SuppressionEntry>> existing = FindIn(db, target);
    if (!existing) return std::unexpected(existing.error());
    if (!*existing) return Fail(ErrorCode::kInternal, "suppression conflict without a row");
    return SuppressionAddResult{std::move(**existing), false};
  }
  Result<SuppressionEntry> entry = ReadEntry(*stmt);
  if (!entry) return std::unexpected(entry.error());
  // Finish the INSERT before the next statement writes.
  if (Result<bool> done = stmt->Step(); !done) return std::unexpected(done.error());
  if (Status event = AppendEventIn(db, "suppression_addition", *entry); !event) {
    return std::unexpected(event.error());
  }
  return SuppressionAddResult{std::move(*entry), true};
}

}  // namespace

Result<SuppressionAddResult> AddSuppressionIn(sqlite3* db, const SuppressionTarget& target,
                                              std::string_view reason, std::string_view source,
                                              int64_t created_at) {
  return AddIn(db, target, reason, source, created_at);
}

Result<SuppressionAddResult> SuppressionStore::Add(const SuppressionTarget& target,
                                                   std::string_view reason, std::string_view source,
                                                   int64_t created_at) {
  return db_.WithConnection([&](sqlite3* db) -> Result<SuppressionAddResult> {
    auto tx = SqliteTransaction::Begin(db, "add suppression");
    if (!tx) return std::unexpected(tx.error());
    Result<SuppressionAddResult> added =
        AddIn(db, target, reason, source.empty() ? kManualSource : source, created_at);
    if (!added) return added;
    if (Status committed = tx->Commit(); !committed) return std::unexpected(committed.error());
    return added;
  });
}

Result<SuppressionImportResult> SuppressionStore::Import(std::string_view csv_text) {
  SuppressionCsv csv = ParseSuppressionCsv(csv_text);
  return db_.WithConnection([&](sqlite3* db) -> Result<SuppressionImportResult> {
    auto tx = SqliteTransaction::Begin(db, "import suppressions");
    if (!tx) return std::unexpected(tx.error());
    SuppressionImportResult result;
    result.issues = std::move(csv.issues);
    for (const SuppressionCsvRow& row : csv.rows) {
      Result<SuppressionAddResult> added =
          AddIn(db, row.target, row.reason, row.source.empty() ? kImportSource : row.source,
                row.created_at);
      if (!added) return std::unexpected(added.error());
      ++(added->added ? result.added : result.already_present);
    }
    if (Status committed = tx->Commit(); !committed) return std::unexpected(committed.error());
    return result;
  });
}

Result<std::vector<SuppressionEntry>> SuppressionStore::List(std::optional<SuppressionKind> kind) {
  return db_.WithConnection([&](sqlite3* db) -> Result<std::vector<SuppressionEntry>> {
    auto stmt = SqliteStatement::Prepare(
        db,
        std::string("SELECT ") + kColumns +
            " FROM suppressions WHERE ?1 IS NULL OR kind = ?1 ORDER BY created_at, id",
        "list suppressions");
    if (!stmt) return std::unexpected(stmt.error());
    if (kind) stmt->Bind(1, SuppressionKindName(*kind));
    std::vector<SuppressionEntry> entries;
    while (true) {
      Result<bool> row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return entries;
      Result<SuppressionEntry> entry = ReadEntry(*stmt);
      if (!entry) return std::unexpected(entry.error());
      entries.push_back(std::move(*entry));
    }
  });
}

Result<SuppressionEntry> SuppressionStore::Find(const SuppressionTarget& target) {
  return db_.WithConnection([&](sqlite3* db) -> Result<SuppressionEntry> {
    Result<std::optional<SuppressionEntry>> found = FindIn(db, target);
    if (!found) return std::unexpected(found.error());
    if (!*found) {
      return Fail(ErrorCode::kNotFound, target.ToString() + " is not on the suppression list");
    }
    return std::move(**found);
  });
}

Result<SuppressionEntry> SuppressionStore::Remove(const SuppressionTarget& target, bool force) {
  return db_.WithConnection([&](sqlite3* db) -> Result<SuppressionEntry> {
    auto tx = SqliteTransaction::Begin(db, "remove suppression");
    if (!tx) return std::unexpected(tx.error());
    Result<std::optional<SuppressionEntry>> found = FindIn(db, target);
    if (!found) return std::unexpected(found.error());
    if (!*found) {
      return Fail(ErrorCode::kNotFound, target.ToString() + " is not on the suppression list");
    }
    const SuppressionEntry& entry = **found;
    if (IsProtectedReason(entry.reason) && !force) {
      return Fail(ErrorCode::kConflict,
                  target.ToString() + " is suppressed for a GDPR objection ('" + entry.reason +
                      "'), which never expires; remove it only with force if it was recorded "
                      "in error");
    }
    auto stmt = SqliteStatement::Prepare(db, "DELETE FROM suppressions WHERE id = ?1",
                                         "remove suppression " + target.ToString());
    if (!stmt) return std::unexpected(stmt.error());
    if (Status run = stmt->Bind(1, entry.id).Run(); !run) return std::unexpected(run.error());
    if (Status event = AppendEventIn(db, "suppression_removal", entry); !event) {
      return std::unexpected(event.error());
    }
    if (Status committed = tx->Commit(); !committed) return std::unexpected(committed.error());
    return entry;
  });
}

Result<SuppressionVerdict> SuppressionStore::IsSuppressed(const Recipient& recipient,
                                                          const ComplianceRules& rules) {
  const std::vector<SuppressionTarget> keys = SuppressionKeysFor(recipient);
  Result<SuppressionLookup> lookup =
      db_.WithConnection([&](sqlite3* db) -> Result<SuppressionLookup> {
        SuppressionLookup found;
        for (const SuppressionTarget& key : keys) {
          Result<std::optional<SuppressionEntry>> entry = FindIn(db, key);
          if (!entry) return std::unexpected(entry.error());
          if (*entry) found.entries.push_back(std::move(**entry));
        }
        return found;
      });
  if (!lookup) return std::unexpected(lookup.error());
  return CheckSuppression(recipient, *lookup, rules);
}

}  // namespace draftbox
