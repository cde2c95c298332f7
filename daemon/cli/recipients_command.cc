#include "cli/recipients_command.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "cli/answer_fields.h"
#include "cli/cli_support.h"
#include "cli/command_line.h"
#include "cli/command_runner.h"
#include "cli/daemon_client.h"
#include "cli/progress_bar.h"
#include "cli/text_encoding.h"
#include "cli/text_table.h"

namespace draftbox {
namespace {

using nlohmann::json;

// The daemon parses the whole file before it answers the start of an import.
constexpr std::chrono::seconds kImportTimeout{600};
// Often enough for a bar that moves smoothly; each poll is one small local request.
constexpr std::chrono::milliseconds kPollInterval{100};

std::string FormatFor(const std::string& file) {
  return file.ends_with(".jsonl") || file.ends_with(".ndjson") ? "jsonl" : "csv";
}

std::string DisplayName(const json& r) {
  std::string name = StringAt(r, "name");
  if (!name.empty()) return name;
  name = StringAt(r, "first_name");
  const std::string last = StringAt(r, "last_name");
  if (!last.empty()) name += (name.empty() ? "" : " ") + last;
  return name.empty() ? "-" : name;
}

// The file's text as UTF-8, converted from `encoding` ("" = it must be UTF-8 already).
Result<std::string> ReadImportFile(const std::string& file, const std::string& encoding) {
  Result<std::string> bytes = ReadTextFile(file);
  if (!bytes) return bytes;
  return DecodeToUtf8(*bytes, encoding, file);
}

void PrintProblems(std::ostream& err, const json& problems, const char* prefix) {
  if (!problems.is_array()) return;
  for (const json& p : problems) {
    err << StringAt(p, "file") << ":" << IntAt(p, "line") << ": " << prefix;
    const std::string field = StringAt(p, "field");
    if (!field.empty()) err << field << ": ";
    err << StringAt(p, "reason") << '\n';
  }
}

// The bar of an import: on the command's stderr, drawn only when that is a terminal.
ProgressBar ImportProgressBar(CliEnvironment& env, int64_t total) {
  const bool terminal = &env.err == &std::cerr && isatty(STDERR_FILENO) == 1;
  return ProgressBar(env.err, terminal, "import", total);
}

// Polls GET /v1/imports/{id} from the job `started` until it is no longer running, drawing the
// bar meanwhile. Returns the last job; the client's error if a poll fails.
Result<json> WaitForImport(DaemonClient& client, json job, CliEnvironment& env) {
  const int64_t id = IntAt(job, "import_id");
  if (id <= 0) return Fail(ErrorCode::kInternal, "the daemon started an import without an id");
  const std::string path = "/v1/imports/" + std::to_string(id);
  ProgressBar bar = ImportProgressBar(env, IntAt(job, "total"));
  while (StringAt(job, "state") == "running") {
    bar.Update(IntAt(job, "done"));
    std::this_thread::sleep_for(kPollInterval);
    Result<json> next = client.Get(path);
    if (!next) {
      return Fail(next.error().code, next.error().message + " (import " + std::to_string(id) +
                                         " may go on in the daemon; see 'draftbox recipients "
                                         "list')");
    }
    job = std::move(*next);
  }
  bar.Update(IntAt(job, "done"));
  bar.Finish();
  return job;
}

// The import's result from the daemon's first answer: polled to the end when it is a
// background import, as it is when the daemon stored it within the request.
Result<json> ImportResult(DaemonClient& client, json answer, CliEnvironment& env) {
  if (!answer.contains("import_id")) return answer;
  Result<json> job = WaitForImport(client, std::move(answer), env);
  if (!job) return job;
  const std::string state = StringAt(*job, "state");
  if (state == "finished" && job->contains("result") && (*job)["result"].is_object()) {
    return (*job)["result"];
  }
  const std::string error = StringAt(*job, "error");
  return Fail(ErrorCode::kInternal, "import " + std::to_string(IntAt(*job, "import_id")) + " " +
                                        (state.empty() ? "ended in an unknown state" : state) +
                                        (error.empty() ? "" : ": " + error));
}

}  // namespace

CLI::App* RecipientsCommand::Register(CLI::App& app, GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand("recipients", "Import, list and show recipients");
  AddConfigOption(*sub, global);
  sub->require_subcommand(1);

  import_ = sub->add_subcommand(
      "import", "Import recipients (CSV or JSONL); bad rows are reported, the rest imported");
  AddConfigOption(*import_, global);
  import_->add_option("file", file_, "Recipients file (.csv, or .jsonl with nested activities)")
      ->required();
  import_->add_option("--activities", activities_file_,
                      "Activities CSV: email,type,date,summary,source");
  import_->add_option("--format", format_, "csv or jsonl (default: from the file name)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  import_
      ->add_option("--encoding", encoding_,
                   "Text encoding of the files: " + std::string(KnownEncodings()) +
                       " (default utf-8; Excel on Windows saves windows-1252)")
      ->type_name("ENCODING");
  import_->add_flag("--json", json_, "Print the daemon's import result as JSON");

  list_ = sub->add_subcommand("list", "List recipients, oldest first");
  AddConfigOption(*list_, global);
  list_->add_option("--limit", limit_, "At most N recipients (1-1000, default 50)")
      ->check(CLI::Range(1, 1000));
  list_->add_option("--offset", offset_, "Skip the first N")->check(CLI::NonNegativeNumber);
  list_->add_flag("--json", json_, "Print the page as JSON");

  show_ = sub->add_subcommand("show", "Show one recipient with their activities");
  AddConfigOption(*show_, global);
  show_->add_option("recipient", key_, "ID or EMAIL")->required();
  show_->add_flag("--json", json_, "Print the recipient as JSON");
  return sub;
}

int RecipientsCommand::Run(const GlobalOptions& global, CliEnvironment& env) {
  if (import_->parsed()) return RunImport(global, env);
  if (list_->parsed()) return RunList(global, env);
  return RunShow(global, env);
}

Result<json> RecipientsCommand::ReadImportRequest() const {
  Result<std::string> text = ReadImportFile(file_, encoding_);
  if (!text) return std::unexpected(text.error());
  json request = {{"format", format_.empty() ? FormatFor(file_) : format_},
                  {"recipients_file", file_},
                  {"recipients_text", *text},
                  {"async", true}};
  if (activities_file_.empty()) return request;
  Result<std::string> activities = ReadImportFile(activities_file_, encoding_);
  if (!activities) return std::unexpected(activities.error());
  request["activities_file"] = activities_file_;
  request["activities_text"] = *activities;
  return request;
}

int RecipientsCommand::RunImport(const GlobalOptions& global, CliEnvironment& env) {
  Result<json> request = ReadImportRequest();
  if (!request) {
    PrintError(env.err, request.error().message);
    return kExitFailure;
  }
  Result<Config> config = LoadConfigOrReport(global, env.err);
  if (!config) return kExitFailure;
  DaemonClient client = DaemonClient::ForConfig(*config);
  client.set_timeout(kImportTimeout);
  Result<json> started = client.Post("/v1/recipients/import", *request);
  if (!started) {
    PrintError(env.err, started.error().message);
    return kExitFailure;
  }
  Result<json> body = ImportResult(client, std::move(*started), env);
  if (!body) {
    PrintError(env.err, body.error().message);
    return kExitFailure;
  }
  return ReportImport(*body, env);
}

int RecipientsCommand::ReportImport(const json& body, CliEnvironment& env) const {
  const json errors = body.value("errors", json::array());
  const bool stored = IntAt(body, "imported") + IntAt(body, "updated") > 0;
  if (json_) {
    env.out << body.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  } else {
    env.out << RenderImportSummary(body);
    PrintProblems(env.err, body.value("notices", json::array()), "note: ");
    PrintProblems(env.err, errors, "");
  }
  if (!stored && !errors.empty()) {
    // A bad header refuses the file, not its rows: say that rather than "every row".
    PrintError(env.err, "nothing imported from " + file_ +
                            (IntAt(body, "refused_rows") > 0 || !body.contains("refused_rows")
                                 ? ": every row was refused"
                                 : ": the file was refused (see above)"));
    return kExitFailure;
  }
  return kExitOk;
}

int RecipientsCommand::RunList(const GlobalOptions& global, CliEnvironment& env) {
  const std::string path =
      "/v1/recipients?offset=" + std::to_string(offset_) + "&limit=" + std::to_string(limit_);
  return RunClientCall(global, env,
                       {.call = [&](DaemonClient& client) { return client.Get(path); },
                        .render = RenderRecipientList,
                        .as_json = json_});
}

int RecipientsCommand::RunShow(const GlobalOptions& global, CliEnvironment& env) {
  if (key_.find_first_of("/?#% \t") != std::string::npos) {
    PrintError(env.err, "'" + key_ + "' is not a recipient id or email address");
    return kExitUsage;
  }
  return RunClientCall(
      global, env,
      {.call = [&](DaemonClient& client) { return client.Get("/v1/recipients/" + key_); },
       .render = RenderRecipient,
       .as_json = json_});
}

std::string RenderImportSummary(const json& result) {
  std::ostringstream out;
  out << "imported " << IntAt(result, "imported") << " new, " << IntAt(result, "updated")
      << " updated, " << IntAt(result, "activities_added") << " activities added";
  const int64_t merged = IntAt(result, "merged");
  // A daemon before refused_rows counted every error as a refused row.
  const int64_t refused = result.contains("refused_rows")
                              ? IntAt(result, "refused_rows")
                              : static_cast<int64_t>(result.value("errors", json::array()).size());
  out << " (" << merged << (merged == 1 ? " row" : " rows") << " merged, " << refused
      << (refused == 1 ? " row" : " rows") << " refused)\n";
  return out.str();
}

std::string RenderRecipientList(const json& page) {
  std::ostringstream out;
  const json recipients = page.value("recipients", json::array());
  auto or_dash = [](const std::string& text) { return text.empty() ? "-" : OneLine(text); };
  std::vector<std::vector<std::string>> rows = {
      {"ID", "EMAIL", "NAME", "COMPANY", "ACCOUNT STATE"}};
  for (const json& r : recipients) {
    rows.push_back({std::to_string(IntAt(r, "id")), OneLine(StringAt(r, "email")),
                    OneLine(DisplayName(r)), or_dash(StringAt(r, "company")),
                    or_dash(StringAt(r, "account_state"))});
  }
  if (!recipients.empty()) out << RenderTable(rows);
  out << recipients.size() << " of " << IntAt(page, "total") << " recipients";
  if (IntAt(page, "offset") > 0) out << " (from " << IntAt(page, "offset") + 1 << ")";
  out << '\n';
  return out.str();
}

std::string RenderRecipient(const json& r) {
  std::ostringstream out;
  auto line = [&out](std::string_view label, const std::string& value) {
    if (value.empty()) return;
    out << label << ":" << std::string(label.size() < 15 ? 15 - label.size() : 1, ' ') << value
        << '\n';
  };
  line("id", std::to_string(IntAt(r, "id")));
  line("email", StringAt(r, "email"));
  line("name", DisplayName(r));
  for (const char* key : {"role", "company", "company_domain", "country", "language", "timezone",
                          "account_state", "plan", "renewal_date", "health", "owner"}) {
    line(key, StringAt(r, key));
  }
  std::string tags;
  for (const json& tag : r.value("tags", json::array())) {
    if (tag.is_string()) tags += (tags.empty() ? "" : ", ") + tag.get<std::string>();
  }
  line("tags", tags);
  for (const char* map : {"consent", "custom"}) {
    const json object = r.value(map, json::object());
    for (auto it = object.begin(); object.is_object() && it != object.end(); ++it) {
      if (it->is_string()) line(std::string(map) + "." + it.key(), it->get<std::string>());
    }
  }
  const json activities = r.value("activities", json::array());
  out << "activities:    " << activities.size() << '\n';
  for (const json& a : activities) {
    const std::string date = StringAt(a, "date");
    out << "  " << (date.empty() ? "(undated)" : date) << "  " << StringAt(a, "type") << ": "
        << StringAt(a, "summary");
    if (!StringAt(a, "source").empty()) out << " [" << StringAt(a, "source") << "]";
    out << '\n';
  }
  return out.str();
}

}  // namespace draftbox
