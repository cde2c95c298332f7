#include "config/toml_text.h"

#include <toml++/toml.h>

#include <algorithm>
#include <sstream>

namespace draftbox {

std::string TomlString(std::string_view text) {
  toml::value<std::string> node{std::string(text)};
  std::ostringstream out;
  // Without allow_multi_line_strings and allow_literal_strings toml++ writes one line with
  // every control character escaped: predictable, and safe inside a commented-out line.
  out << toml::toml_formatter{node, toml::format_flags::allow_unicode_strings};
  return out.str();
}

std::string TomlKey(std::string_view key) {
  bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  return bare ? std::string(key) : TomlString(key);
}

std::string TomlStringArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ", ";
    out += TomlString(item);
  }
  return out + "]";
}

}  // namespace draftbox
