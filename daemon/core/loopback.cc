#include "core/loopback.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace draftbox {
namespace {

bool IsLoopbackQuad(std::string_view host) {
  int parts = 0;
  int first = -1;
  size_t pos = 0;
  while (pos <= host.size()) {
    size_t dot = host.find('.', pos);
    if (dot == std::string_view::npos) dot = host.size();
    std::string_view part = host.substr(pos, dot - pos);
    if (part.empty() || part.size() > 3) return false;
    int value = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || end != part.data() + part.size() || value > 255) return false;
    if (parts == 0) first = value;
    ++parts;
    pos = dot + 1;
    if (dot == host.size()) break;
  }
  return parts == 4 && first == 127;
}

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  std::string lower(host);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "localhost" || lower == "::1" || lower == "[::1]") return true;
  return IsLoopbackQuad(lower);
}

std::optional<HostPort> ParseHostPort(std::string_view text) {
  HostPort out;
  std::string_view rest;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return std::nullopt;
    }
    out.host = std::string(text.substr(1, close - 1));
    rest = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    out.host = std::string(text.substr(0, colon));
    rest = text.substr(colon + 1);
  }
  if (out.host.empty() || rest.empty()) return std::nullopt;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
  if (ec != std::errc() || end != rest.data() + rest.size() || value == 0 || value > 65535) {
    return std::nullopt;
  }
  out.port = static_cast<uint16_t>(value);
  return out;
}

}  // namespace draftbox
