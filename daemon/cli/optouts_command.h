// `draftbox optouts list|confirm|dismiss`: replies that may ask to stop writing (the detector's
// "possible"), which hold every new draft to their sender until a rep decides; clients of
// /v1/optouts (docs/api.md, shared/api/optout*.json).
//   list [--state pending|confirmed|dismissed|all] [--json]
//                           oldest first; pending by default
//   confirm ID [--json]     the sender goes on the do-not-contact list, citing the reply
//   dismiss ID [--json]     not a request to stop: drafting to the sender goes on
// Exit 0 on success, 1 on failure (one "draftbox: ..." line on stderr; deciding one already
// decided is a failure naming its state), 2 on bad usage. Not thread-safe (one run per process).
#ifndef DRAFTBOX_CLI_OPTOUTS_COMMAND_H_
#define DRAFTBOX_CLI_OPTOUTS_COMMAND_H_

#include <cstdint>
#include <string>

#include "cli/command.h"

namespace draftbox {

class OptOutsCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;
  int Run(const GlobalOptions& global, CliEnvironment& env) override;

 private:
  CLI::App* list_ = nullptr;
  CLI::App* confirm_ = nullptr;
  CLI::App* dismiss_ = nullptr;
  int64_t id_ = 0;
  std::string state_ = "pending";
  bool json_ = false;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_OPTOUTS_COMMAND_H_
