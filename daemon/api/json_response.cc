#include "api/json_response.h"

#include <utility>

#include "api/http_errors.h"

namespace draftbox {

void SendJsonText(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  // Responses hold the rep's data and the daemon's state: never cache them.
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(body, "application/json");
}

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  SendJsonText(res, status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void SendError(httplib::Response& res, const Error& error) {
  SendJsonText(res, HttpStatusFor(error.code), ErrorBody(error));
}

void SendBadRequest(httplib::Response& res, std::string message) {
  SendError(res, Error{ErrorCode::kInvalidArgument, std::move(message)});
}

}  // namespace draftbox
