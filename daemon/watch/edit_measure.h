// How much the sender changed a draft before sending it (DESIGN.md "Signals":
// draft_edit_signal): words and characters changed, the edit ratio, whether the subject changed,
// and a short summary of the first changes. Diffs with dtl (an O(ND) diff, libdtl-dev).
// Pure; thread-safe.
#ifndef DRAFTBOX_WATCH_EDIT_MEASURE_H_
#define DRAFTBOX_WATCH_EDIT_MEASURE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace draftbox {

struct EditMeasure {
  int64_t words_before = 0;
  int64_t words_after = 0;
  int64_t words_added = 0;
  int64_t words_removed = 0;
  int64_t chars_changed = 0;  // characters inserted + deleted (code points)
  double edit_ratio = 0;      // chars_changed / max(length before, length after), 0..1
  bool subject_changed = false;
  std::string summary;  // e.g. "-'Hi there,' +'Dear Ms Lima,'; +2 words at the end"
};

// Compares the placed draft with what was sent. Whitespace differences (line wrapping, CRLF,
// trailing spaces, quoted-printable soft breaks already decoded) do not count as edits.
EditMeasure MeasureEdit(std::string_view draft_subject, std::string_view draft_body,
                        std::string_view sent_subject, std::string_view sent_body);

// Word-level similarity of two texts, 0..1 (1 = same words in the same order): used to link a
// sent message to a draft when no header or report says which.
double TextSimilarity(std::string_view a, std::string_view b);

// The payload of a draft_edit_signal event.
nlohmann::json EditMeasureToJson(const EditMeasure& measure);

}  // namespace draftbox

#endif  // DRAFTBOX_WATCH_EDIT_MEASURE_H_
