// `draftbox events [--since N] [--type T] [--limit N] [--follow]`: the event log as JSON lines,
// one event object of shared/api/events.json per line, oldest first. Pages through every event
// after --since (default 0); --limit stops after N events; --follow then keeps long-polling
// GET /v1/events (wait=30) and prints each new event as it arrives, flushing every line, until
// the process is interrupted (Ctrl-C) or terminated. Output is JSON already; --json is accepted
// for symmetry with the other commands and changes nothing.
// Exit 0 on success, 1 on failure (one "draftbox: ..." line on stderr), 2 on bad usage.
// Not thread-safe (one run per process).
#ifndef DRAFTBOX_CLI_EVENTS_COMMAND_H_
#define DRAFTBOX_CLI_EVENTS_COMMAND_H_

#include <cstdint>
#include <functional>
#include <string>

#include "cli/command.h"

namespace draftbox {

class EventsCommand : public Command {
 public:
  // Seconds one long poll asks the daemon to wait; the request may take this long plus margin.
  static constexpr int64_t kFollowWaitSeconds = 30;
  // Events asked for per request (the API's maximum page).
  static constexpr int64_t kPageSize = 1000;

  // `stop_following` is asked before each long poll while following; true ends the command
  // with exit 0. The real binary never stops on its own (a signal ends it); tests stop it.
  explicit EventsCommand(std::function<bool()> stop_following = [] { return false; })
      : stop_following_(std::move(stop_following)) {}

  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;

  // Returns 1 with one error line if the config is bad, the daemon cannot be reached, refuses
  // the request or answers something that is not an event page.
  int Run(const GlobalOptions& global, CliEnvironment& env) override;

 private:
  std::function<bool()> stop_following_;
  int64_t since_ = 0;
  int64_t limit_ = 0;  // 0: no limit
  std::string type_;
  bool follow_ = false;
  bool json_ = false;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_EVENTS_COMMAND_H_
