// The RecipientService the API uses: parses the files a client sent (import/) and stores them
// with the RecipientStore, either within the call (Import) or on one background thread that
// reports progress per committed batch (StartImport / GetImport). The last kKeptImports
// background imports are remembered in memory, so a client can still read how one ended.
// Thread-safe: parsing is per call, the job list is under a mutex, and the store serialises on
// the database's lock.
#ifndef DRAFTBOX_APP_STORE_RECIPIENT_SERVICE_H_
#define DRAFTBOX_APP_STORE_RECIPIENT_SERVICE_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "api/recipient_service.h"
#include "import/recipient_import.h"
#include "store/recipient_store.h"

namespace draftbox {

class StoreRecipientService : public RecipientService {
 public:
  // Enough for a client that polls now and then to find its import again; each one is small
  // (counts and the refused rows), so keeping them costs little.
  static constexpr size_t kKeptImports = 20;

  // `db` must outlive the service. `after_import` (may be empty) is called after every import
  // that added recipients or activities, on the thread that stored them: the daemon evaluates
  // campaign triggers then. It must not block.
  explicit StoreRecipientService(Database& db, std::function<void()> after_import = {});

  // Stop(): a background import is finished, not abandoned.
  ~StoreRecipientService() override;

  StoreRecipientService(const StoreRecipientService&) = delete;
  StoreRecipientService& operator=(const StoreRecipientService&) = delete;

  // kInvalidArgument for a format other than csv/jsonl; kStore from the store.
  Result<RecipientImportResult> Import(const RecipientImportRequest& request) override;
  // kInvalidArgument for a format other than csv/jsonl; kConflict while another background
  // import runs; kUnavailable after Stop().
  Result<RecipientImportJob> StartImport(const RecipientImportRequest& request) override;
  // kNotFound for an id never given or no longer among the kept ones.
  Result<RecipientImportJob> GetImport(int64_t id) override;
  // kStore from the store.
  Result<RecipientPage> List(int64_t offset, int64_t limit) override;
  // kNotFound when there is no such recipient.
  Result<Recipient> Get(int64_t id) override { return store_.Get(id); }
  Result<Recipient> GetByEmail(const std::string& email) override {
    return store_.GetByEmail(email);
  }

  // Refuses new background imports and waits for a running one to finish storing (a 100k-row
  // file takes seconds). Call before the database closes. Later calls do nothing.
  void Stop();

 private:
  // A parsed request, ready to store.
  struct Parsed {
    std::string recipients_file;
    ImportBatch batch;
  };

  // kInvalidArgument for a format other than csv/jsonl.
  static Result<Parsed> Parse(const RecipientImportRequest& request);
  // Upserts, logs, calls after_import_. kStore from the store.
  Result<RecipientImportResult> Store(Parsed parsed,
                                      const std::function<void(int64_t done)>& progress);
  // The background thread's body for job `id`.
  void Run(int64_t id, Parsed parsed);
  // The kept job with this id, or nullptr. Needs mu_.
  RecipientImportJob* FindLocked(int64_t id);
  // Drops the oldest jobs beyond kKeptImports that are not running. Needs mu_.
  void TrimLocked();

  RecipientStore store_;
  std::function<void()> after_import_;

  std::mutex mu_;
  std::deque<RecipientImportJob> jobs_;  // oldest first; guarded by mu_
  int64_t next_id_ = 1;                  // guarded by mu_
  bool running_ = false;                 // a background import is storing; guarded by mu_
  bool stopped_ = false;                 // guarded by mu_
  std::thread worker_;                   // the last background thread; started and taken under mu_
};

}  // namespace draftbox

#endif  // DRAFTBOX_APP_STORE_RECIPIENT_SERVICE_H_
