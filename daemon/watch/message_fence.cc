#include "watch/message_fence.h"

#include <exception>

#include "classify/mime_message.h"
#include "core/text.h"
#include "store/draft_store.h"
#include "store/message_error_store.h"
#include "watch/sent_linker.h"

namespace draftbox {
namespace {

// Only the header block is read for the Message-ID; a header block longer than this is not a
// mail client's.
constexpr size_t kMaxHeaderBytes = 256 * 1024;
// A Message-ID longer than this is not used as a key (it is kept, cut, in the event).
constexpr size_t kMaxKeyedMessageId = 250;

// The Message-ID, "<...>", or "" when there is none or it cannot be read.
std::string MessageIdOf(std::string_view raw) {
  try {
    std::string_view head = TruncateUtf8(raw, kMaxHeaderBytes);
    size_t end = head.find("\r\n\r\n");
    if (end == std::string_view::npos) end = head.find("\n\n");
    if (end != std::string_view::npos) head = head.substr(0, end);
    std::vector<MimeHeader> headers = ParseHeaderBlock(head, MimeMessage::kMaxHeaders, nullptr);
    return NormaliseMessageId(MimeMessage::FindHeader(headers, "Message-ID"));
  } catch (...) {
    return "";
  }
}

}  // namespace

std::string FailedMessageKey(const WatchedMessage& message, std::string* message_id) {
  std::string id = MessageIdOf(message.raw);
  if (message_id != nullptr) *message_id = id;
  std::string key = "error:" + std::string(message.role) + ":";
  if (!id.empty() && id.size() <= kMaxKeyedMessageId) return key + id;
  return key + "uid:" + std::to_string(message.uid_validity) + ":" + std::to_string(message.uid);
}

Result<FenceOutcome> MessageFence::Run(const WatchedMessage& message, const Handler& handler) {
  std::string message_id;
  const std::string key = FailedMessageKey(message, &message_id);
  Result<bool> failed_before = DraftStore(db_).IsProcessed(key);
  if (!failed_before) return std::unexpected(failed_before.error());
  if (*failed_before) return FenceOutcome::kFailedBefore;

  std::string failure;
  try {
    Status handled = handler();
    if (handled) {
      store_failures_ = 0;
      return FenceOutcome::kHandled;
    }
    if (handled.error().code == ErrorCode::kStore) {
      store_failures_ = store_failing_ == key ? store_failures_ + 1 : 1;
      store_failing_ = key;
      if (store_failures_ < store_attempts_) return std::unexpected(handled.error());
    }
    failure = handled.error().ToString();
  } catch (const std::exception& e) {
    failure = std::string("exception: ") + e.what();
  } catch (...) {
    failure = "exception of an unknown type";
  }
  store_failures_ = 0;
  MessageError error;
  error.role = std::string(message.role);
  error.folder = std::string(message.folder);
  error.uid_validity = message.uid_validity;
  error.uid = message.uid;
  error.message_id = message_id;
  error.error = failure;
  Result<bool> recorded = MessageErrorStore(db_).Record(key, error);
  if (!recorded) return std::unexpected(recorded.error());
  return FenceOutcome::kFailed;
}

}  // namespace draftbox
