// One POST of a chat-completions request body, and what came back. The seam between the
// composer's logic (retries, parsing, verification) and the network: HttpChatTransport speaks
// HTTP; unit tests plug in a scripted one. Implementations say whether they are thread-safe.
#ifndef DRAFTBOX_MODEL_CHAT_TRANSPORT_H_
#define DRAFTBOX_MODEL_CHAT_TRANSPORT_H_

#include <string>

namespace draftbox {

struct ChatReply {
  int status = 0;           // HTTP status; 0 when no whole response arrived
  std::string body;         // the response body (for a status of 0: empty)
  std::string retry_after;  // the Retry-After header as sent, "" when absent
  // For status 0: what went wrong, e.g. "connection refused", "no answer within 30 s",
  // "connection closed mid-answer".
  std::string error;
  bool connect_failed = false;  // no connection was made at all (refused, no route, DNS)
};

class ChatTransport {
 public:
  virtual ~ChatTransport() = default;

  // Sends `body` (JSON) to the chat-completions URL and returns the reply; never throws.
  virtual ChatReply Post(const std::string& body) = 0;

  // Where requests go, for messages ("http://127.0.0.1:11434/v1/chat/completions").
  virtual std::string Target() const = 0;
};

}  // namespace draftbox

#endif  // DRAFTBOX_MODEL_CHAT_TRANSPORT_H_
