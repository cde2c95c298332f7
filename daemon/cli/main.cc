// The `draftbox` binary: `draftbox daemon` runs the daemon, every other subcommand is a client
// of its local API.
#include <iostream>

#include "app/daemon.h"
#include "cli/command_line.h"
#include "cli/command_registry.h"

int main(int argc, char** argv) {
  draftbox::CliEnvironment env{std::cout, std::cerr, draftbox::RunDaemon};
  draftbox::CommandLine command_line(draftbox::BuiltinCommands(), env);
  return command_line.Run(argc, argv);
}
