// How Draftbox errors travel over the local HTTP API: the one mapping from ErrorCode to an HTTP
// status, and the JSON error body {"error":{"code":"<name>","message":"..."}}
// (shared/api/error.json). Pure functions, thread-safe.
#ifndef DRAFTBOX_API_HTTP_ERRORS_H_
#define DRAFTBOX_API_HTTP_ERRORS_H_

#include <string>
#include <string_view>

#include "core/error.h"

namespace draftbox {

// The HTTP status a handler answers with when a service returns `code`. Every ErrorCode has one;
// codes that mean "our side broke" map to 5xx so a client knows retrying its input is pointless.
int HttpStatusFor(ErrorCode code);

// The JSON body for an error: `code_name` is normally ErrorCodeName(error.code); the request
// guard and the router pass their own names ("forbidden", "method_not_allowed", ...).
std::string ErrorBody(std::string_view code_name, std::string_view message);

// ErrorBody(ErrorCodeName(error.code), error.message).
std::string ErrorBody(const Error& error);

}  // namespace draftbox

#endif  // DRAFTBOX_API_HTTP_ERRORS_H_
