#include "cli/command_runner.h"

#include "cli/cli_support.h"
#include "cli/command_line.h"

namespace draftbox {

int RunClientCall(const GlobalOptions& global, CliEnvironment& env, const ClientCall& call) {
  Result<Config> config = LoadConfigOrReport(global, env.err);
  if (!config) return kExitFailure;
  DaemonClient client = DaemonClient::ForConfig(*config);
  client.set_timeout(call.timeout);
  Result<nlohmann::json> body = call.call(client);
  if (!body) {
    PrintError(env.err, body.error().message);
    return kExitFailure;
  }
  if (call.as_json) {
    PrintJson(env.out, *body);
  } else {
    env.out << call.render(*body);
  }
  return kExitOk;
}

void PrintJson(std::ostream& out, const nlohmann::json& body) {
  out << body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace draftbox
