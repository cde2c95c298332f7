#include "api/event_routes.h"

#include <httplib.h>

#include <algorithm>
#include <memory>
#include <string>

#include "api/connection_front.h"
#include "api/json_response.h"
#include "api/request_params.h"
#include "core/event_types.h"

namespace draftbox {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// A stream reads this many events per turn, so one slow client never holds a huge batch.
constexpr int kStreamBatch = 100;
// A stream turn never waits longer than this, so httplib's own shutdown check (and its check
// that the client is still there) runs even when Stop() was not called.
constexpr std::chrono::milliseconds kStreamSlice{1000};
// Event types are the daemon's own snake_case names; anything else is a typo or an attack.
constexpr size_t kMaxTypeLength = 64;

bool ValidType(const std::string& type) {
  if (type.size() > kMaxTypeLength) return false;
  return std::all_of(type.begin(), type.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

bool WantsStream(const httplib::Request& req) {
  if (req.has_param("stream")) {
    const std::string value = req.get_param_value("stream");
    return value == "1" || value == "true";
  }
  return req.get_header_value("Accept").find("text/event-stream") != std::string::npos;
}

json BatchToJson(const EventBatch& batch) {
  json events = json::array();
  for (const EventRecord& event : batch.events) events.push_back(EventToJson(event));
  return {{"events", std::move(events)}, {"last_id", batch.next_since}};
}

json OptionalId(const std::optional<int64_t>& id) { return id ? json(*id) : json(nullptr); }

// One SSE frame. The JSON is one line, so one data: line carries it.
std::string Frame(const EventRecord& event) {
  return "id: " + std::to_string(event.id) + "\nevent: " + event.type +
         "\ndata: " + EventToJson(event).dump(-1, ' ', false, json::error_handler_t::replace) +
         "\n\n";
}

bool Write(httplib::DataSink& sink, const std::string& text) {
  return sink.write(text.data(), text.size());
}

}  // namespace

// Holds one of the max_waiters places for as long as a long poll or a stream lives.
class EventRoutes::WaiterSlot {
 public:
  explicit WaiterSlot(EventRoutes& routes) : routes_(routes) {}
  ~WaiterSlot() { routes_.Release(); }
  WaiterSlot(const WaiterSlot&) = delete;
  WaiterSlot& operator=(const WaiterSlot&) = delete;

 private:
  EventRoutes& routes_;
};

// What a stream remembers between turns. Owned by the content provider, so the slot is freed
// when httplib drops the response, however the stream ended.
struct EventRoutes::StreamState {
  explicit StreamState(EventRoutes& routes) : slot(routes) {}
  WaiterSlot slot;
  int64_t cursor = 0;
  std::string type;
  bool greeted = false;
  Clock::time_point last_write = Clock::now();
};

void EventRoutes::Install(httplib::Server& server) {
  server.Get("/v1/events",
             [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
}

void EventRoutes::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
}

void EventRoutes::Handle(const httplib::Request& req, httplib::Response& res) {
  std::optional<int64_t> since = QueryInt(req, "since", 0);
  if (!since) return SendBadRequest(res, "since must be a non-negative integer (an event id)");
  std::optional<int64_t> limit = QueryInt(req, "limit", kDefaultPageSize);
  if (!limit || *limit < 1 || *limit > kMaxPageSize) {
    return SendBadRequest(res,
                          "limit must be an integer from 1 to " + std::to_string(kMaxPageSize));
  }
  std::optional<int64_t> wait = QueryInt(req, "wait", 0);
  if (!wait || *wait > kMaxWaitSeconds) {
    return SendBadRequest(
        res, "wait must be a number of seconds from 0 to " + std::to_string(kMaxWaitSeconds));
  }
  const std::string type = req.get_param_value("type");
  if (!ValidType(type)) {
    return SendBadRequest(res, "type must be an event type such as engagement_signal");
  }
  if (!type.empty() && !IsEventType(type)) {
    return SendBadRequest(res,
                          "unknown event type '" + type + "' (one of " + EventTypeNames() + ")");
  }
  if (WantsStream(req)) return Stream(req, *since, type, res);
  LongPoll(*since, type, static_cast<int>(*limit), *wait, res);
}

void EventRoutes::LongPoll(int64_t since, const std::string& type, int limit, int64_t wait_s,
                           httplib::Response& res) {
  Result<EventBatch> batch = service_.Read(since, type, limit);
  if (!batch) return SendError(res, batch.error());
  if (!batch->events.empty() || wait_s == 0) return SendJson(res, 200, BatchToJson(*batch));
  if (!TryAcquire()) {
    res.set_header("Retry-After", "1");
    return SendError(res, Error{ErrorCode::kUnavailable,
                                "too many clients are waiting for events (at most " +
                                    std::to_string(options_.max_waiters) + "); try again"});
  }
  WaiterSlot slot(*this);
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(wait_s);
  while (true) {
    Result<Wake> wake = WaitBeyond(batch->next_since, deadline);
    if (!wake) return SendError(res, wake.error());
    if (*wake != Wake::kNewer) break;
    Result<EventBatch> next = service_.Read(since, type, limit);
    if (!next) return SendError(res, next.error());
    batch = std::move(next);
    if (!batch->events.empty()) break;
  }
  SendJson(res, 200, BatchToJson(*batch));
}

void EventRoutes::Stream(const httplib::Request& req, int64_t since, const std::string& type,
                         httplib::Response& res) {
  // A reconnecting EventSource sends the id of the last event it saw; it wins over ?since.
  if (req.has_header("Last-Event-ID")) {
    std::optional<int64_t> last = ParseId(req.get_header_value("Last-Event-ID"));
    if (!last) return SendBadRequest(res, "Last-Event-ID must be an event id");
    since = *last;
  }
  if (!TryAcquire()) {
    res.set_header("Retry-After", "1");
    return SendError(res, Error{ErrorCode::kUnavailable,
                                "too many clients are waiting for events (at most " +
                                    std::to_string(options_.max_waiters) + "); try again"});
  }
  auto state = std::make_shared<StreamState>(*this);
  state->cursor = since;
  state->type = type;
  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_chunked_content_provider(
      "text/event-stream",
      [this, state](size_t, httplib::DataSink& sink) { return StreamStep(*state, sink); });
}

bool EventRoutes::StreamStep(StreamState& state, httplib::DataSink& sink) {
  if (!state.greeted) {
    // Tells EventSource to come back after 2 s, and gets the headers on their way at once.
    state.greeted = true;
    if (!Write(sink, "retry: 2000\n: draftbox events\n\n")) return false;
  }
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
  }
  Result<EventBatch> batch = service_.Read(state.cursor, state.type, kStreamBatch);
  // The stream cannot carry an error body: end it, and the client reconnects from its last id.
  if (!batch) return false;
  for (const EventRecord& event : batch->events) {
    if (!Write(sink, Frame(event))) return false;
    state.last_write = Clock::now();
  }
  state.cursor = std::max(state.cursor, batch->next_since);
  if (!batch->events.empty()) return true;
  const Clock::time_point heartbeat_due = state.last_write + options_.heartbeat_interval;
  Result<Wake> wake =
      WaitBeyond(state.cursor, std::min(heartbeat_due, Clock::now() + kStreamSlice));
  if (!wake || *wake == Wake::kStopping) return false;
  if (*wake == Wake::kDeadline && Clock::now() >= heartbeat_due) {
    if (!Write(sink, ": heartbeat\n\n")) return false;
    state.last_write = Clock::now();
  }
  return true;
}

Result<EventRoutes::Wake> EventRoutes::WaitBeyond(int64_t seen, Clock::time_point deadline) {
  while (true) {
    // A client that left is not waited for: its place goes to the next one.
    if (ConnectionFront::RequestAbandoned()) return Wake::kStopping;
    // The sequence is read before the log, so a write in between still ends the wait below.
    const uint64_t sequence = service_.ChangeSequence();
    Result<int64_t> last = service_.LastId();
    if (!last) return std::unexpected(last.error());
    if (*last > seen) return Wake::kNewer;
    const Clock::time_point now = Clock::now();
    if (now >= deadline) return Wake::kDeadline;
    const Clock::time_point look_again = std::min(deadline, now + options_.poll_interval);
    if (service_.WaitForChange(sequence, look_again)) {
      std::lock_guard lock(mu_);
      if (stopping_) return Wake::kStopping;
      continue;
    }
    std::unique_lock lock(mu_);
    if (stop_cv_.wait_until(lock, look_again, [this] { return stopping_; })) {
      return Wake::kStopping;
    }
  }
}

bool EventRoutes::TryAcquire() {
  int current = waiters_.load();
  while (current < options_.max_waiters) {
    if (waiters_.compare_exchange_weak(current, current + 1)) return true;
  }
  return false;
}

void EventRoutes::Release() { waiters_.fetch_sub(1); }

json EventToJson(const EventRecord& event) {
  json payload = json::parse(event.payload_json, nullptr, /*allow_exceptions=*/false);
  // The log only stores objects; anything else would be a damaged row, shown as empty.
  if (!payload.is_object()) payload = json::object();
  return {{"id", event.id},
          {"time", event.time_unix},
          {"type", event.type},
          {"draft_id", OptionalId(event.draft_id)},
          {"recipient_id", OptionalId(event.recipient_id)},
          {"recipient_email",
           event.recipient_email.empty() ? json(nullptr) : json(event.recipient_email)},
          {"campaign_id", OptionalId(event.campaign_id)},
          {"payload", std::move(payload)}};
}

}  // namespace draftbox
