// The body every client command shares: load the config (--config), make the daemon client,
// call the daemon, then print the answer — as JSON with --json, else rendered for people — and
// turn it into the exit code. A command supplies only the call and the rendering.
// Stateless; one run per process, like every command.
#ifndef DRAFTBOX_CLI_COMMAND_RUNNER_H_
#define DRAFTBOX_CLI_COMMAND_RUNNER_H_

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "cli/command.h"
#include "cli/daemon_client.h"
#include "core/error.h"

namespace draftbox {

struct ClientCall {
  // What to ask the daemon; the client is ready (token, Host, `timeout`).
  std::function<Result<nlohmann::json>(DaemonClient&)> call;
  // The answer for people; unused with `as_json`.
  std::function<std::string(const nlohmann::json&)> render;
  bool as_json = false;
  // How long one request may take (DaemonClient::set_timeout).
  std::chrono::seconds timeout{30};
};

// Runs `call`: kExitOk after printing the answer to env.out; kExitFailure after one
// "draftbox: ..." line on env.err when the config cannot be loaded or the call fails.
int RunClientCall(const GlobalOptions& global, CliEnvironment& env, const ClientCall& call);

// The answer as the --json output of every command: indented, invalid UTF-8 replaced.
void PrintJson(std::ostream& out, const nlohmann::json& body);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_COMMAND_RUNNER_H_
