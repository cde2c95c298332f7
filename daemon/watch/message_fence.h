// The fence around the handling of one message in a watched folder (DESIGN.md "Watching the
// mailbox"): whatever that message makes the handler do — return an error, throw — stays with
// that message. It is recorded as processed with its error (MessageErrorStore: a
// `message_error` event, shown by `draftbox status`), the watcher goes on with the next one, and
// neither a later round nor a restart hands it to the handler again. Not thread-safe: one fence
// per watcher thread.
#ifndef DRAFTBOX_WATCH_MESSAGE_FENCE_H_
#define DRAFTBOX_WATCH_MESSAGE_FENCE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/database.h"

namespace draftbox {

struct WatchedMessage {
  std::string_view role;    // the watcher: sent | inbox
  std::string_view folder;  // the folder's server-side name
  uint32_t uid_validity = 0;
  uint32_t uid = 0;
  std::string_view raw;  // the whole message
};

enum class FenceOutcome {
  kHandled,       // the handler succeeded
  kFailed,        // the handler failed or threw; recorded now
  kFailedBefore,  // recorded as failed earlier: the handler was not called
};

class MessageFence {
 public:
  using Handler = std::function<Status()>;

  // A database error (kStore) from the handler is usually passing (a busy or full disk), so the
  // message is read again later; only after `store_attempts` such failures in a row for the
  // same message is it taken for one that always fails and recorded. `db` must outlive the fence.
  explicit MessageFence(Database& db, int store_attempts = 3)
      : db_(db), store_attempts_(store_attempts) {}

  // Runs `handler` for `message` unless the message failed before. Any other error or any
  // exception from the handler is recorded and gives kFailed. Returns kStore (the caller stops
  // and reads the message again later) for a handler's kStore error below the attempt limit, or
  // when the failure cannot be looked up or recorded.
  Result<FenceOutcome> Run(const WatchedMessage& message, const Handler& handler);

 private:
  Database& db_;
  int store_attempts_;
  std::string store_failing_;  // key of the message whose kStore failures are being counted
  int store_failures_ = 0;
};

// The processed_messages key of `message` when it failed: by its Message-ID, so a re-read after
// a UIDVALIDITY change finds it too, else by UIDVALIDITY and UID. Never throws.
std::string FailedMessageKey(const WatchedMessage& message, std::string* message_id = nullptr);

}  // namespace draftbox

#endif  // DRAFTBOX_WATCH_MESSAGE_FENCE_H_
