#include "cli/drafts_command.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <sstream>
#include <vector>

#include "cli/answer_fields.h"
#include "cli/cli_support.h"
#include "cli/command_line.h"
#include "cli/command_runner.h"
#include "cli/daemon_client.h"
#include "cli/readable_text.h"
#include "cli/text_table.h"
#include "core/draft_state.h"
#include "core/text.h"

namespace draftbox {
namespace {

using nlohmann::json;

// One request: listing and queueing touch only the store; a long poll adds kLongPoll.
constexpr std::chrono::seconds kRequestTimeout{60};
// How long one GET /v1/operations/{id} may wait on the daemon's side (its maximum is 30).
constexpr std::chrono::seconds kLongPoll{25};
// Regenerating composes a new draft (a model may take a while) and swaps it in Drafts over IMAP;
// rejecting removes one message. Past this the CLI stops waiting; the daemon goes on.
constexpr std::chrono::seconds kOperationTimeout{300};

constexpr std::array kAllStates = {
    DraftState::kGenerated, DraftState::kPlaced,      DraftState::kSent,
    DraftState::kReplied,   DraftState::kBounced,     DraftState::kUnsubscribed,
    DraftState::kNoReply,   DraftState::kRegenerated, DraftState::kRejected,
    DraftState::kVanished,  DraftState::kSkipped,     DraftState::kNeedsAttention};

// The start of a reply shown in a list: enough to judge it at a glance.
constexpr size_t kNoteExcerptBytes = 60;

std::string StateNames() {
  std::string out;
  for (DraftState state : kAllStates) {
    out += (out.empty() ? "" : ", ") + std::string(DraftStateName(state));
  }
  return out;
}

// --state must name a state of core/draft_state.h, so a typo is bad usage, not an empty list.
CLI::Validator DraftStateValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        if (ParseDraftState(value)) return "";
        return "unknown draft state '" + value + "' (one of " + StateNames() + ")";
      },
      "STATE");
}

// A draft that was never written (or was turned down) is described by its reason.
std::string SubjectOrReason(const json& draft) {
  const std::string state = StringAt(draft, "state");
  const std::string reason = StringAt(draft, "reason");
  const bool by_reason = state == "skipped" || state == "needs_attention" || state == "rejected";
  if (by_reason && !reason.empty()) return "(" + OneLine(reason) + ")";
  return OneLine(StringAt(draft, "subject"));
}

std::string Recipient(const json& draft) {
  const json recipient = ObjectAt(draft, "recipient");
  std::string to = StringAt(draft, "to");
  if (to.empty()) to = StringAt(recipient, "email");
  const std::string name = ReadableHeader(StringAt(recipient, "name"));
  return OneLine(name.empty() ? to : name + " <" + to + ">");
}

std::string RecipientContext(const json& recipient) {
  std::ostringstream out;
  std::string who = OneLine(StringAt(recipient, "name"));
  const std::string role = OneLine(StringAt(recipient, "role"));
  const std::string company = OneLine(StringAt(recipient, "company"));
  if (!role.empty()) who += (who.empty() ? "" : ", ") + role;
  if (!company.empty()) who += (who.empty() ? "" : " ") + std::string("at ") + company;
  out << "  " << (who.empty() ? OneLine(StringAt(recipient, "email")) : who) << " (recipient "
      << IntAt(recipient, "id") << ")\n";
  std::string facts;
  for (const auto& [key, label] :
       {std::pair{"account_state", "account state"}, std::pair{"plan", "plan"},
        std::pair{"country", "country"}, std::pair{"language", "language"}}) {
    const std::string value = OneLine(StringAt(recipient, key));
    if (!value.empty()) facts += (facts.empty() ? "" : ", ") + std::string(label) + " " + value;
  }
  if (!facts.empty()) out << "  " << facts << '\n';
  std::string tags;
  for (const json& tag : ArrayAt(recipient, "tags")) {
    if (tag.is_string()) tags += (tags.empty() ? "" : ", ") + OneLine(tag.get<std::string>());
  }
  if (!tags.empty()) out << "  tags " << tags << '\n';
  return out.str();
}

// "placed" plus where it is: "placed (Drafts, uid 12)".
std::string StateText(const json& draft) {
  std::string state = Spaced(StringAt(draft, "state"));
  const json imap = ObjectAt(draft, "imap");
  if (!StringAt(imap, "folder").empty()) {
    state += " (" + OneLine(StringAt(imap, "folder")) + ", uid " +
             std::to_string(IntAt(imap, "uid")) + ")";
  }
  return state;
}

// The outcome of a regenerate or reject operation, waited for with long polls of
// GET /v1/operations/{id} for up to `total`. kUnavailable if it has not ended by then; the
// operation's own error when it failed.
Result<json> WaitForOperation(DaemonClient& client, const json& started,
                              std::chrono::seconds total) {
  const int64_t id = IntAt(started, "id");
  if (id <= 0) return Fail(ErrorCode::kInternal, "the daemon queued the work without an id");
  const std::string path =
      "/v1/operations/" + std::to_string(id) + "?wait=" + std::to_string(kLongPoll.count());
  const auto deadline = std::chrono::steady_clock::now() + total;
  json op = started;
  while (StringAt(op, "state") == "pending" || StringAt(op, "state") == "running") {
    if (std::chrono::steady_clock::now() >= deadline) {
      return Fail(ErrorCode::kUnavailable,
                  "draft " + std::to_string(IntAt(op, "draft_id")) + ": still " +
                      StringAt(op, "state") + " after " + std::to_string(total.count()) +
                      " s; the daemon goes on with it (operation " + std::to_string(id) + ")");
    }
    Result<json> next = client.Get(path);
    if (!next) return std::unexpected(next.error());
    op = std::move(*next);
  }
  if (StringAt(op, "state") == "done") return ObjectAt(op, "result");
  const json error = ObjectAt(op, "error");
  const std::string message = StringAt(error, "message");
  return Fail(
      ErrorCode::kUnavailable,
      message.empty() ? "the daemon could not finish operation " + std::to_string(id) : message);
}

}  // namespace

CLI::App* DraftsCommand::Register(CLI::App& app, GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand("drafts", "List, show, regenerate and reject drafts");
  AddConfigOption(*sub, global);
  sub->require_subcommand(1);

  list_ = sub->add_subcommand("list", "List drafts, newest first");
  AddConfigOption(*list_, global);
  list_->add_option("--campaign", campaign_, "Only the drafts of campaign ID")
      ->check(WholeNumberAtLeast(1));
  list_->add_option("--state", state_, "Only drafts in this state (" + StateNames() + ")")
      ->check(DraftStateValidator());
  list_->add_option("--limit", limit_, "At most N drafts (1-1000, default 50)")
      ->check(CLI::Range(1, 1000));
  list_->add_option("--offset", offset_, "Skip the first N")->check(CLI::NonNegativeNumber);
  list_->add_flag("--json", json_, "Print the page as JSON");

  show_ = sub->add_subcommand("show", "Show a draft with the facts it used and its recipient");
  AddConfigOption(*show_, global);
  show_->add_option("id", id_, "Draft ID")->required()->check(WholeNumberAtLeast(1));
  show_->add_flag("--json", json_, "Print the draft as JSON");
  show_->add_flag("--prompt", prompt_,
                  "Print exactly what was sent to the model for this draft (the request body)");

  regenerate_ = sub->add_subcommand("regenerate", "Write a new draft in place of a placed one");
  AddConfigOption(*regenerate_, global);
  regenerate_->add_option("id", id_, "Draft ID")->required()->check(WholeNumberAtLeast(1));
  regenerate_->add_option("--instruction", instruction_,
                          "What to change (e.g. \"shorter\", \"mention the webinar\")");
  regenerate_->add_flag("--json", json_, "Print the new draft as JSON");

  reject_ = sub->add_subcommand("reject", "Take a draft out of Drafts and record why");
  AddConfigOption(*reject_, global);
  reject_->add_option("id", id_, "Draft ID")->required()->check(WholeNumberAtLeast(1));
  reject_->add_option("--reason", reason_, "Why it was rejected");
  reject_->add_flag("--suppress", suppress_, "Also put the recipient on the do-not-contact list");
  reject_->add_flag("--json", json_, "Print the rejected draft as JSON");
  return sub;
}

int DraftsCommand::Run(const GlobalOptions& global, CliEnvironment& env) {
  if (list_->parsed()) return RunList(global, env);
  if (show_->parsed()) return RunShow(global, env);
  if (regenerate_->parsed()) return RunRegenerate(global, env);
  return RunReject(global, env);
}

int DraftsCommand::RunList(const GlobalOptions& global, CliEnvironment& env) {
  std::string path =
      "/v1/drafts?offset=" + std::to_string(offset_) + "&limit=" + std::to_string(limit_);
  if (campaign_ > 0) path += "&campaign=" + std::to_string(campaign_);
  // Checked against the state names above, so it needs no escaping.
  if (!state_.empty()) path += "&state=" + state_;
  // A person reading the list also learns who is held by a possible opt-out (no draft goes to
  // them until it is decided); --json keeps the page as the API gives it.
  json pending;
  auto call = [&](DaemonClient& client) -> Result<json> {
    Result<json> page = client.Get(path);
    if (page && !json_) {
      Result<json> held = client.Get("/v1/optouts?state=pending");
      if (held) pending = *held;
    }
    return page;
  };
  auto render = [&](const json& page) {
    return RenderDraftList(page) + RenderPendingOptOutNote(pending);
  };
  return RunClientCall(
      global, env, {.call = call, .render = render, .as_json = json_, .timeout = kRequestTimeout});
}

// The stored request body as it was sent: JSON, so control characters are escaped already.
std::string RenderDraftPrompt(const json& draft) {
  const std::string prompt = StringAt(draft, "prompt");
  if (prompt.empty()) {
    return "Draft " + std::to_string(IntAt(draft, "id")) +
           " was not written by a model: nothing was sent anywhere.\n";
  }
  return prompt + '\n';
}

int DraftsCommand::RunShow(const GlobalOptions& global, CliEnvironment& env) {
  return RunClientCall(
      global, env,
      {.call =
           [&](DaemonClient& client) { return client.Get("/v1/drafts/" + std::to_string(id_)); },
       .render = prompt_ ? RenderDraftPrompt : RenderDraft,
       .as_json = json_ && !prompt_,
       .timeout = kRequestTimeout});
}

int DraftsCommand::RunRegenerate(const GlobalOptions& global, CliEnvironment& env) {
  json request = json::object();
  if (!instruction_.empty()) request["instruction"] = instruction_;
  std::string note;  // what the composer could not do of the instruction
  auto call = [&](DaemonClient& client) -> Result<json> {
    Result<json> op = client.Post("/v1/drafts/" + std::to_string(id_) + "/regenerate", request);
    if (!op) return op;
    Result<json> result = WaitForOperation(client, *op, kOperationTimeout);
    if (!result) return result;
    note = StringAt(*result, "instruction_note");
    return ObjectAt(*result, "draft");
  };
  auto render = [&](const json& draft) {
    std::string out = "Regenerated draft " + std::to_string(id_) + " as draft " +
                      std::to_string(IntAt(draft, "id"));
    if (StringAt(draft, "state") == "needs_attention") {
      out += ", which needs attention: " + OneLine(StringAt(draft, "reason")) + '\n';
    } else {
      out += ": " + OneLine(StringAt(draft, "subject")) + '\n';
    }
    if (!note.empty()) out += "Note: " + OneLine(note) + '\n';
    return out;
  };
  return RunClientCall(
      global, env,
      {.call = call, .render = render, .as_json = json_, .timeout = kRequestTimeout + kLongPoll});
}

int DraftsCommand::RunReject(const GlobalOptions& global, CliEnvironment& env) {
  json request = {{"suppress", suppress_}};
  if (!reason_.empty()) request["reason"] = reason_;
  auto call = [&](DaemonClient& client) -> Result<json> {
    Result<json> op = client.Post("/v1/drafts/" + std::to_string(id_) + "/reject", request);
    if (!op) return op;
    Result<json> result = WaitForOperation(client, *op, kOperationTimeout);
    if (!result) return result;
    return ObjectAt(*result, "draft");
  };
  auto render = [&](const json& draft) {
    std::string out = "Rejected draft " + std::to_string(IntAt(draft, "id"));
    if (suppress_) {
      std::string address = StringAt(draft, "to");
      if (address.empty()) address = StringAt(ObjectAt(draft, "recipient"), "email");
      out += " and added " + OneLine(address) + " to the do-not-contact list";
    }
    return out + '\n';
  };
  return RunClientCall(
      global, env,
      {.call = call, .render = render, .as_json = json_, .timeout = kRequestTimeout + kLongPoll});
}

std::string RenderDraftList(const json& page) {
  const json drafts = ArrayAt(page, "drafts");
  if (drafts.empty() && IntAt(page, "total") == 0) return "no drafts\n";
  // A skip is a recipient no draft was written for; listing it among the drafts made the
  // count of drafts waiting in the mailbox look larger than it is.
  std::vector<std::vector<std::string>> written = {
      {"ID", "STATE", "CAMPAIGN", "TO", "SUBJECT OR REASON"}};
  std::vector<std::vector<std::string>> skipped = {{"ID", "CAMPAIGN", "TO", "WHY SKIPPED"}};
  for (const json& d : drafts) {
    const std::string id = std::to_string(IntAt(d, "id"));
    const std::string campaign = std::to_string(IntAt(d, "campaign_id"));
    if (StringAt(d, "state") == "skipped") {
      skipped.push_back({id, campaign, OneLine(StringAt(d, "to")),
                         OneLine(StringAt(d, "reason", "no reason given"))});
    } else {
      written.push_back(
          {id, StringAt(d, "state"), campaign, OneLine(StringAt(d, "to")), SubjectOrReason(d)});
    }
  }
  const size_t n_written = written.size() - 1, n_skipped = skipped.size() - 1;
  std::ostringstream out;
  if (n_written > 0) out << RenderTable(written);
  if (n_skipped > 0) {
    if (n_written > 0) out << '\n';
    out << "Skipped (no draft written):\n" << RenderTable(skipped);
  }
  if (n_written > 0 || n_skipped > 0) out << '\n';
  out << n_written << (n_written == 1 ? " draft, " : " drafts, ") << n_skipped << " skipped";
  const int64_t total = IntAt(page, "total");
  if (IntAt(page, "offset") > 0 || static_cast<int64_t>(drafts.size()) < total) {
    out << " (" << drafts.size() << " of " << total << " shown";
    if (IntAt(page, "offset") > 0) out << ", from " << IntAt(page, "offset") + 1;
    out << ")";
  }
  out << '\n';
  return out.str();
}

std::string RenderPendingOptOutNote(const json& page) {
  const json optouts = ArrayAt(page, "optouts");
  if (optouts.empty()) return "";
  std::ostringstream out;
  out << '\n'
      << optouts.size()
      << (optouts.size() == 1 ? " possible opt-out awaits" : " possible opt-outs await")
      << " review; no draft goes to these addresses until it is confirmed or dismissed:\n";
  for (const json& r : optouts) {
    out << "  " << IntAt(r, "id") << "  " << OneLine(StringAt(r, "email")) << "  \""
        << OneLine(TruncateUtf8WithEllipsis(StringAt(r, "excerpt"), kNoteExcerptBytes)) << "\"\n";
  }
  out << "  (draftbox optouts confirm|dismiss ID)\n";
  return out.str();
}

std::string RenderOptOutList(const json& page) {
  const json optouts = ArrayAt(page, "optouts");
  if (optouts.empty()) return "no possible opt-outs\n";
  std::vector<std::vector<std::string>> rows = {
      {"ID", "STATE", "DATE", "FROM", "DRAFT", "MATCHED", "MODEL", "REPLY"}};
  for (const json& r : optouts) {
    const int64_t draft = IntAt(r, "draft_id");
    // The model's second opinion, when one was asked: "no: <why>" helps the rep decide.
    const json opinion = ObjectAt(r, "second_opinion");
    const std::string model =
        opinion.empty()
            ? "-"
            : StringAt(opinion, "opt_out") + ": " +
                  TruncateUtf8WithEllipsis(StringAt(opinion, "reason"), kNoteExcerptBytes);
    rows.push_back({std::to_string(IntAt(r, "id")), StringAt(r, "state"), StringAt(r, "date"),
                    OneLine(StringAt(r, "email")), draft > 0 ? std::to_string(draft) : "-",
                    OneLine(StringAt(r, "phrase")), OneLine(model),
                    OneLine(TruncateUtf8WithEllipsis(StringAt(r, "excerpt"), kNoteExcerptBytes))});
  }
  std::ostringstream out;
  out << RenderTable(rows) << optouts.size() << " possible opt-outs\n";
  return out.str();
}

std::string RenderOptOutDecision(const json& body) {
  const json r = ObjectAt(body, "optout");
  const std::string state = StringAt(r, "state");
  std::ostringstream out;
  out << "possible opt-out " << IntAt(r, "id") << " " << state << ": "
      << OneLine(StringAt(r, "email"));
  if (state == "confirmed") {
    out << " is on the do-not-contact list (suppression " << IntAt(r, "suppression_id") << ")";
  } else {
    out << " may get drafts again";
  }
  out << '\n';
  return out.str();
}

std::string RenderDraft(const json& draft) {
  std::ostringstream out;
  auto line = [&out](std::string_view label, const std::string& value) {
    if (value.empty()) return;
    out << label << ":" << std::string(label.size() < 12 ? 12 - label.size() : 1, ' ') << value
        << '\n';
  };
  line("To", Recipient(draft));
  line("Subject", ReadableHeader(StringAt(draft, "subject")));
  line("State", StateText(draft));
  line("Reason", OneLine(StringAt(draft, "reason")));
  std::string origin = "draft " + std::to_string(IntAt(draft, "id")) + ", campaign " +
                       std::to_string(IntAt(draft, "campaign_id"));
  if (IntAt(draft, "run_id") > 0) origin += ", run " + std::to_string(IntAt(draft, "run_id"));
  line("Draft", origin);
  if (IntAt(draft, "supersedes") > 0) {
    line("Supersedes", "draft " + std::to_string(IntAt(draft, "supersedes")));
  }
  line("Instruction", OneLine(StringAt(draft, "instruction")));
  line("Language", StringAt(draft, "language"));
  std::string times;
  for (const auto& [key, label] :
       {std::pair{"created_at", "created"}, std::pair{"placed_at", "placed"},
        std::pair{"sent_at", "sent"}, std::pair{"removed_at", "removed"}}) {
    const std::string when = FormatUtcMinute(IntAt(draft, key), "");
    if (!when.empty()) times += (times.empty() ? "" : ", ") + std::string(label) + " " + when;
  }
  line("Times (UTC)", times);

  std::string body = ReadableBody(StringAt(draft, "body"));
  if (!body.empty()) {
    if (body.back() != '\n') body += '\n';
    out << '\n' << body;
  }
  const json facts = ArrayAt(draft, "facts_used");
  out << "\nFacts used:" << (facts.empty() ? " none\n" : "\n");
  for (const json& fact : facts) {
    out << "  [" << OneLine(StringAt(fact, "id")) << "] " << OneLine(StringAt(fact, "text"))
        << '\n';
    // Which sentence of the body rests on the fact, so a reviewer can check each claim.
    for (const json& sentence : ArrayAt(fact, "sentences")) {
      if (sentence.is_string())
        out << "      in: \"" << OneLine(sentence.get<std::string>()) << "\"\n";
    }
  }
  const json recipient = ObjectAt(draft, "recipient");
  if (!recipient.empty()) out << "\nRecipient:\n" << RecipientContext(recipient);
  return out.str();
}

}  // namespace draftbox
