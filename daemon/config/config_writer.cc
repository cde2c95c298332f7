// WriteConfig and RenderConfig: the file `draftbox init` leaves for a person to read and edit.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <system_error>
#include <vector>

#include "config/config.h"
#include "config/toml_text.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;

std::string SecurityName(MailSecurity security) {
  switch (security) {
    case MailSecurity::kStartTls:
      return "starttls";
    case MailSecurity::kNone:
      return "none";
    case MailSecurity::kTls:
      break;
  }
  return "tls";
}

std::string ListenText(const DaemonConfig& daemon) {
  bool v6 = daemon.listen_host.find(':') != std::string::npos;
  std::string host = v6 ? "[" + daemon.listen_host + "]" : daemon.listen_host;
  return host + ":" + std::to_string(daemon.listen_port);
}

// Appends one documented key. A value equal to its default is written commented out, so the
// layer underneath (system file, built-in default) still decides it; so is a key the system
// file locks, which a user file may not set.
class Writer {
 public:
  explicit Writer(const ManagedConfig& managed) : managed_(managed) {}

  void Section(std::string_view header) {
    if (!out_.empty()) out_ += "\n";
    out_ += "[" + std::string(header) + "]\n";
    section_ = header;
  }

  void Key(std::string_view comment, std::string_view key, const std::string& value,
           const std::string& default_value) {
    if (!out_.ends_with("]\n")) out_ += "\n";
    size_t start = 0;
    while (start <= comment.size()) {
      size_t end = comment.find('\n', start);
      if (end == std::string_view::npos) end = comment.size();
      out_ += "# " + std::string(comment.substr(start, end - start)) + "\n";
      start = end + 1;
    }
    const bool locked = IsLockedKey(managed_, section_ + "." + std::string(key));
    if (locked) out_ += "# Managed: " + managed_.file.string() + " sets this key for everyone.\n";
    if (locked || value == default_value) out_ += "# ";
    out_ += std::string(key) + " = " + value + "\n";
  }

  void Text(std::string_view text) { out_ += text; }

  std::string Take() { return std::move(out_); }

 private:
  const ManagedConfig& managed_;
  std::string section_;
  std::string out_;
};

void RenderDaemon(const Config& config, Writer& out) {
  const DaemonConfig defaults;
  out.Section("daemon");
  out.Key("Local API address. Loopback only (127.0.0.1, ::1, localhost).", "listen",
          TomlString(ListenText(config.daemon)), TomlString(ListenText(defaults)));
  fs::path default_dir = DefaultDataDir();
  fs::path data_dir = config.daemon.data_dir.empty() ? default_dir : config.daemon.data_dir;
  out.Key(
      "SQLite database, API token and logs. Absolute or ~/...; default $XDG_DATA_HOME/draftbox.",
      "data_dir", TomlString(data_dir.string()), TomlString(default_dir.string()));
}

void RenderMailbox(const Config& config, Writer& out) {
  const MailboxConfig& mailbox = config.mailbox;
  const MailboxConfig defaults;
  out.Section("mailbox");
  out.Key("IMAP server holding the Drafts folder. Empty: no mailbox yet.", "host",
          TomlString(mailbox.host), TomlString(defaults.host));
  out.Key("993 for tls, 143 for starttls.", "port", std::to_string(mailbox.port),
          std::to_string(defaults.port));
  out.Key("tls | starttls | none (none only to a loopback host).", "security",
          TomlString(SecurityName(mailbox.security)), TomlString(SecurityName(defaults.security)));
  out.Key("IMAP login name.", "user", TomlString(mailbox.user), TomlString(defaults.user));
  out.Key("Run with /bin/sh -c; the first line of its output is the password.", "password_command",
          TomlString(mailbox.password_command), TomlString(defaults.password_command));
  out.Key("Instead of password_command: prints an OAuth2 access token (XOAUTH2).",
          "oauth2_token_command", TomlString(mailbox.oauth2_token_command),
          TomlString(defaults.oauth2_token_command));
  out.Key("Empty: found by SPECIAL-USE, then common names.", "drafts_folder",
          TomlString(mailbox.drafts_folder), TomlString(defaults.drafts_folder));
  out.Key("Empty: found by SPECIAL-USE, then common names.", "sent_folder",
          TomlString(mailbox.sent_folder), TomlString(defaults.sent_folder));
  out.Key("PEM certificate to trust for a self-signed server. Empty: the system's CAs.", "ca_file",
          TomlString(mailbox.ca_file.string()), TomlString(defaults.ca_file.string()));
}

void RenderSender(const Config& config, Writer& out) {
  const SenderConfig defaults;
  out.Section("sender");
  out.Key("Name drafts are written as.", "name", TomlString(config.sender.name),
          TomlString(defaults.name));
  out.Key("From address of the drafts.", "address", TomlString(config.sender.address),
          TomlString(defaults.address));
  out.Key("Appended to every draft; \\n starts a new line.", "signature",
          TomlString(config.sender.signature), TomlString(defaults.signature));
}

void RenderComposer(const Config& config, Writer& out) {
  const ComposerConfig& composer = config.composer;
  const ComposerConfig defaults;
  out.Section("composer");
  out.Key("template (built in, no model) | openai (any OpenAI-compatible endpoint).", "backend",
          TomlString(composer.backend), TomlString(defaults.backend));
  out.Key("Chat-completions base URL for the openai backend.", "endpoint",
          TomlString(composer.endpoint), TomlString(defaults.endpoint));
  out.Key("Model name sent to the endpoint.", "model", TomlString(composer.model),
          TomlString(defaults.model));
  out.Key("Prints the API key (first line). Empty: no key sent.", "api_key_command",
          TomlString(composer.api_key_command), TomlString(defaults.api_key_command));
  out.Key("Seconds one request may take, 1..600.", "timeout_seconds",
          std::to_string(composer.timeout_seconds), std::to_string(defaults.timeout_seconds));
  out.Key("Requests to the endpoint at once, 1..64.", "max_concurrent",
          std::to_string(composer.max_concurrent), std::to_string(defaults.max_concurrent));
  out.Key("Retries after 429, 5xx, timeouts and cut connections, 0..10.", "max_retries",
          std::to_string(composer.max_retries), std::to_string(defaults.max_retries));
  out.Key("Endpoint unreachable: template (write with the template composer) | hold.",
          "on_unreachable", TomlString(composer.on_unreachable),
          TomlString(defaults.on_unreachable));
}

void RenderCompliance(const Config& config, Writer& out) {
  const ComplianceConfig defaults;
  out.Section("compliance");
  out.Key("Countries (ISO 3166-1 alpha-2) where a recipient needs recorded consent.",
          "consent_required_countries",
          TomlStringArray(config.compliance.consent_required_countries),
          TomlStringArray(defaults.consent_required_countries));
  out.Key("Days after a send before the same recipient gets another draft.", "cooldown_days",
          std::to_string(config.compliance.cooldown_days), std::to_string(defaults.cooldown_days));
}

void RenderWebhook(const Config& config, Writer& out) {
  const WebhookConfig defaults;
  out.Section("webhook");
  out.Key("POST every event here, signed. https://, or http:// to a loopback host. Empty: off.",
          "url", TomlString(config.webhook.url), TomlString(defaults.url));
  out.Key("Prints the HMAC-SHA256 key (first line). Required when url is set.", "secret_command",
          TomlString(config.webhook.secret_command), TomlString(defaults.secret_command));
}

void RenderSuppression(const Config& config, Writer& out) {
  std::vector<std::string> sources;
  for (const fs::path& source : config.suppression.sources) sources.push_back(source.string());
  out.Section("suppression");
  out.Key("CSV lists (as for `draftbox suppress import`) added at every daemon start.", "sources",
          TomlStringArray(sources), TomlStringArray({}));
}

void RenderPersonas(const Config& config, Writer& out) {
  const PersonaConfig defaults;
  for (const auto& [name, persona] : config.personas) {
    out.Section("personas." + TomlKey(name));
    out.Key("warm | neutral | direct | formal", "tone", TomlString(persona.tone),
            TomlString(defaults.tone));
    out.Key("plain | formal", "formality", TomlString(persona.formality),
            TomlString(defaults.formality));
    out.Key("Empty: [sender] name.", "sender_name", TomlString(persona.sender_name),
            TomlString(defaults.sender_name));
    out.Key("Empty: [sender] signature.", "signature", TomlString(persona.signature),
            TomlString(defaults.signature));
  }
}

Status Errno(const fs::path& file, std::string_view what) {
  return Fail(ErrorCode::kIo,
              file.string() + ": " + std::string(what) + ": " + std::strerror(errno));
}

// Writes next to the target and renames, so a crash never leaves half a config behind.
Status WriteFileAtomically(const fs::path& file, const std::string& text) {
  fs::path temp = file;
  temp += ".tmp-" + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Errno(temp, "cannot create");
  // The umask can only take bits away, but an existing temp file keeps its old mode.
  bool ok = ::fchmod(fd, 0600) == 0;
  size_t written = 0;
  while (ok && written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  int saved = errno;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), file.c_str()) != 0) {
    if (ok) saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    return Errno(file, "cannot write");
  }
  return {};
}

}  // namespace

std::string RenderConfig(const Config& config) {
  Writer out(config.managed);
  out.Text(
      "# Draftbox configuration. Every key is described in config.example.toml in the\n"
      "# documentation. Lines starting with \"# key =\" show a default; remove the \"# \" to\n"
      "# change it. Keys left commented out can come from /etc/draftbox/config.toml.\n");
  RenderDaemon(config, out);
  RenderMailbox(config, out);
  RenderSender(config, out);
  RenderComposer(config, out);
  RenderCompliance(config, out);
  RenderWebhook(config, out);
  RenderSuppression(config, out);
  RenderPersonas(config, out);
  return out.Take();
}

Status WriteConfig(const Config& config, const fs::path& file, bool force,
                   const fs::path& system_file) {
  std::error_code error;
  if (!force && fs::exists(file, error)) {
    return Fail(ErrorCode::kAlreadyExists, file.string() + ": already exists; not overwritten");
  }
  std::string text = RenderConfig(config);
  Result<Config> check = ParseConfigOver(system_file, text, file.string());
  if (!check) return Fail(ErrorCode::kInvalidArgument, check.error().message);
  fs::path parent = file.parent_path();
  if (!parent.empty() && !fs::exists(parent, error)) {
    fs::create_directories(parent, error);
    if (error) {
      return Fail(ErrorCode::kIo, parent.string() + ": cannot create: " + error.message());
    }
    // Only the directory we made: the config may name secret commands.
    fs::permissions(parent, fs::perms::owner_all, error);
  }
  return WriteFileAtomically(file, text);
}

}  // namespace draftbox
