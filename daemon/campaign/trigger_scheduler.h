// When triggered campaigns are evaluated (DESIGN.md "Campaign" [trigger]): soon after every
// import, and on a cadence (daily) without one. Its own thread waits for either and then calls
// `evaluate` with why ("import" | "schedule"); the evaluation itself (TriggeredRuns) is the
// caller's, so one evaluation never overlaps another and the scheduler knows nothing of stores.
// Time comes from a Clock, so tests move it with a ManualClock and Poke() instead of waiting.
//
// Thread-safe: every method may be called from any thread except `evaluate` itself.
#ifndef DRAFTBOX_CAMPAIGN_TRIGGER_SCHEDULER_H_
#define DRAFTBOX_CAMPAIGN_TRIGGER_SCHEDULER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"

namespace draftbox {

class TriggerScheduler {
 public:
  using Evaluate = std::function<void(const std::string& why)>;

  // `clock` must outlive the scheduler. `interval` is the cadence (DESIGN.md: daily).
  TriggerScheduler(const Clock& clock, std::chrono::seconds interval, Evaluate evaluate);
  ~TriggerScheduler();
  TriggerScheduler(const TriggerScheduler&) = delete;
  TriggerScheduler& operator=(const TriggerScheduler&) = delete;

  // Starts the thread; the first scheduled evaluation is one interval later. Call once.
  void Start();
  // Ends the thread after an evaluation in progress. Idempotent.
  void Stop();

  // An import finished: evaluate soon. Never blocks; requests before the next evaluation merge.
  void RequestEvaluation();

  // Makes the thread look at the clock and the requests now, and returns once it has done so,
  // including any evaluation that look started. For tests with a ManualClock (a real clock is
  // looked at when the interval ends anyway). Returns at once when the thread is not running.
  void Poke();

 private:
  void Loop();

  const Clock& clock_;
  const std::chrono::seconds interval_;
  Evaluate evaluate_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable looked_;
  std::thread thread_;
  bool running_ = false;     // guarded by mu_
  bool stop_ = false;        // guarded by mu_
  bool requested_ = false;   // guarded by mu_
  int64_t next_due_ = 0;     // unix seconds; guarded by mu_
  uint64_t pokes_ = 0;       // guarded by mu_
  uint64_t pokes_seen_ = 0;  // guarded by mu_
};

}  // namespace draftbox

#endif  // DRAFTBOX_CAMPAIGN_TRIGGER_SCHEDULER_H_
