#include "model/chat_request.h"

#include <nlohmann/json.hpp>

namespace draftbox {
namespace {

using nlohmann::json;

json DraftSchema(const ModelPrompt& prompt) {
  json ids = json::array();
  for (const PromptFact& fact : prompt.facts) ids.push_back(fact.id);
  json sentence = {{"type", "object"},
                   {"additionalProperties", false},
                   {"required", {"text", "fact_ids"}},
                   {"properties",
                    {{"text", {{"type", "string"}}},
                     {"fact_ids", {{"type", "array"}, {"items", {{"enum", ids}}}}}}}};
  return {{"type", "object"},
          {"additionalProperties", false},
          {"required", {"subject", "body", "sentences"}},
          {"properties",
           {{"subject", {{"type", "string"}}},
            {"body", {{"type", "string"}}},
            {"sentences", {{"type", "array"}, {"items", sentence}}}}}};
}

}  // namespace

std::string ChatRequest::Body(const ModelPrompt& prompt, const std::string& model,
                              ResponseFormat format) {
  json response_format;
  if (format == ResponseFormat::kJsonSchema) {
    response_format = {
        {"type", "json_schema"},
        {"json_schema", {{"name", "draft"}, {"strict", true}, {"schema", DraftSchema(prompt)}}}};
  } else {
    response_format = {{"type", "json_object"}};
  }
  json body = {{"model", model},
               {"messages",
                {{{"role", "system"}, {"content", prompt.system}},
                 {{"role", "user"}, {"content", prompt.user}}}},
               {"temperature", kTemperature},
               {"max_tokens", kMaxTokens},
               {"stream", false},
               {"response_format", response_format}};
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace draftbox
