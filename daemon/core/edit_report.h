// What reps of a persona change in the drafts they send, for `draftbox report edits` and
// GET /v1/reports/edits (docs/edits.md): the phrases they remove and add most, the subjects
// they rewrite, and the median edit ratio per week, so a campaign owner sees drift. Recipient
// names, companies and facts are masked ("[first name]", "[company]", "[fact]") so edits made
// to different people count as one. Plain value types; built by compose/EditPatternFinder.
#ifndef DRAFTBOX_CORE_EDIT_REPORT_H_
#define DRAFTBOX_CORE_EDIT_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace draftbox {

struct PhraseEdit {
  std::string text;
  int64_t sends = 0;  // sends that removed (or added) it
};

struct SubjectRewrite {
  std::string from;   // the draft's subject, masked
  std::string to;     // the subject most often sent in its place, masked
  int64_t sends = 0;  // sends that changed `from` (to anything)
};

struct EditWeek {
  std::string week;  // the Monday the week starts on, "YYYY-MM-DD" (UTC)
  int64_t sends = 0;
  double median_ratio = 0;  // median draft_edit_signal edit_ratio of the week, 0..1
};

struct EditReport {
  std::string persona;  // "" = every persona
  int64_t sends = 0;    // pairs looked at
  double median_ratio = 0;
  std::vector<PhraseEdit> removed;  // most sends first
  std::vector<PhraseEdit> added;
  std::vector<SubjectRewrite> subject_rewrites;
  std::vector<EditWeek> weeks;  // oldest first
};

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_EDIT_REPORT_H_
