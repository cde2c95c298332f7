// Small helpers every command uses: the shared --config option, config loading from it and the
// one-line error format. Stateless functions, thread-safe.
#ifndef DRAFTBOX_CLI_CLI_SUPPORT_H_
#define DRAFTBOX_CLI_CLI_SUPPORT_H_

#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/command.h"
#include "config/config.h"
#include "core/error.h"

namespace draftbox {

// Adds --config FILE to `app`, bound to global.config_file, so it is accepted on every
// subcommand and before it.
void AddConfigOption(CLI::App& app, GlobalOptions& global);

// The ConfigPaths a command loads: --config FILE, else $DRAFTBOX_CONFIG, else the XDG default
// ($XDG_CONFIG_HOME/draftbox/config.toml, else ~/.config/draftbox/config.toml), over the
// system file ($DRAFTBOX_SYSTEM_CONFIG, else /etc/draftbox/config.toml). A named file must
// exist; with none found at all, loading fails naming where it looked. Reads the environment.
ConfigPaths ConfigPathsFor(const GlobalOptions& global);

// Loads the layered config for a command. On failure writes each of the loader's problems
// (file, line, key, reason) as an error line of its own to `err` and returns the error.
Result<Config> LoadConfigOrReport(const GlobalOptions& global, std::ostream& err);

// The whole file `file`, as bytes. kIo "cannot read FILE: no such file or not readable".
Result<std::string> ReadTextFile(const std::string& file);

// ReadTextFile, then refuses text that is not UTF-8 (JSON cannot carry it to the daemon) with
// kInvalidArgument "FILE:LINE: not valid UTF-8 (save the file as UTF-8)".
Result<std::string> ReadUtf8File(const std::string& file);

// Writes "draftbox: <message>" as exactly one line: embedded newlines become "; ".
void PrintError(std::ostream& err, std::string_view message);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_CLI_SUPPORT_H_
