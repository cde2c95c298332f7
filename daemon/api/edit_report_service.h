// The service behind GET /v1/reports/edits: what reps of a persona change in the drafts they
// send (core/edit_report.h). The app layer implements it over the captured (draft, sent) pairs;
// tests may implement it with fixed values. Implementations must be thread-safe: the API calls
// them from several pool threads.
#ifndef DRAFTBOX_API_EDIT_REPORT_SERVICE_H_
#define DRAFTBOX_API_EDIT_REPORT_SERVICE_H_

#include <optional>
#include <string>

#include "core/edit_report.h"
#include "core/error.h"

namespace draftbox {

class EditReportService {
 public:
  virtual ~EditReportService() = default;

  // The report over the recent sends of campaigns written as `persona` (nullopt: every
  // persona). kStore on a database error.
  virtual Result<EditReport> Edits(const std::optional<std::string>& persona) = 0;
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_EDIT_REPORT_SERVICE_H_
