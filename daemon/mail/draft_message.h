// DraftMessage: the RFC 5322 message Draftbox appends to the sender's Drafts folder, and the
// few header helpers around it (a fresh Message-ID, reading one header back). Every text field
// except the addresses may carry untrusted recipient data: control characters are removed or
// turned into spaces, so no field can add a header or break the message's structure.
// Free functions over plain values: thread-safe.
#ifndef DRAFTBOX_MAIL_DRAFT_MESSAGE_H_
#define DRAFTBOX_MAIL_DRAFT_MESSAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace draftbox {

// One draft as it goes into the sender's Drafts folder.
struct DraftMessage {
  std::string from_name;     // the sender (persona) display name, may be empty
  std::string from_address;  // required
  std::string to_name;       // recipient display name, may be empty; UNTRUSTED text
  std::string to_address;    // required; UNTRUSTED
  std::string subject;       // UNTRUSTED (composed from recipient data)
  std::string body;          // UTF-8 plain text, '\n' line ends, signature already included
  std::string message_id;    // "<local@domain>", from NewMessageId
  int64_t draft_id = 0;      // written as X-Draftbox-Id
  int64_t date_unix = 0;     // Date header (seconds since epoch, UTC is fine)
};

// The complete message, CRLF line ends, ready for APPEND. kInvalidArgument naming the field when
// an address is not a valid single addr-spec, the message id is malformed, or draft_id <= 0.
Result<std::string> BuildDraftMessage(const DraftMessage& message);

// A fresh globally unique Message-ID "<random-hex.draftbox@domain-of-sender>" (random from
// std::random_device / a CSPRNG, at least 128 bits); domain falls back to "draftbox.invalid".
std::string NewMessageId(std::string_view sender_address);

// The value of header `name` (case-insensitive) in a raw message, unfolded and RFC 2047-decoded
// to UTF-8; nullopt if absent. Used by tests and by the watcher later.
std::optional<std::string> HeaderValue(std::string_view raw_message, std::string_view name);

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_DRAFT_MESSAGE_H_
