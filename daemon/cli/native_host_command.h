// `draftbox native-host`: the native messaging host the Thunderbird add-on pairs through, so a
// rep never pastes a token. Thunderbird starts it (through the manifest `draftbox.json`, see
// docs/addon.md) with the manifest's path and the add-on's id as arguments, which are accepted
// and ignored; it then speaks the framing of cli/native_messaging.h on stdin/stdout until
// stdin ends: {"type": "pair"} is answered {"address": "http://127.0.0.1:7411", "token": ...}
// from the same config and token file the other commands read; anything else gets an error
// object. Nothing but framed messages is written to stdout; diagnostics go to stderr
// (Thunderbird's error console). Exit 0 at the end of input, 1 when the input breaks the
// framing (cut short, over 1 MB) or stdout fails. Not thread-safe (one run per process).
#ifndef DRAFTBOX_CLI_NATIVE_HOST_COMMAND_H_
#define DRAFTBOX_CLI_NATIVE_HOST_COMMAND_H_

#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"

namespace draftbox {

class NativeHostCommand : public Command {
 public:
  // `in` is where requests come from: std::cin in the binary, a string stream in tests.
  explicit NativeHostCommand(std::istream& in = std::cin) : in_(in) {}

  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;
  int Run(const GlobalOptions& global, CliEnvironment& env) override;

 private:
  std::istream& in_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_NATIVE_HOST_COMMAND_H_
