// Shared request builders for the compose tests: one campaign intent per kind and the personas
// the tests write as. Header-only, test-only.
#ifndef DRAFTBOX_TESTS_UNIT_COMPOSE_COMPOSE_FIXTURES_H_
#define DRAFTBOX_TESTS_UNIT_COMPOSE_COMPOSE_FIXTURES_H_

#include <string>

#include "compose/composer.h"

namespace draftbox::testing {

// The date the sample data is judged at: its newest activity is 2026-11-26.
inline constexpr const char* kToday = "2026-11-30";

inline CampaignIntent Intent(CampaignKind kind, std::string language = "auto") {
  CampaignIntent intent;
  intent.kind = kind;
  intent.language = std::move(language);
  switch (kind) {
    case CampaignKind::kOutreach:
      intent.name = "Q4 expansion: newly funded accounts";
      intent.goal = "Book a 20-minute call about the team plan";
      intent.key_message = "Teams that just raised grow their pipeline fastest with clean CRM data";
      intent.cta = "Would a 20-minute call next week work?";
      break;
    case CampaignKind::kCheckIn:
      intent.name = "Quarterly check-in";
      intent.goal = "Hear how the rollout is going";
      intent.key_message =
          "We added pipeline health reports that many teams use in their weekly review";
      intent.cta = "Would a short call next week help?";
      break;
    case CampaignKind::kMilestone:
      intent.name = "Customer milestones";
      intent.goal = "Say thanks and offer a planning session";
      intent.key_message = "Many teams use this point to plan their next quarter with us";
      intent.cta = "Shall we set up a planning session?";
      break;
  }
  // "auto" writes German to German recipients, so such a campaign carries German text too.
  if (intent.language == "auto") {
    intent.translations["de"] = {
        "Teams mit sauberen CRM-Daten bauen ihre Pipeline am schnellsten aus",
        "Passt Ihnen nächste Woche ein kurzes Gespräch von 20 Minuten?"};
  }
  return intent;
}

inline Persona DefaultPersona() {
  Persona p;
  p.name = "default";
  p.sender_name = "Dana Reyes";
  p.sender_address = "dana@example.com";
  p.signature = "Dana Reyes\nAccount Executive";
  return p;
}

inline Persona FormalPersona() {
  Persona p = DefaultPersona();
  p.name = "formal";
  p.tone = "formal";
  p.formality = "formal";
  return p;
}

inline ComposeRequest Request(const Recipient& r, CampaignIntent intent,
                              Persona persona = DefaultPersona(), uint64_t seed = 1) {
  ComposeRequest req;
  req.recipient = &r;
  req.intent = std::move(intent);
  req.persona = std::move(persona);
  req.today = kToday;
  req.variation_seed = seed;
  return req;
}

}  // namespace draftbox::testing

#endif  // DRAFTBOX_TESTS_UNIT_COMPOSE_COMPOSE_FIXTURES_H_
