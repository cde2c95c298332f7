// Thunderbird's (and Firefox's) native messaging framing on a byte stream: each message is a
// 32-bit length in the machine's own byte order, then that many bytes of UTF-8 JSON. The host
// reads requests from stdin and writes answers to stdout; Thunderbird refuses an answer over
// 1 MB and ends the host. Pure stream functions: thread-safe on distinct streams.
#ifndef DRAFTBOX_CLI_NATIVE_MESSAGING_H_
#define DRAFTBOX_CLI_NATIVE_MESSAGING_H_

#include <cstddef>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "core/error.h"

namespace draftbox {

// The largest message a host may send (Thunderbird's limit), and the largest request we read:
// a pairing request is a few bytes, so anything near this is not from the add-on.
inline constexpr size_t kMaxNativeMessageBytes = 1024 * 1024;

// One framed request from `in`: its JSON text, or nullopt at a clean end of input (no byte of
// a new frame). kInvalidArgument for a frame cut short or longer than kMaxNativeMessageBytes
// (then the stream cannot be trusted to stay in step; the host must stop).
Result<std::optional<std::string>> ReadNativeMessage(std::istream& in);

// Writes `message` framed to `out` and flushes. Invalid UTF-8 in it is replaced. A message
// that would exceed kMaxNativeMessageBytes is not written: kInvalidArgument instead (the
// caller answers with a small error). kInternal if the stream fails.
Status WriteNativeMessage(std::ostream& out, const nlohmann::json& message);

// {"error": {"code": ..., "message": ...}}, the shape of every refusal the host answers (the
// daemon's own error shape, so the add-on reads both the same way).
nlohmann::json NativeErrorMessage(std::string_view code, std::string_view message);

// What the host knows for pairing: the daemon's address and token, or why they are missing.
struct PairingSource {
  std::string address;  // "http://127.0.0.1:7411"
  Result<std::string> token = std::string();
};

// The answer to one request text: {"address", "token"} for {"type": "pair"}; an error object
// for JSON that is not an object, an unknown or missing type, or a token that cannot be read
// (naming the file and reason, never a token). Never throws.
nlohmann::json AnswerNativeRequest(std::string_view request_text, const PairingSource& source);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_NATIVE_MESSAGING_H_
