// What reps of one persona change in the drafts they send (issue "learning from edits", the
// template part): phrases of the drafts they delete in most sends, and subjects they rewrite in
// most sends. A pure function over (draft, sent) pairs; the caller picks the pairs (one
// persona, recent sends) and passes the result on in ComposeRequest::avoid_phrases, so the
// template composer stops using those phrases and demotes those subjects. Reading pairs from
// the store and a report are not here. Stateless; thread-safe.
#ifndef DRAFTBOX_COMPOSE_EDIT_PATTERNS_H_
#define DRAFTBOX_COMPOSE_EDIT_PATTERNS_H_

#include <string>
#include <vector>

namespace draftbox {

struct EditPair {
  std::string draft_subject;
  std::string draft_body;
  std::string sent_subject;
  std::string sent_body;
};

struct EditPatterns {
  // Phrases (a sentence, a clause before ':' or a line such as "Best,") that occur in at least
  // kMinOccurrences drafts and were gone from more than half of the sent texts; most often
  // deleted first.
  std::vector<std::string> removed_phrases;
  // Draft subjects seen at least kMinOccurrences times and changed in more than half of the
  // sends; most often rewritten first.
  std::vector<std::string> rewritten_subjects;
};

class EditPatternFinder {
 public:
  // Fewer sightings than this are one rep's taste on one day, not a pattern.
  static constexpr size_t kMinOccurrences = 3;

  static EditPatterns Find(const std::vector<EditPair>& pairs);

  // The phrases of `body` the finder compares: sentences, clauses ending in ':' and lines,
  // trimmed, whitespace collapsed.
  static std::vector<std::string> Phrases(const std::string& body);
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_EDIT_PATTERNS_H_
