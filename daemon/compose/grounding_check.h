// Checks ANY composer's draft against its request before it may be placed (DESIGN.md
// "Composers": claims, names, numbers and links must come from the facts, the intent or the
// persona). Facts count only if they pass FactScreen, so a number or link that arrived inside a
// dropped (e.g. injected) activity is still foreign. The name check is pragmatic: capitalised
// words must come from the inputs or a small per-language dictionary; in German, where every
// noun is capitalised, only runs of unknown capitalised words and words after a title
// ("Herr", "Frau", "Dr.") are taken for names. Stateless; thread-safe.
#ifndef DRAFTBOX_COMPOSE_GROUNDING_CHECK_H_
#define DRAFTBOX_COMPOSE_GROUNDING_CHECK_H_

#include <string>
#include <vector>

#include "compose/composer.h"

namespace draftbox {

struct GroundingProblem {
  // placeholder | empty_greeting | foreign_link | foreign_number | foreign_name | html |
  // control_char | subject_empty | subject_too_long | subject_line_break | body_empty |
  // no_signature
  std::string code;
  std::string text;  // what was found, e.g. "90" or "http://evil.example/claim"
};

class GroundingCheck {
 public:
  // A subject past this is broken or a pasted paragraph, whoever wrote it.
  static constexpr size_t kMaxSubjectChars = 200;

  // Every problem found in `draft` for `request`; empty when the draft may be placed.
  static std::vector<GroundingProblem> Check(const ComposeRequest& request,
                                             const ComposedDraft& draft);

  // "foreign_number: 90; foreign_link: http://evil.example" — for needs_attention reasons.
  static std::string Describe(const std::vector<GroundingProblem>& problems);
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_GROUNDING_CHECK_H_
