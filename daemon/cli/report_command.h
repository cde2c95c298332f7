// `draftbox report edits [--persona P] [--json]`: the most common edits reps made to drafts
// before sending them (phrases removed and added, subject rewrites) and the median edit ratio
// per week, so a campaign owner sees drift (docs/edits.md); a client of GET /v1/reports/edits
// (shared/api/edit_report.json). Exit 0 on success, 1 on failure (one "draftbox: ..." line on
// stderr), 2 on bad usage. Not thread-safe (one run per process).
#ifndef DRAFTBOX_CLI_REPORT_COMMAND_H_
#define DRAFTBOX_CLI_REPORT_COMMAND_H_

#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"

namespace draftbox {

class ReportCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;
  int Run(const GlobalOptions& global, CliEnvironment& env) override;

 private:
  CLI::App* edits_ = nullptr;
  std::string persona_;
  bool json_ = false;
};

// The answer of GET /v1/reports/edits for people.
std::string RenderEditReport(const nlohmann::json& report);

// `text` percent-encoded for a URL query value (RFC 3986 unreserved characters kept).
std::string QueryValue(const std::string& text);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_REPORT_COMMAND_H_
