#include "model/chat_client.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <thread>
#include <utility>

#include "core/text.h"

namespace draftbox {
namespace {

bool Retryable(const ChatReply& reply) {
  return reply.status == 0 || reply.status == 408 || reply.status == 429 || reply.status >= 500;
}

std::string Describe(const ChatReply& reply) {
  if (reply.status == 0) return reply.error;
  // The body may be a server's error JSON or a proxy's HTML; either way untrusted and short.
  return "HTTP " + std::to_string(reply.status) +
         (reply.body.empty() ? "" : ": " + EscapeForLog(reply.body, 200));
}

}  // namespace

ChatClient::ChatClient(ChatTransport& transport, std::string model, ChatClientOptions options,
                       Sleep sleep)
    : transport_(transport),
      model_(std::move(model)),
      options_(options),
      sleep_(sleep ? std::move(sleep)
                   : Sleep([](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); })) {}

std::optional<std::chrono::milliseconds> ChatClient::RetryAfter(const std::string& value,
                                                                int64_t now_unix) {
  if (value.empty()) return std::nullopt;
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size() && seconds >= 0) {
    return std::chrono::milliseconds(std::min<int64_t>(seconds, 86400) * 1000);
  }
  std::tm tm{};  // IMF-fixdate, RFC 9110: "Sun, 06 Nov 1994 08:49:37 GMT"
  const char* parsed = strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (parsed == nullptr || *parsed != '\0') return std::nullopt;
  const int64_t at = timegm(&tm);
  return std::chrono::milliseconds(std::clamp<int64_t>(at - now_unix, 0, 86400) * 1000);
}

std::expected<ChatExchange, ChatFailure> ChatClient::Send(const ModelPrompt& prompt,
                                                          std::optional<int> max_retries) {
  return Send([&](ResponseFormat format) { return ChatRequest::Body(prompt, model_, format); },
              max_retries);
}

std::expected<ChatExchange, ChatFailure> ChatClient::Send(const BodyFor& body_for,
                                                          std::optional<int> max_retries) {
  const int retries = max_retries.value_or(options_.max_retries);
  std::chrono::milliseconds backoff = options_.initial_backoff;
  ChatReply reply;
  for (int attempt = 0;; ++attempt) {
    const ResponseFormat format =
        json_schema_refused_.load() ? ResponseFormat::kJsonObject : ResponseFormat::kJsonSchema;
    std::string body = body_for(format);
    reply = transport_.Post(body);
    if (reply.status == 200) return ChatExchange{std::move(body), std::move(reply.body)};
    if (reply.status == 400 && format == ResponseFormat::kJsonSchema) {
      // Older llama.cpp and Ollama builds know JSON mode but not schemas. The retry to
      // JSON mode is not counted: nothing failed yet.
      json_schema_refused_.store(true);
      --attempt;
      continue;
    }
    if (!Retryable(reply)) {
      return std::unexpected(
          ChatFailure{ChatFailure::kRejected, transport_.Target() + ": " + Describe(reply)});
    }
    if (attempt >= retries) break;
    std::chrono::milliseconds wait = backoff;
    if (auto asked = RetryAfter(reply.retry_after, std::time(nullptr))) {
      if (*asked > options_.max_retry_after) {
        return std::unexpected(
            ChatFailure{ChatFailure::kUnreachable,
                        transport_.Target() + ": " + Describe(reply) + "; Retry-After " +
                            reply.retry_after + " is longer than " +
                            std::to_string(options_.max_retry_after.count() / 1000) + " s"});
      }
      wait = *asked;
    }
    sleep_(wait);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
  return std::unexpected(ChatFailure{ChatFailure::kUnreachable,
                                     transport_.Target() + ": " + Describe(reply) + " (after " +
                                         std::to_string(retries + 1) + " attempts)"});
}

}  // namespace draftbox
