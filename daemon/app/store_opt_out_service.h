// The OptOutService the API uses, over the daemon's OptOutReviewStore. Thread-safe: the store
// serialises on the database's lock.
#ifndef DRAFTBOX_APP_STORE_OPT_OUT_SERVICE_H_
#define DRAFTBOX_APP_STORE_OPT_OUT_SERVICE_H_

#include "api/opt_out_service.h"
#include "store/opt_out_review_store.h"

namespace draftbox {

class StoreOptOutService : public OptOutService {
 public:
  // `db` must outlive the service.
  explicit StoreOptOutService(Database& db) : store_(db) {}

  // Each returns what the OptOutReviewStore method of the same name returns.
  Result<std::vector<OptOutReview>> List(std::optional<OptOutReviewState> state) override {
    return store_.List(state);
  }
  Result<OptOutReview> Get(int64_t id) override { return store_.Get(id); }
  Result<OptOutReview> Confirm(int64_t id) override { return store_.Confirm(id); }
  Result<OptOutReview> Dismiss(int64_t id) override { return store_.Dismiss(id); }

 private:
  OptOutReviewStore store_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_APP_STORE_OPT_OUT_SERVICE_H_
