// Keeps an eye on the configured mailbox for `draftbox status`: on its own thread it gets a
// Mailbox (in the daemon, an interactive lease of mail/MailboxPool), logs in and finds the folders,
// records the outcome, and checks again later. After a failure it retries with capped exponential
// backoff (1 s, 2 s, ... 5 min by default), so a wrong password or a server that is down is
// reported without hammering the server; after a success it re-checks at a slow interval. Stop()
// wakes the thread at once (a check already talking to the server finishes first, bounded by the
// IMAP timeout). Thread-safe: Snapshot() may be called from any thread while the monitor runs.
#ifndef DRAFTBOX_APP_MAILBOX_MONITOR_H_
#define DRAFTBOX_APP_MAILBOX_MONITOR_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/error.h"
#include "mail/mailbox.h"

namespace draftbox {

// The outcome of the latest check.
struct MailboxHealth {
  bool reachable = false;
  std::optional<MailboxFolders> folders;     // from the last successful check
  std::optional<std::string> last_error;     // nullopt after a success
  std::optional<int64_t> last_checked_unix;  // nullopt before the first check ends
  int64_t checks = 0;                        // checks finished so far
};

// One check of `mailbox`: connect (log in) and find the folders; the caller decides whether the
// connection stays (a pooled lease goes back to the pool). Returns the folders or the error of
// the step that failed. What the monitor does each time, and `draftbox init
// --check` once. Not thread-safe for one `mailbox`.
Result<MailboxFolders> CheckMailboxOnce(Mailbox& mailbox);

struct MailboxMonitorOptions {
  std::chrono::milliseconds min_backoff = std::chrono::seconds(1);
  std::chrono::milliseconds max_backoff = std::chrono::minutes(5);
  // A healthy mailbox is looked at again this often, so status notices a later outage.
  std::chrono::milliseconds recheck_interval = std::chrono::minutes(5);
};

class MailboxMonitor {
 public:
  // Gives a Mailbox, connected or not (a new one fetches its secret on the way; a pooled lease
  // may be logged in already); its error is recorded as the check's error. Called on the
  // monitor's thread, once per check; the mailbox is destroyed when the check ends.
  using MailboxFactory = std::function<Result<std::unique_ptr<Mailbox>>()>;

  MailboxMonitor(MailboxFactory factory, MailboxMonitorOptions options = {});
  ~MailboxMonitor();  // Stops.
  MailboxMonitor(const MailboxMonitor&) = delete;
  MailboxMonitor& operator=(const MailboxMonitor&) = delete;

  // Starts the thread; the first check begins at once. No-op if already started.
  void Start();

  // Wakes the thread and joins it. Idempotent.
  void Stop();

  MailboxHealth Snapshot() const;

 private:
  void Run();
  // One check: create, connect, find folders, disconnect. Returns the folders or the error.
  Result<MailboxFolders> CheckOnce();
  void Record(const Result<MailboxFolders>& outcome);
  // Sleeps up to `delay`; false if Stop() was called.
  bool SleepUnlessStopped(std::chrono::milliseconds delay);

  MailboxFactory factory_;
  MailboxMonitorOptions options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  MailboxHealth health_;   // guarded by mu_
  std::thread thread_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_APP_MAILBOX_MONITOR_H_
