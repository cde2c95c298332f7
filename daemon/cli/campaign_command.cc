#include "cli/campaign_command.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "cli/answer_fields.h"
#include "cli/cli_support.h"
#include "cli/command_line.h"
#include "cli/command_runner.h"
#include "cli/daemon_client.h"
#include "cli/progress_bar.h"
#include "cli/readable_text.h"
#include "cli/text_table.h"

namespace draftbox {
namespace {

using nlohmann::json;

// Creating validates the file and starting a run only records it, but a daemon busy with a
// mailbox may answer slowly; well past that, a hung daemon is reported.
constexpr std::chrono::seconds kRequestTimeout{60};
// Often enough for a smooth bar, rare enough that polling costs the daemon nothing.
constexpr std::chrono::milliseconds kPollInterval{200};
// Without a terminal, progress goes out as plain lines, at most one per this long: enough to
// see a long run move in a log, few enough not to bury the summary.
constexpr std::chrono::seconds kPlainProgressEvery{5};
// Wide enough for "needs attention" and two spaces, as in the documented summary.
constexpr size_t kOutcomeWidth = 17;

std::string Strings(const json& list, std::string_view separator) {
  std::string out;
  for (const json& item : list) {
    if (!item.is_string()) continue;
    out += (out.empty() ? "" : std::string(separator)) + OneLine(item.get<std::string>());
  }
  return out;
}

// The skip reasons the runner knows come first, in the order of the documented summary.
std::string SkipReasons(const json& reasons) {
  std::vector<std::string> keys = {"suppressed", "open_draft", "cool_down"};
  for (auto it = reasons.begin(); reasons.is_object() && it != reasons.end(); ++it) {
    if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) keys.push_back(it.key());
  }
  std::string out;
  for (const std::string& key : keys) {
    const int64_t n = IntAt(reasons, key.c_str());
    if (n <= 0) continue;
    out += (out.empty() ? "" : ", ") + Spaced(key) + " " + std::to_string(n);
  }
  return out;
}

// "11 placed, 4 skipped (suppressed 3, open draft 1), 1 needs attention, ..." of run counts.
std::string CountsLine(const json& counts, bool dry_run) {
  std::ostringstream out;
  if (dry_run) {
    out << IntAt(counts, "would_draft") << " would draft";
  } else {
    out << IntAt(counts, "placed") << " placed";
  }
  out << ", " << IntAt(counts, "skipped") << " skipped";
  const std::string reasons = SkipReasons(ObjectAt(counts, "skip_reasons"));
  if (!reasons.empty()) out << " (" << reasons << ")";
  out << ", " << IntAt(counts, "needs_attention") << " needs attention, "
      << IntAt(counts, "already_drafted") << " already drafted, " << IntAt(counts, "deferred")
      << " deferred";
  return out.str();
}

// A run's progress is drawn as a bar (on stderr) only when stdout and stderr are both a
// terminal: someone is watching. Otherwise it goes out as plain lines (RunProgressLine).
bool DrawsRunProgressBar(CliEnvironment& env) {
  return &env.err == &std::cerr && isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1;
}

ProgressBar RunProgressBar(bool dry_run, int64_t targets) {
  return ProgressBar(std::cerr, true, dry_run ? "dry run" : "run", targets);
}

// "10 composed, 8 placed, 1 held, 4 composing" of a running run's counts: what the model is
// doing, beside the bar's done/targets.
std::string RunProgressNote(const json& counts, bool dry_run) {
  std::string note = std::to_string(IntAt(counts, "composed")) + " composed, " +
                     std::to_string(IntAt(counts, dry_run ? "would_draft" : "placed")) +
                     (dry_run ? " would draft, " : " placed, ") +
                     std::to_string(IntAt(counts, "needs_attention")) + " held";
  if (const int64_t composing = IntAt(counts, "composing"); composing > 0) {
    note += ", " + std::to_string(composing) + " composing";
  }
  return note;
}

// "run 4: 12/40 done, 10 composed, 8 placed, 1 held, 4 composing": a plain progress line.
std::string RunProgressLine(int64_t run_id, const json& counts, bool dry_run) {
  return "run " + std::to_string(run_id) + ": " + std::to_string(IntAt(counts, "done")) + "/" +
         std::to_string(IntAt(counts, "targets")) + " done, " + RunProgressNote(counts, dry_run);
}

std::string TargetText(const json& target) {
  std::vector<std::string> parts;
  if (std::string tags = Strings(ArrayAt(target, "tags"), ", "); !tags.empty()) {
    parts.push_back("tags " + tags);
  }
  if (std::string states = Strings(ArrayAt(target, "account_state"), ", "); !states.empty()) {
    parts.push_back("account state " + states);
  }
  std::string activity = Strings(ArrayAt(target, "activity_types"), ", ");
  const int64_t within = IntAt(target, "activity_within_days");
  if (!activity.empty() || within > 0) {
    activity = "activity " + (activity.empty() ? "of any type" : activity);
    if (within > 0) activity += " within " + std::to_string(within) + " days";
    parts.push_back(activity);
  }
  if (parts.empty()) return "every recipient";
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

std::string TriggerText(const json& spec) {
  if (!spec.is_object() || !spec.contains("trigger") || !spec["trigger"].is_object()) {
    return "none (runs only when started)";
  }
  const json& trigger = spec["trigger"];
  std::vector<std::string> parts;
  if (std::string on = Strings(ArrayAt(trigger, "on_activity"), ", "); !on.empty()) {
    const int64_t within = IntAt(trigger, "within_days");
    parts.push_back("on activity " + on +
                    (within > 0 ? " within " + std::to_string(within) + " days" : ""));
  }
  if (const int64_t cadence = IntAt(trigger, "cadence_days"); cadence > 0) {
    parts.push_back("every " + std::to_string(cadence) + " days since the last sent email");
  }
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out.empty() ? "none (runs only when started)" : out;
}

std::string CapsText(const json& spec) {
  std::vector<std::string> parts;
  if (const int64_t daily = IntAt(spec, "daily_cap"); daily > 0) {
    parts.push_back(std::to_string(daily) + " drafts a day");
  }
  if (const int64_t open = IntAt(spec, "max_open_drafts"); open > 0) {
    parts.push_back(std::to_string(open) + " open drafts at most");
  }
  if (parts.empty()) return "none";
  return parts.size() == 1 ? parts[0] : parts[0] + ", " + parts[1];
}

// "3 placed, 2 skipped" in the order drafts move through their states; unknown states last.
std::string DraftCounts(const json& drafts) {
  std::vector<std::string> states = {"generated", "placed",       "sent",     "replied",
                                     "bounced",   "unsubscribed", "no_reply", "regenerated",
                                     "rejected",  "vanished",     "skipped",  "needs_attention"};
  for (auto it = drafts.begin(); drafts.is_object() && it != drafts.end(); ++it) {
    if (std::find(states.begin(), states.end(), it.key()) == states.end()) {
      states.push_back(it.key());
    }
  }
  std::string out;
  for (const std::string& state : states) {
    const int64_t n = IntAt(drafts, state.c_str());
    if (n <= 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + Spaced(state);
  }
  return out.empty() ? "none" : out;
}

}  // namespace

CLI::App* CampaignCommand::Register(CLI::App& app, GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand("campaign", "Create, run, list and show campaigns");
  AddConfigOption(*sub, global);
  sub->require_subcommand(1);

  create_ = sub->add_subcommand("create", "Create a campaign from its TOML file");
  AddConfigOption(*create_, global);
  create_->add_option("file", file_, "The campaign file (FILE.toml)")->required();
  create_->add_flag("--json", json_, "Print the created campaign as JSON");

  run_ = sub->add_subcommand("run", "Draft for the campaign's targets and wait for the result");
  AddConfigOption(*run_, global);
  run_->add_option("id", id_, "Campaign ID")->required()->check(WholeNumberAtLeast(1));
  CLI::Option* dry_run = run_->add_flag("--dry-run", dry_run_,
                                        "Compose and check every draft, write nothing to Drafts");
  run_->add_flag("--show", show_drafts_,
                 "With --dry-run: print each draft's full text (to, subject, body)")
      ->needs(dry_run);
  run_->add_option("--limit", limit_, "Place at most N drafts (a positive integer)")
      ->check(WholeNumberAtLeast(1));
  run_->add_flag("--json", json_, "Print the finished run as JSON");

  list_ = sub->add_subcommand("list", "List campaigns");
  AddConfigOption(*list_, global);
  list_->add_flag("--json", json_, "Print the list as JSON");

  show_ = sub->add_subcommand("show", "Show a campaign: its intent, drafts and last runs");
  AddConfigOption(*show_, global);
  show_->add_option("id", id_, "Campaign ID")->required()->check(WholeNumberAtLeast(1));
  show_->add_flag("--json", json_, "Print the campaign as JSON");
  return sub;
}

int CampaignCommand::Run(const GlobalOptions& global, CliEnvironment& env) {
  if (create_->parsed()) return RunCreate(global, env);
  if (run_->parsed()) return RunRun(global, env);
  if (list_->parsed()) return RunList(global, env);
  return RunShow(global, env);
}

int CampaignCommand::RunCreate(const GlobalOptions& global, CliEnvironment& env) {
  Result<std::string> text = ReadUtf8File(file_);
  if (!text) {
    PrintError(env.err, text.error().message);
    return kExitFailure;
  }
  Result<Config> config = LoadConfigOrReport(global, env.err);
  if (!config) return kExitFailure;
  DaemonClient client = DaemonClient::ForConfig(*config);
  client.set_timeout(kRequestTimeout);
  Result<json> body = client.Post("/v1/campaigns", {{"file", file_}, {"toml", *text}});
  if (!body && body.error().code == ErrorCode::kInvalidArgument) {
    // Every problem of the file, one "file:line: key: reason" a line, as the daemon wrote them.
    std::string problems = body.error().message;
    if (!problems.empty() && problems.back() != '\n') problems += '\n';
    env.err << problems;
    return kExitFailure;
  }
  if (!body) {
    PrintError(env.err, body.error().message);
    return kExitFailure;
  }
  if (json_) {
    PrintJson(env.out, *body);
  } else {
    env.out << RenderCreatedCampaign(*body);
  }
  return kExitOk;
}

int CampaignCommand::RunRun(const GlobalOptions& global, CliEnvironment& env) {
  Result<Config> config = LoadConfigOrReport(global, env.err);
  if (!config) return kExitFailure;
  DaemonClient client = DaemonClient::ForConfig(*config);
  client.set_timeout(kRequestTimeout);
  json request = {{"dry_run", dry_run_}};
  if (limit_ > 0) request["limit"] = limit_;
  Result<json> started = client.Post("/v1/campaigns/" + std::to_string(id_) + "/runs", request);
  if (!started) {
    PrintError(env.err, started.error().message);
    return kExitFailure;
  }
  Result<json> run = WaitForRun(client, *started, env);
  if (!run) {
    PrintError(env.err, run.error().message);
    return kExitFailure;
  }
  if (json_) {
    PrintJson(env.out, *run);
  } else {
    env.out << RenderRunSummary(*run) << (show_drafts_ ? RenderDryRunDrafts(*run) : "");
  }
  const std::string state = StringAt(*run, "state");
  if (state == "finished") return kExitOk;
  const std::string error = StringAt(*run, "error");
  PrintError(env.err, "run " + std::to_string(IntAt(*run, "id")) + " " +
                          (state.empty() ? "ended in an unknown state" : state) +
                          (error.empty() ? "" : ": " + error));
  return kExitFailure;
}

Result<json> CampaignCommand::WaitForRun(DaemonClient& client, const json& started,
                                         CliEnvironment& env) {
  const int64_t run_id = IntAt(started, "id");
  if (run_id <= 0) return Fail(ErrorCode::kInternal, "the daemon started a run without an id");
  const std::string path = "/v1/runs/" + std::to_string(run_id);
  json run = started;
  std::optional<ProgressBar> bar;
  const bool draw_bar = DrawsRunProgressBar(env);
  int64_t line_done = 0;  // done when the last plain line went out
  std::chrono::steady_clock::time_point line_at;
  while (StringAt(run, "state") == "running") {
    const json counts = ObjectAt(run, "counts");
    if (draw_bar && !bar && IntAt(counts, "targets") > 0) {
      bar.emplace(RunProgressBar(dry_run_, IntAt(counts, "targets")));
    }
    if (bar) bar->Update(IntAt(counts, "done"), RunProgressNote(counts, dry_run_));
    const auto now = std::chrono::steady_clock::now();
    if (!draw_bar && IntAt(counts, "done") > line_done &&
        (line_done == 0 || now - line_at >= kPlainProgressEvery)) {
      env.err << RunProgressLine(run_id, counts, dry_run_) << "\n" << std::flush;
      line_done = IntAt(counts, "done");
      line_at = now;
    }
    std::this_thread::sleep_for(kPollInterval);
    Result<json> next = client.Get(path);
    if (!next) {
      return Fail(next.error().code, next.error().message + " (run " + std::to_string(run_id) +
                                         " goes on in the daemon; see 'draftbox campaign show " +
                                         std::to_string(id_) + "')");
    }
    run = std::move(*next);
  }
  if (bar) {
    bar->Update(IntAt(ObjectAt(run, "counts"), "done"),
                RunProgressNote(ObjectAt(run, "counts"), dry_run_));
    bar->Finish();
  }
  return run;
}

int CampaignCommand::RunList(const GlobalOptions& global, CliEnvironment& env) {
  return RunClientCall(global, env,
                       {.call = [](DaemonClient& client) { return client.Get("/v1/campaigns"); },
                        .render = RenderCampaignList,
                        .as_json = json_,
                        .timeout = kRequestTimeout});
}

int CampaignCommand::RunShow(const GlobalOptions& global, CliEnvironment& env) {
  return RunClientCall(
      global, env,
      {.call =
           [&](DaemonClient& client) { return client.Get("/v1/campaigns/" + std::to_string(id_)); },
       .render = RenderCampaign,
       .as_json = json_,
       .timeout = kRequestTimeout});
}

std::string RenderCreatedCampaign(const json& campaign) {
  return "Created campaign " + std::to_string(IntAt(campaign, "id")) + ": " +
         OneLine(StringAt(campaign, "name")) + "\n";
}

std::string RenderRunSummary(const json& run) {
  std::ostringstream out;
  const bool dry_run = IsTrue(run, "dry_run");
  if (dry_run) out << "Dry run: nothing was written to the mailbox\n";
  const std::string state = StringAt(run, "state");
  out << "Run " << IntAt(run, "id") << " " << (state.empty() ? "ended" : state) << ": "
      << CountsLine(ObjectAt(run, "counts"), dry_run) << '\n';
  const std::string error = StringAt(run, "error");
  if (state == "finished" && !error.empty()) out << "Stopped early: " << OneLine(error) << '\n';

  std::vector<const json*> shown;
  size_t email_width = 0;
  const json items = ArrayAt(run, "items");
  for (const json& item : items) {
    const std::string outcome = StringAt(item, "outcome");
    if (outcome.empty() || outcome == "placed") continue;
    shown.push_back(&item);
    email_width = std::max(email_width, OneLine(StringAt(item, "email")).size());
  }
  for (const json* item : shown) {
    const std::string outcome = StringAt(*item, "outcome");
    const std::string text =
        outcome == "would_draft" ? StringAt(*item, "subject") : StringAt(*item, "reason");
    std::string line = "  " + PadTo(Spaced(outcome), kOutcomeWidth) +
                       PadTo(OneLine(StringAt(*item, "email")), email_width + 2) + OneLine(text);
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
  }
  return out.str();
}

std::string RenderDryRunDrafts(const json& run) {
  // ArrayAt answers a copy: keep it while pointers into it are held.
  const json items = ArrayAt(run, "items");
  std::vector<const json*> drafts;
  for (const json& item : items) {
    if (StringAt(item, "outcome") == "would_draft") drafts.push_back(&item);
  }
  std::ostringstream out;
  for (size_t i = 0; i < drafts.size(); ++i) {
    const json& item = *drafts[i];
    std::string rule =
        "--- draft " + std::to_string(i + 1) + " of " + std::to_string(drafts.size()) + " ";
    out << '\n' << rule << std::string(rule.size() < 72 ? 72 - rule.size() : 0, '-') << '\n';
    out << "To:      " << ReadableHeader(StringAt(item, "email")) << '\n';
    out << "Subject: " << ReadableHeader(StringAt(item, "subject")) << "\n\n";
    std::string body = ReadableBody(StringAt(item, "body"));
    if (!body.empty() && body.back() != '\n') body += '\n';
    out << body;
  }
  return out.str();
}

std::string RenderCampaignList(const json& body) {
  const json campaigns = ArrayAt(body, "campaigns");
  if (campaigns.empty()) return "no campaigns\n";
  std::vector<std::vector<std::string>> rows = {{"ID", "NAME", "KIND", "PLACED", "CREATED"}};
  for (const json& c : campaigns) {
    rows.push_back({std::to_string(IntAt(c, "id")), OneLine(StringAt(c, "name")),
                    StringAt(c, "kind"), std::to_string(IntAt(ObjectAt(c, "drafts"), "placed")),
                    FormatUtcMinute(IntAt(c, "created_at"), "-")});
  }
  return RenderTable(rows);
}

std::string RenderCampaign(const json& campaign) {
  std::ostringstream out;
  const json spec = ObjectAt(campaign, "spec");
  auto line = [&out](std::string_view label, const std::string& value) {
    out << label << ":" << std::string(label.size() < 13 ? 13 - label.size() : 1, ' ')
        << (value.empty() ? "-" : OneLine(value)) << '\n';
  };
  out << "Campaign " << IntAt(campaign, "id") << ": " << OneLine(StringAt(campaign, "name"))
      << '\n';
  line("kind", StringAt(campaign, "kind"));
  line("goal", StringAt(spec, "goal"));
  line("key message", StringAt(spec, "key_message"));
  line("cta", StringAt(spec, "cta"));
  line("persona", StringAt(spec, "persona"));
  line("language", StringAt(spec, "language"));
  line("target", TargetText(ObjectAt(spec, "target")));
  line("trigger", TriggerText(spec));
  line("caps", CapsText(spec));
  line("created", FormatUtcMinute(IntAt(campaign, "created_at"), "-") + " UTC");
  line("drafts", DraftCounts(ObjectAt(campaign, "drafts")));

  const json runs = ArrayAt(campaign, "runs");
  if (runs.empty()) {
    line("runs", "none yet");
    return out.str();
  }
  out << "last runs:\n";
  std::vector<std::vector<std::string>> rows;
  for (const json& run : runs) {
    const bool dry_run = IsTrue(run, "dry_run");
    std::string counts = CountsLine(ObjectAt(run, "counts"), dry_run);
    if (const std::string error = StringAt(run, "error"); !error.empty()) {
      counts += " (" + OneLine(error) + ")";
    }
    rows.push_back({"  " + std::to_string(IntAt(run, "id")), StringAt(run, "state"),
                    FormatUtcMinute(IntAt(run, "started_at"), "-"), dry_run ? "dry run" : "run",
                    counts});
  }
  out << RenderTable(rows);
  return out.str();
}

}  // namespace draftbox
