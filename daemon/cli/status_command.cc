#include "cli/status_command.h"

#include <sstream>

#include "cli/answer_fields.h"
#include "cli/cli_support.h"
#include "cli/command_runner.h"
#include "cli/daemon_client.h"
#include "core/text.h"

namespace draftbox {
namespace {

std::string MailboxLine(const nlohmann::json& mailbox) {
  if (!IsTrue(mailbox, "configured")) {
    return "not configured (set [mailbox] in the config, e.g. with 'draftbox init')";
  }
  std::string line = StringAt(mailbox, "user", "?") + " on " + StringAt(mailbox, "host", "?") +
                     " (" + StringAt(mailbox, "security", "?") + "): ";
  if (IsTrue(mailbox, "reachable")) return line + "reachable";
  if (IsTrue(mailbox, "login_rejected")) {
    // Not "unreachable": the server answered and refused the password, and the daemon waits
    // on purpose, so the reader should fix the password rather than the network.
    return line + "login rejected, next attempt " +
           FormatUtcMinute(IntAt(mailbox, "next_login_attempt"), "unknown") +
           " UTC (fix the password or password_command; a new password or a restart tries "
           "at once)";
  }
  const std::string last_error = StringAt(mailbox, "last_error", "");
  if (!last_error.empty()) return line + "unreachable: " + last_error;
  if (!mailbox.contains("last_checked") || mailbox["last_checked"].is_null()) {
    return line + "not checked yet";
  }
  return line + "unreachable";
}

std::string FoldersLine(const nlohmann::json& folders) {
  std::string line;
  for (const char* role : {"drafts", "sent", "inbox"}) {
    if (!line.empty()) line += ", ";
    line += std::string(role) + " ";
    line += folders.contains(role) && folders[role].is_string()
                ? "\"" + folders[role].get<std::string>() + "\""
                : "not found";
  }
  return line;
}

std::string CountsLine(const nlohmann::json& counts) {
  std::string line;
  for (const auto& [name, value] : counts.items()) {
    if (!value.is_number_integer()) continue;
    if (!line.empty()) line += ", ";
    line += std::to_string(value.get<int64_t>()) + " " + name;
  }
  return line.empty() ? "no counts" : line;
}

// "messages: N could not be handled ...", then one indented line per recent failure; nothing
// while every message was handled. The error text comes from outside (a header, an exception),
// so it is escaped and bounded like a log line.
std::string FailedMessagesText(const nlohmann::json& watch) {
  if (!watch.contains("failed_messages") || !watch["failed_messages"].is_number_integer()) {
    return "";
  }
  const int64_t failed = watch["failed_messages"].get<int64_t>();
  if (failed <= 0) return "";
  std::string out = "messages: " + std::to_string(failed) +
                    " could not be handled and were skipped (draftbox events --type "
                    "message_error)\n";
  if (!watch.contains("recent_failures") || !watch["recent_failures"].is_array()) return out;
  for (const nlohmann::json& f : watch["recent_failures"]) {
    const std::string uid = f.contains("uid") && f["uid"].is_number_integer()
                                ? std::to_string(f["uid"].get<int64_t>())
                                : "?";
    out += "          " + EscapeForLog(StringAt(f, "folder", "?"), 80) + " uid " + uid + " " +
           EscapeForLog(StringAt(f, "message_id", "(no Message-ID)"), 120) + ": " +
           EscapeForLog(StringAt(f, "error", "?"), 300) + "\n";
  }
  return out;
}

}  // namespace

CLI::App* StatusCommand::Register(CLI::App& app, GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand(
      "status", "Show whether the daemon runs, its mailbox connection, folders and store counts");
  AddConfigOption(*sub, global);
  sub->add_flag("--json", json_, "Print the daemon's status as JSON");
  return sub;
}

int StatusCommand::Run(const GlobalOptions& global, CliEnvironment& env) {
  std::string address;
  return RunClientCall(
      global, env,
      {.call =
           [&](DaemonClient& client) {
             address = client.Address();
             return client.Get("/v1/status");
           },
       .render = [&](const nlohmann::json& status) { return RenderStatusText(status, address); },
       .as_json = json_});
}

std::string RenderStatusText(const nlohmann::json& status, std::string_view address) {
  std::ostringstream out;
  const bool has_uptime =
      status.is_object() && status.contains("uptime_s") && status["uptime_s"].is_number_integer();
  const int64_t uptime = has_uptime ? status["uptime_s"].get<int64_t>() : -1;
  out << "daemon:   draftbox " << StringAt(status, "version", "unknown") << " at " << address
      << ", up " << (uptime >= 0 ? FormatUptime(uptime) : "unknown") << '\n';
  out << "data dir: " << StringAt(status, "data_dir", "unknown") << '\n';
  if (status.is_object() && status.contains("config_sources") &&
      status["config_sources"].is_array()) {
    std::string files;
    for (const nlohmann::json& file : status["config_sources"]) {
      if (!file.is_string()) continue;
      files += (files.empty() ? "" : ", ") + file.get<std::string>();
    }
    out << "config:   " << (files.empty() ? "built-in defaults" : files) << '\n';
  }
  if (status.is_object() && status.contains("config_managed") &&
      status["config_managed"].is_array() && !status["config_managed"].empty()) {
    std::string keys;
    for (const nlohmann::json& key : status["config_managed"]) {
      if (key.is_string()) keys += (keys.empty() ? "" : ", ") + key.get<std::string>();
    }
    out << "managed:  " << keys << " (locked by the system file)\n";
  }
  const nlohmann::json mailbox = ObjectAt(status, "mailbox");
  out << "mailbox:  " << MailboxLine(mailbox) << '\n';
  if (IsTrue(mailbox, "configured")) {
    out << "folders:  " << FoldersLine(ObjectAt(mailbox, "folders")) << '\n';
  }
  out << "store:    " << CountsLine(ObjectAt(ObjectAt(status, "store"), "counts")) << '\n';
  out << FailedMessagesText(ObjectAt(status, "watch"));
  return out.str();
}

std::string FormatUptime(int64_t seconds) {
  constexpr int64_t kMinute = 60, kHour = 60 * kMinute, kDay = 24 * kHour;
  if (seconds >= kDay) {
    return std::to_string(seconds / kDay) + "d " + std::to_string(seconds % kDay / kHour) + "h";
  }
  if (seconds >= kHour) {
    return std::to_string(seconds / kHour) + "h " + std::to_string(seconds % kHour / kMinute) + "m";
  }
  if (seconds >= kMinute) {
    return std::to_string(seconds / kMinute) + "m " + std::to_string(seconds % kMinute) + "s";
  }
  return std::to_string(seconds) + "s";
}

}  // namespace draftbox
