#include "store/event_log.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <utility>

#include "core/clock.h"
#include "core/event_types.h"
#include "core/text.h"
#include "store/sqlite_statement.h"

namespace draftbox {
namespace {

// Returns the payload in compact form (one line, so `draftbox events` stays JSON lines), or
// kInvalidArgument saying why it is not a JSON object.
Result<std::string> CanonicalPayload(const std::string& payload_json) {
  nlohmann::json payload = nlohmann::json::parse(payload_json, nullptr, /*allow_exceptions=*/false);
  if (payload.is_discarded()) {
    return Fail(ErrorCode::kInvalidArgument, "event payload is not valid JSON");
  }
  if (!payload.is_object()) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string("event payload must be a JSON object, not ") + payload.type_name());
  }
  // The parser already refused invalid UTF-8; `replace` only makes dump() unable to throw.
  return payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Event ReadEvent(const SqliteStatement& row) {
  Event event;
  event.id = row.ColumnInt64(0);
  event.time_unix = row.ColumnInt64(1);
  event.type = row.ColumnText(2);
  event.draft_id = row.ColumnOptionalInt64(3);
  event.recipient_id = row.ColumnOptionalInt64(4);
  event.campaign_id = row.ColumnOptionalInt64(5);
  event.payload_json = row.ColumnText(6);
  event.recipient_email = row.ColumnText(7);
  return event;
}

}  // namespace

Result<int64_t> AppendEventIn(sqlite3* db, const Event& event) {
  if (event.type.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "event type is empty");
  }
  // One list of types (core/event_types.h), so readers can rely on it and refuse typos.
  if (!IsEventType(event.type)) {
    return Fail(ErrorCode::kInvalidArgument, "unknown event type '" + EscapeForLog(event.type, 64) +
                                                 "' (add it to daemon/core/event_types.cc)");
  }
  if (event.time_unix < 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "event time " + std::to_string(event.time_unix) + " is before 1970");
  }
  auto payload = CanonicalPayload(event.payload_json);
  if (!payload) {
    return std::unexpected(payload.error());
  }
  int64_t time = event.time_unix != 0 ? event.time_unix : SystemClock().NowUnix();
  auto stmt = SqliteStatement::Prepare(
      db,
      "INSERT INTO events (time, type, draft_id, recipient_id, campaign_id, payload)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
      "append " + event.type + " event");
  if (!stmt) {
    return std::unexpected(stmt.error());
  }
  stmt->Bind(1, time)
      .Bind(2, event.type)
      .Bind(3, event.draft_id)
      .Bind(4, event.recipient_id)
      .Bind(5, event.campaign_id)
      .Bind(6, *payload);
  auto row = stmt->Step();
  if (!row) {
    return std::unexpected(row.error());
  }
  if (!*row) {
    return Fail(ErrorCode::kStore, stmt->purpose() + ": no id returned");
  }
  return stmt->ColumnInt64(0);
}

Result<int64_t> EventLog::Append(const Event& event) {
  return db_.WithConnection([&](sqlite3* db) { return AppendEventIn(db, event); });
}

Result<std::vector<Event>> EventLog::ReadSince(int64_t since_id, int limit,
                                               const std::string& type) {
  if (limit <= 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "event limit must be positive, got " + std::to_string(limit));
  }
  // Two statements rather than "(?2 = '' OR type = ?2)", so the type filter can use its index.
  // The recipient's email comes along so a reader can say who an event is about.
  std::string sql =
      "SELECT e.id, e.time, e.type, e.draft_id, e.recipient_id, e.campaign_id, e.payload,"
      " coalesce(r.email, '') FROM events e LEFT JOIN recipients r ON r.id = e.recipient_id"
      " WHERE e.id > :since";
  if (!type.empty()) {
    sql += " AND e.type = :type";
  }
  sql += " ORDER BY e.id LIMIT :limit";
  return db_.WithConnection([&](sqlite3* db) -> Result<std::vector<Event>> {
    auto stmt = SqliteStatement::Prepare(db, sql, "read events");
    if (!stmt) {
      return std::unexpected(stmt.error());
    }
    stmt->Bind(":since", since_id).Bind(":limit", limit);
    if (!type.empty()) {
      stmt->Bind(":type", type);
    }
    std::vector<Event> events;
    while (true) {
      auto row = stmt->Step();
      if (!row) {
        return std::unexpected(row.error());
      }
      if (!*row) {
        return events;
      }
      events.push_back(ReadEvent(*stmt));
    }
  });
}

Result<int64_t> EventLog::LastId() {
  return db_.WithConnection([](sqlite3* db) -> Result<int64_t> {
    // sqlite_sequence remembers the highest id AUTOINCREMENT ever gave, even if that row is gone.
    auto stmt = SqliteStatement::Prepare(
        db, "SELECT seq FROM sqlite_sequence WHERE name = 'events'", "read last event id");
    if (!stmt) {
      return std::unexpected(stmt.error());
    }
    auto row = stmt->Step();
    if (!row) {
      return std::unexpected(row.error());
    }
    return *row ? stmt->ColumnInt64(0) : 0;
  });
}

}  // namespace draftbox
