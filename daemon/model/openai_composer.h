// The `openai` composer (DESIGN.md "Composers"): writes with any OpenAI-compatible
// chat-completions endpoint — Ollama, llama.cpp's server, vLLM, LM Studio, OpenAI. One
// recipient per request, no tools. Every answer is parsed strictly (ChatAnswer) and must pass
// GroundingCheck; one that does not is asked for again with the problems as feedback, a
// bounded number of times, and then fails (the draft is held as needs_attention, never placed).
// When the endpoint cannot be reached it either hands the request to the fallback composer or
// holds the draft, as composer.on_unreachable says, and the result says which and why.
// Thread-safe: at most max_concurrent requests are in flight at once; more callers wait.
#ifndef DRAFTBOX_MODEL_OPENAI_COMPOSER_H_
#define DRAFTBOX_MODEL_OPENAI_COMPOSER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <semaphore>
#include <string>

#include "compose/composer.h"
#include "model/chat_client.h"
#include "model/chat_transport.h"
#include "model/model_prompt.h"

namespace draftbox {

struct OpenAiComposerOptions {
  std::string model;
  int max_concurrent = 4;  // 1..kMaxConcurrent
  // Answers refused by the parser or the grounding check are asked for again this many times.
  int max_feedback_retries = 2;
  bool fallback_to_template = false;  // composer.on_unreachable = "template"
  ChatClientOptions chat;
  // After the endpoint was found unreachable, requests within this window are tried once,
  // without retries, so a run over a dead endpoint does not wait out every backoff.
  int64_t down_window_seconds = 30;
};

class OpenAiComposer : public Composer {
 public:
  static constexpr int kMaxConcurrent = 64;

  // `fallback` writes when the endpoint is unreachable and options.fallback_to_template is
  // set (may be null otherwise). `sleep` is passed to the ChatClient (tests record waits).
  OpenAiComposer(std::unique_ptr<ChatTransport> transport, std::unique_ptr<Composer> fallback,
                 OpenAiComposerOptions options, ChatClient::Sleep sleep = {});

  // A parsed, grounded draft with `prompt` set to the request body that produced it; or a
  // failure: no usable facts, the endpoint refused the request (HTTP 4xx), the answers kept
  // failing (reasons of the last), or the endpoint is unreachable (unreachable = true, unless
  // the fallback wrote the draft: then fallback_reason is set).
  ComposeResult Compose(const ComposeRequest& request) override;

  std::string Name() const override { return "openai"; }

 private:
  ComposeResult Unreachable(const ComposeRequest& request, const std::string& reason);

  std::unique_ptr<ChatTransport> transport_;
  std::unique_ptr<Composer> fallback_;
  OpenAiComposerOptions options_;
  ChatClient client_;
  ModelPromptBuilder prompts_;
  std::counting_semaphore<kMaxConcurrent> slots_;
  std::atomic<int64_t> down_until_{0};  // unix seconds
};

}  // namespace draftbox

#endif  // DRAFTBOX_MODEL_OPENAI_COMPOSER_H_
