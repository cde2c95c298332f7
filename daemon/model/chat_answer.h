// Reads a chat-completions response into a draft, strictly: the HTTP body must be the API's
// JSON with one choice whose message content is itself one JSON object {subject, body,
// sentences: [{text, fact_ids}]}. Anything else is refused with a reason a person (and, as
// feedback, the model) can act on: malformed JSON, a missing or mistyped field, a fact id the
// prompt did not offer, a sentence that is not in the body, overlong text, an answer cut at
// the token limit. The model's text is untrusted: invisible Unicode is stripped, and nothing
// here decides whether it is grounded (GroundingCheck does). Pure; thread-safe.
#ifndef DRAFTBOX_MODEL_CHAT_ANSWER_H_
#define DRAFTBOX_MODEL_CHAT_ANSWER_H_

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include "compose/composer.h"
#include "model/model_prompt.h"

namespace draftbox {

class ChatAnswer {
 public:
  // Past these an answer is not a short personal email.
  static constexpr size_t kMaxSubjectChars = 120;
  static constexpr size_t kMaxBodyChars = 4000;
  static constexpr size_t kMaxSentences = 40;

  // The draft in `http_body` (facts_used: each cited fact once, in citation order, with the
  // first sentence citing it; language from the prompt), or why it was refused, e.g.
  // "answer is not valid JSON", "answer has no \"subject\" string",
  // "sentence 2 cites unknown fact id \"activity:99\"", "body is longer than 4000 characters".
  static std::expected<ComposedDraft, std::string> Parse(std::string_view http_body,
                                                         const ModelPrompt& prompt);

  // The text content of the first choice's message in a chat-completions response, or why
  // there is none: not the API's JSON, no choices, cut at the token limit, a tool call, no
  // text. Shared by every request the model module makes.
  static std::expected<std::string, std::string> Content(std::string_view http_body);
};

}  // namespace draftbox

#endif  // DRAFTBOX_MODEL_CHAT_ANSWER_H_
