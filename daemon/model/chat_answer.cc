#include "model/chat_answer.h"

#include <nlohmann/json.hpp>

#include "compose/text_scan.h"
#include "core/text.h"

namespace draftbox {
namespace {

using nlohmann::json;

// Runs of whitespace as one space, trimmed: a sentence is found in the body however the model
// wrapped its lines.
std::string Squeezed(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string Clean(const std::string& text) {
  std::string out;
  for (char c : ModelPromptBuilder::StripInvisible(text)) {
    if (c != '\r') out += c;
  }
  return out;
}

const PromptFact* FindFact(const ModelPrompt& prompt, const std::string& id) {
  for (const PromptFact& fact : prompt.facts) {
    if (fact.id == id) return &fact;
  }
  return nullptr;
}

}  // namespace

std::expected<std::string, std::string> ChatAnswer::Content(std::string_view http_body) {
  using Refused = std::unexpected<std::string>;
  const json response = json::parse(http_body, nullptr, /*allow_exceptions=*/false);
  if (response.is_discarded() || !response.is_object()) {
    return Refused("the response is not the API's JSON");
  }
  const auto choices = response.find("choices");
  if (choices == response.end() || !choices->is_array() || choices->empty() ||
      !(*choices)[0].is_object()) {
    return Refused("the response has no choices");
  }
  const json& choice = (*choices)[0];
  if (auto reason = choice.find("finish_reason");
      reason != choice.end() && reason->is_string() && *reason == "length") {
    return Refused("the answer was cut at the token limit");
  }
  const auto message = choice.find("message");
  if (message == choice.end() || !message->is_object()) {
    return Refused("the response's choice has no message");
  }
  if (auto calls = message->find("tool_calls");
      calls != message->end() && calls->is_array() && !calls->empty()) {
    return Refused("the answer calls tools; none are offered");
  }
  const auto content = message->find("content");
  if (content == message->end() || !content->is_string()) {
    return Refused("the answer has no text content");
  }
  return content->get<std::string>();
}

std::expected<ComposedDraft, std::string> ChatAnswer::Parse(std::string_view http_body,
                                                            const ModelPrompt& prompt) {
  using Refused = std::unexpected<std::string>;
  std::expected<std::string, std::string> content = Content(http_body);
  if (!content) return Refused(content.error());
  const json answer = json::parse(*content, nullptr, /*allow_exceptions=*/false);
  if (answer.is_discarded()) return Refused("answer is not valid JSON");
  if (!answer.is_object()) return Refused("answer is not a JSON object");

  ComposedDraft draft;
  draft.language = prompt.language;
  for (const char* key : {"subject", "body"}) {
    auto field = answer.find(key);
    if (field == answer.end() || !field->is_string()) {
      return Refused(std::string("answer has no \"") + key + "\" string");
    }
  }
  draft.subject = std::string(TextScan::Trim(Clean(answer["subject"].get<std::string>())));
  draft.body = std::string(TextScan::Trim(Clean(answer["body"].get<std::string>())));
  if (draft.subject.empty()) return Refused("subject is empty");
  if (draft.body.empty()) return Refused("body is empty");
  if (CountCodePoints(draft.subject) > kMaxSubjectChars) {
    return Refused("subject is longer than " + std::to_string(kMaxSubjectChars) + " characters");
  }
  if (CountCodePoints(draft.body) > kMaxBodyChars) {
    return Refused("body is longer than " + std::to_string(kMaxBodyChars) + " characters");
  }

  auto sentences = answer.find("sentences");
  if (sentences == answer.end() || !sentences->is_array()) {
    return Refused("answer has no \"sentences\" array");
  }
  if (sentences->size() > kMaxSentences) {
    return Refused("more than " + std::to_string(kMaxSentences) + " sentences");
  }
  const std::string body = Squeezed(draft.body);
  for (size_t i = 0; i < sentences->size(); ++i) {
    const json& sentence = (*sentences)[i];
    const std::string where = "sentence " + std::to_string(i + 1);
    if (!sentence.is_object()) return Refused(where + " is not an object");
    auto text = sentence.find("text");
    auto ids = sentence.find("fact_ids");
    if (text == sentence.end() || !text->is_string()) {
      return Refused(where + " has no \"text\" string");
    }
    if (ids == sentence.end() || !ids->is_array()) {
      return Refused(where + " has no \"fact_ids\" array");
    }
    const std::string said = Squeezed(Clean(text->get<std::string>()));
    if (said.empty() || body.find(said) == std::string::npos) {
      return Refused(where + " is not in the body");
    }
    for (const json& id : *ids) {
      if (!id.is_string()) return Refused(where + " has a fact id that is not a string");
      const std::string name = id.get<std::string>();
      if (FindFact(prompt, name) == nullptr) {
        return Refused(where + " cites unknown fact id \"" + EscapeForLog(name, 80) + "\"");
      }
      bool seen = false;
      for (const FactUsed& used : draft.facts_used) seen = seen || used.id == name;
      if (!seen) draft.facts_used.push_back(FactUsed{name, said});
    }
  }
  if (draft.facts_used.empty()) return Refused("no sentence cites a fact");
  return draft;
}

}  // namespace draftbox
