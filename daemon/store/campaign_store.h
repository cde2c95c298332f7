// Campaigns and their runs in SQLite (tables `campaigns`, `campaign_runs`). A campaign is stored
// as the validated spec JSON (campaign/campaign_file.h makes and reads it), so this class knows
// nothing about campaign keys. Thread-safe: every call runs under Database's connection lock.
#ifndef DRAFTBOX_STORE_CAMPAIGN_STORE_H_
#define DRAFTBOX_STORE_CAMPAIGN_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace draftbox {

struct StoredCampaign {
  int64_t id = 0;
  std::string name;
  std::string kind;
  std::string spec_json;  // a JSON object
  int64_t created_at = 0;
};

struct CampaignRunRecord {
  int64_t id = 0;
  int64_t campaign_id = 0;
  int64_t started_at = 0;
  std::optional<int64_t> finished_at;
  bool dry_run = false;
  std::string state;  // running | finished | failed | interrupted
  std::string error;
  std::string started_by;          // '' (a person), 'import' or 'schedule'
  std::string counts_json = "{}";  // {"placed": n, "skipped": n, ...}
};

class CampaignStore {
 public:
  explicit CampaignStore(Database& db, std::function<int64_t()> now = {});

  // Stores a campaign; kInvalidArgument if spec_json is not a JSON object, kStore otherwise.
  Result<int64_t> Create(const std::string& name, const std::string& kind,
                         const std::string& spec_json);
  // kNotFound for an unknown id.
  Result<StoredCampaign> Get(int64_t id);
  // Oldest first.
  Result<std::vector<StoredCampaign>> List();

  // A new run in state `running`. kNotFound for an unknown campaign.
  Result<int64_t> StartRun(int64_t campaign_id, bool dry_run, const std::string& started_by);
  // Saves the counts so far (a crashed run still shows how far it got).
  Status SaveRunCounts(int64_t run_id, const std::string& counts_json);
  // Ends a run: `state` finished | failed, with counts and an error message (may be empty).
  Status FinishRun(int64_t run_id, const std::string& state, const std::string& counts_json,
                   const std::string& error);
  // Marks every run still `running` as `interrupted` (called when the daemon starts: no run can
  // be running then). Returns how many were marked.
  Result<int64_t> InterruptUnfinishedRuns();
  // kNotFound for an unknown id.
  Result<CampaignRunRecord> GetRun(int64_t run_id);
  // Newest first.
  Result<std::vector<CampaignRunRecord>> ListRuns(int64_t campaign_id);

 private:
  Database& db_;
  std::function<int64_t()> now_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_CAMPAIGN_STORE_H_
