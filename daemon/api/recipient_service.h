// The service behind /v1/recipients and /v1/imports: import files the client sent (at once, or
// in the background with progress), list, show. The app layer implements it over the recipient
// store; tests implement it with fixed values.
// Implementations must be thread-safe: the API calls them from several pool threads at once.
#ifndef DRAFTBOX_API_RECIPIENT_SERVICE_H_
#define DRAFTBOX_API_RECIPIENT_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/recipient.h"
#include "import/recipient_import.h"

namespace draftbox {

// The contents of the files `draftbox recipients import` read, with their names for reports.
struct RecipientImportRequest {
  std::string format;  // "csv" | "jsonl"
  std::string recipients_file;
  std::string recipients_text;
  std::string activities_file;  // csv only; empty when there is none
  std::string activities_text;
};

struct RecipientImportResult {
  int64_t imported = 0;  // recipients new to the store
  int64_t updated = 0;   // recipients already known, updated by email
  int64_t activities_added = 0;
  int64_t merged = 0;                  // rows merged into an earlier row of the same address
  int64_t refused_rows = 0;            // errors about a row, not about a whole file
  std::vector<ImportProblem> errors;   // rows left out, and problems of a whole file
  std::vector<ImportProblem> notices;  // rows merged
};

// A background import (shared/api/recipients_import_job.json). `done` counts recipients whose
// batch is committed, out of `total` parsed; `result` is set once the state is "finished".
struct RecipientImportJob {
  int64_t id = 0;
  std::string state;  // "running" | "finished" | "failed"
  int64_t done = 0;
  int64_t total = 0;
  std::string error;  // why it failed; empty otherwise
  std::optional<RecipientImportResult> result;
};

struct RecipientPage {
  std::vector<Recipient> recipients;  // without activities
  int64_t total = 0;
  int64_t offset = 0;
  int64_t limit = 0;
};

class RecipientService {
 public:
  virtual ~RecipientService() = default;

  // Parses and stores. Bad rows are in the result, not an error; kInvalidArgument for an unknown
  // format, kStore if the database fails (batches stored before stay stored).
  virtual Result<RecipientImportResult> Import(const RecipientImportRequest& request) = 0;

  // Parses now (so a bad request fails at once) and stores on a background thread; the answer
  // is the job, normally "running". kInvalidArgument for an unknown format; kConflict while an
  // earlier background import still runs; kUnavailable once the daemon is stopping.
  virtual Result<RecipientImportJob> StartImport(const RecipientImportRequest& request) = 0;

  // The state of a background import; kNotFound for an id never given or long forgotten.
  virtual Result<RecipientImportJob> GetImport(int64_t id) = 0;

  // A page of recipients ordered by id; kStore on a database error.
  virtual Result<RecipientPage> List(int64_t offset, int64_t limit) = 0;

  // One recipient with activities, by id or by email; kNotFound if there is none.
  virtual Result<Recipient> Get(int64_t id) = 0;
  virtual Result<Recipient> GetByEmail(const std::string& email) = 0;
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_RECIPIENT_SERVICE_H_
