#include "cli/native_host_command.h"

#include "api/token.h"
#include "cli/cli_support.h"
#include "cli/daemon_client.h"
#include "cli/native_messaging.h"
#include "config/config.h"

namespace draftbox {
namespace {

// The daemon's address and token as this user's config names them; a config that cannot be
// loaded becomes the error every request is answered with (the add-on then shows it).
PairingSource LoadPairing(const GlobalOptions& global) {
  Result<Config> config = LoadConfig(ConfigPathsFor(global));
  if (!config) return PairingSource{"", std::unexpected(config.error())};
  const DaemonClient client = DaemonClient::ForConfig(*config);
  return PairingSource{"http://" + client.Address(), ReadToken(config->daemon.data_dir)};
}

}  // namespace

CLI::App* NativeHostCommand::Register(CLI::App& app, GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand(
      "native-host",
      "Hand the Thunderbird add-on the daemon's address and token (native messaging; started by "
      "Thunderbird, not by hand)");
  AddConfigOption(*sub, global);
  // Thunderbird passes the manifest's path and the add-on's id.
  sub->allow_extras();
  return sub;
}

int NativeHostCommand::Run(const GlobalOptions& global, CliEnvironment& env) {
  const PairingSource pairing = LoadPairing(global);
  while (true) {
    Result<std::optional<std::string>> request = ReadNativeMessage(in_);
    if (!request) {
      // Out of step with the sender: say why once, then stop (reading on would be guessing).
      (void)WriteNativeMessage(env.out,
                               NativeErrorMessage("invalid_argument", request.error().message));
      PrintError(env.err, request.error().message);
      return 1;
    }
    if (!*request) return 0;
    Status written = WriteNativeMessage(env.out, AnswerNativeRequest(**request, pairing));
    if (!written && written.error().code == ErrorCode::kInvalidArgument) {
      written =
          WriteNativeMessage(env.out, NativeErrorMessage("internal", written.error().message));
    }
    if (!written) {
      PrintError(env.err, written.error().message);
      return 1;
    }
  }
}

}  // namespace draftbox
