// CampaignService over the stores, the composer and the mailbox: creates campaigns, runs them on
// one background worker (one run at a time, so two runs never race for the same recipients or
// flood Drafts), and regenerates or rejects single drafts on the API thread with a connection of
// their own.
//
// At Start() it marks runs a crash left `running` as `interrupted` and, in the background,
// finishes what the crash left in the mailbox (DraftPlacer::Reconcile). Every real run starts
// with the same reconcile, so a run after a crash adopts drafts already appended instead of
// writing them twice.
//
// Thread-safe: the API may call every method from several threads at once.
#ifndef DRAFTBOX_APP_STORE_CAMPAIGN_SERVICE_H_
#define DRAFTBOX_APP_STORE_CAMPAIGN_SERVICE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "api/campaign_service.h"
#include "campaign/campaign_runner.h"
#include "campaign/draft_placer.h"
#include "compose/composer.h"
#include "config/config.h"
#include "mail/mailbox.h"
#include "store/database.h"

namespace draftbox {

class StoreCampaignService : public CampaignService {
 public:
  // A fresh, unconnected mailbox per use (runs the secret command each time). Empty when no
  // mailbox is configured: then only dry runs work.
  using MailboxFactory = std::function<Result<std::unique_ptr<Mailbox>>()>;

  // How often triggered campaigns are evaluated without an import (DESIGN.md: daily).
  static constexpr std::chrono::seconds kDefaultTriggerInterval{24 * 60 * 60};

  // `db`, `config` and `composer` must outlive the service.
  StoreCampaignService(Database& db, const Config& config, Composer& composer,
                       MailboxFactory mailbox_factory, PlacerOptions placer_options = {},
                       std::chrono::seconds trigger_interval = kDefaultTriggerInterval);
  ~StoreCampaignService() override;
  StoreCampaignService(const StoreCampaignService&) = delete;
  StoreCampaignService& operator=(const StoreCampaignService&) = delete;

  // Marks interrupted runs, starts the background reconcile and the trigger schedule. Call once,
  // before serving.
  void Start();
  // Asks a running run to stop after its current recipient and waits for the worker and the
  // schedule.
  void Stop();

  // Evaluates every campaign with a [trigger] now, on the calling thread, after any run in
  // progress: one run (started_by `why`: "import" | "schedule") per campaign that has newly
  // qualifying recipients. Returns the ids of the runs made. kInvalidArgument without a
  // mailbox; kStore. A failing campaign is logged and the others still run.
  Result<std::vector<int64_t>> EvaluateTriggers(const std::string& why);

  // Asks the schedule to evaluate triggers soon (after an import). Never blocks.
  void RequestTriggerEvaluation();

  Result<nlohmann::json> CreateCampaign(const std::string& file_name,
                                        const std::string& toml_text) override;
  Result<nlohmann::json> ListCampaigns() override;
  Result<nlohmann::json> GetCampaign(int64_t id) override;
  Result<nlohmann::json> StartRun(int64_t campaign_id, bool dry_run,
                                  std::optional<int64_t> limit) override;
  Result<nlohmann::json> GetRun(int64_t run_id) override;
  Result<nlohmann::json> ListDrafts(const DraftListQuery& query) override;
  Result<nlohmann::json> GetDraft(int64_t id) override;
  Result<nlohmann::json> Regenerate(int64_t id, const std::string& instruction) override;
  Result<nlohmann::json> Reject(int64_t id, const std::string& reason, bool suppress) override;
  Result<nlohmann::json> ReportSent(int64_t id, const std::string& message_id,
                                    const std::string& final_text,
                                    const std::optional<std::string>& subject) override;

  // Starts a run with `options` (a triggered run) on the worker; kConflict while one is going.
  // Returns the run id.
  Result<int64_t> StartRunWith(int64_t campaign_id, const RunOptions& options);

  // True while the worker is busy (a run or the start-up reconcile). For tests and status.
  bool Busy();

 private:
  // What the API shows of a run the worker is doing or did since the daemon started.
  struct LiveRun {
    RunCounts counts;
    std::vector<RunItem> items;
  };

  Result<std::unique_ptr<Mailbox>> OpenMailbox();
  std::unique_ptr<DraftPlacer> MakePlacer(Mailbox& mailbox);
  Result<Persona> PersonaFor(int64_t campaign_id);
  Result<nlohmann::json> DraftJson(const DraftRecord& draft, bool with_body);
  Result<nlohmann::json> RunJson(int64_t run_id);
  // Joins a finished worker; kConflict if it is still busy. Caller holds mu_.
  Status ClaimWorker();

  // The trigger schedule: waits for a request or the interval, then EvaluateTriggers.
  void ScheduleLoop();
  // Whether any stored campaign carries a [trigger]; kStore on a database error.
  Result<bool> AnyTriggeredCampaign();

  Database& db_;
  const Config& config_;
  Composer& composer_;
  MailboxFactory mailbox_factory_;
  PlacerOptions placer_options_;

  std::mutex mu_;
  std::thread worker_;
  bool busy_ = false;  // guarded by mu_
  // The run the worker thread is on: until the worker lets go, that run reads as running even
  // once its row is final, so a caller who saw it end can start the next run at once.
  int64_t worker_run_ = 0;  // guarded by mu_
  // The busy job is the daemon's own (start-up reconcile, trigger evaluation), which a run
  // request waits for instead of refusing. Guarded by mu_.
  bool background_ = false;
  std::condition_variable idle_;
  std::atomic<bool> stop_{false};
  std::map<int64_t, LiveRun> live_;  // guarded by mu_

  std::chrono::seconds trigger_interval_;
  std::thread scheduler_;
  bool triggers_requested_ = false;  // guarded by mu_
  std::condition_variable schedule_wake_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_APP_STORE_CAMPAIGN_SERVICE_H_
