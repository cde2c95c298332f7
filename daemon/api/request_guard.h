// Decides, before routing, whether a request to the local API may proceed. In this order:
//  1. Host must be a loopback name with the listening port ("127.0.0.1:7411", "localhost:7411",
//     "[::1]:7411"). Anything else, a missing or empty Host, or more than one Host is refused:
//     a web page that rebinds its own DNS name to 127.0.0.1 still sends its own name as Host.
//  2. Origin may be absent (the CLI, curl) or a Thunderbird add-on ("moz-extension://<uuid>");
//     any other origin is a web page and is refused.
//  3. Authorization must be "Bearer <token>", compared in constant time.
// Refusals of 1 and 2 are 403 (the caller is not who may talk to us at all); 3 is 401.
// Immutable after construction: thread-safe.
#ifndef DRAFTBOX_API_REQUEST_GUARD_H_
#define DRAFTBOX_API_REQUEST_GUARD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace draftbox {

// What the guard sees of a request. Each vector holds every value of that header, in order, so
// that a repeated header can be refused rather than silently resolved one way or the other.
struct GuardInput {
  std::vector<std::string> host;
  std::vector<std::string> origin;
  std::vector<std::string> authorization;
};

enum class GuardVerdict {
  kAllow,
  kForbidden,     // 403: foreign Host or Origin
  kUnauthorized,  // 401: missing or wrong bearer token
};

struct GuardDecision {
  GuardVerdict verdict = GuardVerdict::kAllow;
  std::string reason;  // for the error body and the log; never contains the token
};

class RequestGuard {
 public:
  // `port` is the port the server listens on; `token` the expected bearer token (non-empty).
  RequestGuard(uint16_t port, std::string token);

  // Never fails: every input yields a verdict.
  GuardDecision Check(const GuardInput& input) const;

  // True if `value` is exactly "Bearer <token>"; takes the same time for every value of the
  // same length as the expected one, so the token cannot be guessed byte by byte.
  bool TokenMatches(std::string_view authorization) const;

 private:
  bool HostAllowed(const std::vector<std::string>& host) const;
  static bool OriginAllowed(const std::vector<std::string>& origin);

  uint16_t port_;
  std::string expected_authorization_;  // "Bearer <token>"
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_REQUEST_GUARD_H_
