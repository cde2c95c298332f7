#include "app/store_recipient_service.h"

#include <spdlog/spdlog.h>

#include "import/recipient_import.h"

namespace draftbox {
namespace {

std::string NameOr(const std::string& name, const char* fallback) {
  return name.empty() ? fallback : name;
}

}  // namespace

Result<RecipientImportResult> StoreRecipientService::Import(const RecipientImportRequest& request) {
  RecipientImport import;
  const std::string recipients_file = NameOr(request.recipients_file, "recipients");
  if (request.format == "csv") {
    import.AddRecipientsCsv(recipients_file, request.recipients_text);
  } else if (request.format == "jsonl") {
    import.AddRecipientsJsonl(recipients_file, request.recipients_text);
  } else {
    return Fail(ErrorCode::kInvalidArgument, "format must be csv or jsonl");
  }
  if (!request.activities_text.empty()) {
    import.AddActivitiesCsv(NameOr(request.activities_file, "activities"), request.activities_text);
  }
  ImportBatch batch = import.Take();
  Result<UpsertCounts> counts = store_.Upsert(batch.recipients);
  if (!counts) return std::unexpected(counts.error());
  spdlog::info("imported {}: {} new, {} updated, {} activities added, {} rows refused",
               recipients_file, counts->inserted, counts->updated, counts->activities_added,
               batch.errors.size());
  // New people or new facts can make a trigger fire; a re-import of the same file cannot (field
  // changes are picked up by the daily evaluation).
  if (after_import_ && counts->inserted + counts->activities_added > 0) {
    after_import_();
  }
  return RecipientImportResult{.imported = counts->inserted,
                               .updated = counts->updated,
                               .activities_added = counts->activities_added,
                               .merged = batch.merged,
                               .errors = std::move(batch.errors),
                               .notices = std::move(batch.notices)};
}

Result<RecipientPage> StoreRecipientService::List(int64_t offset, int64_t limit) {
  Result<std::vector<Recipient>> recipients = store_.List(offset, limit);
  if (!recipients) return std::unexpected(recipients.error());
  Result<int64_t> total = store_.Count();
  if (!total) return std::unexpected(total.error());
  return RecipientPage{
      .recipients = std::move(*recipients), .total = *total, .offset = offset, .limit = limit};
}

}  // namespace draftbox
