// The CLI's client of the daemon's local HTTP API (DESIGN.md "Local HTTP API"): bearer token,
// `Host: <listen>`, JSON in and out. Maps transport failures and the API's JSON error bodies
// {"error":{"code","message"}} to Error, so every command reports one clear line.
// Not thread-safe: one client per thread (each call opens its own connection).
#ifndef DRAFTBOX_CLI_DAEMON_CLIENT_H_
#define DRAFTBOX_CLI_DAEMON_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "core/error.h"

namespace draftbox {

class DaemonClient {
 public:
  // A client for the daemon at host:port. `token` may be empty (the daemon then answers 401);
  // `token_problem` is why it is empty, added to the hint a 401 produces.
  DaemonClient(std::string host, uint16_t port, std::string token,
               std::filesystem::path token_file = {}, std::string token_problem = {});

  // The client for the daemon `config` describes: its listen address and the token in its data
  // dir. Never fails; a missing or unreadable token shows up as a kAuth error on the first call.
  static DaemonClient ForConfig(const Config& config);

  // GET `path` (e.g. "/v1/status"). Returns the JSON body, or: kUnavailable "cannot reach the
  // daemon at <addr> (start it with 'draftbox daemon')" when nothing answers; kAuth with a hint
  // about the token file on 401; the code and message of the API's error body otherwise;
  // kInternal if the body is not JSON.
  Result<nlohmann::json> Get(std::string_view path);

  // POST `body` as JSON to `path`. Same results as Get().
  Result<nlohmann::json> Post(std::string_view path, const nlohmann::json& body);

  // "127.0.0.1:7411" or "[::1]:7411": the address in messages and the Host header.
  std::string Address() const;

  // How long one request may take before it counts as failed.
  void set_timeout(std::chrono::seconds timeout) { timeout_ = timeout; }

 private:
  Result<nlohmann::json> Send(std::string_view method, std::string_view path,
                              const nlohmann::json* body);
  Error ErrorFromResponse(int http_status, const std::string& body) const;

  std::string host_;
  uint16_t port_;
  std::string token_;
  std::filesystem::path token_file_;
  std::string token_problem_;
  std::chrono::seconds timeout_{30};
};

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_DAEMON_CLIENT_H_
