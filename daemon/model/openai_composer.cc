#include "model/openai_composer.h"

#include <algorithm>
#include <ctime>
#include <utility>

#include "compose/grounding_check.h"
#include "model/chat_answer.h"

namespace draftbox {
namespace {

// Releases a request slot however Compose leaves.
class SlotGuard {
 public:
  explicit SlotGuard(std::counting_semaphore<OpenAiComposer::kMaxConcurrent>& slots)
      : slots_(slots) {
    slots_.acquire();
  }
  ~SlotGuard() { slots_.release(); }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;

 private:
  std::counting_semaphore<OpenAiComposer::kMaxConcurrent>& slots_;
};

}  // namespace

OpenAiComposer::OpenAiComposer(std::unique_ptr<ChatTransport> transport,
                               std::unique_ptr<Composer> fallback, OpenAiComposerOptions options,
                               ChatClient::Sleep sleep)
    : transport_(std::move(transport)),
      fallback_(std::move(fallback)),
      options_(std::move(options)),
      client_(*transport_, options_.model, options_.chat, std::move(sleep)),
      slots_(std::clamp(options_.max_concurrent, 1, kMaxConcurrent)) {}

ComposeResult OpenAiComposer::Compose(const ComposeRequest& request) {
  std::vector<std::string> feedback;
  std::string last_problem;
  const int attempts = 1 + std::max(0, options_.max_feedback_retries);
  for (int attempt = 0; attempt < attempts; ++attempt) {
    const ModelPrompt prompt = prompts_.Build(request, feedback);
    if (!prompt.failure.empty()) return std::unexpected(ComposeFailure{prompt.failure});
    std::expected<ChatExchange, ChatFailure> sent;
    {
      SlotGuard slot(slots_);
      const bool down = std::time(nullptr) < down_until_.load();
      sent = client_.Send(prompt, down ? std::optional<int>(0) : std::nullopt);
    }
    if (!sent && sent.error().kind == ChatFailure::kUnreachable) {
      down_until_.store(std::time(nullptr) + options_.down_window_seconds);
      return Unreachable(request, sent.error().reason);
    }
    down_until_.store(0);
    if (!sent) {
      return std::unexpected(
          ComposeFailure{"the model endpoint refused the request: " + sent.error().reason});
    }
    std::expected<ComposedDraft, std::string> draft =
        ChatAnswer::Parse(sent->response_body, prompt);
    if (!draft) {
      last_problem = "the model's answer was refused: " + draft.error();
      feedback = {draft.error()};
      continue;
    }
    std::vector<GroundingProblem> problems = GroundingCheck::Check(request, *draft);
    if (problems.empty()) {
      draft->prompt = std::move(sent->request_body);
      return std::move(*draft);
    }
    feedback.clear();
    for (const GroundingProblem& problem : problems) {
      feedback.push_back(problem.code + ": " + problem.text);
    }
    std::string described;
    for (const std::string& item : feedback) described += (described.empty() ? "" : "; ") + item;
    last_problem = "failed the grounding check: " + described;
  }
  return std::unexpected(ComposeFailure{last_problem + " (" + std::to_string(attempts) +
                                        " answers from the model, none usable)"});
}

ComposeResult OpenAiComposer::Unreachable(const ComposeRequest& request,
                                          const std::string& reason) {
  const std::string why = "model endpoint unreachable: " + reason;
  if (!options_.fallback_to_template || fallback_ == nullptr) {
    return std::unexpected(
        ComposeFailure{why + "; held (composer.on_unreachable = \"hold\")", /*unreachable=*/true});
  }
  ComposeResult written = fallback_->Compose(request);
  if (!written) {
    return std::unexpected(
        ComposeFailure{why + "; the " + fallback_->Name() +
                           " composer could not write it either: " + written.error().reason,
                       /*unreachable=*/true});
  }
  written->fallback_reason = why + "; written by the " + fallback_->Name() +
                             " composer (composer.on_unreachable = \"template\")";
  return written;
}

}  // namespace draftbox
