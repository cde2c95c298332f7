#include "cli/daemon_command.h"

#include "cli/cli_support.h"

namespace draftbox {

CLI::App* DaemonCommand::Register(CLI::App& app, GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand(
      "daemon", "Run the daemon in the foreground (local API, mailbox watcher) until stopped");
  AddConfigOption(*sub, global);
  return sub;
}

int DaemonCommand::Run(const GlobalOptions& global, CliEnvironment& env) {
  Result<Config> config = LoadConfigOrReport(global, env.err);
  if (!config) return 1;
  if (!env.run_daemon) {
    PrintError(env.err, "this build cannot run the daemon");
    return 1;
  }
  return env.run_daemon(*config);
}

}  // namespace draftbox
