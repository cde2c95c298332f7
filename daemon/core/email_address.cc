#include "core/email_address.h"

#include <algorithm>
#include <cctype>

namespace draftbox {
namespace {

constexpr size_t kMaxLocal = 64;    // RFC 5321 §4.5.3.1.1
constexpr size_t kMaxDomain = 253;  // RFC 1035, without the trailing dot
constexpr size_t kMaxLabel = 63;

bool IsAtext(unsigned char c) {
  if (c >= 0x80) return true;  // RFC 6531: UTF-8 in the local part
  if (std::isalnum(c)) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) !=
         std::string_view::npos;
}

std::string_view Trim(std::string_view s) {
  auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

Status CheckLocal(std::string_view local) {
  if (local.empty()) return Fail(ErrorCode::kInvalidArgument, "empty local part before '@'");
  if (local.size() > kMaxLocal) {
    return Fail(ErrorCode::kInvalidArgument, "local part longer than 64 characters");
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "misplaced '.' in the local part");
  }
  for (unsigned char c : local) {
    if (c != '.' && !IsAtext(c)) {
      return Fail(
          ErrorCode::kInvalidArgument,
          std::string("character not allowed in an address: '") + static_cast<char>(c) + "'");
    }
  }
  return {};
}

Status CheckDomain(std::string_view domain) {
  if (domain.empty()) return Fail(ErrorCode::kInvalidArgument, "empty domain after '@'");
  if (domain.size() > kMaxDomain) {
    return Fail(ErrorCode::kInvalidArgument, "domain longer than 253 characters");
  }
  if (domain.find('.') == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "domain has no dot");
  }
  size_t start = 0;
  while (start <= domain.size()) {
    size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    std::string_view label = domain.substr(start, dot - start);
    if (label.empty()) return Fail(ErrorCode::kInvalidArgument, "empty label in the domain");
    if (label.size() > kMaxLabel) {
      return Fail(ErrorCode::kInvalidArgument, "domain label longer than 63 characters");
    }
    if (label.front() == '-' || label.back() == '-') {
      return Fail(ErrorCode::kInvalidArgument, "domain label starts or ends with '-'");
    }
    for (unsigned char c : label) {
      if (c < 0x80 && !std::isalnum(c) && c != '-') {
        return Fail(
            ErrorCode::kInvalidArgument,
            std::string("character not allowed in a domain: '") + static_cast<char>(c) + "'");
      }
    }
    if (dot == domain.size()) break;
    start = dot + 1;
  }
  return {};
}

}  // namespace

Result<std::string> NormaliseEmail(std::string_view raw) {
  std::string_view text = Trim(raw);
  if (text.empty()) return Fail(ErrorCode::kInvalidArgument, "empty address");
  size_t at = text.rfind('@');
  if (at == std::string_view::npos) return Fail(ErrorCode::kInvalidArgument, "missing '@'");
  if (text.find('@') != at) return Fail(ErrorCode::kInvalidArgument, "more than one '@'");
  std::string_view local = text.substr(0, at);
  std::string_view domain = text.substr(at + 1);
  if (auto s = CheckLocal(local); !s) return std::unexpected(s.error());
  if (auto s = CheckDomain(domain); !s) return std::unexpected(s.error());
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c);
  });
  return out;
}

std::string_view EmailDomain(std::string_view normalised) {
  size_t at = normalised.rfind('@');
  if (at == std::string_view::npos) return {};
  return normalised.substr(at + 1);
}

}  // namespace draftbox
