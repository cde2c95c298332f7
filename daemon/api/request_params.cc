#include "api/request_params.h"

#include <httplib.h>

#include <charconv>

namespace draftbox {

std::optional<int64_t> ParseId(std::string_view text) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> QueryInt(const httplib::Request& req, const char* name, int64_t fallback) {
  if (!req.has_param(name)) return fallback;
  return ParseId(req.get_param_value(name));
}

std::optional<std::string> StringMember(const nlohmann::json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return std::string();
  if (!body[key].is_string()) return std::nullopt;
  return body[key].get<std::string>();
}

}  // namespace draftbox
