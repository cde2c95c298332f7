#include "cli/optouts_command.h"

#include <chrono>

#include "cli/answer_fields.h"
#include "cli/cli_support.h"
#include "cli/command_runner.h"
#include "cli/daemon_client.h"
#include "cli/drafts_command.h"

namespace draftbox {
namespace {

using nlohmann::json;

constexpr std::chrono::seconds kRequestTimeout{30};

}  // namespace

CLI::App* OptOutsCommand::Register(CLI::App& app, GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand(
      "optouts", "Review replies that may ask to stop (they hold new drafts to their sender)");
  AddConfigOption(*sub, global);
  sub->require_subcommand(1);

  list_ = sub->add_subcommand("list", "List possible opt-outs, oldest first");
  AddConfigOption(*list_, global);
  list_->add_option("--state", state_, "pending (default), confirmed, dismissed or all")
      ->check(CLI::IsMember({"pending", "confirmed", "dismissed", "all"}));
  list_->add_flag("--json", json_, "Print the list as JSON");

  confirm_ = sub->add_subcommand(
      "confirm", "It is a request to stop: put the sender on the do-not-contact list");
  AddConfigOption(*confirm_, global);
  confirm_->add_option("id", id_, "Possible opt-out ID")->required()->check(WholeNumberAtLeast(1));
  confirm_->add_flag("--json", json_, "Print the decided opt-out as JSON");

  dismiss_ = sub->add_subcommand("dismiss", "It is no request to stop: allow drafts again");
  AddConfigOption(*dismiss_, global);
  dismiss_->add_option("id", id_, "Possible opt-out ID")->required()->check(WholeNumberAtLeast(1));
  dismiss_->add_flag("--json", json_, "Print the decided opt-out as JSON");
  return sub;
}

int OptOutsCommand::Run(const GlobalOptions& global, CliEnvironment& env) {
  if (list_->parsed()) {
    // Checked against a fixed list above, so the query needs no escaping.
    const std::string path = state_ == "all" ? "/v1/optouts" : "/v1/optouts?state=" + state_;
    return RunClientCall(global, env,
                         {.call = [&](DaemonClient& client) { return client.Get(path); },
                          .render = RenderOptOutList,
                          .as_json = json_,
                          .timeout = kRequestTimeout});
  }
  const std::string path =
      "/v1/optouts/" + std::to_string(id_) + (confirm_->parsed() ? "/confirm" : "/dismiss");
  return RunClientCall(
      global, env,
      {.call = [&](DaemonClient& client) { return client.Post(path, json::object()); },
       .render = RenderOptOutDecision,
       .as_json = json_,
       .timeout = kRequestTimeout});
}

}  // namespace draftbox
