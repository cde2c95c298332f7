// What reps of one persona change in the drafts they send (issue "learning from edits"):
// phrases of the drafts they delete in most sends, subjects they rewrite in most sends, and the
// report of the most common edits. Pure functions over (draft, sent) pairs: the caller picks
// the pairs (one persona, recent sends; campaign/EditLearning, store/EditPairStore) and passes
// the patterns on in ComposeRequest::avoid_phrases / avoid_subjects, so the template composer
// stops using those phrases and demotes those subjects. Each pair is masked with its own
// recipient's strings first (EditMasker), so "Hi Anna," and "Hi Ben," are one phrase and no
// pattern names a person. Stateless; thread-safe.
#ifndef DRAFTBOX_COMPOSE_EDIT_PATTERNS_H_
#define DRAFTBOX_COMPOSE_EDIT_PATTERNS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "compose/edit_masker.h"
#include "core/edit_report.h"

namespace draftbox {

struct EditPair {
  std::string draft_subject;
  std::string draft_body;
  std::string sent_subject;
  std::string sent_body;
  RecipientStrings recipient;  // whom it went to: masked out before comparing
  int64_t sent_at = 0;         // unix seconds (the report's weeks)
  double edit_ratio = 0;       // draft_edit_signal's edit_ratio
};

struct EditPatterns {
  // Phrases (a sentence, a clause before ':' or a line such as "Best,") that occur in at least
  // kMinOccurrences drafts and were gone from more than half of the sent texts; most often
  // deleted first. Masked: may hold "[first name]", "[company]" or "[fact]" (EditMasker::Fill).
  std::vector<std::string> removed_phrases;
  // Draft subjects seen at least kMinOccurrences times and changed in more than half of the
  // sends; most often rewritten first. Masked like removed_phrases.
  std::vector<std::string> rewritten_subjects;
};

class EditPatternFinder {
 public:
  // Fewer sightings than this are one rep's taste on one day, not a pattern.
  static constexpr size_t kMinOccurrences = 3;
  // In the report, an edit made once is noise; twice is worth a look.
  static constexpr int64_t kMinReportSends = 2;

  static EditPatterns Find(const std::vector<EditPair>& pairs);

  // The report of `pairs` (any order): at most `top` phrases removed, phrases added and
  // subject rewrites, each made in at least kMinReportSends sends, most sends first; the
  // median edit ratio overall and per UTC week (Monday), oldest week first.
  static EditReport Report(const std::vector<EditPair>& pairs, const std::string& persona,
                           size_t top);

  // The phrases of `body` the finder compares: sentences, clauses ending in ':' and lines,
  // trimmed, whitespace collapsed.
  static std::vector<std::string> Phrases(const std::string& body);
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_EDIT_PATTERNS_H_
