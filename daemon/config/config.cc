// Loading: each file is parsed by toml++, then walked against the key schema below; values that
// pass the type check land in one merged map, key by key, each remembering the file and line
// that set it. Checks run on the merged map in three phases (structure and types, single
// values, keys that must appear together); every problem is reported, one per line, ordered by
// layer and line so the message is the same on every run. A value refused in an early phase is
// left out of the later ones, and a later phase's complaint about a key already refused is
// dropped, so one mistake is reported once.
#include "config/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>
#include <tuple>
#include <variant>

#include "config/toml_text.h"
#include "core/loopback.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;

enum class Kind { kString, kInteger, kStringList };

struct KeySpec {
  std::string_view section;  // "mailbox"; "personas" for the fields of [personas.NAME]
  std::string_view name;     // "host"
  Kind kind;
};

// The whole schema, in the order the keys are written and documented.
constexpr std::array kSchema = {
    KeySpec{"daemon", "listen", Kind::kString},
    KeySpec{"daemon", "data_dir", Kind::kString},
    KeySpec{"mailbox", "host", Kind::kString},
    KeySpec{"mailbox", "port", Kind::kInteger},
    KeySpec{"mailbox", "security", Kind::kString},
    KeySpec{"mailbox", "user", Kind::kString},
    KeySpec{"mailbox", "password_command", Kind::kString},
    KeySpec{"mailbox", "oauth2_token_command", Kind::kString},
    KeySpec{"mailbox", "drafts_folder", Kind::kString},
    KeySpec{"mailbox", "sent_folder", Kind::kString},
    KeySpec{"mailbox", "ca_file", Kind::kString},
    KeySpec{"mailbox", "vanish_grace_seconds", Kind::kInteger},
    KeySpec{"mailbox", "max_connections", Kind::kInteger},
    KeySpec{"sender", "name", Kind::kString},
    KeySpec{"sender", "address", Kind::kString},
    KeySpec{"sender", "signature", Kind::kString},
    KeySpec{"composer", "backend", Kind::kString},
    KeySpec{"composer", "endpoint", Kind::kString},
    KeySpec{"composer", "model", Kind::kString},
    KeySpec{"composer", "api_key_command", Kind::kString},
    KeySpec{"composer", "timeout_seconds", Kind::kInteger},
    KeySpec{"composer", "max_concurrent", Kind::kInteger},
    KeySpec{"composer", "max_retries", Kind::kInteger},
    KeySpec{"composer", "on_unreachable", Kind::kString},
    KeySpec{"compliance", "consent_required_countries", Kind::kStringList},
    KeySpec{"compliance", "cooldown_days", Kind::kInteger},
    KeySpec{"webhook", "url", Kind::kString},
    KeySpec{"webhook", "secret_command", Kind::kString},
    KeySpec{"suppression", "sources", Kind::kStringList},
    KeySpec{"personas", "tone", Kind::kString},
    KeySpec{"personas", "formality", Kind::kString},
    KeySpec{"personas", "sender_name", Kind::kString},
    KeySpec{"personas", "signature", Kind::kString},
    KeySpec{"managed", "locked", Kind::kStringList},
};

constexpr std::array<std::string_view, 9> kSections = {"daemon",      "mailbox",    "sender",
                                                       "composer",    "compliance", "webhook",
                                                       "suppression", "personas",   "managed"};
constexpr std::array<std::string_view, 4> kTones = {"warm", "neutral", "direct", "formal"};
constexpr std::array<std::string_view, 3> kFormalities = {"plain", "formal", "informal"};
constexpr std::array<std::string_view, 2> kBackends = {"template", "openai"};
constexpr std::array<std::string_view, 2> kOnUnreachable = {"template", "hold"};

// Where a value came from: the layer index orders files (system first), the line orders keys.
struct Origin {
  size_t layer = 0;
  std::string file;
  int64_t line = 0;
};

struct ListItem {
  std::string text;
  int64_t line = 0;
};

using Value = std::variant<std::string, int64_t, std::vector<ListItem>>;

struct Setting {
  Value value;
  Origin origin;
};

// Values are keyed "section.name"; persona values "personas.<NAME>.name" are kept per persona
// so that a NAME with dots in it stays unambiguous.
struct Merged {
  std::map<std::string, Setting> values;
  std::map<std::string, std::map<std::string, Setting>> personas;
  std::map<std::string, Origin> persona_origins;  // where each persona was first declared
};

// One entry of the system file's [managed] locked list that names a key or table.
struct Lock {
  std::string pattern;  // "composer.endpoint" or "compliance.*"
  Origin origin;        // the system file and the line of the entry
};

bool PatternLocks(std::string_view pattern, std::string_view key) {
  if (pattern.ends_with(".*")) return key.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == key;
}

struct Issue {
  Origin origin;
  std::string key;
  std::string reason;

  std::string Message() const {
    std::string out = origin.file;
    if (origin.line > 0) out += ":" + std::to_string(origin.line);
    return out + ": " + key + ": " + reason;
  }
};

std::string PersonaKey(std::string_view persona, std::string_view name) {
  return "personas." + TomlKey(persona) + "." + std::string(name);
}

std::string_view TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date/time";
  }
}

int64_t LineOf(const toml::node& node) { return static_cast<int64_t>(node.source().begin.line); }

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// " (did you mean X?)" when a known name is a likely typo of `name`, else "".
template <typename Names>
std::string Suggestion(std::string_view name, std::string_view prefix, const Names& known) {
  // Two edits catch swapped and dropped letters ("hots", "prot") without matching unrelated
  // short names.
  constexpr size_t kMaxTypoDistance = 2;
  for (std::string_view candidate : known) {
    if (EditDistance(name, candidate) <= kMaxTypoDistance) {
      return " (did you mean " + std::string(prefix) + std::string(candidate) + "?)";
    }
  }
  return "";
}

const KeySpec* FindKey(std::string_view section, std::string_view name) {
  for (const KeySpec& spec : kSchema) {
    if (spec.section == section && spec.name == name) return &spec;
  }
  return nullptr;
}

std::vector<std::string_view> NamesIn(std::string_view section) {
  std::vector<std::string_view> names;
  for (const KeySpec& spec : kSchema) {
    if (spec.section == section) names.push_back(spec.name);
  }
  return names;
}

// Walks one parsed file against the schema; type errors and unknown keys become issues, good
// values overwrite the lower layers' values key by key.
class LayerReader {
 public:
  // `locks` apply to every layer but the system file's (`system`), which sets them.
  LayerReader(size_t layer, std::string file, bool system, const std::vector<Lock>& locks,
              Merged& merged, std::vector<Issue>& issues)
      : layer_(layer),
        file_(std::move(file)),
        system_(system),
        locks_(locks),
        merged_(merged),
        issues_(issues) {}

  void Read(const toml::table& root) {
    for (auto&& [key, node] : root) {
      std::string_view name = key.str();
      bool known = std::find(kSections.begin(), kSections.end(), name) != kSections.end();
      if (!known) {
        std::string what = node.is_table() ? "unknown table" : "unknown key";
        AddIssue(node, std::string(name), what + Suggestion(name, "", kSections));
        continue;
      }
      const toml::table* table = node.as_table();
      if (table == nullptr) {
        AddIssue(node, std::string(name), "expected a table, got " + std::string(TypeName(node)));
        continue;
      }
      if (name == "managed" && !system_) {
        AddIssue(
            node, "managed",
            "only the system file (" + std::string(kDefaultSystemConfigFile) +
                ", or $DRAFTBOX_SYSTEM_CONFIG) may lock keys; remove [managed] from this file");
        continue;
      }
      if (name == "personas") {
        ReadPersonas(*table);
      } else {
        ReadSection(name, *table);
      }
    }
  }

 private:
  void ReadSection(std::string_view section, const toml::table& table) {
    for (auto&& [key, node] : table) {
      std::string dotted = std::string(section) + "." + std::string(key.str());
      const KeySpec* spec = FindKey(section, key.str());
      if (spec == nullptr) {
        std::string what = node.is_table() ? "unknown table" : "unknown key";
        std::string prefix = std::string(section) + ".";
        AddIssue(node, dotted, what + Suggestion(key.str(), prefix, NamesIn(section)));
        continue;
      }
      if (RefusedAsLocked(node, dotted)) continue;
      if (auto value = ReadValue(*spec, node, dotted)) {
        merged_.values[dotted] = Setting{std::move(*value), OriginOf(node)};
      }
    }
  }

  void ReadPersonas(const toml::table& personas) {
    for (auto&& [persona_key, node] : personas) {
      std::string persona(persona_key.str());
      std::string dotted = "personas." + TomlKey(persona);
      const toml::table* table = node.as_table();
      if (table == nullptr) {
        AddIssue(node, dotted,
                 "expected a table [" + dotted + "], got " + std::string(TypeName(node)));
        continue;
      }
      if (persona.empty()) {
        AddIssue(node, dotted, "a persona needs a name");
        continue;
      }
      if (RefusedAsLocked(node, dotted)) continue;
      merged_.persona_origins.try_emplace(persona, OriginOf(node));
      for (auto&& [key, value_node] : *table) {
        std::string field_key = PersonaKey(persona, key.str());
        const KeySpec* spec = FindKey("personas", key.str());
        if (spec == nullptr) {
          std::string what = value_node.is_table() ? "unknown table" : "unknown key";
          AddIssue(value_node, field_key,
                   what + Suggestion(key.str(), dotted + ".", NamesIn("personas")));
          continue;
        }
        if (auto value = ReadValue(*spec, value_node, field_key)) {
          merged_.personas[persona][std::string(key.str())] =
              Setting{std::move(*value), OriginOf(value_node)};
        }
      }
    }
  }

  std::optional<Value> ReadValue(const KeySpec& spec, const toml::node& node,
                                 const std::string& dotted) {
    switch (spec.kind) {
      case Kind::kString:
        if (const auto* text = node.as_string()) return Value{text->get()};
        AddIssue(node, dotted, "expected a string, got " + std::string(TypeName(node)));
        return std::nullopt;
      case Kind::kInteger:
        if (const auto* number = node.as_integer()) return Value{number->get()};
        AddIssue(node, dotted, IntegerTypeReason(node));
        return std::nullopt;
      case Kind::kStringList:
        return ReadStringList(node, dotted);
    }
    return std::nullopt;
  }

  std::string IntegerTypeReason(const toml::node& node) {
    std::string reason = "expected an integer, got " + std::string(TypeName(node));
    const auto* text = node.as_string();
    if (text == nullptr || text->get().empty()) return reason;
    bool digits = std::all_of(text->get().begin(), text->get().end(),
                              [](char c) { return c >= '0' && c <= '9'; });
    return digits ? reason + " (write " + text->get() + " without quotes)" : reason;
  }

  std::optional<Value> ReadStringList(const toml::node& node, const std::string& dotted) {
    const toml::array* array = node.as_array();
    if (array == nullptr) {
      AddIssue(node, dotted, "expected an array of strings, got " + std::string(TypeName(node)));
      return std::nullopt;
    }
    std::vector<ListItem> items;
    for (const toml::node& element : *array) {
      const auto* text = element.as_string();
      if (text == nullptr) {
        AddIssue(element, dotted,
                 "expected an array of strings, found " + std::string(TypeName(element)));
        return std::nullopt;
      }
      items.push_back(ListItem{text->get(), LineOf(element)});
    }
    return Value{std::move(items)};
  }

  Origin OriginOf(const toml::node& node) const { return Origin{layer_, file_, LineOf(node)}; }

  // A user file setting a key IT locked: reported at the user file's line, naming the system
  // file's line that locks it, so whoever reads it knows both where to look and who decides.
  bool RefusedAsLocked(const toml::node& node, const std::string& dotted) {
    if (system_) return false;
    for (const Lock& lock : locks_) {
      if (!PatternLocks(lock.pattern, dotted)) continue;
      AddIssue(node, dotted,
               "locked by " + lock.origin.file + ":" + std::to_string(lock.origin.line) +
                   " ([managed] locked = \"" + lock.pattern +
                   "\"): IT sets it there; remove it from this file");
      return true;
    }
    return false;
  }

  void AddIssue(const toml::node& node, std::string key, std::string reason) {
    issues_.push_back(Issue{OriginOf(node), std::move(key), std::move(reason)});
  }

  size_t layer_;
  std::string file_;
  bool system_;
  const std::vector<Lock>& locks_;
  Merged& merged_;
  std::vector<Issue>& issues_;
};

template <size_t N>
bool OneOf(std::string_view value, const std::array<std::string_view, N>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

template <size_t N>
std::string Choices(const std::array<std::string_view, N>& allowed) {
  std::string out;
  for (std::string_view choice : allowed) {
    if (!out.empty()) out += " | ";
    out += choice;
  }
  return out;
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

bool HasSpaceOrControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

// Deliberately loose (RFC 5322 allows far more): one '@', a non-empty local part, a dotted
// domain, nothing that would need quoting in a header.
bool LooksLikeEmail(std::string_view text) {
  size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at != text.rfind('@')) return false;
  if (HasSpaceOrControl(text) || text.find_first_of("<>()[]\\,;:\"") != std::string_view::npos) {
    return false;
  }
  std::string_view local = text.substr(0, at);
  std::string_view domain = text.substr(at + 1);
  auto dots_ok = [](std::string_view part) {
    return !part.empty() && part.front() != '.' && part.back() != '.' &&
           part.find("..") == std::string_view::npos;
  };
  return dots_ok(local) && dots_ok(domain) && domain.find('.') != std::string_view::npos;
}

bool LooksLikeHttpUrl(std::string_view text) {
  std::string_view rest;
  if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else {
    return false;
  }
  if (HasSpaceOrControl(text)) return false;
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  return !host.empty() && host.front() != ':';
}

// Why `text` cannot be the webhook URL, or nullopt when it can. Events carry people's data
// and the signature proves only who sent them, so clear text leaves the machine never.
std::optional<std::string> WebhookUrlProblem(std::string_view text) {
  if (!LooksLikeHttpUrl(text)) {
    return "expected an https:// URL (or http:// to a loopback host), got " + Quoted(text);
  }
  const bool https = text.starts_with("https://");
  std::string_view rest = text.substr(https ? 8 : 7);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return "must not hold a user name or password (the secret_command signs each request)";
  }
  std::string_view host = authority;
  if (host.starts_with("[")) {
    host.remove_prefix(1);
    host = host.substr(0, host.find(']'));
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (!https && !IsLoopbackHost(host)) {
    return "http:// sends events in clear text; it is allowed only to a loopback host, and the "
           "host is " +
           Quoted(host) + " (use https://)";
  }
  return std::nullopt;
}

std::optional<std::string> HomeDir() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || home[0] != '/') return std::nullopt;
  return std::string(home);
}

// "~" and "~/x" become $HOME and $HOME/x; anything else relative is refused so the daemon never
// depends on the directory it was started from.
std::expected<fs::path, std::string> ExpandPath(std::string_view text) {
  if (text == "~" || text.starts_with("~/")) {
    std::optional<std::string> home = HomeDir();
    if (!home) return std::unexpected("cannot expand \"~\": HOME is not set");
    return fs::path(*home + std::string(text.substr(1))).lexically_normal();
  }
  if (text.starts_with("~")) {
    return std::unexpected("\"~user\" paths are not supported; write the absolute path");
  }
  fs::path path(text);
  if (!path.is_absolute()) {
    return std::unexpected("must be an absolute path or start with \"~/\", got " + Quoted(text));
  }
  return path.lexically_normal();
}

// Phase 2: each value on its own; fills `config` with whatever is valid.
class ValueChecker {
 public:
  ValueChecker(const Merged& merged, Config& config, std::vector<Issue>& issues)
      : merged_(merged), config_(config), issues_(issues) {}

  void Run() {
    Daemon();
    Mailbox();
    Sender();
    Composer();
    Compliance();
    Webhook();
    Suppression();
    Personas();
  }

 private:
  const Setting* Get(const std::string& key) const {
    auto it = merged_.values.find(key);
    return it == merged_.values.end() ? nullptr : &it->second;
  }
  const std::string* Text(const std::string& key) const {
    const Setting* setting = Get(key);
    return setting == nullptr ? nullptr : &std::get<std::string>(setting->value);
  }
  void Fault(const Setting& setting, const std::string& key, std::string reason) {
    issues_.push_back(Issue{setting.origin, key, std::move(reason)});
  }
  void CopyText(const std::string& key, std::string& out) {
    if (const std::string* text = Text(key)) out = *text;
  }

  void Daemon() {
    if (const Setting* listen = Get("daemon.listen")) {
      const auto& text = std::get<std::string>(listen->value);
      std::optional<HostPort> parsed = ParseHostPort(text);
      if (!parsed) {
        Fault(*listen, "daemon.listen",
              "expected \"host:port\" with a port 1..65535, e.g. \"127.0.0.1:7411\", got " +
                  Quoted(text));
      } else if (!IsLoopbackHost(parsed->host)) {
        Fault(*listen, "daemon.listen",
              "must be a loopback address (127.0.0.1, ::1 or localhost): the API is for this "
              "machine only, got " +
                  Quoted(parsed->host));
      } else {
        config_.daemon.listen_host = parsed->host;
        config_.daemon.listen_port = parsed->port;
      }
    }
    const Setting* data_dir = Get("daemon.data_dir");
    const std::string* text = Text("daemon.data_dir");
    if (text != nullptr && !text->empty()) {
      auto path = ExpandPath(*text);
      if (path) {
        config_.daemon.data_dir = *path;
      } else {
        Fault(*data_dir, "daemon.data_dir", path.error());
      }
      return;
    }
    config_.daemon.data_dir = DefaultDataDir();
    if (config_.daemon.data_dir.empty()) {
      issues_.push_back(Issue{Origin{0, "config", 0}, "daemon.data_dir",
                              "no default: neither XDG_DATA_HOME nor HOME is set; set it"});
    }
  }

  void Mailbox() {
    MailboxConfig& mailbox = config_.mailbox;
    if (const Setting* host = Get("mailbox.host")) {
      const auto& text = std::get<std::string>(host->value);
      if (text.find("://") != std::string::npos || text.find('/') != std::string::npos ||
          HasSpaceOrControl(text)) {
        Fault(*host, "mailbox.host", "expected a host name or address, got " + Quoted(text));
      } else if (std::count(text.begin(), text.end(), ':') == 1) {
        Fault(*host, "mailbox.host", "put the port in mailbox.port, not in the host");
      } else {
        mailbox.host = text;
      }
    }
    if (const Setting* port = Get("mailbox.port")) {
      int64_t value = std::get<int64_t>(port->value);
      if (value < 1 || value > 65535) {
        Fault(*port, "mailbox.port", "expected an integer 1..65535, got " + std::to_string(value));
      } else {
        mailbox.port = static_cast<uint16_t>(value);
      }
    }
    if (const Setting* security = Get("mailbox.security")) {
      const auto& text = std::get<std::string>(security->value);
      if (text == "tls") {
        mailbox.security = MailSecurity::kTls;
      } else if (text == "starttls") {
        mailbox.security = MailSecurity::kStartTls;
      } else if (text == "none") {
        mailbox.security = MailSecurity::kNone;
      } else {
        Fault(*security, "mailbox.security", "expected tls | starttls | none, got " + Quoted(text));
      }
    }
    CopyText("mailbox.user", mailbox.user);
    CopyText("mailbox.password_command", mailbox.password_command);
    CopyText("mailbox.oauth2_token_command", mailbox.oauth2_token_command);
    CopyText("mailbox.drafts_folder", mailbox.drafts_folder);
    CopyText("mailbox.sent_folder", mailbox.sent_folder);
    CaFile();
    // A week: longer and a deleted draft would block its recipient for no reason.
    constexpr int64_t kMaxGraceSeconds = 7 * 86400;
    if (auto grace = Count("mailbox.vanish_grace_seconds", 1, kMaxGraceSeconds, "seconds")) {
      mailbox.vanish_grace_seconds = *grace;
    }
    if (auto connections = Count("mailbox.max_connections", 1, 15, "connections")) {
      mailbox.max_connections = static_cast<int>(*connections);
    }
  }

  // The integer at `key` if it is set and within min..max; out of range, a fault that names
  // the range in `unit`s ("expected a number of days 0..36500, got -1") and nullopt.
  std::optional<int64_t> Count(const std::string& key, int64_t min, int64_t max,
                               const std::string& unit) {
    const Setting* setting = Get(key);
    if (!setting) return std::nullopt;
    int64_t value = std::get<int64_t>(setting->value);
    if (value < min || value > max) {
      Fault(*setting, key,
            "expected a number of " + unit + " " + std::to_string(min) + ".." +
                std::to_string(max) + ", got " + std::to_string(value));
      return std::nullopt;
    }
    return value;
  }

  void CaFile() {
    const Setting* setting = Get("mailbox.ca_file");
    if (setting == nullptr || std::get<std::string>(setting->value).empty()) return;
    auto path = ExpandPath(std::get<std::string>(setting->value));
    if (!path) {
      Fault(*setting, "mailbox.ca_file", path.error());
      return;
    }
    // Checked now so a wrong path fails at start, not at the first connection minutes later.
    std::error_code error;
    if (!fs::is_regular_file(*path, error)) {
      Fault(*setting, "mailbox.ca_file", "no such file: " + path->string());
      return;
    }
    config_.mailbox.ca_file = *path;
  }

  void Sender() {
    CopyText("sender.name", config_.sender.name);
    CopyText("sender.signature", config_.sender.signature);
    const Setting* address = Get("sender.address");
    if (address == nullptr) return;
    const auto& text = std::get<std::string>(address->value);
    if (!text.empty() && !LooksLikeEmail(text)) {
      Fault(*address, "sender.address",
            "expected an email address like dana@example.com, got " + Quoted(text));
      return;
    }
    config_.sender.address = text;
  }

  void Composer() {
    ComposerConfig& composer = config_.composer;
    if (const Setting* backend = Get("composer.backend")) {
      const auto& text = std::get<std::string>(backend->value);
      if (OneOf(text, kBackends)) {
        composer.backend = text;
      } else {
        Fault(*backend, "composer.backend",
              "expected " + Choices(kBackends) + ", got " + Quoted(text));
      }
    }
    if (const Setting* endpoint = Get("composer.endpoint")) {
      const auto& text = std::get<std::string>(endpoint->value);
      if (LooksLikeHttpUrl(text)) {
        composer.endpoint = text;
      } else {
        Fault(*endpoint, "composer.endpoint",
              "expected an http:// or https:// URL, e.g. \"http://127.0.0.1:11434/v1\", got " +
                  Quoted(text));
      }
    }
    CopyText("composer.model", composer.model);
    CopyText("composer.api_key_command", composer.api_key_command);
    // A local model on a laptop CPU can take minutes for one email; past ten it is stuck.
    if (auto seconds = Count("composer.timeout_seconds", 1, 600, "seconds")) {
      composer.timeout_seconds = static_cast<int>(*seconds);
    }
    // More parallel requests than this only queue inside the model server.
    if (auto n = Count("composer.max_concurrent", 1, 64, "requests")) {
      composer.max_concurrent = static_cast<int>(*n);
    }
    if (auto n = Count("composer.max_retries", 0, 10, "retries")) {
      composer.max_retries = static_cast<int>(*n);
    }
    if (const Setting* mode = Get("composer.on_unreachable")) {
      const auto& text = std::get<std::string>(mode->value);
      if (OneOf(text, kOnUnreachable)) {
        composer.on_unreachable = text;
      } else {
        Fault(*mode, "composer.on_unreachable",
              "expected " + Choices(kOnUnreachable) + ", got " + Quoted(text));
      }
    }
  }

  void Compliance() {
    ComplianceConfig& compliance = config_.compliance;
    if (const Setting* countries = Get("compliance.consent_required_countries")) {
      std::vector<std::string> codes;
      for (const ListItem& item : std::get<std::vector<ListItem>>(countries->value)) {
        bool ok = item.text.size() == 2 && std::all_of(item.text.begin(), item.text.end(),
                                                       [](char c) { return c >= 'A' && c <= 'Z'; });
        if (!ok) {
          Origin origin = countries->origin;
          origin.line = item.line > 0 ? item.line : origin.line;
          issues_.push_back(Issue{origin, "compliance.consent_required_countries",
                                  "expected two-letter upper-case country codes (ISO 3166-1 "
                                  "alpha-2, e.g. \"DE\"), got " +
                                      Quoted(item.text)});
          return;
        }
        codes.push_back(item.text);
      }
      compliance.consent_required_countries = std::move(codes);
    }
    // A hundred years: anything beyond is a typo, and it keeps the value inside int.
    constexpr int64_t kMaxCooldownDays = 36500;
    if (auto days = Count("compliance.cooldown_days", 0, kMaxCooldownDays, "days")) {
      compliance.cooldown_days = static_cast<int>(*days);
    }
  }

  void Webhook() {
    CopyText("webhook.secret_command", config_.webhook.secret_command);
    const Setting* url = Get("webhook.url");
    if (url == nullptr) return;
    const auto& text = std::get<std::string>(url->value);
    if (text.empty()) return;
    if (std::optional<std::string> problem = WebhookUrlProblem(text)) {
      Fault(*url, "webhook.url", *problem);
      return;
    }
    config_.webhook.url = text;
  }

  void Suppression() {
    const Setting* sources = Get("suppression.sources");
    if (sources == nullptr) return;
    std::vector<fs::path> files;
    for (const ListItem& item : std::get<std::vector<ListItem>>(sources->value)) {
      auto path = ExpandPath(item.text);
      if (!path) {
        Origin origin = sources->origin;
        origin.line = item.line > 0 ? item.line : origin.line;
        issues_.push_back(Issue{origin, "suppression.sources", path.error()});
        return;
      }
      files.push_back(*path);
    }
    config_.suppression.sources = std::move(files);
  }

  void Personas() {
    for (const auto& [name, origin] : merged_.persona_origins) {
      PersonaConfig persona;
      auto fields = merged_.personas.find(name);
      if (fields != merged_.personas.end()) Persona(name, fields->second, persona);
      config_.personas[name] = persona;
    }
  }

  void Persona(const std::string& name, const std::map<std::string, Setting>& fields,
               PersonaConfig& persona) {
    for (const auto& [field, setting] : fields) {
      const auto& text = std::get<std::string>(setting.value);
      std::string key = PersonaKey(name, field);
      if (field == "tone") {
        if (OneOf(text, kTones)) {
          persona.tone = text;
        } else {
          Fault(setting, key, "expected " + Choices(kTones) + ", got " + Quoted(text));
        }
      } else if (field == "formality") {
        if (OneOf(text, kFormalities)) {
          persona.formality = text;
        } else {
          Fault(setting, key, "expected " + Choices(kFormalities) + ", got " + Quoted(text));
        }
      } else if (field == "sender_name") {
        persona.sender_name = text;
      } else if (field == "signature") {
        persona.signature = text;
      }
    }
  }

  const Merged& merged_;
  Config& config_;
  std::vector<Issue>& issues_;
};

const Setting* Find(const Merged& merged, const std::string& key) {
  auto it = merged.values.find(key);
  return it == merged.values.end() ? nullptr : &it->second;
}

// Of two settings, the one from the higher layer (or later line): the change that broke it.
const Setting* Later(const Setting* a, const Setting* b) {
  if (a == nullptr) return b;
  if (b == nullptr) return a;
  auto rank = [](const Setting* s) { return std::pair(s->origin.layer, s->origin.line); };
  return rank(a) >= rank(b) ? a : b;
}

// Phase 3: keys that only make sense together. Empty strings count as unset, so a user file
// can clear a command the system file set.
void CheckTogether(const Merged& merged, const Config& config, std::vector<Issue>& issues) {
  const MailboxConfig& mailbox = config.mailbox;
  const Setting* host = Find(merged, "mailbox.host");
  if (const Setting* security = Find(merged, "mailbox.security");
      security != nullptr && mailbox.security == MailSecurity::kNone && !mailbox.host.empty() &&
      !IsLoopbackHost(mailbox.host)) {
    issues.push_back(Issue{Later(security, host)->origin, "mailbox.security",
                           "\"none\" sends the password in clear text; it is allowed only to a "
                           "loopback host, and mailbox.host is " +
                               Quoted(mailbox.host) + " (use tls or starttls)"});
    // Reported alone: a password in clear text over the network matters more than a missing
    // companion key, whatever line either sits on.
    return;
  }
  if (mailbox.host.empty()) return;
  // The message names whichever file made the set incomplete: the one that set the host, or a
  // later one that cleared the companion key.
  if (mailbox.user.empty()) {
    issues.push_back(Issue{Later(host, Find(merged, "mailbox.user"))->origin, "mailbox.user",
                           "required when mailbox.host is set (missing)"});
  }
  const Setting* password = Find(merged, "mailbox.password_command");
  const Setting* token = Find(merged, "mailbox.oauth2_token_command");
  bool has_password = !mailbox.password_command.empty();
  bool has_token = !mailbox.oauth2_token_command.empty();
  if (!has_password && !has_token) {
    issues.push_back(Issue{Later(host, Later(password, token))->origin, "mailbox.password_command",
                           "required when mailbox.host is set (missing): set password_command "
                           "or oauth2_token_command"});
  } else if (has_password && has_token) {
    issues.push_back(Issue{Later(password, token)->origin, "mailbox.oauth2_token_command",
                           "set only one of mailbox.password_command and "
                           "mailbox.oauth2_token_command"});
  }
}

// A webhook without a secret would deliver events nobody can verify.
void CheckWebhook(const Merged& merged, const Config& config, std::vector<Issue>& issues) {
  if (config.webhook.url.empty() || !config.webhook.secret_command.empty()) return;
  const Setting* url = Find(merged, "webhook.url");
  const Setting* command = Find(merged, "webhook.secret_command");
  issues.push_back(Issue{Later(url, command)->origin, "webhook.secret_command",
                         "required when webhook.url is set (missing): it prints the key that "
                         "signs each delivery"});
}

// Every issue, one per line, by layer and line.
std::optional<Error> AllIssues(std::vector<Issue>& issues) {
  if (issues.empty()) return std::nullopt;
  std::stable_sort(issues.begin(), issues.end(), [](const Issue& a, const Issue& b) {
    return std::tie(a.origin.layer, a.origin.line, a.key) <
           std::tie(b.origin.layer, b.origin.line, b.key);
  });
  std::string message;
  for (const Issue& issue : issues) {
    if (!message.empty()) message += "\n";
    message += issue.Message();
  }
  return Error{ErrorCode::kConfig, message};
}

// Adds `later` to `issues`, leaving out a complaint about a key that already has one (a
// missing-companion check on a key whose value was refused says nothing new).
void AddUnlessReported(std::vector<Issue>& issues, std::vector<Issue> later) {
  for (Issue& issue : later) {
    bool reported = std::any_of(issues.begin(), issues.end(),
                                [&](const Issue& known) { return known.key == issue.key; });
    if (!reported) issues.push_back(std::move(issue));
  }
}

struct Layer {
  std::string file;
  toml::table root;
  bool system = false;  // the system file: it may hold [managed], and no lock applies to it
};

Result<Layer> ParseLayer(std::string_view text, std::string file, bool system = false) {
  try {
    toml::table root = toml::parse(text, std::string_view(file));
    return Layer{std::move(file), std::move(root), system};
  } catch (const toml::parse_error& error) {
    const toml::source_region& where = error.source();
    return Fail(ErrorCode::kConfig, file + ":" + std::to_string(where.begin.line) + ":" +
                                        std::to_string(where.begin.column) +
                                        ": TOML syntax error: " + std::string(error.description()));
  }
}

// Every name a lock may give: each key but the persona fields, and "TABLE.*" for each table.
std::vector<std::string> LockableNames() {
  std::vector<std::string> names;
  for (const KeySpec& spec : kSchema) {
    if (spec.section != "personas" && spec.section != "managed") {
      names.push_back(std::string(spec.section) + "." + std::string(spec.name));
    }
  }
  for (std::string_view section : kSections) {
    if (section != "managed") names.push_back(std::string(section) + ".*");
  }
  return names;
}

// The locks the system file's [managed] locked list sets; a name that is no key or table is an
// issue at its line, so a typo in IT's file never leaves a key silently unlocked.
std::vector<Lock> ReadLocks(const Merged& merged, std::vector<Issue>& issues) {
  std::vector<Lock> locks;
  auto it = merged.values.find("managed.locked");
  if (it == merged.values.end()) return locks;
  const std::vector<std::string> lockable = LockableNames();
  for (const ListItem& item : std::get<std::vector<ListItem>>(it->second.value)) {
    Origin origin = it->second.origin;
    origin.line = item.line > 0 ? item.line : origin.line;
    if (std::find(lockable.begin(), lockable.end(), item.text) == lockable.end()) {
      issues.push_back(Issue{origin, "managed.locked",
                             "\"" + item.text + "\" is not a key or table Draftbox knows" +
                                 Suggestion(item.text, "", lockable) +
                                 "; name a key (\"composer.endpoint\") or a whole table "
                                 "(\"compliance.*\")"});
      continue;
    }
    locks.push_back(Lock{item.text, origin});
  }
  return locks;
}

// `whole`: the layers are everything the daemon will run with, so keys that belong together
// are checked too; the system file alone may leave the login to each user's file.
Result<Config> Evaluate(const std::vector<Layer>& layers, bool whole = true) {
  Merged merged;
  std::vector<Issue> issues;
  std::vector<Lock> locks;
  for (size_t i = 0; i < layers.size(); ++i) {
    LayerReader(i, layers[i].file, layers[i].system, locks, merged, issues).Read(layers[i].root);
    if (layers[i].system) locks = ReadLocks(merged, issues);
  }
  Config config;
  for (const Lock& lock : locks) config.managed.locked.push_back(lock.pattern);
  if (!locks.empty()) config.managed.file = locks.front().origin.file;
  std::vector<Issue> values;
  ValueChecker(merged, config, values).Run();
  AddUnlessReported(issues, std::move(values));
  if (whole) {
    std::vector<Issue> together;
    CheckTogether(merged, config, together);
    CheckWebhook(merged, config, together);
    AddUnlessReported(issues, std::move(together));
  }
  if (auto error = AllIssues(issues)) return std::unexpected(*error);
  for (const Layer& layer : layers) config.sources.emplace_back(layer.file);
  return config;
}

Result<std::string> ReadFile(const fs::path& file) {
  std::error_code error;
  if (!fs::is_regular_file(file, error)) {
    return Fail(ErrorCode::kConfig, file.string() + ": not a regular file");
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    return Fail(ErrorCode::kConfig, file.string() + ": cannot read: " + std::strerror(errno));
  }
  return text.str();
}

Result<Layer> ReadLayer(const fs::path& file, bool system) {
  Result<std::string> text = ReadFile(file);
  if (!text) return std::unexpected(text.error());
  return ParseLayer(*text, file.string(), system);
}

std::string EnvDir(const char* name) {
  const char* value = std::getenv(name);
  // The XDG spec says relative values are invalid and must be ignored.
  return value != nullptr && value[0] == '/' ? std::string(value) : std::string();
}

}  // namespace

fs::path DefaultDataDir() {
  if (std::string xdg = EnvDir("XDG_DATA_HOME"); !xdg.empty()) {
    return (fs::path(xdg) / "draftbox").lexically_normal();
  }
  std::optional<std::string> home = HomeDir();
  if (!home) return {};
  return (fs::path(*home) / ".local/share/draftbox").lexically_normal();
}

fs::path ResolveUserConfigPath(const ConfigPaths& paths) {
  if (!paths.user_file.empty()) return paths.user_file;
  if (std::string xdg = EnvDir("XDG_CONFIG_HOME"); !xdg.empty()) {
    return fs::path(xdg) / "draftbox/config.toml";
  }
  std::optional<std::string> home = HomeDir();
  if (!home) return {};
  return fs::path(*home) / ".config/draftbox/config.toml";
}

Result<Config> LoadConfig(const ConfigPaths& paths) {
  std::vector<fs::path> files;
  std::error_code error;
  if (!paths.system_file.empty() && fs::exists(paths.system_file, error)) {
    files.push_back(paths.system_file);
  }
  fs::path user = ResolveUserConfigPath(paths);
  if (!user.empty() && fs::exists(user, error)) {
    files.push_back(user);
  } else if (paths.user_file_explicit) {
    return Fail(ErrorCode::kConfig, user.string() + ": config file not found (named by " +
                                        paths.user_file_origin + ")");
  } else if (files.empty() && paths.require_file) {
    std::string looked = user.empty() ? "" : user.string() + " (the default user file), ";
    return Fail(ErrorCode::kConfig,
                "no config file found: looked for --config FILE, $DRAFTBOX_CONFIG (unset), " +
                    looked + paths.system_file.string() +
                    " (the system file); write one with 'draftbox init' (docs: README.md "
                    "\"Quickstart\")");
  }
  std::vector<Layer> layers;
  for (const fs::path& file : files) {
    Result<Layer> layer = ReadLayer(file, file == paths.system_file);
    if (!layer) return std::unexpected(layer.error());
    layers.push_back(std::move(*layer));
  }
  return Evaluate(layers);
}

Result<Config> LoadSystemConfig(const ConfigPaths& paths) {
  std::vector<Layer> layers;
  std::error_code error;
  if (!paths.system_file.empty() && fs::exists(paths.system_file, error)) {
    Result<Layer> layer = ReadLayer(paths.system_file, true);
    if (!layer) return std::unexpected(layer.error());
    layers.push_back(std::move(*layer));
  }
  return Evaluate(layers, /*whole=*/false);
}

Result<Config> ParseConfigOver(const fs::path& system_file, std::string_view toml_text,
                               std::string_view name) {
  std::vector<Layer> layers;
  std::error_code error;
  if (!system_file.empty() && fs::exists(system_file, error)) {
    Result<Layer> layer = ReadLayer(system_file, true);
    if (!layer) return std::unexpected(layer.error());
    layers.push_back(std::move(*layer));
  }
  Result<Layer> layer = ParseLayer(toml_text, std::string(name));
  if (!layer) return std::unexpected(layer.error());
  layers.push_back(std::move(*layer));
  return Evaluate(layers);
}

bool IsLockedKey(const ManagedConfig& managed, std::string_view key) {
  return std::any_of(managed.locked.begin(), managed.locked.end(),
                     [&](const std::string& pattern) { return PatternLocks(pattern, key); });
}

fs::path SystemConfigPath() {
  const char* named = std::getenv("DRAFTBOX_SYSTEM_CONFIG");
  if (named != nullptr && *named != '\0') return fs::path(named);
  return fs::path(kDefaultSystemConfigFile);
}

Result<Config> ParseConfig(std::string_view toml_text, std::string_view name) {
  Result<Layer> layer = ParseLayer(toml_text, std::string(name));
  if (!layer) return std::unexpected(layer.error());
  std::vector<Layer> layers;
  layers.push_back(std::move(*layer));
  Result<Config> config = Evaluate(layers);
  if (config) config->sources.clear();  // text, not a file that was read
  return config;
}

const std::vector<std::string>& KnownConfigKeys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const KeySpec& spec : kSchema) {
      std::string section(spec.section);
      out.push_back(section == "personas" ? "personas.*." + std::string(spec.name)
                                          : section + "." + std::string(spec.name));
    }
    return out;
  }();
  return keys;
}

}  // namespace draftbox
