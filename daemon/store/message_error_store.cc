#include "store/message_error_store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "store/event_log.h"
#include "store/sqlite_statement.h"
#include "store/sqlite_transaction.h"

namespace draftbox {
namespace {

constexpr char kEventType[] = "message_error";

// The text as it may be stored and shown: valid UTF-8, bounded (an exception's message may
// carry a whole header).
constexpr size_t kMaxErrorBytes = 1000;
constexpr size_t kMaxMessageIdBytes = 250;

nlohmann::json ToPayload(const MessageError& e) {
  return {{"role", e.role},
          {"folder", ToValidUtf8(e.folder)},
          {"uid_validity", e.uid_validity},
          {"uid", e.uid},
          {"message_id", TruncateUtf8WithEllipsis(ToValidUtf8(e.message_id), kMaxMessageIdBytes)},
          {"error", TruncateUtf8WithEllipsis(ToValidUtf8(e.error), kMaxErrorBytes)}};
}

template <typename T>
T ValueOr(const nlohmann::json& payload, const char* key, T fallback) {
  if (!payload.contains(key)) return fallback;
  const nlohmann::json& value = payload[key];
  if constexpr (std::is_same_v<T, std::string>) {
    return value.is_string() ? value.get<std::string>() : fallback;
  } else {
    return value.is_number_unsigned() ? value.get<T>() : fallback;
  }
}

}  // namespace

Result<bool> MessageErrorStore::Record(const std::string& message_key, const MessageError& error) {
  return db_.WithConnection([&](sqlite3* db) -> Result<bool> {
    auto tx = SqliteTransaction::Begin(db, "record message error");
    if (!tx) return std::unexpected(tx.error());
    auto mark = SqliteStatement::Prepare(
        db,
        "INSERT OR IGNORE INTO processed_messages (message_key, folder, kind, draft_id,"
        " processed_at) VALUES (?1, ?2, 'error', NULL, CAST(strftime('%s', 'now') AS INTEGER))",
        "mark failed message processed");
    if (!mark) return std::unexpected(mark.error());
    mark->Bind(1, message_key).Bind(2, error.folder);
    if (Status s = mark->Run(); !s) return std::unexpected(s.error());
    if (sqlite3_changes(db) == 0) return false;
    Event event;
    event.type = kEventType;
    event.time_unix = error.time_unix;
    event.payload_json =
        ToPayload(error).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    Result<int64_t> id = AppendEventIn(db, event);
    if (!id) return std::unexpected(id.error());
    if (Status s = tx->Commit(); !s) return std::unexpected(s.error());
    return true;
  });
}

Result<int64_t> MessageErrorStore::Count() {
  return db_.WithConnection([&](sqlite3* db) -> Result<int64_t> {
    auto stmt = SqliteStatement::Prepare(db, "SELECT count(*) FROM events WHERE type = ?1",
                                         "count message errors");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(1, kEventType);
    Result<bool> row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    return *row ? stmt->ColumnInt64(0) : 0;
  });
}

Result<std::vector<MessageError>> MessageErrorStore::Recent(int limit) {
  return db_.WithConnection([&](sqlite3* db) -> Result<std::vector<MessageError>> {
    auto stmt = SqliteStatement::Prepare(
        db, "SELECT time, payload FROM events WHERE type = ?1 ORDER BY id DESC LIMIT ?2",
        "read message errors");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(1, kEventType).Bind(2, limit);
    std::vector<MessageError> out;
    while (true) {
      Result<bool> row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return out;
      nlohmann::json payload = nlohmann::json::parse(stmt->ColumnText(1), nullptr, false);
      if (!payload.is_object()) payload = nlohmann::json::object();
      MessageError e;
      e.time_unix = stmt->ColumnInt64(0);
      e.role = ValueOr<std::string>(payload, "role", "");
      e.folder = ValueOr<std::string>(payload, "folder", "");
      e.uid_validity = ValueOr<uint32_t>(payload, "uid_validity", 0);
      e.uid = ValueOr<uint32_t>(payload, "uid", 0);
      e.message_id = ValueOr<std::string>(payload, "message_id", "");
      e.error = ValueOr<std::string>(payload, "error", "");
      out.push_back(std::move(e));
    }
  });
}

}  // namespace draftbox
