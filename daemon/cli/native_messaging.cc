#include "cli/native_messaging.h"

#include <cstdint>
#include <cstring>

#include "core/text.h"

namespace draftbox {
namespace {

// Error messages carry outside text (a type the add-on sent); keep them short.
constexpr size_t kMaxEchoBytes = 64;

}  // namespace

Result<std::optional<std::string>> ReadNativeMessage(std::istream& in) {
  char header[4];
  in.read(header, sizeof header);
  const std::streamsize got = in.gcount();
  if (got == 0) return std::optional<std::string>();
  if (got != sizeof header) {
    return Fail(ErrorCode::kInvalidArgument,
                "native message: the input ended inside a 4-byte length");
  }
  uint32_t length = 0;
  std::memcpy(&length, header, sizeof length);  // native byte order, as the protocol says
  if (length > kMaxNativeMessageBytes) {
    return Fail(ErrorCode::kInvalidArgument, "native message: " + std::to_string(length) +
                                                 " bytes is over the limit of " +
                                                 std::to_string(kMaxNativeMessageBytes));
  }
  std::string body(length, '\0');
  in.read(body.data(), length);
  if (static_cast<uint32_t>(in.gcount()) != length) {
    return Fail(ErrorCode::kInvalidArgument, "native message: the input ended after " +
                                                 std::to_string(in.gcount()) + " of " +
                                                 std::to_string(length) + " bytes");
  }
  return std::optional<std::string>(std::move(body));
}

Status WriteNativeMessage(std::ostream& out, const nlohmann::json& message) {
  const std::string text = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > kMaxNativeMessageBytes) {
    return Fail(ErrorCode::kInvalidArgument, "native message: an answer of " +
                                                 std::to_string(text.size()) +
                                                 " bytes is over Thunderbird's limit");
  }
  const uint32_t length = static_cast<uint32_t>(text.size());
  char header[4];
  std::memcpy(header, &length, sizeof length);
  out.write(header, sizeof header);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.flush();
  if (!out) return Fail(ErrorCode::kInternal, "native message: could not write to stdout");
  return {};
}

nlohmann::json NativeErrorMessage(std::string_view code, std::string_view message) {
  return {{"error", {{"code", code}, {"message", ToValidUtf8(message)}}}};
}

nlohmann::json AnswerNativeRequest(std::string_view request_text, const PairingSource& source) {
  const nlohmann::json request = nlohmann::json::parse(request_text, nullptr, false);
  if (!request.is_object()) {
    return NativeErrorMessage("invalid_argument", "the request is not a JSON object");
  }
  if (!request.contains("type") || !request["type"].is_string()) {
    return NativeErrorMessage("invalid_argument", "type must be a string, e.g. \"pair\"");
  }
  const std::string type = request["type"].get<std::string>();
  if (type != "pair") {
    return NativeErrorMessage("invalid_argument",
                              "unknown type '" +
                                  TruncateUtf8WithEllipsis(ToValidUtf8(type), kMaxEchoBytes) +
                                  "' (only \"pair\" is known)");
  }
  if (!source.token) {
    return NativeErrorMessage(ErrorCodeName(source.token.error().code),
                              source.token.error().message);
  }
  return {{"address", source.address}, {"token", *source.token}};
}

}  // namespace draftbox
