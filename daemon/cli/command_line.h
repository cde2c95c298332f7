// Parses a `draftbox ...` command line with CLI11 and runs the chosen command. Owns the exit-code
// contract: 0 success, 1 failure, 2 bad usage (unknown command or option, missing or malformed
// argument); --help and --version print to stdout and return 0. Every error is one
// "draftbox: ..." line on stderr. Not thread-safe: one instance per parse.
#ifndef DRAFTBOX_CLI_COMMAND_LINE_H_
#define DRAFTBOX_CLI_COMMAND_LINE_H_

#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"

namespace draftbox {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

class CommandLine {
 public:
  CommandLine(std::vector<std::unique_ptr<Command>> commands, CliEnvironment env);

  // Parses argv (argv[0] is the program name) and runs the command. Returns the exit code.
  int Run(int argc, const char* const* argv);

  // Same, for arguments without the program name (tests).
  int Run(const std::vector<std::string>& args);

 private:
  int ReportUsageError(const CLI::App& app, const CLI::ParseError& error);

  std::vector<std::unique_ptr<Command>> commands_;
  CliEnvironment env_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_COMMAND_LINE_H_
