#include "cli/command_registry.h"

#include "cli/daemon_command.h"

namespace draftbox {

std::vector<std::unique_ptr<Command>> BuiltinCommands() {
  std::vector<std::unique_ptr<Command>> commands;
  commands.push_back(std::make_unique<DaemonCommand>());
  return commands;
}

}  // namespace draftbox
