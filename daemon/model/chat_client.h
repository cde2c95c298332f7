// Sends one ModelPrompt to the chat-completions endpoint until an answer arrives: retries with
// exponential backoff after 429, 5xx, timeouts and cut connections, honouring Retry-After;
// asks for a JSON schema response_format and, when the server refuses it with 400, JSON mode
// from then on. Says whether a failure means the endpoint is unreachable (the composer's
// on_unreachable applies) or that it refused the request (a configuration problem).
// Thread-safe if its transport is.
#ifndef DRAFTBOX_MODEL_CHAT_CLIENT_H_
#define DRAFTBOX_MODEL_CHAT_CLIENT_H_

#include <atomic>
#include <chrono>
#include <expected>
#include <functional>
#include <optional>
#include <string>

#include "model/chat_request.h"
#include "model/chat_transport.h"
#include "model/model_prompt.h"

namespace draftbox {

struct ChatClientOptions {
  int max_retries = 3;
  std::chrono::milliseconds initial_backoff{1000};  // doubled per retry
  std::chrono::milliseconds max_backoff{30000};
  // A server asking for a longer pause than this is as good as down for this draft.
  std::chrono::milliseconds max_retry_after{120000};
};

struct ChatExchange {
  std::string request_body;   // exactly what was sent for the answer below
  std::string response_body;  // the 200 answer
};

struct ChatFailure {
  // kUnreachable: refused connection, timeouts, cut answers, 429/5xx after every retry.
  // kRejected: any other non-200 (bad key, unknown model, a 400 in JSON mode too).
  enum Kind { kUnreachable, kRejected };
  Kind kind = kUnreachable;
  std::string reason;  // "http://127.0.0.1:1/v1/chat/completions: HTTP 401 ..."
};

class ChatClient {
 public:
  using Sleep = std::function<void(std::chrono::milliseconds)>;

  // `transport` must outlive the client. `sleep` waits between retries (tests record it);
  // empty: std::this_thread::sleep_for.
  ChatClient(ChatTransport& transport, std::string model, ChatClientOptions options,
             Sleep sleep = {});

  // The answer to `prompt`, or why none came. `max_retries` overrides the options' (the
  // composer tries once while the endpoint is known to be down).
  std::expected<ChatExchange, ChatFailure> Send(const ModelPrompt& prompt,
                                                std::optional<int> max_retries = std::nullopt);

  // The same for any request: `body` gives the JSON request body for a response format (the
  // opt-out second opinion asks its own question).
  using BodyFor = std::function<std::string(ResponseFormat)>;
  std::expected<ChatExchange, ChatFailure> Send(const BodyFor& body,
                                                std::optional<int> max_retries = std::nullopt);

  // The wait a Retry-After value asks for: delay-seconds or an HTTP-date relative to
  // `now_unix`; nullopt when it is absent or unreadable.
  static std::optional<std::chrono::milliseconds> RetryAfter(const std::string& value,
                                                             int64_t now_unix);

  // True once the server refused json_schema and JSON mode is used.
  bool json_mode() const { return json_schema_refused_.load(); }

 private:
  ChatTransport& transport_;
  std::string model_;
  ChatClientOptions options_;
  Sleep sleep_;
  std::atomic<bool> json_schema_refused_{false};
};

}  // namespace draftbox

#endif  // DRAFTBOX_MODEL_CHAT_CLIENT_H_
