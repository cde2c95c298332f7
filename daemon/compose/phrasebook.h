// The fixed wording of the template composer around the facts: greetings, the opener used when
// there is no activity, bridges to the key message, call-to-action lead-ins, closings and
// subjects without an activity, in English and German, per tone and register. Several
// alternatives per slot so drafts differ from one recipient to the next; the composer picks one
// with Variation. Nothing here invents a fact: sentences only restate the screened fields
// passed in. Stateless; thread-safe.
#ifndef DRAFTBOX_COMPOSE_PHRASEBOOK_H_
#define DRAFTBOX_COMPOSE_PHRASEBOOK_H_

#include <optional>
#include <string>
#include <vector>

#include "compose/compose_style.h"
#include "compose/fact_phraser.h"
#include "core/campaign.h"

namespace draftbox {

class Phrasebook {
 public:
  // "Hi Lena," / "Dear Lena Müller," / "Hallo Lena," / "Guten Tag Lena Müller,"; without a
  // first name a greeting that needs none ("Hi there," / "Hallo,"). Never "Hi ,".
  static std::vector<std::string> Greetings(const ComposeStyle& style, const std::string& first,
                                            const std::string& last);
  // Opening sentences built on role and/or company when no activity can be used. Empty if both
  // are empty.
  static std::vector<PhraseVariant> ProfileOpeners(const ComposeStyle& style,
                                                   const std::string& role,
                                                   const std::string& company);
  // A sentence on the account state for check-ins and milestones ("Thank you for working with
  // us on the Team plan."), or nullopt for states with nothing worth saying (prospect, ...).
  // `plan_used` is set when the plan appears in the sentence.
  static std::optional<PhraseVariant> AccountStateSentence(const ComposeStyle& style,
                                                           const std::string& state,
                                                           const std::string& plan,
                                                           bool* plan_used);
  // Whole sentences that lead into the campaign's key message, which follows as a sentence of
  // its own ("Here is why I'm writing."). `lead_type` is the activity type the opening stood on
  // ("funding", ...; "" for a role/company opening): some sentences pick up from it.
  static std::vector<std::string> Bridges(const ComposeStyle& style, CampaignKind kind,
                                          const std::string& lead_type);
  // Whole sentences put before the campaign's CTA; "" means the CTA stands alone.
  static std::vector<std::string> CtaLeads(const ComposeStyle& style);
  // A plain question to use when the campaign has no CTA.
  static std::vector<std::string> DefaultCtas(const ComposeStyle& style);
  // "Best," / "Kind regards," / "Viele Grüße" ...
  static std::vector<std::string> Closings(const ComposeStyle& style);
  // Subjects for a draft that stands on role/company only.
  static std::vector<std::string> ProfileSubjects(const ComposeStyle& style,
                                                  const std::string& company, CampaignKind kind);
  // Subject used when every other candidate is too long.
  static std::string ShortSubject(const ComposeStyle& style);
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_PHRASEBOOK_H_
