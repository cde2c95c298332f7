// `draftbox status [--json]`: asks the running daemon (found through the same config) for
// GET /v1/status and prints it for people, or as received with --json.
// Not thread-safe (one run per process).
#ifndef DRAFTBOX_CLI_STATUS_COMMAND_H_
#define DRAFTBOX_CLI_STATUS_COMMAND_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "cli/command.h"

namespace draftbox {

class StatusCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;

  // Returns 1 with one error line if the config is bad, the daemon cannot be reached or it
  // refuses the token.
  int Run(const GlobalOptions& global, CliEnvironment& env) override;

 private:
  bool json_ = false;
};

// The human form of a /v1/status body (shared/api/status.json) from the daemon at `address`.
// Missing or mistyped fields are shown as unknown rather than failing.
std::string RenderStatusText(const nlohmann::json& status, std::string_view address);

// "3d 4h", "2h 5m", "4m 10s", "12s".
std::string FormatUptime(int64_t seconds);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_STATUS_COMMAND_H_
