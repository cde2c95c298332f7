// The list of subcommands `draftbox` knows, in the order `--help` shows them. Thread-safe.
#ifndef DRAFTBOX_CLI_COMMAND_REGISTRY_H_
#define DRAFTBOX_CLI_COMMAND_REGISTRY_H_

#include <memory>
#include <vector>

#include "cli/command.h"

namespace draftbox {

// A fresh instance of every built-in command. Never fails.
std::vector<std::unique_ptr<Command>> BuiltinCommands();

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_COMMAND_REGISTRY_H_
