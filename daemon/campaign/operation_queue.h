// Work on single drafts (regenerate, reject) that a request asks for but must not wait on: a
// slow IMAP server or model would otherwise hold an API worker. Submit() queues a job and
// returns its operation at once; one thread of the queue's own runs the jobs in order; Get()
// reports an operation and can wait (long poll) for it to end. The last kKept operations are
// remembered, in memory only.
//
// Thread-safe: every method may be called from any thread (not from inside a job).
#ifndef DRAFTBOX_CAMPAIGN_OPERATION_QUEUE_H_
#define DRAFTBOX_CAMPAIGN_OPERATION_QUEUE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/error.h"

namespace draftbox {

struct Operation {
  enum class State { kPending, kRunning, kDone, kFailed };

  int64_t id = 0;
  std::string kind;  // what the submitter called it: "regenerate", "compose", "reject"
  int64_t draft_id = 0;
  State state = State::kPending;
  int64_t created_at = 0;
  std::optional<int64_t> finished_at;
  nlohmann::json result;       // the job's answer once done; null before
  std::optional<Error> error;  // why it failed
};

// "pending" | "running" | "done" | "failed".
const char* OperationStateName(Operation::State state);

class OperationQueue {
 public:
  using Job = std::function<Result<nlohmann::json>()>;

  static constexpr size_t kKept = 200;

  // `clock` (for created_at / finished_at) must outlive the queue. Starts the thread.
  explicit OperationQueue(const Clock& clock);
  // Stop().
  ~OperationQueue();
  OperationQueue(const OperationQueue&) = delete;
  OperationQueue& operator=(const OperationQueue&) = delete;

  // Queues `job` and returns its operation (pending). kUnavailable once Stop() was called.
  Result<Operation> Submit(std::string kind, int64_t draft_id, Job job);

  // Operation `id`; while it is pending or running, waits up to `wait` for it to end.
  // kNotFound for an id never given or forgotten (older than the last kKept).
  Result<Operation> Get(int64_t id, std::chrono::milliseconds wait = {});

  // Ends every wait in Get() now and makes later ones return at once: before the HTTP server
  // stops, so it does not wait for long polls. The queue keeps running jobs.
  void EndWaits();

  // EndWaits, then lets the job in progress finish and fails the ones still queued ("the daemon
  // is stopping"); joins the thread. Idempotent.
  void Stop();

 private:
  void Loop();
  void Forget();  // caller holds mu_

  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable work_;
  std::condition_variable changed_;
  std::thread thread_;
  bool stop_ = false;                          // guarded by mu_
  bool waits_over_ = false;                    // guarded by mu_
  int64_t next_id_ = 1;                        // guarded by mu_
  std::deque<std::pair<int64_t, Job>> queue_;  // guarded by mu_
  std::map<int64_t, Operation> operations_;    // guarded by mu_
};

}  // namespace draftbox

#endif  // DRAFTBOX_CAMPAIGN_OPERATION_QUEUE_H_
