// Rules for loopback addresses, shared by the config checks (listen address, `security = "none"`)
// and the API's Host check against DNS rebinding. Pure functions, thread-safe.
#ifndef DRAFTBOX_CORE_LOOPBACK_H_
#define DRAFTBOX_CORE_LOOPBACK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace draftbox {

// True for "localhost", any 127.0.0.0/8 dotted quad, "::1" and "[::1]". Case-insensitive for
// "localhost". A name that merely resolves to loopback ("my.localhost.evil") is not loopback.
bool IsLoopbackHost(std::string_view host);

struct HostPort {
  std::string host;  // without IPv6 brackets
  uint16_t port = 0;
};

// Parses "host:port" or "[v6]:port". Returns nullopt if either part is missing or the port is
// not in 1..65535.
std::optional<HostPort> ParseHostPort(std::string_view text);

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_LOOPBACK_H_
