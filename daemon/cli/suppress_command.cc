#include "cli/suppress_command.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "cli/answer_fields.h"
#include "cli/cli_support.h"
#include "cli/command_line.h"
#include "cli/command_runner.h"
#include "cli/daemon_client.h"
#include "cli/text_table.h"
#include "core/suppression.h"

namespace draftbox {
namespace {

using nlohmann::json;

// "(unsubscribed, 2026-10-01, crm)" from an entry of shared/api/suppression.json.
std::string Details(const json& entry) {
  std::string out;
  for (const char* key : {"reason", "date", "source"}) {
    const std::string value = StringAt(entry, key);
    if (value.empty()) continue;
    out += (out.empty() ? "" : ", ") + value;
  }
  return out.empty() ? "" : " (" + out + ")";
}

// The target as typed, checked here so a typo is bad usage (exit 2) before the daemon is asked.
Result<std::string> CheckedTarget(const std::string& raw) {
  Result<SuppressionTarget> target = ParseSuppressionTarget(raw);
  if (!target) return Fail(ErrorCode::kInvalidArgument, raw + ": " + target.error().message);
  return target->ToString();
}

}  // namespace

CLI::App* SuppressCommand::Register(CLI::App& app, GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand("suppress", "Manage the do-not-contact list");
  AddConfigOption(*sub, global);
  sub->require_subcommand(1);

  add_ = sub->add_subcommand("add", "Never write to an address, a domain or a recipient");
  AddConfigOption(*add_, global);
  add_->add_option("target", target_, "ADDRESS, @DOMAIN (covers its subdomains) or id:N")
      ->required();
  add_->add_option("--reason", reason_, "Why (e.g. unsubscribed, gdpr_objection)")->required();
  add_->add_option("--source", source_, "Where the request came from (default: manual)");

  import_ = sub->add_subcommand("import", "Add every row of a CSV: address,reason,date,source");
  AddConfigOption(*import_, global);
  import_->add_option("file", file_, "The CSV file (@domain rows are domains)")->required();
  import_->add_flag("--json", json_, "Print the daemon's import result as JSON");

  list_ = sub->add_subcommand("list", "Show every entry, oldest first");
  AddConfigOption(*list_, global);
  list_->add_option("--kind", kind_, "Only address, domain or recipient entries")
      ->check(CLI::IsMember({"address", "domain", "recipient"}));
  list_->add_flag("--json", json_, "Print the list as JSON");

  remove_ = sub->add_subcommand("remove", "Take an entry off the list");
  AddConfigOption(*remove_, global);
  remove_->add_option("target", target_, "ADDRESS, @DOMAIN or id:N")->required();
  remove_->add_flag("--force", force_,
                    "Also remove a GDPR objection (only if it was recorded in error)");
  return sub;
}

int SuppressCommand::Run(const GlobalOptions& global, CliEnvironment& env) {
  if (add_->parsed()) return RunAdd(global, env);
  if (import_->parsed()) return RunImport(global, env);
  if (list_->parsed()) return RunList(global, env);
  return RunRemove(global, env);
}

int SuppressCommand::RunAdd(const GlobalOptions& global, CliEnvironment& env) {
  Result<std::string> target = CheckedTarget(target_);
  if (!target) {
    PrintError(env.err, target.error().message + "; run 'draftbox suppress add --help'");
    return kExitUsage;
  }
  if (reason_.find_first_not_of(" \t") == std::string::npos) {
    PrintError(env.err, "--reason must not be empty; run 'draftbox suppress add --help'");
    return kExitUsage;
  }
  const json request = {{"target", *target}, {"reason", reason_}, {"source", source_}};
  return RunClientCall(
      global, env,
      {.call = [&](DaemonClient& client) { return client.Post("/v1/suppressions", request); },
       .render =
           [](const json& body) {
             const json entry = ObjectAt(body, "entry");
             return (IsTrue(body, "added") ? "added " : "already present: ") +
                    StringAt(entry, "target") + Details(entry) + "\n";
           }});
}

int SuppressCommand::RunImport(const GlobalOptions& global, CliEnvironment& env) {
  Result<std::string> text = ReadTextFile(file_);
  if (!text) {
    PrintError(env.err, text.error().message);
    return kExitFailure;
  }
  Result<Config> config = LoadConfigOrReport(global, env.err);
  if (!config) return kExitFailure;
  DaemonClient client = DaemonClient::ForConfig(*config);
  Result<json> body = client.Post("/v1/suppressions/import", {{"text", *text}});
  if (!body) {
    PrintError(env.err, body.error().message);
    return kExitFailure;
  }
  int refused = 0;
  const json issues = body->value("issues", json::array());
  for (const json& issue : issues) {
    const bool imported = issue.value("imported", false);
    refused += imported ? 0 : 1;
    env.err << file_ << ':' << IntAt(issue, "line") << ": " << StringAt(issue, "field") << ": "
            << StringAt(issue, "reason") << '\n';
  }
  if (json_) {
    PrintJson(env.out, *body);
  } else {
    env.out << "added " << IntAt(*body, "added") << ", already present "
            << IntAt(*body, "already_present") << ", refused " << refused << '\n';
  }
  return refused == 0 ? 0 : kExitFailure;
}

int SuppressCommand::RunList(const GlobalOptions& global, CliEnvironment& env) {
  const std::string path = kind_.empty() ? "/v1/suppressions" : "/v1/suppressions?kind=" + kind_;
  return RunClientCall(global, env,
                       {.call = [&](DaemonClient& client) { return client.Get(path); },
                        .render = RenderSuppressionList,
                        .as_json = json_});
}

int SuppressCommand::RunRemove(const GlobalOptions& global, CliEnvironment& env) {
  Result<std::string> target = CheckedTarget(target_);
  if (!target) {
    PrintError(env.err, target.error().message + "; run 'draftbox suppress remove --help'");
    return kExitUsage;
  }
  // POST .../remove is DELETE /v1/suppressions/{target} for a client that has only GET and POST.
  const json request = {{"target", *target}, {"force", force_}};
  return RunClientCall(
      global, env,
      {.call =
           [&](DaemonClient& client) { return client.Post("/v1/suppressions/remove", request); },
       .render =
           [](const json& body) {
             const json entry = ObjectAt(body, "removed");
             return "removed " + StringAt(entry, "target") + Details(entry) + "\n";
           }});
}

std::string RenderSuppressionList(const json& body) {
  const json entries = body.is_object() ? body.value("suppressions", json::array()) : json();
  if (!entries.is_array() || entries.empty()) return "no suppressions\n";
  std::vector<std::vector<std::string>> rows;
  for (const json& entry : entries) {
    rows.push_back({StringAt(entry, "target"), StringAt(entry, "reason"), StringAt(entry, "date"),
                    StringAt(entry, "source")});
  }
  return RenderTable(rows);
}

}  // namespace draftbox
