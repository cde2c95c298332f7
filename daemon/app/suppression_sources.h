// [suppression] sources at daemon start: each CSV list IT keeps outside this machine (a
// company-wide do-not-contact list) is added to the suppression list, as `draftbox suppress
// import` would add it. Rows already there keep their first reason, so importing at every
// start adds only what is new. Thread-safe as SuppressionStore is.
#ifndef DRAFTBOX_APP_SUPPRESSION_SOURCES_H_
#define DRAFTBOX_APP_SUPPRESSION_SOURCES_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "store/suppression_store.h"

namespace draftbox {

// What one source gave: rows added, rows refused, or why the file was skipped.
struct SuppressionSourceOutcome {
  std::filesystem::path file;
  int64_t added = 0;
  int64_t refused = 0;
  std::optional<std::string> error;  // set when nothing was imported from this file

  bool operator==(const SuppressionSourceOutcome&) const = default;
};

// Imports every file of `sources` in order and logs one line per file. A file that is missing,
// unreadable or refused by the store is an outcome with `error`, never a failure of the
// others: a late network share must not keep the daemon from starting, and what a list added
// before stays in the store.
std::vector<SuppressionSourceOutcome> ImportSuppressionSources(
    SuppressionStore& store, const std::vector<std::filesystem::path>& sources);

}  // namespace draftbox

#endif  // DRAFTBOX_APP_SUPPRESSION_SOURCES_H_
