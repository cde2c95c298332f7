#include "cli/events_command.h"

#include <algorithm>
#include <chrono>

#include "cli/answer_fields.h"
#include "cli/cli_support.h"
#include "cli/daemon_client.h"
#include "cli/event_lines.h"
#include "core/event_types.h"
#include "core/text.h"

namespace draftbox {
namespace {

using nlohmann::json;

// A long poll answers within its wait; this margin covers a busy daemon.
constexpr std::chrono::seconds kFollowMargin{15};
constexpr std::chrono::seconds kReadTimeout{60};

// Only the types the daemon writes: a typo would otherwise wait for events that never come.
// Checking here also keeps the query free of characters that would need encoding.
CLI::Validator EventType() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        if (IsEventType(value)) return "";
        return "unknown event type '" + OneLine(TruncateUtf8WithEllipsis(value, 64)) +
               "' (one of " + EventTypeNames() + ")";
      },
      "TYPE");
}

// The page's events and where to continue, or kInternal when the body is not an event page.
Result<std::pair<json, int64_t>> ParsePage(const json& body, int64_t since) {
  if (!body.is_object() || !body.contains("events") || !body["events"].is_array() ||
      !body.contains("last_id") || !body["last_id"].is_number_integer()) {
    return Fail(ErrorCode::kInternal, "the daemon answered /v1/events without events and last_id");
  }
  // A cursor that goes back would print events twice; never follow it backwards.
  return std::pair(body["events"], std::max(since, body["last_id"].get<int64_t>()));
}

}  // namespace

CLI::App* EventsCommand::Register(CLI::App& app, GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand(
      "events", "Print the event log as JSON lines (signals, drafts placed, suppressions, ...)");
  AddConfigOption(*sub, global);
  sub->add_option("--since", since_, "Only events after this id (default 0: all)")
      ->check(WholeNumberAtLeast(0));
  sub->add_option("--type", type_, "Only events of this type, e.g. engagement_signal")
      ->check(EventType());
  sub->add_option("--limit", limit_, "Stop after N events")->check(WholeNumberAtLeast(1));
  sub->add_flag("--follow,-f", follow_, "Keep waiting for new events and print them as they come");
  sub->add_flag("--json", json_, "Print each event as one line of JSON (for tools)");
  return sub;
}

int EventsCommand::Run(const GlobalOptions& global, CliEnvironment& env) {
  Result<Config> config = LoadConfigOrReport(global, env.err);
  if (!config) return 1;
  DaemonClient client = DaemonClient::ForConfig(*config);
  int64_t since = since_;
  int64_t printed = 0;
  bool caught_up = false;
  while (true) {
    if (caught_up && (!follow_ || stop_following_())) return 0;
    const int64_t page = limit_ > 0 ? std::min(kPageSize, limit_ - printed) : kPageSize;
    std::string path =
        "/v1/events?since=" + std::to_string(since) + "&limit=" + std::to_string(page);
    if (!type_.empty()) path += "&type=" + type_;
    if (caught_up) path += "&wait=" + std::to_string(kFollowWaitSeconds);
    client.set_timeout(caught_up ? std::chrono::seconds(kFollowWaitSeconds) + kFollowMargin
                                 : kReadTimeout);
    Result<json> body = client.Get(path);
    Result<std::pair<json, int64_t>> parsed =
        body ? ParsePage(*body, since) : std::unexpected(body.error());
    if (!parsed) {
      PrintError(env.err, parsed.error().message);
      return 1;
    }
    const auto& [events, next] = *parsed;
    for (const json& event : events) {
      env.out << (json_ ? event.dump(-1, ' ', false, json::error_handler_t::replace)
                        : EventLine(event))
              << '\n';
      env.out.flush();
      ++printed;
    }
    since = next;
    if (limit_ > 0 && printed >= limit_) return 0;
    if (static_cast<int64_t>(events.size()) < page) caught_up = true;
  }
}

}  // namespace draftbox
