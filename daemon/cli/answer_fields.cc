#include "cli/answer_fields.h"

#include <array>
#include <charconv>
#include <ctime>

namespace draftbox {

using nlohmann::json;

std::string StringAt(const json& object, const char* key, std::string fallback) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return fallback;
  return object[key].get<std::string>();
}

int64_t IntAt(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_number_integer()) return 0;
  return object[key].get<int64_t>();
}

bool IsTrue(const json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_boolean() &&
         object[key].get<bool>();
}

json ObjectAt(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_object()) {
    return json::object();
  }
  return object[key];
}

json ArrayAt(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_array()) return json::array();
  return object[key];
}

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return text;
}

std::string FormatUtcMinute(int64_t unix_seconds, std::string_view unset) {
  if (unix_seconds <= 0) return std::string(unset);
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::string(unset);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%d %H:%M", &tm);
  return text.data();
}

CLI::Validator WholeNumberAtLeast(int64_t min) {
  return CLI::Validator(
      [min](std::string& value) -> std::string {
        int64_t n = 0;
        const char* end = value.data() + value.size();
        auto [ptr, ec] = std::from_chars(value.data(), end, n);
        if (ec == std::errc() && ptr == end && n >= min) return "";
        if (min == 1) return "must be a positive integer (got '" + value + "')";
        return "must be an integer of at least " + std::to_string(min) + " (got '" + value + "')";
      },
      min > 0 ? "POSITIVE" : "ID");
}

}  // namespace draftbox
