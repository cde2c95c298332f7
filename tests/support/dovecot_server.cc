#include "support/dovecot_server.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/subprocess.h"

#ifndef DRAFTBOX_THROWAWAY_DOVECOT
#error "DRAFTBOX_THROWAWAY_DOVECOT must name tests/support/throwaway-dovecot"
#endif

namespace draftbox::test {
namespace {

// Start-up may retry ports a few times, each with a 10 s readiness limit; stop waits for
// Dovecot's own 1 s shutdown pause.
constexpr std::chrono::seconds kScriptTimeout{60};
constexpr std::chrono::seconds kDoveadmTimeout{30};

// doveadm's exit codes (sysexits.h and doveadm's own).
constexpr int kExitNoUser = 67;
constexpr int kExitNotFound = 68;

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

template <typename T>
Result<T> ParseNumber(const nlohmann::json& row, const std::string& field) {
  if (!row.contains(field) || !row[field].is_string()) {
    return Fail(ErrorCode::kInternal, "doveadm output lacks field " + field + ": " + row.dump());
  }
  const std::string& text = row[field].get_ref<const std::string&>();
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Fail(ErrorCode::kInternal, "doveadm field " + field + " is not a number: " + text);
  }
  return value;
}

std::string StringField(const nlohmann::json& row, const std::string& field) {
  if (!row.contains(field) || !row[field].is_string()) return "";
  return row[field].get<std::string>();
}

// Header values come folded as in the message; unfolding (RFC 5322 §2.2.3) drops the line
// breaks and keeps the whitespace after them.
std::string Unfold(std::string value) {
  std::erase(value, '\r');
  std::erase(value, '\n');
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  value.erase(value.begin(), std::find_if(value.begin(), value.end(), not_space));
  value.erase(std::find_if(value.rbegin(), value.rend(), not_space).base(), value.end());
  return value;
}

std::vector<std::string> SplitFlags(const std::string& text) {
  std::vector<std::string> flags;
  std::istringstream in(text);
  std::string flag;
  while (in >> flag) {
    // \Recent only says doveadm's own session is the first to see the message.
    if (flag != "\\Recent") flags.push_back(flag);
  }
  return flags;
}

// Maildir keeps LF line ends; IMAP and RFC 5322 use CRLF.
std::string ToCrlf(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

Result<nlohmann::json> ParseJsonArray(const std::string& text) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) {
    return Fail(ErrorCode::kInternal, "doveadm did not print a JSON array: " + text);
  }
  return parsed;
}

}  // namespace

std::filesystem::path ThrowawayDovecotScript() {
  const char* source_dir = std::getenv("DRAFTBOX_SOURCE_DIR");
  if (source_dir != nullptr && source_dir[0] != '\0') {
    return std::filesystem::path(source_dir) / "tests/support/throwaway-dovecot";
  }
  return DRAFTBOX_THROWAWAY_DOVECOT;
}

DovecotServer::DovecotServer(TempDir temp, DovecotOptions options)
    : temp_(std::move(temp)),
      users_(std::move(options.users)),
      special_use_(options.special_use),
      imap_capability_(std::move(options.imap_capability)),
      oauth2_introspection_url_(std::move(options.oauth2_introspection_url)),
      temporary_login_failures_(options.temporary_login_failures) {}

Result<std::unique_ptr<DovecotServer>> DovecotServer::Start(DovecotOptions options) {
  if (options.users.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "DovecotOptions.users is empty");
  }
  if (options.temporary_login_failures.value_or(0) < 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "DovecotOptions.temporary_login_failures must not be negative");
  }
  Result<TempDir> temp = TempDir::Create("draftbox-dovecot");
  if (!temp) return std::unexpected(temp.error());
  std::unique_ptr<DovecotServer> server(new DovecotServer(std::move(*temp), std::move(options)));

  std::vector<std::string> args;
  for (const auto& [name, password] : server->users_) {
    args.push_back("--user");
    args.push_back(name + ":" + password);
  }
  if (!server->special_use_) args.push_back("--no-special-use");
  if (!server->imap_capability_.empty()) {
    args.push_back("--imap-capability");
    args.push_back(server->imap_capability_);
  }
  if (!server->oauth2_introspection_url_.empty()) {
    args.push_back("--oauth2-introspection");
    args.push_back(server->oauth2_introspection_url_);
  }
  if (server->temporary_login_failures_) {
    args.push_back("--temporary-login-failures");
    args.push_back(std::to_string(*server->temporary_login_failures_));
  }
  // A test that crashes or is killed by a timeout must not leave Dovecot running.
  args.push_back("--owner-pid");
  args.push_back(std::to_string(getpid()));
  // Marked running first so that the destructor stops whatever a failed start left behind.
  server->running_ = true;
  if (Status started = server->RunScript("start", std::move(args)); !started) {
    return std::unexpected(started.error());
  }
  if (Status loaded = server->LoadEnv(); !loaded) return std::unexpected(loaded.error());
  return server;
}

DovecotServer::~DovecotServer() {
  if (running_) (void)Stop();
}

Status DovecotServer::Stop() {
  Status stopped = RunScript("stop", {});
  if (stopped) running_ = false;
  return stopped;
}

Status DovecotServer::Restart() {
  running_ = true;
  if (Status restarted = RunScript("restart", {}); !restarted) return restarted;
  return LoadEnv();
}

Status DovecotServer::FailLoginsTemporarily(int count) {
  if (!temporary_login_failures_) {
    return Fail(ErrorCode::kInvalidArgument,
                "FailLoginsTemporarily: start the server with "
                "DovecotOptions::temporary_login_failures set");
  }
  if (count < 0) {
    return Fail(ErrorCode::kInvalidArgument, "FailLoginsTemporarily: count must not be negative");
  }
  return RunScript("fail-logins", {std::to_string(count)});
}

Result<int> DovecotServer::TemporaryLoginFailuresLeft() const {
  const std::filesystem::path counter = dir() / "temporary-login-failures";
  std::ifstream in(counter);
  int left = 0;
  if (!(in >> left)) return Fail(ErrorCode::kIo, "cannot read a count from " + counter.string());
  return left;
}

Status DovecotServer::AddUser(const std::string& name, const std::string& password) {
  if (name.empty() || password.empty() || Contains(password, ":")) {
    return Fail(ErrorCode::kInvalidArgument,
                "user \"" + name + "\": name and password must be non-empty, password without ':'");
  }
  if (Status added = RunScript("add-user", {name + ":" + password}); !added) return added;
  users_.emplace_back(name, password);
  return {};
}

Status DovecotServer::Save(const std::string& user, const std::string& mailbox,
                           const std::string& raw, const std::vector<std::string>& flags) {
  Result<FolderInfo> before = GetFolderInfo(user, mailbox);
  if (!before) return std::unexpected(before.error());
  Result<std::string> saved = Doveadm({"save", "-u", user, "-m", mailbox}, raw);
  if (!saved) return std::unexpected(saved.error());
  if (flags.empty()) return {};
  std::string joined;
  for (const std::string& flag : flags) joined += (joined.empty() ? "" : " ") + flag;
  // The saved message is the only one at or above the UIDNEXT seen before saving.
  Result<std::string> flagged = Doveadm({"flags", "add", "-u", user, joined, "mailbox", mailbox,
                                         "uid", std::to_string(before->uid_next) + ":*"});
  if (!flagged) return std::unexpected(flagged.error());
  return {};
}

Result<std::vector<StoredMessage>> DovecotServer::List(const std::string& user,
                                                       const std::string& mailbox) {
  // doveadm fetch prints nothing and exits 0 for a mailbox that does not exist.
  if (Result<FolderInfo> exists = GetFolderInfo(user, mailbox); !exists) {
    return std::unexpected(exists.error());
  }
  Result<std::string> out =
      Doveadm({"-f", "json", "fetch", "-u", user, "uid flags hdr.message-id hdr.x-draftbox-id",
               "mailbox", mailbox, "ALL"});
  if (!out) return std::unexpected(out.error());
  Result<nlohmann::json> rows = ParseJsonArray(*out);
  if (!rows) return std::unexpected(rows.error());
  std::vector<StoredMessage> messages;
  for (const nlohmann::json& row : *rows) {
    Result<uint32_t> uid = ParseNumber<uint32_t>(row, "uid");
    if (!uid) return std::unexpected(uid.error());
    messages.push_back(StoredMessage{*uid, SplitFlags(StringField(row, "flags")),
                                     Unfold(StringField(row, "hdr.message-id")),
                                     Unfold(StringField(row, "hdr.x-draftbox-id"))});
  }
  std::sort(messages.begin(), messages.end(),
            [](const StoredMessage& a, const StoredMessage& b) { return a.uid < b.uid; });
  return messages;
}

Result<std::string> DovecotServer::Fetch(const std::string& user, const std::string& mailbox,
                                         uint32_t uid) {
  if (Result<FolderInfo> exists = GetFolderInfo(user, mailbox); !exists) {
    return std::unexpected(exists.error());
  }
  Result<std::string> out = Doveadm(
      {"-f", "json", "fetch", "-u", user, "text", "mailbox", mailbox, "uid", std::to_string(uid)});
  if (!out) return std::unexpected(out.error());
  Result<nlohmann::json> rows = ParseJsonArray(*out);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kNotFound,
                "no message with UID " + std::to_string(uid) + " in " + mailbox + " of " + user);
  }
  return ToCrlf(StringField(rows->front(), "text"));
}

Status DovecotServer::CreateMailbox(const std::string& user, const std::string& name) {
  Result<std::string> out = Doveadm({"mailbox", "create", "-s", "-u", user, name});
  if (!out) return std::unexpected(out.error());
  return {};
}

Status DovecotServer::DeleteMailbox(const std::string& user, const std::string& name) {
  Result<std::string> out = Doveadm({"mailbox", "delete", "-s", "-u", user, name});
  if (!out) return std::unexpected(out.error());
  return {};
}

Result<int> DovecotServer::Connections(const std::string& user) {
  // One line per connection after a header: "USER imap PID IP".
  Result<std::string> who = Doveadm({"who", "-1", user});
  if (!who) return std::unexpected(who.error());
  std::istringstream lines(*who);
  std::string line;
  int connections = 0;
  while (std::getline(lines, line)) {
    if (line.starts_with(user + " ") && line.find(" imap ") != std::string::npos) ++connections;
  }
  return connections;
}

Result<FolderInfo> DovecotServer::GetFolderInfo(const std::string& user,
                                                const std::string& mailbox) {
  Result<std::string> out = Doveadm({"-f", "json", "mailbox", "status", "-u", user,
                                     "uidvalidity uidnext messages highestmodseq", mailbox});
  if (!out) return std::unexpected(out.error());
  Result<nlohmann::json> rows = ParseJsonArray(*out);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kNotFound, "no mailbox " + mailbox + " for " + user);
  }
  const nlohmann::json& row = rows->front();
  Result<uint32_t> validity = ParseNumber<uint32_t>(row, "uidvalidity");
  Result<uint32_t> next = ParseNumber<uint32_t>(row, "uidnext");
  Result<uint32_t> messages = ParseNumber<uint32_t>(row, "messages");
  Result<uint64_t> modseq = ParseNumber<uint64_t>(row, "highestmodseq");
  for (const Error* error :
       {validity ? nullptr : &validity.error(), next ? nullptr : &next.error(),
        messages ? nullptr : &messages.error(), modseq ? nullptr : &modseq.error()}) {
    if (error != nullptr) return std::unexpected(*error);
  }
  return FolderInfo{*validity, *next, *messages, *modseq};
}

Status DovecotServer::RunScript(const std::string& command, std::vector<std::string> args) {
  std::filesystem::path script = ThrowawayDovecotScript();
  if (!std::filesystem::exists(script)) {
    return Fail(ErrorCode::kIo, "throwaway-dovecot script not found at " + script.string() +
                                    " (set DRAFTBOX_SOURCE_DIR to the repository root)");
  }
  std::vector<std::string> argv = {"bash", script.string(), command, dir().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  Result<RunResult> run = RunProcess({.argv = std::move(argv)}, kScriptTimeout);
  if (!run) return std::unexpected(run.error());
  if (run->exit_code != 0) {
    return Fail(ErrorCode::kUnavailable, "throwaway-dovecot " + command + " " + dir().string() +
                                             " exited with " + std::to_string(run->exit_code) +
                                             ":\n" + run->err + run->out);
  }
  return {};
}

Result<std::string> DovecotServer::Doveadm(std::vector<std::string> args, std::string stdin_data) {
  std::vector<std::string> argv = {"doveadm", "-c", conf_file().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string command_line;
  for (const std::string& arg : argv) command_line += (command_line.empty() ? "" : " ") + arg;
  Result<RunResult> run =
      RunProcess({.argv = std::move(argv), .stdin_data = std::move(stdin_data)}, kDoveadmTimeout);
  if (!run) return std::unexpected(run.error());
  std::string failure =
      command_line + " (exit " + std::to_string(run->exit_code) + "): " + run->err;
  // doveadm fetch on a missing mailbox prints the error but exits 0.
  if (run->exit_code == kExitNoUser || run->exit_code == kExitNotFound ||
      Contains(run->err, "doesn't exist")) {
    return Fail(ErrorCode::kNotFound, failure);
  }
  if (Contains(run->err, "already exists")) return Fail(ErrorCode::kAlreadyExists, failure);
  if (run->exit_code != 0 || Contains(run->err, "Error:")) {
    return Fail(ErrorCode::kMailbox, failure);
  }
  return run->out;
}

Status DovecotServer::LoadEnv() {
  std::filesystem::path env_path = dir() / "env";
  std::ifstream in(env_path);
  if (!in) return Fail(ErrorCode::kIo, "cannot read " + env_path.string());
  std::map<std::string, std::string> values;
  std::string line;
  while (std::getline(in, line)) {
    size_t eq = line.find('=');
    if (eq != std::string::npos) values[line.substr(0, eq)] = line.substr(eq + 1);
  }
  auto port = [&](const std::string& key) -> Result<uint16_t> {
    uint16_t value = 0;
    const std::string& text = values[key];
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0) {
      return Fail(ErrorCode::kInternal,
                  env_path.string() + ": " + key + " is not a port: \"" + text + "\"");
    }
    return value;
  };
  Result<uint16_t> imap = port("IMAP_PORT");
  if (!imap) return std::unexpected(imap.error());
  Result<uint16_t> imaps = port("IMAPS_PORT");
  if (!imaps) return std::unexpected(imaps.error());
  if (values["CA_FILE"].empty()) {
    return Fail(ErrorCode::kInternal, env_path.string() + ": CA_FILE is missing");
  }
  imap_port_ = *imap;
  imaps_port_ = *imaps;
  ca_file_ = values["CA_FILE"];
  return {};
}

}  // namespace draftbox::test
