#include "cli/init_command.h"

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
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

// Adds a string flag that fills `target` only when given.
void AddStringFlag(CLI::App& app, const std::string& name, std::optional<std::string>& target,
                   const std::string& type, const std::string& help) {
  app.add_option_function<std::string>(
         name, [&target](const std::string& value) { target = value; }, help)
      ->type_name(type);
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

CLI::App* InitCommand::Register(CLI::App& app, GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand(
      "init", "Write a config file from flags (non-interactive); refuses to overwrite one");
  AddConfigOption(*sub, global);
  InitFlags& f = flags_;
  AddStringFlag(*sub, "--imap-host", f.imap_host, "HOST", "IMAP server host name");
  sub->add_option_function<int>(
         "--imap-port", [&f](int port) { f.imap_port = static_cast<uint16_t>(port); },
         "IMAP server port (default 993)")
      ->type_name("PORT")
      ->check(CLI::Range(1, 65535));
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
  sub->add_flag("--force", f.force, "Overwrite an existing config file");
  sub->add_flag("--json", f.json, "Print the result as JSON");
  return sub;
}

int InitCommand::Run(const GlobalOptions& global, CliEnvironment& env) {
  Result<Config> config = ConfigFromInitFlags(flags_);
  if (!config) {
    PrintError(env.err, config.error().message);
    return 1;
  }
  const std::filesystem::path file = ResolveUserConfigPath(ConfigPathsFor(global));
  Status written = WriteConfig(*config, file, flags_.force);
  if (!written && written.error().code == ErrorCode::kAlreadyExists) {
    PrintError(env.err, file.string() + " already exists; use --force to overwrite it");
    return 1;
  }
  if (!written) {
    PrintError(env.err, written.error().message);
    return 1;
  }
  if (flags_.json) {
    nlohmann::json result = {{"config_file", file.string()}, {"next", NextStep(global)}};
    env.out << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return 0;
  }
  env.out << "wrote " << file.string() << '\n' << "start it with: " << NextStep(global) << '\n';
  return 0;
}

}  // namespace draftbox
