#include "model/model_opt_out_opinion.h"

#include <utility>

#include "model/opt_out_opinion_prompt.h"

namespace draftbox {
namespace {

int64_t SteadySeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The watcher waits: one attempt, then the rule's result stands.
ChatClientOptions NoRetries() {
  ChatClientOptions options;
  options.max_retries = 0;
  return options;
}

}  // namespace

ModelOptOutOpinion::ModelOptOutOpinion(std::unique_ptr<ChatTransport> transport, std::string model)
    : transport_(std::move(transport)),
      model_(std::move(model)),
      client_(*transport_, model_, NoRetries()) {}

std::expected<OptOutOpinion, std::string> ModelOptOutOpinion::Ask(std::string_view reply_text) {
  using NoOpinion = std::unexpected<std::string>;
  if (SteadySeconds() < down_until_.load()) {
    return NoOpinion("not asked: the endpoint was unreachable less than " +
                     std::to_string(kDownWindow.count()) + " s ago");
  }
  const ModelPrompt prompt = OptOutOpinionPrompt::Build(reply_text);
  auto sent = client_.Send(
      [&](ResponseFormat format) { return OptOutOpinionPrompt::Body(prompt, model_, format); });
  if (!sent) {
    if (sent.error().kind == ChatFailure::kUnreachable) {
      down_until_.store(SteadySeconds() + kDownWindow.count());
      return NoOpinion("model endpoint unreachable: " + sent.error().reason);
    }
    return NoOpinion("the model endpoint refused the request: " + sent.error().reason);
  }
  down_until_.store(0);
  auto opinion = OptOutOpinionPrompt::Parse(sent->response_body);
  if (!opinion) return NoOpinion("the model's answer was refused: " + opinion.error());
  return opinion;
}

}  // namespace draftbox
