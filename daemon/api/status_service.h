// The service behind GET /v1/status. The app layer implements it over the database and the
// mailbox monitor; tests implement it with fixed values. Implementations must be thread-safe:
// the API calls it from several pool threads at once.
#ifndef DRAFTBOX_API_STATUS_SERVICE_H_
#define DRAFTBOX_API_STATUS_SERVICE_H_

#include "api/daemon_status.h"
#include "core/error.h"

namespace draftbox {

class StatusService {
 public:
  virtual ~StatusService() = default;

  // The daemon's current state. An error (e.g. kStore when the counts cannot be read) is sent
  // to the client as an error body with HttpStatusFor(code).
  virtual Result<DaemonStatus> GetStatus() = 0;
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_STATUS_SERVICE_H_
