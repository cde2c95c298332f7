// The service behind /v1/events: reads the append-only event log (DESIGN.md "Signals"). The app
// layer implements it over store/EventLog; tests may implement it with fixed values. The API
// itself does the waiting (long-poll, SSE) by asking LastId() again; an implementation that can
// tell when the log may have changed (ChangeSequence, WaitForChange) wakes it at once, one
// that cannot leaves it to look again every poll interval.
// Implementations must be thread-safe: the API calls them from several pool threads at once.
#ifndef DRAFTBOX_API_EVENT_SERVICE_H_
#define DRAFTBOX_API_EVENT_SERVICE_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace draftbox {

// One event as the API shows it (shared/api/events.json).
struct EventRecord {
  int64_t id = 0;
  int64_t time_unix = 0;
  std::string type;
  std::optional<int64_t> draft_id;
  std::optional<int64_t> recipient_id;
  std::optional<int64_t> campaign_id;
  std::string payload_json = "{}";  // a JSON object
  std::string recipient_email;      // empty: no recipient, or erased
};

struct EventBatch {
  std::vector<EventRecord> events;  // id order
  // Where the next read continues: every event of the asked type up to this id is either in
  // `events` or does not exist. It is the last event's id when the batch is full, else at
  // least the log's last id when the read began (so a type filter skips what it left out).
  int64_t next_since = 0;
};

class EventService {
 public:
  virtual ~EventService() = default;

  // Events with id > since in id order, at most `limit` (> 0), only of `type` unless it is
  // empty. kStore on a database error.
  virtual Result<EventBatch> Read(int64_t since, const std::string& type, int limit) = 0;

  // The highest event id ever assigned, 0 for an empty log. kStore on a database error.
  virtual Result<int64_t> LastId() = 0;

  // A number that moves on whenever the log may have changed; read it before LastId().
  virtual uint64_t ChangeSequence() { return 0; }
  // Waits until ChangeSequence() differs from `seen` or `until` passes and returns true; or
  // returns false at once when this service cannot tell (the default).
  virtual bool WaitForChange(uint64_t /*seen*/, std::chrono::steady_clock::time_point /*until*/) {
    return false;
  }
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_EVENT_SERVICE_H_
