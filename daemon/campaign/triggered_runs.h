// One evaluation of the triggered campaigns (DESIGN.md "Campaign" [trigger]): first what a crash
// or an outage left half-placed (DraftPlacer::Reconcile), then, for every campaign that carries
// a [trigger] and only those, one run over the recipients who newly qualify
// (TriggerEvaluator) and have no draft for that trigger key yet. A campaign with nothing new
// gets no run, so evaluations that find nothing leave no empty runs behind.
//
// NOT thread-safe: it drives the placer's Mailbox; the daemon runs it on its campaign worker.
#ifndef DRAFTBOX_CAMPAIGN_TRIGGERED_RUNS_H_
#define DRAFTBOX_CAMPAIGN_TRIGGERED_RUNS_H_

#include <atomic>
#include <string>
#include <vector>

#include "campaign/campaign_runner.h"
#include "campaign/draft_placer.h"
#include "compose/composer.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"

namespace draftbox {

class TriggeredRuns {
 public:
  struct Deps {
    Database* db = nullptr;
    Composer* composer = nullptr;
    const Config* config = nullptr;
    const Clock* clock = nullptr;  // null: the system clock
  };

  explicit TriggeredRuns(Deps deps);

  // Whether any stored campaign carries a [trigger]: without one there is nothing to evaluate,
  // and the caller need not open a mailbox at all. kStore on a database error.
  Result<bool> AnyTriggered();

  // Reconciles through `placer`, then runs every triggered campaign with newly qualifying
  // recipients, started_by `why` ("import" | "schedule"). `stop` (may be null) ends it between
  // recipients and campaigns. Returns the reports of the runs made. Errors: the reconcile's
  // mailbox errors and kStore; a campaign whose run fails is logged and the others still run.
  Result<std::vector<RunReport>> Evaluate(const std::string& why, DraftPlacer& placer,
                                          const std::atomic<bool>* stop = nullptr);

 private:
  Deps deps_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CAMPAIGN_TRIGGERED_RUNS_H_
