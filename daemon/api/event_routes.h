// GET /v1/events (shared/api/events.json): the event log, read three ways.
//   ?since=N&type=T&limit=L        -> {"events":[...], "last_id":N} at once
//   ...&wait=S (0..60)             -> long-poll: when nothing newer than `since` (of type T)
//                                     exists, waits up to S seconds for it, then answers
//                                     (possibly with no events)
//   Accept: text/event-stream, or ?stream=1
//                                  -> Server-Sent Events after `since` (or Last-Event-ID):
//                                     "id: N\nevent: TYPE\ndata: JSON\n\n", a comment line as
//                                     heartbeat, until the client leaves or Stop()
// Waiting asks the service for the log's last id whenever the service says the log may have
// changed (the daemon's: any write to the database), and at least every poll_interval: events
// are appended by many parts of the daemon (stores, runner, watcher) through EventLog and
// AppendEventIn inside their own transactions, so one indexed read catches every writer,
// without a notification hook in each. Each waiting request holds a thread of the API's
// events pool (never one of the workers other requests need), so at most max_waiters wait at
// once; more get 503. A waiter ends, at its next look, when its client has gone away
// (ConnectionFront::RequestAbandoned). Thread-safe.
#ifndef DRAFTBOX_API_EVENT_ROUTES_H_
#define DRAFTBOX_API_EVENT_ROUTES_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>

#include "api/event_service.h"

namespace httplib {
class Server;
class DataSink;
struct Request;
struct Response;
}  // namespace httplib

namespace draftbox {

struct EventRoutesOptions {
  // How soon a waiter sees a new event the service did not announce, and how soon Stop()
  // reaches a waiter parked in the service; each look is one indexed read.
  std::chrono::milliseconds poll_interval{150};
  // A comment line this often keeps proxies and idle timers from closing a quiet stream, and
  // is how a stream notices that its client went away.
  std::chrono::milliseconds heartbeat_interval{15000};
  // Long polls and streams at once; ApiServerOptions::event_threads has two threads more, so
  // the ones beyond still get their 503 (and plain reads their answer) at once.
  int max_waiters = 16;
};

class EventRoutes {
 public:
  static constexpr int64_t kMaxPageSize = 1000;
  static constexpr int64_t kDefaultPageSize = 100;
  static constexpr int64_t kMaxWaitSeconds = 60;

  // `service` must outlive the server the routes are installed on.
  explicit EventRoutes(EventService& service, EventRoutesOptions options = {})
      : service_(service), options_(options) {}

  // Adds the handler to `server` (before it starts listening).
  void Install(httplib::Server& server);

  // Ends every long poll (answering what it has) and every stream at once, and makes new ones
  // answer without waiting. Call before stopping the server: its Stop() waits for the pool's
  // threads. Idempotent.
  void Stop();

  // Long polls and streams waiting right now (for tests and status).
  int waiters() const { return waiters_.load(); }

 private:
  enum class Wake { kNewer, kDeadline, kStopping };
  class WaiterSlot;
  struct StreamState;

  void Handle(const httplib::Request& req, httplib::Response& res);
  void LongPoll(int64_t since, const std::string& type, int limit, int64_t wait_s,
                httplib::Response& res);
  void Stream(const httplib::Request& req, int64_t since, const std::string& type,
              httplib::Response& res);
  // One turn of a stream: writes what is new, or waits a little and maybe writes a heartbeat.
  // False ends the stream.
  bool StreamStep(StreamState& state, httplib::DataSink& sink);
  // Waits until the log's last id is above `seen`, `deadline` passes or Stop(). kStore when the
  // log cannot be read.
  Result<Wake> WaitBeyond(int64_t seen, std::chrono::steady_clock::time_point deadline);
  // Takes a waiter slot; false when max_waiters are taken.
  bool TryAcquire();
  void Release();

  EventService& service_;
  EventRoutesOptions options_;
  std::atomic<int> waiters_ = 0;
  std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;  // guarded by mu_
};

// The JSON form of one event in shared/api/events.json: ids null when absent, payload an object.
nlohmann::json EventToJson(const EventRecord& event);

}  // namespace draftbox

#endif  // DRAFTBOX_API_EVENT_ROUTES_H_
