// `draftbox init [flags]`: writes a config file from flags, without asking anything, so IT can
// script it and a user can get started in one line. Validates with the loader's own rules
// (WriteConfig refuses a config ParseConfig would reject) and never overwrites without --force.
// Not thread-safe (one run per process).
#ifndef DRAFTBOX_CLI_INIT_COMMAND_H_
#define DRAFTBOX_CLI_INIT_COMMAND_H_

#include <cstdint>
#include <optional>
#include <string>

#include "cli/command.h"
#include "config/config.h"
#include "core/error.h"

namespace draftbox {

// The flags of `draftbox init`; unset ones keep the built-in default.
struct InitFlags {
  std::optional<std::string> imap_host;
  std::optional<uint16_t> imap_port;
  std::optional<std::string> imap_security;  // tls | starttls | none
  std::optional<std::string> imap_user;
  std::optional<std::string> password_command;
  std::optional<std::string> oauth2_token_command;
  std::optional<std::string> drafts_folder;
  std::optional<std::string> sent_folder;
  std::optional<std::string> ca_file;
  std::optional<std::string> sender_name;
  std::optional<std::string> sender_address;
  std::optional<std::string> signature;  // "\n" written as backslash-n becomes a line break
  std::optional<std::string> listen;     // HOST:PORT
  std::optional<std::string> data_dir;
  bool force = false;
  bool json = false;
};

// The Config the flags describe, on top of the built-in defaults. Only the shape of each flag
// is checked here (kInvalidArgument naming the flag: --listen not HOST:PORT, an unknown
// --imap-security); the rules of a valid config are WriteConfig's (the same as LoadConfig's).
Result<Config> ConfigFromInitFlags(const InitFlags& flags);

class InitCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;

  // Returns 1 with one error line if the file exists (without --force), the flags make an
  // invalid config (the reason names the key), or the file cannot be written.
  int Run(const GlobalOptions& global, CliEnvironment& env) override;

 private:
  InitFlags flags_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_INIT_COMMAND_H_
