// `draftbox init [flags]`: writes a config file from flags and environment variables
// (DRAFTBOX_INIT_<FLAG>, e.g. DRAFTBOX_INIT_IMAP_HOST; a flag wins), without ever asking
// anything, so a roll-out script can run it and a user can get started in one line. Validates
// with the loader's own rules, laid over the system file (WriteConfig refuses what LoadConfig
// would), respects its [managed] locks, and never overwrites without --force. Exit codes are
// the kInit* constants below (docs/config.md). Not thread-safe (one run per process).
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
  bool check = false;     // log in and find Drafts and Sent before writing
  bool no_input = false;  // --no-input / --yes: accepted; init never asks anything anyway
  bool json = false;
};

// Exit codes of `draftbox init`, for scripts: 0 written; 1 nothing written for another reason
// (the system file does not load, the file cannot be written); kExitUsage (2) a bad flag or
// environment value, flags that make an invalid config or set a key the system file locks.
inline constexpr int kInitExitConfigExists = 3;        // the file exists and --force was not given
inline constexpr int kInitExitMailboxCheckFailed = 4;  // --check could not log in or find folders

// The Config the flags describe, on top of the built-in defaults. Only the shape of each flag
// is checked here (kInvalidArgument naming the flag: --listen not HOST:PORT, an unknown
// --imap-security); the rules of a valid config are WriteConfig's (the same as LoadConfig's).
Result<Config> ConfigFromInitFlags(const InitFlags& flags);

// kInvalidArgument naming the first flag given that sets a key `managed` locks, the key and
// the system file ("--imap-host sets mailbox.host, which /etc/draftbox/config.toml locks ...").
Status CheckInitFlagsAgainstLocks(const InitFlags& flags, const ManagedConfig& managed);

class InitCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;

  // Returns one of the exit codes above, with one error line per problem on failure.
  int Run(const GlobalOptions& global, CliEnvironment& env) override;

 private:
  // --check: logs in with the config about to be written (over the system file). 0 when the
  // mailbox answered, else the exit code after one error line.
  int CheckMailboxFirst(const ConfigPaths& paths, const std::filesystem::path& file,
                        const Config& config, CliEnvironment& env);

  InitFlags flags_;
  std::string checked_folders_;  // what --check found, for the output
};

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_INIT_COMMAND_H_
