// Decoders for the encodings incoming mail uses: base64 and quoted-printable bodies, RFC 2047
// encoded words in headers, and charsets to UTF-8 (through iconv). All functions are lenient:
// bad input is skipped or kept as it is, never an error, because a classifier must still read
// the rest of a damaged message. Pure functions, thread-safe.
#ifndef DRAFTBOX_CLASSIFY_TEXT_CODEC_H_
#define DRAFTBOX_CLASSIFY_TEXT_CODEC_H_

#include <string>
#include <string_view>

#include "core/text.h"  // AsciiLower, for this module's callers

namespace draftbox {

// Base64 to bytes; characters outside the alphabet are skipped, a dangling group is dropped.
std::string DecodeBase64(std::string_view text);

// Quoted-printable to bytes; "=" not followed by two hex digits is kept literally, "=" at a line
// end joins the lines.
std::string DecodeQuotedPrintable(std::string_view text);

// `bytes` in `charset` as UTF-8. Unknown charsets and invalid sequences fall back to the bytes
// themselves passed through ToValidUtf8 (core/text.h), so the result is always valid UTF-8.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

// Decodes every RFC 2047 encoded word ("=?charset?B|Q?...?=") in a header value to UTF-8;
// white space between two adjacent encoded words is dropped as the RFC says. Malformed words stay
// as written. The result is valid UTF-8.
std::string DecodeHeaderWords(std::string_view value);

// `text` without leading and trailing spaces, tabs, CR and LF.
std::string_view TrimSpace(std::string_view text);

}  // namespace draftbox

#endif  // DRAFTBOX_CLASSIFY_TEXT_CODEC_H_
