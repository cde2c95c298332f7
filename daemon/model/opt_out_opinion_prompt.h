// The one model request that asks whether an unclear reply asks to stop being written to
// (classify/opt_out_second_opinion.h), and the strict reading of its answer. The prompt rules of
// the composer apply: the task in the system message; the reply's own text (no quote, no
// signature) in a delimited block marked untrusted, invisible Unicode stripped, capped, unable
// to close its block; no tools; a JSON answer {"opt_out": "yes"|"no"|"unclear", "reason": ...}
// by schema (or JSON mode). Pure: no I/O; thread-safe.
#ifndef DRAFTBOX_MODEL_OPT_OUT_OPINION_PROMPT_H_
#define DRAFTBOX_MODEL_OPT_OUT_OPINION_PROMPT_H_

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include "classify/opt_out_second_opinion.h"
#include "model/chat_request.h"
#include "model/model_prompt.h"

namespace draftbox {

class OptOutOpinionPrompt {
 public:
  // A request to stop is made early (the detector reads at most 2000 words); this keeps the
  // request small and what leaves the machine to the part that matters.
  static constexpr size_t kMaxReplyBytes = 2000;
  static constexpr size_t kMaxReasonBytes = 300;
  // A verdict and one sentence; the cap stops a model that loops.
  static constexpr int kMaxTokens = 200;

  // The system and user messages for `reply_text` (facts, language and signature stay empty).
  static ModelPrompt Build(std::string_view reply_text);

  // The JSON request body for `prompt`: temperature 0, no tools, no streaming.
  static std::string Body(const ModelPrompt& prompt, const std::string& model,
                          ResponseFormat format);

  // The model's view from a chat-completions response body, or why it is refused: not JSON, no
  // message content, content that is not exactly {"opt_out", "reason"} with an allowed value,
  // an answer cut at the token limit.
  static std::expected<OptOutOpinion, std::string> Parse(std::string_view response_body);
};

}  // namespace draftbox

#endif  // DRAFTBOX_MODEL_OPT_OUT_OPINION_PROMPT_H_
