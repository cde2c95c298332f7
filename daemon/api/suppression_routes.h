// The /v1/suppressions endpoints (shared/api/suppression*.json):
//   GET    /v1/suppressions[?kind=address|domain|recipient]   -> {suppressions, count}
//   POST   /v1/suppressions         {target, reason, source?} -> {added, entry} (201 | 200)
//   POST   /v1/suppressions/import  {text}                    -> {added, already_present, issues}
//   DELETE /v1/suppressions/{target}[?force=true]             -> {removed}
//   POST   /v1/suppressions/remove  {target, force?}          -> {removed}
// `target` is ADDRESS, @DOMAIN or id:N (the '@' may be sent as %40). POST .../remove is the same
// as DELETE for clients that only speak GET and POST. Handlers are guard clauses over a
// SuppressionService. Thread-safe as the service is.
#ifndef DRAFTBOX_API_SUPPRESSION_ROUTES_H_
#define DRAFTBOX_API_SUPPRESSION_ROUTES_H_

#include <nlohmann/json.hpp>

#include "api/suppression_service.h"

namespace httplib {
class Server;
}

namespace draftbox {

class SuppressionRoutes {
 public:
  // `service` must outlive the server the routes are installed on.
  explicit SuppressionRoutes(SuppressionService& service) : service_(service) {}

  // Adds the handlers to `server` (before it starts listening).
  void Install(httplib::Server& server);

 private:
  SuppressionService& service_;
};

// The JSON form of shared/api/suppression.json.
nlohmann::json SuppressionEntryToJson(const SuppressionEntry& entry);

}  // namespace draftbox

#endif  // DRAFTBOX_API_SUPPRESSION_ROUTES_H_
