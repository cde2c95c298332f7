// The SuppressionService the API uses, over the daemon's SuppressionStore. Thread-safe: the
// store serialises on the database's lock.
#ifndef DRAFTBOX_APP_STORE_SUPPRESSION_SERVICE_H_
#define DRAFTBOX_APP_STORE_SUPPRESSION_SERVICE_H_

#include "api/suppression_service.h"
#include "store/suppression_store.h"

namespace draftbox {

class StoreSuppressionService : public SuppressionService {
 public:
  // `db` must outlive the service.
  explicit StoreSuppressionService(Database& db) : store_(db) {}

  // Each returns what the SuppressionStore method of the same name returns.
  Result<SuppressionAddResult> Add(const SuppressionTarget& target, std::string_view reason,
                                   std::string_view source) override {
    return store_.Add(target, reason, source);
  }
  Result<SuppressionImportResult> Import(std::string_view csv_text) override {
    return store_.Import(csv_text);
  }
  Result<std::vector<SuppressionEntry>> List(std::optional<SuppressionKind> kind) override {
    return store_.List(kind);
  }
  Result<SuppressionEntry> Remove(const SuppressionTarget& target, bool force) override {
    return store_.Remove(target, force);
  }

 private:
  SuppressionStore store_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_APP_STORE_SUPPRESSION_SERVICE_H_
