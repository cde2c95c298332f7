// Writing answers of the local API. Every response goes through here, so every one carries the
// same headers: `Cache-Control: no-store` (answers hold the rep's data) and
// `X-Content-Type-Options: nosniff`. Stateless, thread-safe.
#ifndef DRAFTBOX_API_JSON_RESPONSE_H_
#define DRAFTBOX_API_JSON_RESPONSE_H_

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"

namespace draftbox {

// `body` serialised; invalid UTF-8 in stored text is replaced rather than failing the answer.
void SendJson(httplib::Response& res, int status, const nlohmann::json& body);

// A body that is already serialised JSON (e.g. ErrorBody's).
void SendJsonText(httplib::Response& res, int status, const std::string& body);

// The status HttpStatusFor(error.code) with the error body of shared/api/error.json.
void SendError(httplib::Response& res, const Error& error);

// 400 with code invalid_argument: the request itself is malformed.
void SendBadRequest(httplib::Response& res, std::string message);

}  // namespace draftbox

#endif  // DRAFTBOX_API_JSON_RESPONSE_H_
