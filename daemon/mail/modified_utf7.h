// IMAP's modified UTF-7 for mailbox names (RFC 3501 section 5.1.3): "Entwürfe" is sent as
// "Entw&APw-rfe". Pure functions, thread-safe.
#ifndef DRAFTBOX_MAIL_MODIFIED_UTF7_H_
#define DRAFTBOX_MAIL_MODIFIED_UTF7_H_

#include <string>
#include <string_view>

#include "core/error.h"

namespace draftbox {

// UTF-8 → modified UTF-7. kInvalidArgument if `utf8` is not valid UTF-8.
Result<std::string> EncodeModifiedUtf7(std::string_view utf8);

// Modified UTF-7 → UTF-8. kInvalidArgument for a malformed name (unterminated or bad base64,
// a shift sequence that encodes plain ASCII, broken surrogates, raw 8-bit bytes).
Result<std::string> DecodeModifiedUtf7(std::string_view text);

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_MODIFIED_UTF7_H_
