// ChatTransport over cpp-httplib: POST {endpoint}/chat/completions with the API key as a
// bearer token, over http:// or https:// (the system's CAs; OpenSSL as Debian builds
// libcpp-httplib). A fresh connection per request, so concurrent Posts share nothing.
// Thread-safe.
#ifndef DRAFTBOX_MODEL_HTTP_CHAT_TRANSPORT_H_
#define DRAFTBOX_MODEL_HTTP_CHAT_TRANSPORT_H_

#include <chrono>
#include <cstddef>
#include <string>

#include "core/error.h"
#include "model/chat_transport.h"

namespace draftbox {

class HttpChatTransport : public ChatTransport {
 public:
  // A chat answer is a few KB; anything past this is not one and is cut off.
  static constexpr size_t kMaxResponseBytes = 2 * 1024 * 1024;

  // `endpoint` is the API's base URL ("http://127.0.0.1:11434/v1"); kInvalidArgument naming
  // composer.endpoint when it is not an http:// or https:// URL with a host. `timeout` bounds
  // connecting and each wait for the server's next bytes.
  static Result<HttpChatTransport> Create(const std::string& endpoint, std::string api_key,
                                          std::chrono::seconds timeout);

  ChatReply Post(const std::string& body) override;
  std::string Target() const override { return origin_ + path_; }

 private:
  HttpChatTransport(std::string origin, std::string path, std::string api_key,
                    std::chrono::seconds timeout);

  std::string origin_;  // "https://api.openai.com"
  std::string path_;    // "/v1/chat/completions"
  std::string api_key_;
  std::chrono::seconds timeout_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_MODEL_HTTP_CHAT_TRANSPORT_H_
