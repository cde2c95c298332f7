// Checks ANY composer's draft against its request before it may be placed (DESIGN.md
// "Composers": claims, names, numbers and links must come from the facts, the intent or the
// persona). Also: every cited fact id exists for this recipient and passed screening; money
// amounts, percentages and dates match one in the sources by value ("$15M" = "$15 million",
// "1,5 Mio. €" = "€1.5M"); the greeting names the recipient and guesses no gender; no phrase
// claims a conversation, meeting, order or request the facts do not record (RelationshipClaims);
// no request for payment or credentials, account threat or discount the campaign does not make
// itself (what an injection in CRM data asks for).
// Facts count only if they pass FactScreen, so a number or link that arrived inside a dropped (e.g.
// injected) activity is still foreign. The name check is pragmatic: capitalised words must come
// from the inputs or a small per-language dictionary; in German, where every noun is capitalised,
// only runs of unknown capitalised words and words after a title
// ("Herr", "Frau", "Dr.") are taken for names. Stateless; thread-safe.
#ifndef DRAFTBOX_COMPOSE_GROUNDING_CHECK_H_
#define DRAFTBOX_COMPOSE_GROUNDING_CHECK_H_

#include <string>
#include <utility>
#include <vector>

#include "compose/composer.h"

namespace draftbox {

struct GroundingProblem {
  // placeholder | empty_greeting | foreign_link | foreign_number | foreign_name | html |
  // control_char | subject_empty | subject_too_long | subject_line_break | body_empty |
  // no_signature | unknown_fact | unusable_fact | sentence_not_in_body | foreign_amount |
  // foreign_percentage | foreign_date | wrong_greeting | gendered_greeting | relationship_claim |
  // payment_request | credential_request | account_threat | discount (text: the phrase found)
  std::string code;
  // What was found, for a person: e.g. "90", "http://evil.example/claim", "€2M is in none of
  // the facts, the intent or the persona", "\"as we discussed\" claims an earlier conversation
  // the facts do not record".
  std::string text;
};

class GroundingCheck {
 public:
  // A subject past this is broken or a pasted paragraph, whoever wrote it.
  static constexpr size_t kMaxSubjectChars = 200;

  // Every problem found in `draft` for `request`; empty when the draft may be placed.
  static std::vector<GroundingProblem> Check(const ComposeRequest& request,
                                             const ComposedDraft& draft);

  // The fact ids a draft for `request` may cite: "activity:<id>" (or "activity:#<index>" before
  // it is stored) per activity, "recipient:<field>" per non-empty field (name, first_name,
  // last_name, role, company, company_domain, country, language, account_state, plan,
  // renewal_date, health). Ids of facts that FactScreen drops are included, mapped to
  // false, so a citation of one is told apart from an invented id.
  static std::vector<std::pair<std::string, bool>> CitableFacts(const ComposeRequest& request);

  // "foreign_number: 90; foreign_link: http://evil.example" — for needs_attention reasons.
  static std::string Describe(const std::vector<GroundingProblem>& problems);
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_GROUNDING_CHECK_H_
