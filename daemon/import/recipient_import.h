// Turns recipient files (DESIGN.md "Recipients") into clean Recipient values: recipients CSV
// (header names as in tests/data/recipients/recipients.csv, unknown columns kept as custom
// fields), activities CSV (email,type,date,summary,source) and JSONL (one recipient per line,
// activities nested). Pure: it reads only the text it is given and never touches the store.
//
// Rules (docs: daemon/import/README.md):
// - A bad row is left out and reported as {file, line, field, reason}; the other rows import.
// - Emails go through NormaliseEmail. Rows whose emails differ only by case or spaces merge into
//   one recipient: the later row's non-empty fields win, activities add up; each merge is
//   reported as a notice.
// - Every text field is untrusted data kept verbatim, except that it is trimmed, line breaks,
//   tabs and other control characters become one space (no field may carry a header line or a
//   fake prompt section), and it must be valid UTF-8 of at most kMaxFieldChars characters.
//
// Not thread-safe: one RecipientImport per import; distinct instances are independent.
#ifndef DRAFTBOX_IMPORT_RECIPIENT_IMPORT_H_
#define DRAFTBOX_IMPORT_RECIPIENT_IMPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/recipient.h"

namespace draftbox {

// One reported row: where it is and why it was left out (error) or changed (notice).
struct ImportProblem {
  std::string file;
  int64_t line = 0;   // 1-based physical line the row starts on
  std::string field;  // column or JSON key ("email", "activities[2].summary"); "" for the row
  std::string reason;

  bool operator==(const ImportProblem&) const = default;
};

struct ImportBatch {
  std::vector<Recipient> recipients;   // unique by email, in order of first appearance
  std::vector<ImportProblem> errors;   // rows left out, and problems of a whole file
  std::vector<ImportProblem> notices;  // rows merged into an earlier one
  int64_t merged = 0;                  // how many rows merged into an earlier one
  // Errors about one row (or one activity) left out; a problem of a whole file (its header,
  // an unclosed quote) is an error but no refused row, so a bad header never reads as one.
  int64_t refused = 0;
};

class RecipientImport {
 public:
  // A fact or a role longer than this is pasted notes, not a fact; it would crowd the prompt
  // and the review pane, so the row is refused rather than cut mid-sentence.
  static constexpr size_t kMaxFieldChars = 1000;
  // A draft uses a handful of recent facts; more than this per person is a feed, not facts.
  static constexpr size_t kMaxActivitiesPerRecipient = 100;
  // Tags are for targeting; a cell with more is a mistake (a paste into the wrong column).
  static constexpr size_t kMaxTags = 50;

  // Adds the recipients of a CSV file named `file` (used in reports only).
  void AddRecipientsCsv(std::string_view file, std::string_view text);

  // Adds the recipients of a JSONL file, one JSON object per line; blank lines are skipped.
  void AddRecipientsJsonl(std::string_view file, std::string_view text);

  // Adds the activities of an activities CSV to recipients added before; an activity whose
  // email is not among them is reported, not stored.
  void AddActivitiesCsv(std::string_view file, std::string_view text);

  // The result so far; the import is empty afterwards.
  ImportBatch Take();

 private:
  void AddRecipient(Recipient recipient, std::string_view file, int64_t line);
  void AddActivity(size_t index, Activity activity, std::string_view file, int64_t line,
                   std::string_view field);
  // A row (or one activity) left out: an error, counted in `refused`.
  void Error(std::string_view file, int64_t line, std::string_view field, std::string reason);
  // A problem of the whole file (header, unclosed quote): an error, not a refused row.
  void FileError(std::string_view file, int64_t line, std::string_view field, std::string reason);

  ImportBatch batch_;
  struct Seen {
    size_t index;  // in batch_.recipients
    std::string file;
    int64_t line;
  };
  std::unordered_map<std::string, Seen> by_email_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_IMPORT_RECIPIENT_IMPORT_H_
