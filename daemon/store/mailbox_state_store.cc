#include "store/mailbox_state_store.h"

#include <sqlite3.h>

#include "core/clock.h"
#include "store/sqlite_statement.h"

namespace draftbox {

Result<std::optional<FolderCursor>> MailboxStateStore::Get(const std::string& folder) {
  return db_.WithConnection([&](sqlite3* db) -> Result<std::optional<FolderCursor>> {
    auto stmt = SqliteStatement::Prepare(
        db, "SELECT uid_validity, last_uid FROM mailbox_state WHERE folder = ?1",
        "read mailbox cursor");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(1, folder);
    Result<bool> row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<FolderCursor>();
    return std::optional<FolderCursor>(FolderCursor{static_cast<uint32_t>(stmt->ColumnInt64(0)),
                                                    static_cast<uint32_t>(stmt->ColumnInt64(1))});
  });
}

Status MailboxStateStore::Save(const std::string& folder, const FolderCursor& cursor) {
  const int64_t now = SystemClock().NowUnix();
  return db_.WithConnection([&](sqlite3* db) -> Status {
    auto stmt = SqliteStatement::Prepare(
        db,
        "INSERT INTO mailbox_state (folder, uid_validity, last_uid, updated_at)"
        " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (folder) DO UPDATE SET"
        " uid_validity = excluded.uid_validity, last_uid = excluded.last_uid,"
        " updated_at = excluded.updated_at",
        "save mailbox cursor");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(1, folder)
        .Bind(2, int64_t{cursor.uid_validity})
        .Bind(3, int64_t{cursor.last_uid})
        .Bind(4, now);
    return stmt->Run();
  });
}

}  // namespace draftbox
