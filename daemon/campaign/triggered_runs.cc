#include "campaign/triggered_runs.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "campaign/campaign_file.h"
#include "campaign/trigger_evaluator.h"
#include "store/campaign_store.h"
#include "store/draft_store.h"

namespace draftbox {
namespace {

bool HasTrigger(const StoredCampaign& stored) {
  Result<Campaign> campaign =
      CampaignFromJson(nlohmann::json::parse(stored.spec_json, nullptr, false));
  return campaign && campaign->trigger.has_value();
}

}  // namespace

TriggeredRuns::TriggeredRuns(Deps deps) : deps_(std::move(deps)) {
  if (deps_.clock == nullptr) deps_.clock = &SystemClock();
}

Result<bool> TriggeredRuns::AnyTriggered() {
  Result<std::vector<StoredCampaign>> campaigns = CampaignStore(*deps_.db).List();
  if (!campaigns) return std::unexpected(campaigns.error());
  return std::any_of(campaigns->begin(), campaigns->end(), HasTrigger);
}

Result<std::vector<RunReport>> TriggeredRuns::Evaluate(const std::string& why, DraftPlacer& placer,
                                                       const std::atomic<bool>* stop) {
  Result<std::vector<StoredCampaign>> campaigns = CampaignStore(*deps_.db).List();
  if (!campaigns) return std::unexpected(campaigns.error());
  if (Result<ReconcileCounts> done = placer.Reconcile(); !done) {
    return std::unexpected(done.error());
  }
  CampaignRunner runner(CampaignRunner::Deps{.db = deps_.db,
                                             .composer = deps_.composer,
                                             .config = deps_.config,
                                             .placer = &placer,
                                             .clock = deps_.clock});
  DraftStore drafts(*deps_.db, NowFunction(*deps_.clock));
  std::vector<RunReport> reports;
  for (const StoredCampaign& stored : *campaigns) {
    if (stop != nullptr && *stop) break;
    Result<Campaign> campaign =
        CampaignFromJson(nlohmann::json::parse(stored.spec_json, nullptr, false));
    if (!campaign || !campaign->trigger) continue;
    Result<std::map<int64_t, std::string>> qualifying =
        TriggerEvaluator(*deps_.db).Qualifying(*campaign, deps_.clock->NowUnix());
    if (!qualifying) return std::unexpected(qualifying.error());
    // Drop who already has this trigger's draft, so an evaluation with nothing new leaves no
    // empty run behind.
    RunOptions options;
    options.started_by = why;
    for (const auto& [recipient_id, key] : *qualifying) {
      Result<std::optional<DraftBlock>> block =
          drafts.FindBlock(recipient_id, stored.id, key, deps_.config->compliance.cooldown_days);
      if (!block) return std::unexpected(block.error());
      if (!*block || (*block)->kind != DraftBlock::kAlreadyDrafted) {
        options.triggered[recipient_id] = key;
      }
    }
    if (options.triggered.empty()) continue;
    Result<RunReport> report = runner.Run(stored.id, options, {}, stop);
    if (!report) {
      spdlog::error("triggered campaign {}: {}", stored.id, report.error().message);
      continue;
    }
    spdlog::info("triggered campaign {} ({}) run {}: {}", stored.id, why, report->run_id,
                 RunCountsJson(report->counts));
    reports.push_back(std::move(*report));
  }
  return reports;
}

}  // namespace draftbox
