// Draftbox configuration: the TOML keys of DESIGN.md, loaded in layers and validated.
// Every key is documented in docs/config.example.toml. Plain values; Load* are thread-safe.
#ifndef DRAFTBOX_CONFIG_CONFIG_H_
#define DRAFTBOX_CONFIG_CONFIG_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace draftbox {

enum class MailSecurity { kTls, kStartTls, kNone };

struct DaemonConfig {
  std::string listen_host = "127.0.0.1";  // always a loopback host (checked at load)
  uint16_t listen_port = 7411;
  std::filesystem::path data_dir;  // absolute; "~" expanded; default $XDG_DATA_HOME/draftbox

  bool operator==(const DaemonConfig&) const = default;
};

struct MailboxConfig {
  std::string host;  // empty: no mailbox configured yet (daemon runs, status says so)
  uint16_t port = 993;
  MailSecurity security = MailSecurity::kTls;
  std::string user;
  std::string password_command;      // run with /bin/sh -c; stdout's first line is the password
  std::string oauth2_token_command;  // alternative to password_command (SASL XOAUTH2)
  std::string drafts_folder;         // empty: found by SPECIAL-USE, then common names
  std::string sent_folder;
  // PEM file of a certificate to trust for this server (self-signed servers, tests).
  std::filesystem::path ca_file;
  // How long a placed draft may be missing from Drafts, with no send and no saved copy of it
  // there, before it is `vanished`: a client removes the draft a moment before (or after) the
  // sent copy reaches Sent.
  int64_t vanish_grace_seconds = 600;
  // IMAP connections the daemon opens to this account at once, every user of the mailbox
  // counted (placing, Regenerate and Reject, the watcher). Providers refuse logins past their
  // own limit (Gmail: 15 per account), and a mail client is open beside Draftbox.
  int max_connections = 4;

  bool operator==(const MailboxConfig&) const = default;
};

struct SenderConfig {
  std::string name;
  std::string address;
  std::string signature;

  bool operator==(const SenderConfig&) const = default;
};

struct ComposerConfig {
  std::string backend = "template";  // template | openai
  std::string endpoint = "http://127.0.0.1:11434/v1";
  std::string model = "llama3.1:8b";
  std::string api_key_command;
  int timeout_seconds = 120;  // one request, connect to last byte
  int max_concurrent = 4;     // requests in flight at once
  int max_retries = 3;        // after 429, 5xx, timeouts and cut connections
  // When the endpoint cannot be reached: "template" writes with the template composer,
  // "hold" records the draft as needs_attention.
  std::string on_unreachable = "hold";

  bool operator==(const ComposerConfig&) const = default;
};

struct ComplianceConfig {
  std::vector<std::string> consent_required_countries = {"DE", "CA"};  // ISO 3166 alpha-2
  int cooldown_days = 14;

  bool operator==(const ComplianceConfig&) const = default;
};

// [webhook]: every event of the log POSTed to one URL, signed with HMAC-SHA256.
struct WebhookConfig {
  std::string url;             // empty: no webhook; http:// only to a loopback host, else https://
  std::string secret_command;  // like password_command; first stdout line is the HMAC key

  bool operator==(const WebhookConfig&) const = default;
};

// [suppression]: lists kept outside the user's own suppression list.
struct SuppressionConfig {
  // CSV files in the format of `draftbox suppress import` (address,reason,date,source; @domain
  // rows are domains), added to the suppression list at every daemon start: a company-wide
  // do-not-contact list IT keeps in one place. Absolute or "~/..."; a missing file is logged,
  // not fatal (a network share may be late), and what it added before stays.
  std::vector<std::filesystem::path> sources;

  bool operator==(const SuppressionConfig&) const = default;
};

// [managed], read from the system file only: the keys IT locks. A user file that sets a locked
// key does not load (the error names both files and the key).
struct ManagedConfig {
  // As written: a key ("composer.endpoint") or a whole table ("compliance.*", "personas.*").
  std::vector<std::string> locked;
  // The system file that locks them (for messages and `draftbox status`); empty when none.
  std::filesystem::path file;

  bool operator==(const ManagedConfig&) const = default;
};

// True when `managed` locks the dotted key `key` ("composer.endpoint", "personas.sales.tone"),
// by name or by its table's "TABLE.*".
bool IsLockedKey(const ManagedConfig& managed, std::string_view key);

// [personas.NAME]; fields left empty fall back to [sender] and the default tone.
struct PersonaConfig {
  std::string tone = "warm";        // warm | neutral | direct | formal
  std::string formality = "plain";  // plain | formal | informal (German "du" to everyone)
  std::string sender_name;
  std::string signature;

  bool operator==(const PersonaConfig&) const = default;
};

struct Config {
  DaemonConfig daemon;
  MailboxConfig mailbox;
  SenderConfig sender;
  ComposerConfig composer;
  ComplianceConfig compliance;
  WebhookConfig webhook;
  SuppressionConfig suppression;
  std::map<std::string, PersonaConfig> personas;
  ManagedConfig managed;

  // The files that were read, lowest layer first (for `draftbox status` and error messages).
  std::vector<std::filesystem::path> sources;

  bool operator==(const Config&) const = default;
};

// The system file when nothing names another: IT's managed defaults and locks.
inline constexpr std::string_view kDefaultSystemConfigFile = "/etc/draftbox/config.toml";

// The system file to read: $DRAFTBOX_SYSTEM_CONFIG when set and not empty (tests, packagers
// that install elsewhere), else kDefaultSystemConfigFile. Reads the environment.
std::filesystem::path SystemConfigPath();

// Where configuration comes from. Empty user_file means the default
// $XDG_CONFIG_HOME/draftbox/config.toml (~/.config/... when XDG_CONFIG_HOME is unset).
struct ConfigPaths {
  std::filesystem::path system_file{kDefaultSystemConfigFile};
  std::filesystem::path user_file;
  bool user_file_explicit = false;  // true when given by --config: then it must exist
  // Who named user_file ("--config", "DRAFTBOX_CONFIG"), for the message when it is missing.
  std::string user_file_origin = "--config";
  // true: finding neither the system nor the user file is an error naming where Draftbox
  // looked, rather than running on built-in defaults (the CLI: a daemon without a config has
  // no mailbox and a client without one would look for the wrong daemon).
  bool require_file = false;
};

// The user file path that ConfigPaths resolves to (applies the XDG default).
std::filesystem::path ResolveUserConfigPath(const ConfigPaths& paths);

// Reads the system file (if present), then the user file on top of it, key by key, and
// validates the result. Missing optional files are fine (defaults apply) unless require_file;
// an explicit user file that does not exist is an error. On failure returns kConfig with one
// line per problem, every problem of the files at once, in file and line order, each of the
// form "<file>:<line>: <key>: <reason>" (line where known), e.g.
// "/home/d/.config/draftbox/config.toml:7: mailbox.port: expected an integer 1..65535".
// Unknown keys are errors (typos must not be silently ignored). A TOML syntax error stops at
// the first one (the parser cannot go on).
// Managed keys: the system file's [managed] locked list names keys a user file may not set;
// setting one is an error at the user file's line that names the system file and its line.
// [managed] anywhere but the system file, or a locked name that is not a key, is an error too.
Result<Config> LoadConfig(const ConfigPaths& paths);

// The system file of `paths` alone (built-in defaults when it does not exist): what a user file
// is laid over, with its locks in `managed`. Errors as LoadConfig, except that keys which
// must appear together are not checked (the system file may name the server and leave the
// login to each user's file).
Result<Config> LoadSystemConfig(const ConfigPaths& paths);

// Same checks on a TOML text; `name` is used in error messages in place of a file name.
Result<Config> ParseConfig(std::string_view toml_text, std::string_view name);

// ParseConfig of `toml_text` laid over `system_file` (when it exists) as LoadConfig lays a user
// file over it, locks included: what `draftbox init` checks before writing.
Result<Config> ParseConfigOver(const std::filesystem::path& system_file, std::string_view toml_text,
                               std::string_view name);

// Writes a commented config file (used by `draftbox init`). Refuses to overwrite an existing
// file unless `force`; creates parent directories; the file is written 0600 (it may name
// commands that reveal secrets). Returns kAlreadyExists or kIo on failure.
// Keys whose value equals the built-in default (an empty data_dir counts as the default) are
// written commented out, so a system file underneath still supplies them. The text is checked
// with ParseConfig before anything is written: a config that would not load again is refused
// with kInvalidArgument. With a `system_file` (that exists) the check lays the text over it, as
// LoadConfig would: the pair must load, and a key config.managed locks is always written
// commented out, since the user file may not set it.
Status WriteConfig(const Config& config, const std::filesystem::path& file, bool force,
                   const std::filesystem::path& system_file = {});

// The commented TOML text WriteConfig writes (no checks, no I/O).
std::string RenderConfig(const Config& config);

// Every key the parser accepts, dotted, in file order; persona keys as "personas.*.tone".
// "managed.locked" is among them, though only a system file may set it.
// docs/config.example.toml is tested against this list.
const std::vector<std::string>& KnownConfigKeys();

// $XDG_DATA_HOME/draftbox, else $HOME/.local/share/draftbox; empty if neither is set.
std::filesystem::path DefaultDataDir();

}  // namespace draftbox

#endif  // DRAFTBOX_CONFIG_CONFIG_H_
