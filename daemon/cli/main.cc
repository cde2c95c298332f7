// The `draftbox` binary: `draftbox daemon` runs the daemon, every other subcommand is a client
// of its local API.
#include <iostream>

#include "app/daemon.h"
#include "cli/command_line.h"
#include "cli/command_registry.h"

int main(int argc, char** argv) {
  draftbox::CliEnvironment env{
      std::cout, std::cerr, draftbox::RunDaemon,
      [](const draftbox::Config& config) -> draftbox::Result<std::string> {
        draftbox::Result<draftbox::MailboxFolders> folders = draftbox::CheckMailbox(config);
        if (!folders) return std::unexpected(folders.error());
        return "drafts \"" + folders->drafts + "\", sent \"" + folders->sent + "\"";
      }};
  draftbox::CommandLine command_line(draftbox::BuiltinCommands(), env);
  return command_line.Run(argc, argv);
}
