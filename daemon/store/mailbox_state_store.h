// Where the watcher left off in each folder (table `mailbox_state`): the UIDVALIDITY it knew and
// the highest UID it has handled. Thread-safe: every call runs under Database's connection lock.
#ifndef DRAFTBOX_STORE_MAILBOX_STATE_STORE_H_
#define DRAFTBOX_STORE_MAILBOX_STATE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.h"
#include "store/database.h"

namespace draftbox {

struct FolderCursor {
  uint32_t uid_validity = 0;
  uint32_t last_uid = 0;
};

class MailboxStateStore {
 public:
  explicit MailboxStateStore(Database& db) : db_(db) {}

  // The cursor of `folder` (a role such as "sent" or "inbox", or a folder name); nullopt if the
  // folder was never followed. kStore on a database error.
  Result<std::optional<FolderCursor>> Get(const std::string& folder);
  // Saves (inserts or replaces) the cursor of `folder`.
  Status Save(const std::string& folder, const FolderCursor& cursor);

 private:
  Database& db_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_MAILBOX_STATE_STORE_H_
