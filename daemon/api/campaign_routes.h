// The /v1/campaigns, /v1/runs and /v1/drafts endpoints (docs/api-campaigns.md). Handlers are
// guard clauses over a CampaignService. Thread-safe as the service is.
#ifndef DRAFTBOX_API_CAMPAIGN_ROUTES_H_
#define DRAFTBOX_API_CAMPAIGN_ROUTES_H_

#include <cstdint>

#include "api/campaign_service.h"

namespace httplib {
class Server;
}

namespace draftbox {

class CampaignRoutes {
 public:
  static constexpr int64_t kMaxPageSize = 1000;
  static constexpr int64_t kDefaultPageSize = 50;
  // A campaign file is a few hundred bytes; this keeps a wrong file from filling memory.
  static constexpr size_t kMaxTomlBytes = 64 * 1024;
  // An email a person wrote; anything longer is not one.
  static constexpr size_t kMaxSentTextBytes = 1024 * 1024;
  // A subject is one header line: RFC 5322 §2.1.1 caps a line at 998 characters.
  static constexpr size_t kMaxSubjectBytes = 998;
  // The longest long poll of GET /v1/operations/{id}?wait=S: as the events' long poll, under
  // common proxy and client idle timeouts.
  static constexpr int64_t kMaxOperationWaitSeconds = 30;

  // `service` must outlive the server the routes are installed on.
  explicit CampaignRoutes(CampaignService& service) : service_(service) {}

  // Adds the handlers to `server` (before it starts listening).
  void Install(httplib::Server& server);

 private:
  CampaignService& service_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_CAMPAIGN_ROUTES_H_
