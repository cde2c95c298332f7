// The EditReportService the API uses, over the captured (draft, sent) pairs in the store
// (store/EditPairStore), reported by compose/EditPatternFinder. Thread-safe: the store
// serialises on the database's lock and the finder is pure.
#ifndef DRAFTBOX_APP_STORE_EDIT_REPORT_SERVICE_H_
#define DRAFTBOX_APP_STORE_EDIT_REPORT_SERVICE_H_

#include <cstddef>
#include <cstdint>

#include "api/edit_report_service.h"
#include "store/database.h"

namespace draftbox {

class StoreEditReportService : public EditReportService {
 public:
  // Sends looked at per report: a year of a busy team's drafts, read in well under a second.
  static constexpr int64_t kMaxSends = 5000;
  // Entries per list of the report.
  static constexpr size_t kTop = 10;

  // `db` must outlive the service.
  explicit StoreEditReportService(Database& db) : db_(db) {}

  Result<EditReport> Edits(const std::optional<std::string>& persona) override;

 private:
  Database& db_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_APP_STORE_EDIT_REPORT_SERVICE_H_
