// The append-only event log (DESIGN.md "Signals"). Ids increase monotonically and are never
// reused, even after the newest events are deleted by hand. Thread-safe (uses Database's lock).
#ifndef DRAFTBOX_STORE_EVENT_LOG_H_
#define DRAFTBOX_STORE_EVENT_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

struct sqlite3;

namespace draftbox {

struct Event {
  int64_t id = 0;         // set by Append
  int64_t time_unix = 0;  // seconds since the epoch; 0 in Append means "now"
  std::string type;       // engagement_signal | draft_edit_signal | suppression_addition | ...
  std::optional<int64_t> draft_id;
  std::optional<int64_t> recipient_id;
  std::optional<int64_t> campaign_id;
  std::string payload_json = "{}";  // the event's own fields, a JSON object
  // Read only (ReadSince): the email of recipient_id, empty when there is none or it was erased.
  std::string recipient_email;
};

// Appends `event` on `db`, inside whatever transaction the caller holds, so a row and its event
// commit together; for store/ classes, under Database::WithConnection. Errors as EventLog::Append.
Result<int64_t> AppendEventIn(sqlite3* db, const Event& event);

class EventLog {
 public:
  explicit EventLog(Database& db) : db_(db) {}

  // Appends `event` and returns its new id. kInvalidArgument if type is empty or payload_json is
  // not a JSON object; kStore on a database error.
  Result<int64_t> Append(const Event& event);

  // Events with id > since_id in id order, at most `limit`, optionally only of `type`.
  Result<std::vector<Event>> ReadSince(int64_t since_id, int limit, const std::string& type = "");

  // The highest id ever assigned (0 for an empty log).
  Result<int64_t> LastId();

 private:
  Database& db_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_EVENT_LOG_H_
