#include "bench_campaign.h"

#include <string>

#include "bench_recipients.h"
#include "campaign/campaign_file.h"
#include "core/campaign.h"
#include "import/recipient_import.h"
#include "store/campaign_store.h"
#include "store/recipient_store.h"

namespace draftbox::bench {

Status ImportBenchRecipients(Database& db, int64_t count, int64_t now_unix) {
  RecipientImport import;
  import.AddRecipientsCsv("bench-recipients.csv", RecipientsCsv(count));
  import.AddActivitiesCsv("bench-activities.csv", ActivitiesCsv(count, now_unix));
  ImportBatch batch = import.Take();
  if (!batch.errors.empty()) {
    const ImportProblem& p = batch.errors.front();
    return Fail(ErrorCode::kInternal, "generated data does not import: " + p.file + ":" +
                                          std::to_string(p.line) + ": " + p.field + ": " +
                                          p.reason);
  }
  Result<UpsertCounts> counts = RecipientStore(db).Upsert(batch.recipients);
  if (!counts) return std::unexpected(counts.error());
  if (counts->inserted != count) {
    return Fail(ErrorCode::kInternal, "imported " + std::to_string(counts->inserted) +
                                          " recipients, expected " + std::to_string(count));
  }
  return {};
}

Result<int64_t> CreateBenchCampaign(Database& db) {
  Campaign campaign;
  campaign.intent.name = "Bench: newly funded accounts";
  campaign.intent.kind = CampaignKind::kOutreach;
  campaign.intent.goal = "Book a 20-minute call about the team plan";
  campaign.intent.key_message =
      "Teams that just raised grow their pipeline fastest with clean CRM data";
  campaign.intent.cta = "Would a 20-minute call next week work?";
  campaign.target.tags = {kBenchTag};
  return CampaignStore(db).Create(campaign.intent.name,
                                  std::string(CampaignKindName(campaign.intent.kind)),
                                  CampaignToJson(campaign).dump());
}

Status CheckPlacedAll(const RunReport& report, int64_t drafts) {
  if (report.state == "finished" && report.counts.placed == drafts) return {};
  std::string why = report.error;
  if (!report.items.empty()) why += " first problem: " + report.items.front().reason;
  return Fail(ErrorCode::kInternal,
              "run " + report.state + " with " + std::to_string(report.counts.placed) + " of " +
                  std::to_string(drafts) + " drafts placed; " + RunCountsJson(report.counts) + why);
}

Result<int64_t> MessagesInDrafts(DraftPlacer& placer, Mailbox& mailbox) {
  Result<std::string> folder = placer.DraftsFolder();
  if (!folder) return std::unexpected(folder.error());
  Result<FolderStatus> status = mailbox.GetStatus(*folder);
  if (!status) return std::unexpected(status.error());
  return static_cast<int64_t>(status->messages);
}

}  // namespace draftbox::bench
