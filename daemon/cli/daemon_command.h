// `draftbox daemon [--config FILE]`: loads the config and runs the daemon in this process until
// SIGTERM/SIGINT. Not thread-safe (one run per process).
#ifndef DRAFTBOX_CLI_DAEMON_COMMAND_H_
#define DRAFTBOX_CLI_DAEMON_COMMAND_H_

#include "cli/command.h"

namespace draftbox {

class DaemonCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;

  // Returns 1 if the config is bad (its message on env.err), else the daemon's own exit code.
  int Run(const GlobalOptions& global, CliEnvironment& env) override;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_DAEMON_COMMAND_H_
