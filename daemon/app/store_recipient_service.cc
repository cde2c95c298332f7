#include "app/store_recipient_service.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <optional>
#include <system_error>
#include <utility>

#include "core/text.h"

namespace draftbox {
namespace {

std::string NameOr(const std::string& name, const char* fallback) {
  return name.empty() ? fallback : name;
}

}  // namespace

StoreRecipientService::StoreRecipientService(Database& db, std::function<void()> after_import)
    : store_(db), after_import_(std::move(after_import)) {}

StoreRecipientService::~StoreRecipientService() { Stop(); }

Result<StoreRecipientService::Parsed> StoreRecipientService::Parse(
    const RecipientImportRequest& request) {
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
  return Parsed{.recipients_file = recipients_file, .batch = import.Take()};
}

Result<RecipientImportResult> StoreRecipientService::Store(
    Parsed parsed, const std::function<void(int64_t done)>& progress) {
  ImportBatch& batch = parsed.batch;
  Result<UpsertCounts> counts = store_.Upsert(batch.recipients, progress);
  if (!counts) return std::unexpected(counts.error());
  spdlog::info("imported {}: {} new, {} updated, {} activities added, {} rows refused",
               parsed.recipients_file, counts->inserted, counts->updated, counts->activities_added,
               batch.refused);
  // New people or new facts can make a trigger fire; a re-import of the same file cannot (field
  // changes are picked up by the daily evaluation).
  if (after_import_ && counts->inserted + counts->activities_added > 0) {
    after_import_();
  }
  return RecipientImportResult{.imported = counts->inserted,
                               .updated = counts->updated,
                               .activities_added = counts->activities_added,
                               .merged = batch.merged,
                               .refused_rows = batch.refused,
                               .errors = std::move(batch.errors),
                               .notices = std::move(batch.notices)};
}

Result<RecipientImportResult> StoreRecipientService::Import(const RecipientImportRequest& request) {
  Result<Parsed> parsed = Parse(request);
  if (!parsed) return std::unexpected(parsed.error());
  return Store(std::move(*parsed), {});
}

Result<RecipientImportJob> StoreRecipientService::StartImport(
    const RecipientImportRequest& request) {
  // Checked before and after parsing: a busy answer should not wait for a large file to parse,
  // and another import may have started while this one parsed.
  auto refusal = [this]() -> std::optional<Error> {
    if (stopped_) return Error{ErrorCode::kUnavailable, "the daemon is stopping"};
    if (!running_) return std::nullopt;
    const RecipientImportJob& job = jobs_.back();  // a running job is always the newest
    return Error{ErrorCode::kConflict, "import " + std::to_string(job.id) + " is still running (" +
                                           std::to_string(job.done) + " of " +
                                           std::to_string(job.total) +
                                           " stored); try again when it has finished"};
  };
  {
    std::lock_guard lock(mu_);
    if (std::optional<Error> refused = refusal()) return std::unexpected(*refused);
  }
  Result<Parsed> parsed = Parse(request);
  if (!parsed) return std::unexpected(parsed.error());

  RecipientImportJob job;
  std::thread previous;
  {
    std::lock_guard lock(mu_);
    if (std::optional<Error> refused = refusal()) return std::unexpected(*refused);
    job.id = next_id_++;
    job.state = "running";
    job.total = static_cast<int64_t>(parsed->batch.recipients.size());
    // Logged before the thread starts, so it comes before the thread's own lines.
    spdlog::info("import {} of {} started: {} recipients to store", job.id,
                 NameOr(request.recipients_file, "recipients"), job.total);
    try {
      std::thread worker(&StoreRecipientService::Run, this, job.id, std::move(*parsed));
      previous = std::exchange(worker_, std::move(worker));
    } catch (const std::system_error& e) {
      return Fail(ErrorCode::kInternal, std::string("cannot start the import: ") + e.what());
    }
    jobs_.push_back(job);
    running_ = true;
    TrimLocked();
  }
  // The previous thread has already marked its job done; joining only waits for it to return.
  if (previous.joinable()) previous.join();
  return job;
}

void StoreRecipientService::Run(int64_t id, Parsed parsed) {
  Result<RecipientImportResult> result = Fail(ErrorCode::kInternal, "the import did not run");
  try {
    result = Store(std::move(parsed), [this, id](int64_t done) {
      std::lock_guard lock(mu_);
      if (RecipientImportJob* job = FindLocked(id)) job->done = done;
    });
  } catch (const std::exception& e) {
    // Nothing in Store should throw; if it does, the job must still end and the thread must
    // not take the daemon down.
    result = Fail(ErrorCode::kInternal, std::string("import failed: ") + e.what());
  }
  // The message may quote the uploaded rows: escaped, so it stays one log line.
  if (!result) spdlog::error("import {} failed: {}", id, EscapeForLog(result.error().message));
  std::lock_guard lock(mu_);
  running_ = false;
  RecipientImportJob* job = FindLocked(id);
  if (job == nullptr) return;  // not reached: a running job is never trimmed
  if (result) {
    job->state = "finished";
    job->done = job->total;
    job->result = std::move(*result);
  } else {
    job->state = "failed";
    job->error = result.error().message;
  }
  TrimLocked();
}

Result<RecipientImportJob> StoreRecipientService::GetImport(int64_t id) {
  std::lock_guard lock(mu_);
  const RecipientImportJob* job = FindLocked(id);
  if (job == nullptr) {
    return Fail(ErrorCode::kNotFound, "no import with id " + std::to_string(id) +
                                          " (the daemon remembers the last " +
                                          std::to_string(kKeptImports) + " since it started)");
  }
  return *job;
}

void StoreRecipientService::Stop() {
  std::thread worker;
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
    worker = std::move(worker_);
    if (running_) {
      const RecipientImportJob& job = jobs_.back();
      spdlog::info("waiting for import {} to finish ({} of {} stored)", job.id, job.done,
                   job.total);
    }
  }
  if (worker.joinable()) worker.join();
}

RecipientImportJob* StoreRecipientService::FindLocked(int64_t id) {
  for (RecipientImportJob& job : jobs_) {
    if (job.id == id) return &job;
  }
  return nullptr;
}

void StoreRecipientService::TrimLocked() {
  while (jobs_.size() > kKeptImports && jobs_.front().state != "running") jobs_.pop_front();
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
