// The suppression list in SQLite (table `suppressions`): who must never get a draft. Adds,
// imports and removals each append their event (`suppression_addition`, `suppression_removal`)
// in the same transaction as the row, so the signal log never misses or invents a change.
// IsSuppressed is the check made before anything is composed: a few indexed point lookups, then
// the pure rules of core/suppression.h.
// Thread-safe: every call runs under Database's connection lock.
#ifndef DRAFTBOX_STORE_SUPPRESSION_STORE_H_
#define DRAFTBOX_STORE_SUPPRESSION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/recipient.h"
#include "core/suppression.h"
#include "store/database.h"

struct sqlite3;

namespace draftbox {

// Adds `target` as SuppressionStore::Add does (the existing entry wins; a new one appends its
// suppression_addition event), on `db` inside the caller's transaction, so another store's row
// and the suppression commit together. `source` must not be empty. Errors as Add.
Result<SuppressionAddResult> AddSuppressionIn(sqlite3* db, const SuppressionTarget& target,
                                              std::string_view reason, std::string_view source,
                                              int64_t created_at = 0);

class SuppressionStore {
 public:
  explicit SuppressionStore(Database& db) : db_(db) {}

  // Adds `target` unless an entry for it exists. An existing entry is returned unchanged (its
  // first reason, source and date stand) with added == false, and no event is appended.
  // `created_at` 0 means now; `source` "" means "manual". kStore on a database error.
  Result<SuppressionAddResult> Add(const SuppressionTarget& target, std::string_view reason,
                                   std::string_view source = "", int64_t created_at = 0);

  // Imports a suppression CSV (core/suppression.h ParseSuppressionCsv) in one transaction: every
  // usable row is added as Add() would (rows without a source get "import"), refused rows are
  // reported in `issues`. kStore on a database error (then nothing is imported).
  Result<SuppressionImportResult> Import(std::string_view csv_text);

  // Every entry, oldest first, or only those of `kind`. kStore on a database error.
  Result<std::vector<SuppressionEntry>> List(std::optional<SuppressionKind> kind = std::nullopt);

  // The entry for `target`; kNotFound if there is none. kStore on a database error.
  Result<SuppressionEntry> Find(const SuppressionTarget& target);

  // Removes the entry for `target` and returns it. A GDPR objection (IsProtectedReason) never
  // expires: removing one needs `force`, else kConflict saying so. kNotFound if there is no
  // entry; kStore on a database error.
  Result<SuppressionEntry> Remove(const SuppressionTarget& target, bool force = false);

  // The decision before composing for `recipient`: looks up its address, recipient id and
  // domain with each parent domain (unique index on (kind, value)), then CheckSuppression.
  // kStore on a database error: the caller must then not compose.
  Result<SuppressionVerdict> IsSuppressed(const Recipient& recipient, const ComplianceRules& rules);

 private:
  Database& db_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_SUPPRESSION_STORE_H_
