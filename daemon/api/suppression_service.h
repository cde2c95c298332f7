// The service behind /v1/suppressions: add, import, list and remove do-not-contact entries. The
// app layer implements it over the suppression store; tests may implement it with fixed values.
// Implementations must be thread-safe: the API calls them from several pool threads at once.
#ifndef DRAFTBOX_API_SUPPRESSION_SERVICE_H_
#define DRAFTBOX_API_SUPPRESSION_SERVICE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/suppression.h"

namespace draftbox {

class SuppressionService {
 public:
  virtual ~SuppressionService() = default;

  // Adds `target` unless it is listed; an existing entry keeps its reason and date (added ==
  // false). kStore on a database error.
  virtual Result<SuppressionAddResult> Add(const SuppressionTarget& target, std::string_view reason,
                                           std::string_view source) = 0;

  // Imports a suppression CSV; bad rows are in the result, not an error. kStore on a database
  // error (then nothing is imported).
  virtual Result<SuppressionImportResult> Import(std::string_view csv_text) = 0;

  // Every entry, oldest first, or only those of `kind`. kStore on a database error.
  virtual Result<std::vector<SuppressionEntry>> List(std::optional<SuppressionKind> kind) = 0;

  // Removes and returns the entry for `target`: kNotFound if none, kConflict for a GDPR
  // objection without `force`, kStore on a database error.
  virtual Result<SuppressionEntry> Remove(const SuppressionTarget& target, bool force) = 0;
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_SUPPRESSION_SERVICE_H_
