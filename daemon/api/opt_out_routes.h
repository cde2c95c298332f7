// The /v1/optouts endpoints (shared/api/optout*.json): possible opt-outs a rep reviews.
//   GET  /v1/optouts[?state=pending|confirmed|dismissed]  -> {optouts, count}
//   GET  /v1/optouts/{id}                                 -> optout
//   POST /v1/optouts/{id}/confirm                         -> {optout} (the address suppressed)
//   POST /v1/optouts/{id}/dismiss                         -> {optout} (drafting goes on)
// A decision on one already decided is 409 conflict. Handlers are guard clauses over an
// OptOutService. Thread-safe as the service is.
#ifndef DRAFTBOX_API_OPT_OUT_ROUTES_H_
#define DRAFTBOX_API_OPT_OUT_ROUTES_H_

#include <nlohmann/json.hpp>

#include "api/opt_out_service.h"

namespace httplib {
class Server;
}

namespace draftbox {

class OptOutRoutes {
 public:
  // `service` must outlive the server the routes are installed on.
  explicit OptOutRoutes(OptOutService& service) : service_(service) {}

  // Adds the handlers to `server` (before it starts listening).
  void Install(httplib::Server& server);

 private:
  OptOutService& service_;
};

// The JSON form of shared/api/optout.json.
nlohmann::json OptOutReviewToJson(const OptOutReview& review);

}  // namespace draftbox

#endif  // DRAFTBOX_API_OPT_OUT_ROUTES_H_
