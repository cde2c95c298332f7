// The RecipientService the API uses: parses the files a client sent (import/) and stores them
// with the RecipientStore. Thread-safe: parsing is per call, the store serialises on the
// database's lock.
#ifndef DRAFTBOX_APP_STORE_RECIPIENT_SERVICE_H_
#define DRAFTBOX_APP_STORE_RECIPIENT_SERVICE_H_

#include <functional>
#include <string>
#include <utility>

#include "api/recipient_service.h"
#include "store/recipient_store.h"

namespace draftbox {

class StoreRecipientService : public RecipientService {
 public:
  // `db` must outlive the service. `after_import` (may be empty) is called after every import
  // that added recipients or activities: the daemon evaluates campaign triggers then. It must not
  // block.
  explicit StoreRecipientService(Database& db, std::function<void()> after_import = {})
      : store_(db), after_import_(std::move(after_import)) {}

  // kInvalidArgument for a format other than csv/jsonl; kStore from the store.
  Result<RecipientImportResult> Import(const RecipientImportRequest& request) override;
  // kStore from the store.
  Result<RecipientPage> List(int64_t offset, int64_t limit) override;
  // kNotFound when there is no such recipient.
  Result<Recipient> Get(int64_t id) override { return store_.Get(id); }
  Result<Recipient> GetByEmail(const std::string& email) override {
    return store_.GetByEmail(email);
  }

 private:
  RecipientStore store_;
  std::function<void()> after_import_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_APP_STORE_RECIPIENT_SERVICE_H_
