// Reading request parameters the same way on every route: query integers and JSON body
// members, each telling "absent" (a default applies) from "present but malformed" (a 400).
// Stateless, thread-safe.
#ifndef DRAFTBOX_API_REQUEST_PARAMS_H_
#define DRAFTBOX_API_REQUEST_PARAMS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace httplib {
struct Request;
}

namespace draftbox {

// A non-negative integer query parameter, `fallback` when absent; nullopt when malformed.
std::optional<int64_t> QueryInt(const httplib::Request& req, const char* name, int64_t fallback);

// A non-negative decimal integer (a path id); nullopt when `text` is anything else.
std::optional<int64_t> ParseId(std::string_view text);

// The string member `key` of `body`, "" when absent; nullopt when present but not a string.
std::optional<std::string> StringMember(const nlohmann::json& body, const char* key);

}  // namespace draftbox

#endif  // DRAFTBOX_API_REQUEST_PARAMS_H_
