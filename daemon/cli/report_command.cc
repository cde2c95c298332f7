#include "cli/report_command.h"

#include <chrono>
#include <cstdio>
#include <sstream>
#include <vector>

#include "cli/answer_fields.h"
#include "cli/cli_support.h"
#include "cli/command_runner.h"
#include "cli/daemon_client.h"
#include "cli/text_table.h"

namespace draftbox {
namespace {

using nlohmann::json;

// The daemon reads up to 5000 sends; on a slow disk that is still seconds, not minutes.
constexpr std::chrono::seconds kRequestTimeout{60};

// A ratio as people read it: "0.18".
std::string Ratio(const json& object, const char* key) {
  double value = object.is_object() && object.contains(key) && object[key].is_number()
                     ? object[key].get<double>()
                     : 0.0;
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.2f", value);
  return buffer;
}

void Section(std::ostringstream& out, const std::string& title,
             std::vector<std::vector<std::string>> rows) {
  out << title << '\n';
  if (rows.size() <= 1) {
    out << "  (none)\n";
    return;
  }
  std::istringstream table(RenderTable(rows));
  for (std::string line; std::getline(table, line);) out << "  " << line << '\n';
}

std::vector<std::vector<std::string>> PhraseRows(const json& phrases) {
  std::vector<std::vector<std::string>> rows = {{"SENDS", "PHRASE"}};
  for (const json& p : phrases) {
    rows.push_back({std::to_string(IntAt(p, "sends")), OneLine(StringAt(p, "text"))});
  }
  return rows;
}

}  // namespace

CLI::App* ReportCommand::Register(CLI::App& app, GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand("report", "Reports on what happened to the drafts");
  AddConfigOption(*sub, global);
  sub->require_subcommand(1);
  edits_ = sub->add_subcommand(
      "edits", "The edits reps make most before sending, and the median edit ratio per week");
  AddConfigOption(*edits_, global);
  edits_->add_option("--persona", persona_, "Only campaigns written as this persona");
  edits_->add_flag("--json", json_, "Print the report as JSON");
  return sub;
}

int ReportCommand::Run(const GlobalOptions& global, CliEnvironment& env) {
  const std::string path =
      "/v1/reports/edits" + (persona_.empty() ? "" : "?persona=" + QueryValue(persona_));
  return RunClientCall(global, env,
                       {.call = [&](DaemonClient& client) { return client.Get(path); },
                        .render = RenderEditReport,
                        .as_json = json_,
                        .timeout = kRequestTimeout});
}

std::string RenderEditReport(const json& report) {
  std::ostringstream out;
  const std::string persona = StringAt(report, "persona");
  out << "edits before sending, "
      << (persona.empty() ? "every persona" : "persona " + OneLine(persona)) << ": "
      << IntAt(report, "sends") << " sends, median edit ratio " << Ratio(report, "median_ratio")
      << '\n';
  if (IntAt(report, "sends") == 0) {
    out << "no sent drafts with their text yet: the watcher records them as reps send\n";
    return out.str();
  }
  Section(out, "phrases removed", PhraseRows(ArrayAt(report, "removed")));
  Section(out, "phrases added", PhraseRows(ArrayAt(report, "added")));
  std::vector<std::vector<std::string>> rewrites = {{"SENDS", "SUBJECT", "MOSTLY SENT AS"}};
  for (const json& r : ArrayAt(report, "subject_rewrites")) {
    rewrites.push_back({std::to_string(IntAt(r, "sends")), OneLine(StringAt(r, "from")),
                        OneLine(StringAt(r, "to"))});
  }
  Section(out, "subjects rewritten", std::move(rewrites));
  std::vector<std::vector<std::string>> weeks = {{"WEEK OF", "SENDS", "MEDIAN EDIT RATIO"}};
  for (const json& w : ArrayAt(report, "weeks")) {
    weeks.push_back({OneLine(StringAt(w, "week")), std::to_string(IntAt(w, "sends")),
                     Ratio(w, "median_ratio")});
  }
  Section(out, "median edit ratio per week", std::move(weeks));
  return out.str();
}

std::string QueryValue(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

}  // namespace draftbox
