#include "api/http_errors.h"

#include <nlohmann/json.hpp>

namespace draftbox {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kAuth:
      return 401;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kConflict:
      return 409;
    // The mailbox or a peer answered badly: the daemon is fine, an upstream is not.
    case ErrorCode::kMailbox:
    case ErrorCode::kTls:
      return 502;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kConfig:
    case ErrorCode::kIo:
    case ErrorCode::kStore:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

std::string ErrorBody(std::string_view code_name, std::string_view message) {
  nlohmann::json body = {{"error", {{"code", code_name}, {"message", message}}}};
  // Replace rather than throw on invalid UTF-8: an error message may quote untrusted input.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ErrorBody(const Error& error) {
  return ErrorBody(ErrorCodeName(error.code), error.message);
}

}  // namespace draftbox
