// The body of one POST {endpoint}/chat/completions (the OpenAI-compatible API that Ollama,
// llama.cpp's server, vLLM, LM Studio and OpenAI speak): the model, the two messages of a
// ModelPrompt, no tools, no streaming, and a response_format asking for the draft's JSON —
// a JSON schema (subject, body, sentences citing only this prompt's fact ids), or plain JSON
// mode for servers that refuse json_schema. Pure: no I/O; thread-safe.
#ifndef DRAFTBOX_MODEL_CHAT_REQUEST_H_
#define DRAFTBOX_MODEL_CHAT_REQUEST_H_

#include <string>

#include "model/model_prompt.h"

namespace draftbox {

enum class ResponseFormat { kJsonSchema, kJsonObject };

class ChatRequest {
 public:
  // Low enough that one recipient's email reads the same on a retry, high enough to vary
  // wording across a campaign.
  static constexpr double kTemperature = 0.4;
  // A short email is ~300 tokens of JSON; the cap stops a model that loops.
  static constexpr int kMaxTokens = 1200;

  // The JSON request body. Text that is not valid UTF-8 was repaired by the prompt builder;
  // the dump replaces anything left rather than throwing.
  static std::string Body(const ModelPrompt& prompt, const std::string& model,
                          ResponseFormat format);
};

}  // namespace draftbox

#endif  // DRAFTBOX_MODEL_CHAT_REQUEST_H_
