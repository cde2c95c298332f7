// The /v1/reports endpoints (shared/api/edit_report.json):
//   GET /v1/reports/edits[?persona=P] -> the most common edits reps made before sending:
//       phrases removed and added, subject rewrites, the median edit ratio overall and per week.
// A persona that is empty or longer than 200 bytes is 400 invalid_argument. Handlers are guard
// clauses over an EditReportService. Thread-safe as the service is.
#ifndef DRAFTBOX_API_REPORT_ROUTES_H_
#define DRAFTBOX_API_REPORT_ROUTES_H_

#include <nlohmann/json.hpp>

#include "api/edit_report_service.h"

namespace httplib {
class Server;
}

namespace draftbox {

class ReportRoutes {
 public:
  // `service` must outlive the server the routes are installed on.
  explicit ReportRoutes(EditReportService& service) : service_(service) {}

  // Adds the handlers to `server` (before it starts listening).
  void Install(httplib::Server& server);

 private:
  EditReportService& service_;
};

// The JSON form of shared/api/edit_report.json.
nlohmann::json EditReportToJson(const EditReport& report);

}  // namespace draftbox

#endif  // DRAFTBOX_API_REPORT_ROUTES_H_
