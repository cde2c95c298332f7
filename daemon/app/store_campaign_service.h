// CampaignService over the stores, the composer and the mailbox: wires campaign/ to the API.
// Campaign runs go to one background worker (one run at a time, so two runs never race for the
// same recipients or flood Drafts); regenerate and reject (campaign/DraftReviser) go to an
// OperationQueue of their own with a connection of their own, so a slow IMAP server never holds
// an API worker; triggered campaigns are evaluated when campaign/TriggerScheduler says so.
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
#include "campaign/draft_reviser.h"
#include "campaign/operation_queue.h"
#include "campaign/trigger_scheduler.h"
#include "compose/composer.h"
#include "config/config.h"
#include "core/clock.h"
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

  // `db`, `config`, `composer` and `clock` must outlive the service.
  StoreCampaignService(Database& db, const Config& config, Composer& composer,
                       MailboxFactory mailbox_factory, PlacerOptions placer_options = {},
                       std::chrono::seconds trigger_interval = kDefaultTriggerInterval,
                       const Clock& clock = SystemClock());
  ~StoreCampaignService() override;
  StoreCampaignService(const StoreCampaignService&) = delete;
  StoreCampaignService& operator=(const StoreCampaignService&) = delete;

  // Regenerate and Reject take their mailbox from `factory` instead of the one given to the
  // constructor, which then serves runs, trigger evaluation and the start-up reconcile only
  // (the daemon gives them the mailbox pool's interactive leases, so a click never waits
  // behind a run). Call before Start(), or not at all.
  void UseInteractiveMailboxes(MailboxFactory factory);

  // A run's extra connections (placing over several when the server cannot batch APPENDs) come
  // from `factory` instead of the constructor's: the daemon gives one that answers at once when
  // the pool has no spare connection, so a run never stalls waiting for a second one. Call
  // before Start(), or not at all.
  void UseSpareMailboxes(MailboxFactory factory);

  // Marks interrupted runs, starts the background reconcile and the trigger schedule. Call once,
  // before serving.
  void Start();
  // Ends every long poll of GetOperation now (before the HTTP server stops, so it does not wait
  // for them). Operations keep running.
  void EndLongPolls();
  // Asks a running run to stop after its current recipient and waits for the worker, the
  // operation in progress and the schedule.
  void Stop();

  // Evaluates every campaign with a [trigger] now, on the calling thread, after any run in
  // progress: one run (started_by `why`: "import" | "schedule") per campaign that has newly
  // qualifying recipients. Returns the ids of the runs made. kInvalidArgument without a
  // mailbox; kStore. A failing campaign is logged and the others still run.
  Result<std::vector<int64_t>> EvaluateTriggers(const std::string& why);

  // Asks the schedule to evaluate triggers soon (after an import). Never blocks.
  void RequestTriggerEvaluation();
  // The schedule's TriggerScheduler::Poke: for tests with a ManualClock.
  void PokeTriggerSchedule();

  Result<nlohmann::json> CreateCampaign(const std::string& file_name,
                                        const std::string& toml_text) override;
  Result<nlohmann::json> ListCampaigns() override;
  Result<nlohmann::json> GetCampaign(int64_t id) override;
  Result<nlohmann::json> StartRun(int64_t campaign_id, bool dry_run,
                                  std::optional<int64_t> limit) override;
  Result<nlohmann::json> GetRun(int64_t run_id) override;
  Result<nlohmann::json> ListDrafts(const DraftListQuery& query) override;
  Result<nlohmann::json> GetDraft(int64_t id) override;
  Result<nlohmann::json> Regenerate(int64_t id, const std::string& instruction,
                                    bool place) override;
  Result<nlohmann::json> Reject(int64_t id, const std::string& reason, bool suppress) override;
  Result<nlohmann::json> RestoreText(int64_t id, const std::string& subject,
                                     const std::string& body) override;
  Result<nlohmann::json> GetOperation(int64_t id, std::chrono::milliseconds wait) override;
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

  // Runs the mailbox's secret command (or waits for a pooled connection): never call it
  // holding mu_. OpenMailbox for runs, OpenInteractiveMailbox for Regenerate and Reject.
  Result<std::unique_ptr<Mailbox>> OpenMailbox();
  Result<std::unique_ptr<Mailbox>> OpenInteractiveMailbox();
  std::unique_ptr<DraftPlacer> MakePlacer(Mailbox& mailbox);
  Result<nlohmann::json> DraftJson(const DraftRecord& draft, bool with_body);
  Result<nlohmann::json> RunJson(int64_t run_id);
  // Joins a finished worker; kConflict if it is still busy. Caller holds mu_.
  Status ClaimWorker();
  // The jobs Regenerate and Reject queue; they run on operations_' thread.
  Result<nlohmann::json> RegenerateJob(int64_t id, const std::string& instruction, bool place);
  Result<nlohmann::json> RejectJob(int64_t id, const std::string& reason, bool suppress);

  Database& db_;
  const Config& config_;
  Composer& composer_;
  MailboxFactory mailbox_factory_;
  MailboxFactory interactive_factory_;  // empty: mailbox_factory_ serves Regenerate and Reject
  MailboxFactory spare_factory_;        // empty: mailbox_factory_ serves a run's extra connections
  PlacerOptions placer_options_;
  const Clock& clock_;
  DraftReviser reviser_;

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

  // Declared last: destroyed (stopped) first, before the members their threads use.
  OperationQueue operations_;
  TriggerScheduler scheduler_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_APP_STORE_CAMPAIGN_SERVICE_H_
