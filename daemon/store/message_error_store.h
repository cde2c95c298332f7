// Messages in a watched folder that could not be handled (DESIGN.md "Watching the mailbox"): one
// bad message must neither stop the watcher nor be read again after a restart, and the user must
// be able to see it. Each is kept as a processed_messages row (kind `error`, so the watcher skips
// it from then on) and a `message_error` event naming the folder, UID, Message-ID and the error;
// both are written in one transaction. Thread-safe: every call runs under Database's lock.
#ifndef DRAFTBOX_STORE_MESSAGE_ERROR_STORE_H_
#define DRAFTBOX_STORE_MESSAGE_ERROR_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace draftbox {

struct MessageError {
  int64_t time_unix = 0;  // when it was recorded; 0 in Record means "now"
  std::string role;       // the watcher: sent | inbox
  std::string folder;     // the folder's server-side name
  uint32_t uid_validity = 0;
  uint32_t uid = 0;
  std::string message_id;  // "<...>", or "" when the message has none (or it was unreadable)
  std::string error;       // what went wrong
};

class MessageErrorStore {
 public:
  explicit MessageErrorStore(Database& db) : db_(db) {}

  // Marks `message_key` processed (kind `error`) and appends a `message_error` event with
  // `error`'s fields, in one transaction. Returns false (and writes nothing) if the key was
  // processed before. Text that is not valid UTF-8 is repaired, never refused. kStore on a
  // database error.
  Result<bool> Record(const std::string& message_key, const MessageError& error);

  // How many messages could not be handled, ever. kStore on a database error.
  Result<int64_t> Count();

  // The last `limit` of them, newest first. kStore on a database error.
  Result<std::vector<MessageError>> Recent(int limit);

 private:
  Database& db_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_MESSAGE_ERROR_STORE_H_
