// `draftbox campaign create|run|list|show`: clients of /v1/campaigns and /v1/runs
// (docs/api-campaigns.md, shared/api/campaign.json and run.json).
//   create FILE.toml [--json]           sends the file's text; the daemon validates it against the
//                                       config's personas. A bad file's problems are printed as
//                                       the daemon wrote them, one "file:line: key: reason" a line
//   run ID [--dry-run [--show]] [--limit N] [--json]
//                                       starts a run, polls it until it ends (a progress bar on a
//                                       terminal), then prints the summary and the recipients
//                                       that were skipped, need attention or failed (a dry run:
//                                       every would-be draft with its subject; with --show also
//                                       each one's full text: to, subject, body). Exit 1 if the
//                                       run failed or was interrupted; --show without --dry-run
//                                       is bad usage
//   list [--json]                       every campaign with its placed drafts
//   show ID [--json]                    the spec, drafts by state and the last runs
// Exit 0 on success, 1 on failure (one "draftbox: ..." line on stderr), 2 on bad usage.
// Not thread-safe (one run per process).
#ifndef DRAFTBOX_CLI_CAMPAIGN_COMMAND_H_
#define DRAFTBOX_CLI_CAMPAIGN_COMMAND_H_

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"

namespace draftbox {

class DaemonClient;

class CampaignCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;
  int Run(const GlobalOptions& global, CliEnvironment& env) override;

 private:
  int RunCreate(const GlobalOptions& global, CliEnvironment& env);
  int RunRun(const GlobalOptions& global, CliEnvironment& env);
  int RunList(const GlobalOptions& global, CliEnvironment& env);
  int RunShow(const GlobalOptions& global, CliEnvironment& env);
  // Polls GET /v1/runs/{id} until the run is no longer running. Returns the last answer, or the
  // client's error (the run itself goes on in the daemon).
  Result<nlohmann::json> WaitForRun(DaemonClient& client, const nlohmann::json& started,
                                    CliEnvironment& env);

  CLI::App* create_ = nullptr;
  CLI::App* run_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  std::string file_;
  int64_t id_ = 0;
  bool dry_run_ = false;
  bool show_drafts_ = false;  // --show: a dry run's drafts in full
  int64_t limit_ = 0;         // 0: no --limit
  bool json_ = false;
};

// "Created campaign 3: Q4 expansion" for the answer of POST /v1/campaigns.
std::string RenderCreatedCampaign(const nlohmann::json& campaign);

// The end of a run (shared/api/run.json): for a dry run the line "Dry run: nothing was written
// to the mailbox", then "Run 4 finished: 11 placed, 4 skipped (suppressed 3, open draft 1), ...",
// then one line per item that was not placed: "  skipped          ana@example.com  <reason>",
// "  would draft      ana@example.com  <subject>".
std::string RenderRunSummary(const nlohmann::json& run);

// Each would-be draft of a dry run (run.json items with outcome would_draft) in full, as a rep
// would read it: a rule with "draft N of M", To, Subject, a blank line and the decoded body.
// "" when the run has none.
std::string RenderDryRunDrafts(const nlohmann::json& run);

// The table of GET /v1/campaigns: id, name, kind, placed drafts, creation date.
std::string RenderCampaignList(const nlohmann::json& body);

// One campaign of GET /v1/campaigns/{id}: its spec, its drafts by state and its last runs.
std::string RenderCampaign(const nlohmann::json& campaign);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_CAMPAIGN_COMMAND_H_
