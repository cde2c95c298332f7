#include "cli/init_command.h"

#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "cli/cli_support.h"
#include "cli/command_line.h"
#include "core/loopback.h"

namespace draftbox {
namespace {

// A shell argument cannot easily hold a line break, so "\n" in --signature stands for one.
std::string UnescapeNewlines(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'n') {
      out += '\n';
      ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

Result<MailSecurity> ParseSecurity(const std::string& text) {
  if (text == "tls") return MailSecurity::kTls;
  if (text == "starttls") return MailSecurity::kStartTls;
  if (text == "none") return MailSecurity::kNone;
  return Fail(ErrorCode::kInvalidArgument,
              "--imap-security: expected tls, starttls or none, got '" + text + "'");
}

// DRAFTBOX_INIT_IMAP_HOST for --imap-host: every answer a roll-out script can give by flag it
// can give by environment too.
std::string EnvName(const std::string& flag) {
  std::string name = "DRAFTBOX_INIT_";
  for (char c : flag.substr(2)) {
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

// Adds a string flag that fills `target` only when given (on the line or in its variable).
void AddStringFlag(CLI::App& app, const std::string& name, std::optional<std::string>& target,
                   const std::string& type, const std::string& help) {
  app.add_option_function<std::string>(
         name, [&target](const std::string& value) { target = value; }, help)
      ->type_name(type)
      ->envname(EnvName(name));
}

// The flags that set a key, with that key, for the lock check.
std::vector<std::pair<std::string, std::string>> FlagsGiven(const InitFlags& f) {
  struct FlagKey {
    bool set;
    const char* flag;
    const char* key;
  };
  const std::array<FlagKey, 14> all = {{
      {f.imap_host.has_value(), "--imap-host", "mailbox.host"},
      {f.imap_port.has_value(), "--imap-port", "mailbox.port"},
      {f.imap_security.has_value(), "--imap-security", "mailbox.security"},
      {f.imap_user.has_value(), "--imap-user", "mailbox.user"},
      {f.password_command.has_value(), "--password-command", "mailbox.password_command"},
      {f.oauth2_token_command.has_value(), "--oauth2-token-command",
       "mailbox.oauth2_token_command"},
      {f.drafts_folder.has_value(), "--drafts-folder", "mailbox.drafts_folder"},
      {f.sent_folder.has_value(), "--sent-folder", "mailbox.sent_folder"},
      {f.ca_file.has_value(), "--ca-file", "mailbox.ca_file"},
      {f.sender_name.has_value(), "--sender-name", "sender.name"},
      {f.sender_address.has_value(), "--sender-address", "sender.address"},
      {f.signature.has_value(), "--signature", "sender.signature"},
      {f.listen.has_value(), "--listen", "daemon.listen"},
      {f.data_dir.has_value(), "--data-dir", "daemon.data_dir"},
  }};
  std::vector<std::pair<std::string, std::string>> given;
  for (const auto& [set, flag, key] : all) {
    if (set) given.emplace_back(flag, key);
  }
  return given;
}

std::string NextStep(const GlobalOptions& global) {
  if (global.config_file.empty()) return "draftbox daemon";
  return "draftbox daemon --config " + global.config_file;
}

}  // namespace

Result<Config> ConfigFromInitFlags(const InitFlags& flags) {
  Config config;
  MailboxConfig& m = config.mailbox;
  if (flags.imap_host) m.host = *flags.imap_host;
  if (flags.imap_port) m.port = *flags.imap_port;
  if (flags.imap_security) {
    Result<MailSecurity> security = ParseSecurity(*flags.imap_security);
    if (!security) return std::unexpected(security.error());
    m.security = *security;
  }
  if (flags.imap_user) m.user = *flags.imap_user;
  if (flags.password_command) m.password_command = *flags.password_command;
  if (flags.oauth2_token_command) m.oauth2_token_command = *flags.oauth2_token_command;
  if (flags.drafts_folder) m.drafts_folder = *flags.drafts_folder;
  if (flags.sent_folder) m.sent_folder = *flags.sent_folder;
  if (flags.ca_file) m.ca_file = *flags.ca_file;
  if (flags.sender_name) config.sender.name = *flags.sender_name;
  if (flags.sender_address) config.sender.address = *flags.sender_address;
  if (flags.signature) config.sender.signature = UnescapeNewlines(*flags.signature);
  if (flags.data_dir) config.daemon.data_dir = *flags.data_dir;
  if (flags.listen) {
    std::optional<HostPort> listen = ParseHostPort(*flags.listen);
    if (!listen) {
      return Fail(
          ErrorCode::kInvalidArgument,
          "--listen: expected HOST:PORT (e.g. 127.0.0.1:7411), got '" + *flags.listen + "'");
    }
    config.daemon.listen_host = listen->host;
    config.daemon.listen_port = listen->port;
  }
  return config;
}

Status CheckInitFlagsAgainstLocks(const InitFlags& flags, const ManagedConfig& managed) {
  for (const auto& [flag, key] : FlagsGiven(flags)) {
    if (!IsLockedKey(managed, key)) continue;
    return Fail(ErrorCode::kInvalidArgument, flag + " (or " + EnvName(flag) + ") sets " + key +
                                                 ", which " + managed.file.string() +
                                                 " locks ([managed] locked); leave it out");
  }
  return {};
}

CLI::App* InitCommand::Register(CLI::App& app, GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand(
      "init",
      "Write a config file from flags or DRAFTBOX_INIT_* variables; never asks, never "
      "overwrites without --force. Exit codes: 0 written, 1 failed, 2 bad usage, 3 config "
      "exists, 4 --check failed");
  AddConfigOption(*sub, global);
  InitFlags& f = flags_;
  AddStringFlag(*sub, "--imap-host", f.imap_host, "HOST", "IMAP server host name");
  sub->add_option_function<int>(
         "--imap-port", [&f](int port) { f.imap_port = static_cast<uint16_t>(port); },
         "IMAP server port (default 993)")
      ->type_name("PORT")
      ->check(CLI::Range(1, 65535))
      ->envname(EnvName("--imap-port"));
  AddStringFlag(*sub, "--imap-security", f.imap_security, "MODE",
                "tls | starttls | none (none only to a loopback host)");
  sub->get_option("--imap-security")->check(CLI::IsMember({"tls", "starttls", "none"}));
  AddStringFlag(*sub, "--imap-user", f.imap_user, "USER", "IMAP login name");
  AddStringFlag(*sub, "--password-command", f.password_command, "CMD",
                "Shell command whose first output line is the IMAP password");
  AddStringFlag(*sub, "--oauth2-token-command", f.oauth2_token_command, "CMD",
                "Shell command printing an OAuth2 access token (instead of a password)");
  sub->get_option("--password-command")->excludes("--oauth2-token-command");
  AddStringFlag(*sub, "--drafts-folder", f.drafts_folder, "FOLDER",
                "Drafts folder (default: found by SPECIAL-USE, then common names)");
  AddStringFlag(*sub, "--sent-folder", f.sent_folder, "FOLDER",
                "Sent folder (default: found by SPECIAL-USE, then common names)");
  AddStringFlag(*sub, "--ca-file", f.ca_file, "PEM",
                "Certificate to trust for the IMAP server (self-signed servers)");
  AddStringFlag(*sub, "--sender-name", f.sender_name, "NAME", "Your name, as drafts sign it");
  AddStringFlag(*sub, "--sender-address", f.sender_address, "ADDRESS", "Your email address");
  AddStringFlag(*sub, "--signature", f.signature, "TEXT",
                "Signature appended to drafts; \\n starts a new line");
  AddStringFlag(*sub, "--listen", f.listen, "HOST:PORT",
                "Loopback address of the local API (default 127.0.0.1:7411)");
  AddStringFlag(*sub, "--data-dir", f.data_dir, "DIR",
                "Database, token and logs (default $XDG_DATA_HOME/draftbox)");
  sub->add_flag("--force", f.force, "Overwrite an existing config file")
      ->envname(EnvName("--force"));
  sub->add_flag("--check", f.check,
                "Log in and find Drafts and Sent first; on failure write nothing (exit 4)")
      ->envname(EnvName("--check"));
  // init never prompts; accepted so roll-out scripts written for tools that do can say so.
  sub->add_flag("--no-input,--yes", f.no_input, "Accepted and ignored: init never asks anything");
  sub->add_flag("--json", f.json, "Print the result as JSON");
  return sub;
}

int InitCommand::Run(const GlobalOptions& global, CliEnvironment& env) {
  Result<Config> config = ConfigFromInitFlags(flags_);
  if (!config) {
    PrintError(env.err, config.error().message);
    return kExitUsage;
  }
  const ConfigPaths paths = ConfigPathsFor(global);
  const std::filesystem::path file = ResolveUserConfigPath(paths);
  std::error_code exists_error;
  if (!flags_.force && std::filesystem::exists(file, exists_error)) {
    PrintError(env.err, file.string() + " already exists; use --force to overwrite it");
    return kInitExitConfigExists;
  }
  // The user file is laid over the system file: its locks decide what this one may hold.
  Result<Config> system = LoadSystemConfig(paths);
  if (!system) {
    PrintError(env.err, system.error().message);
    return 1;
  }
  config->managed = system->managed;
  if (Status allowed = CheckInitFlagsAgainstLocks(flags_, system->managed); !allowed) {
    PrintError(env.err, allowed.error().message);
    return kExitUsage;
  }
  if (flags_.check) {
    if (int checked = CheckMailboxFirst(paths, file, *config, env); checked != 0) return checked;
  }
  Status written = WriteConfig(*config, file, flags_.force, paths.system_file);
  if (!written && written.error().code == ErrorCode::kAlreadyExists) {
    PrintError(env.err, file.string() + " already exists; use --force to overwrite it");
    return kInitExitConfigExists;
  }
  if (!written && written.error().code == ErrorCode::kInvalidArgument) {
    PrintError(env.err, written.error().message);
    return kExitUsage;
  }
  if (!written) {
    PrintError(env.err, written.error().message);
    return 1;
  }
  if (flags_.json) {
    nlohmann::json result = {{"config_file", file.string()}, {"next", NextStep(global)}};
    if (flags_.check) result["mailbox_checked"] = checked_folders_;
    env.out << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return 0;
  }
  if (flags_.check) env.out << "mailbox checked: " << checked_folders_ << '\n';
  env.out << "wrote " << file.string() << '\n' << "start it with: " << NextStep(global) << '\n';
  return 0;
}

int InitCommand::CheckMailboxFirst(const ConfigPaths& paths, const std::filesystem::path& file,
                                   const Config& config, CliEnvironment& env) {
  if (!env.check_mailbox) {
    PrintError(env.err, "--check: this build cannot reach a mailbox");
    return kInitExitMailboxCheckFailed;
  }
  // What the daemon will run with: the file about to be written over the system file.
  Result<Config> effective =
      ParseConfigOver(paths.system_file, RenderConfig(config), file.string());
  if (!effective) {
    PrintError(env.err, effective.error().message);
    return kExitUsage;
  }
  Result<std::string> folders = env.check_mailbox(*effective);
  if (!folders) {
    PrintError(env.err, "--check: " + folders.error().message + "; nothing written");
    return kInitExitMailboxCheckFailed;
  }
  checked_folders_ = *folders;
  return 0;
}

}  // namespace draftbox
