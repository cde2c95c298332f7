// What the model/ tests share: one recipient with a funding round, the outreach intent and the
// default persona, a grounded answer for them and one that invents facts. Header-only.
#ifndef DRAFTBOX_TESTS_UNIT_MODEL_MODEL_FIXTURES_H_
#define DRAFTBOX_TESTS_UNIT_MODEL_MODEL_FIXTURES_H_

#include <nlohmann/json.hpp>
#include <string>

#include "compose/composer.h"
#include "unit/compose/compose_fixtures.h"

namespace draftbox::testing {

inline Recipient FundedRecipient() {
  Recipient r;
  r.email = "maya@northwind.example";
  r.first_name = "Maya";
  r.last_name = "Chen";
  r.role = "Head of Revenue Operations";
  r.company = "Northwind Analytics";
  r.language = "en";
  r.activities.push_back(
      Activity{0, "funding", "2026-11-10", "Raised a $15M Series B led by Index Ventures", "news"});
  return r;
}

inline ComposeRequest FundedRequest(const Recipient& r) {
  ComposeRequest request;
  request.recipient = &r;
  request.intent = Intent(CampaignKind::kOutreach, "en");
  request.persona = DefaultPersona();
  request.today = kToday;
  return request;
}

inline constexpr char kGoodSentence[] =
    "Congratulations on the $15M Series B led by Index Ventures.";

inline std::string GoodBody() {
  return std::string("Hi Maya,\n\n") + kGoodSentence +
         "\n\nTeams that just raised grow their pipeline fastest with clean CRM data. Would a "
         "20-minute call next week work?\n\nDana Reyes\nAccount Executive";
}

// {"subject", "body", "sentences"} as the model answers; `body` defaults to GoodBody().
inline nlohmann::json Answer(std::string body = GoodBody(), std::string sentence = kGoodSentence,
                             std::string fact_id = "activity:#0") {
  return {{"subject", "Your Series B"},
          {"body", body},
          {"sentences", {{{"text", sentence}, {"fact_ids", {fact_id}}}}}};
}

// An answer claiming a round the facts do not mention.
inline nlohmann::json InventedAnswer() {
  const std::string sentence = "Congratulations on the $40M Series C led by Sequoia Capital.";
  return Answer("Hi Maya,\n\n" + sentence +
                    "\n\nWould a 20-minute call next week work?\n\nDana Reyes\nAccount Executive",
                sentence);
}

// The HTTP body of a chat completion whose message content is `content`.
inline std::string Completion(const std::string& content, const std::string& finish = "stop") {
  return nlohmann::json{{"choices",
                         {{{"index", 0},
                           {"finish_reason", finish},
                           {"message", {{"role", "assistant"}, {"content", content}}}}}}}
      .dump();
}

}  // namespace draftbox::testing

#endif  // DRAFTBOX_TESTS_UNIT_MODEL_MODEL_FIXTURES_H_
