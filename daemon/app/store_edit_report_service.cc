#include "app/store_edit_report_service.h"

#include <vector>

#include "campaign/edit_learning.h"
#include "compose/edit_patterns.h"
#include "store/edit_pair_store.h"

namespace draftbox {

Result<EditReport> StoreEditReportService::Edits(const std::optional<std::string>& persona) {
  Result<std::vector<EditPairRow>> rows = EditPairStore(db_).Recent(persona, kMaxSends);
  if (!rows) return std::unexpected(rows.error());
  std::vector<EditPair> pairs;
  pairs.reserve(rows->size());
  for (const EditPairRow& row : *rows) pairs.push_back(EditLearning::PairOf(row));
  return EditPatternFinder::Report(pairs, persona.value_or(""), kTop);
}

}  // namespace draftbox
