#include "api/request_guard.h"

#include <utility>

#include "core/loopback.h"

namespace draftbox {
namespace {

constexpr std::string_view kExtensionScheme = "moz-extension://";

}  // namespace

RequestGuard::RequestGuard(uint16_t port, std::string token)
    : port_(port), expected_authorization_("Bearer " + std::move(token)) {}

GuardDecision RequestGuard::Check(const GuardInput& input) const {
  if (!HostAllowed(input.host)) {
    return {GuardVerdict::kForbidden,
            "the Host header must name this daemon on a loopback address (e.g. 127.0.0.1:" +
                std::to_string(port_) + ")"};
  }
  if (!OriginAllowed(input.origin)) {
    return {GuardVerdict::kForbidden, "requests from web pages are not accepted"};
  }
  if (input.authorization.empty()) {
    return {GuardVerdict::kUnauthorized, "missing Authorization: Bearer <token>"};
  }
  if (input.authorization.size() != 1 || !TokenMatches(input.authorization.front())) {
    return {GuardVerdict::kUnauthorized, "wrong bearer token"};
  }
  return {GuardVerdict::kAllow, ""};
}

bool RequestGuard::TokenMatches(std::string_view authorization) const {
  const std::string& expected = expected_authorization_;
  // Walk the expected value whatever the input, and fold the length difference into the result,
  // so neither an early mismatch nor a short input returns sooner.
  unsigned char diff = authorization.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i) {
    unsigned char got = i < authorization.size() ? static_cast<unsigned char>(authorization[i]) : 0;
    diff |= static_cast<unsigned char>(got ^ static_cast<unsigned char>(expected[i]));
  }
  return diff == 0;
}

bool RequestGuard::HostAllowed(const std::vector<std::string>& host) const {
  if (host.size() != 1 || host.front().empty()) return false;
  const std::string& value = host.front();
  std::optional<HostPort> parsed = ParseHostPort(value);
  if (!parsed || parsed->port != port_) return false;
  // Brackets are for IPv6 only: "[::1]:7411" yes, "::1:7411" and "[127.0.0.1]:7411" no.
  bool is_v6 = parsed->host.find(':') != std::string::npos;
  if (is_v6 != (value.front() == '[')) return false;
  return IsLoopbackHost(parsed->host);
}

bool RequestGuard::OriginAllowed(const std::vector<std::string>& origin) {
  if (origin.empty()) return true;
  if (origin.size() != 1) return false;
  const std::string& value = origin.front();
  return value.size() > kExtensionScheme.size() && value.starts_with(kExtensionScheme);
}

}  // namespace draftbox
