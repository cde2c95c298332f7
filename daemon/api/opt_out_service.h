// The service behind /v1/optouts: possible opt-outs awaiting review, and the rep's decision on
// each. The app layer implements it over the opt-out review store; tests may implement it with
// fixed values. Implementations must be thread-safe: the API calls them from several pool threads.
#ifndef DRAFTBOX_API_OPT_OUT_SERVICE_H_
#define DRAFTBOX_API_OPT_OUT_SERVICE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/opt_out_review.h"

namespace draftbox {

class OptOutService {
 public:
  virtual ~OptOutService() = default;

  // Every review, oldest first, or only those in `state`. kStore on a database error.
  virtual Result<std::vector<OptOutReview>> List(std::optional<OptOutReviewState> state) = 0;

  // The review `id`: kNotFound if none, kStore on a database error.
  virtual Result<OptOutReview> Get(int64_t id) = 0;

  // Confirms (the address is suppressed, citing the reply) or dismisses (drafting goes on)
  // review `id` and returns it decided: kNotFound, kConflict if already decided, kStore.
  virtual Result<OptOutReview> Confirm(int64_t id) = 0;
  virtual Result<OptOutReview> Dismiss(int64_t id) = 0;
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_OPT_OUT_SERVICE_H_
