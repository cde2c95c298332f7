// The seam between the command-line parser and the code of each subcommand. A Command adds its
// subcommand (options bound to its own members) to the CLI11 app, then runs once parsing chose
// it. New command groups (recipients, campaign, drafts, ...) implement this and add one line to
// command_registry.cc. Not thread-safe: one parse and one run per process.
#ifndef DRAFTBOX_CLI_COMMAND_H_
#define DRAFTBOX_CLI_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <ostream>
#include <string>

#include "config/config.h"
#include "core/error.h"

namespace draftbox {

// Options shared by every subcommand, wherever they appear on the line.
struct GlobalOptions {
  std::string config_file;  // --config FILE; empty = the default user config path
};

// What commands need from outside the process, injected so tests can capture output and
// replace the daemon's main loop.
struct CliEnvironment {
  std::ostream& out;
  std::ostream& err;
  std::function<int(const Config&)> run_daemon;
  // Logs in to config.mailbox once and finds Drafts and Sent (`init --check`); returns the
  // folders found as one line ("drafts \"Drafts\", sent \"Sent\"") or the error. Null: no check
  // is possible in this build.
  std::function<Result<std::string>(const Config&)> check_mailbox = nullptr;
};

class Command {
 public:
  virtual ~Command() = default;

  // Adds this command's subcommand to `app` with its options; `global` outlives the parse.
  // Returns the subcommand so the caller can tell whether it was chosen.
  virtual CLI::App* Register(CLI::App& app, GlobalOptions& global) = 0;

  // Runs the parsed command. Returns the process exit code: 0 on success, 1 on failure (after
  // writing one "draftbox: ..." line to env.err).
  virtual int Run(const GlobalOptions& global, CliEnvironment& env) = 0;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_COMMAND_H_
