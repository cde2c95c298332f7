// `draftbox suppress add|import|list|remove`: the do-not-contact list, through the daemon's
// /v1/suppressions API (api/suppression_routes.h).
//   add ADDRESS|@DOMAIN|id:N --reason TEXT [--source S]   one entry; an existing one is kept
//   import FILE [--json]         a CSV address,reason,date,source; refused rows as FILE:LINE:
//                                field: reason on stderr, the rest imported; exit 1 if any row
//                                was refused, so scripts notice
//   list [--kind K] [--json]     every entry, oldest first
//   remove ADDRESS|@DOMAIN|id:N [--force]   --force is needed for a GDPR objection
// A bad target or an empty --reason is bad usage (exit 2), like a missing one.
// Not thread-safe (one run per process).
#ifndef DRAFTBOX_CLI_SUPPRESS_COMMAND_H_
#define DRAFTBOX_CLI_SUPPRESS_COMMAND_H_

#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"

namespace draftbox {

class SuppressCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;

  // Returns 2 for a bad target or empty reason, 1 with one error line if the config is bad, the
  // daemon cannot be reached or refuses, or (import) a row was refused; 0 otherwise.
  int Run(const GlobalOptions& global, CliEnvironment& env) override;

 private:
  int RunAdd(const GlobalOptions& global, CliEnvironment& env);
  int RunImport(const GlobalOptions& global, CliEnvironment& env);
  int RunList(const GlobalOptions& global, CliEnvironment& env);
  int RunRemove(const GlobalOptions& global, CliEnvironment& env);

  CLI::App* add_ = nullptr;
  CLI::App* import_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* remove_ = nullptr;
  std::string target_;
  std::string reason_;
  std::string source_;
  std::string file_;
  std::string kind_;
  bool force_ = false;
  bool json_ = false;
};

// The text form of a GET /v1/suppressions body: one aligned line per entry (target, reason,
// date, source), or "no suppressions". Missing fields show as empty.
std::string RenderSuppressionList(const nlohmann::json& body);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_SUPPRESS_COMMAND_H_
