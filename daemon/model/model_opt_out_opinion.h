// OptOutSecondOpinion over a chat-completions endpoint (docs/optouts.md "A model's second
// opinion"): one request per unclear reply (OptOutOpinionPrompt), never retried, so the INBOX
// watcher waits at most one transport timeout; after the endpoint was unreachable it is not
// asked again for a while, so a backlog of unclear replies does not wait a timeout each.
// Thread-safe if its transport is.
#ifndef DRAFTBOX_MODEL_MODEL_OPT_OUT_OPINION_H_
#define DRAFTBOX_MODEL_MODEL_OPT_OUT_OPINION_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "classify/opt_out_second_opinion.h"
#include "model/chat_client.h"
#include "model/chat_transport.h"

namespace draftbox {

class ModelOptOutOpinion : public OptOutSecondOpinion {
 public:
  // The watcher waits for the answer: an opinion is worth a short wait, not a stalled INBOX.
  static constexpr std::chrono::seconds kMaxTimeout{15};
  // How long an unreachable endpoint is left alone; replies in that time keep the rule's result.
  static constexpr std::chrono::seconds kDownWindow{300};

  ModelOptOutOpinion(std::unique_ptr<ChatTransport> transport, std::string model);

  // The model's view, or why there is none: "model endpoint unreachable: ...", "the model
  // endpoint refused the request: ...", "the model's answer was refused: ...", or "not asked:
  // the endpoint was unreachable less than 300 s ago".
  std::expected<OptOutOpinion, std::string> Ask(std::string_view reply_text) override;

 private:
  std::unique_ptr<ChatTransport> transport_;
  std::string model_;
  ChatClient client_;
  std::atomic<int64_t> down_until_{0};  // steady-clock seconds; 0 when not known to be down
};

}  // namespace draftbox

#endif  // DRAFTBOX_MODEL_MODEL_OPT_OUT_OPINION_H_
