// UTF-8 text from outside (recipient fields, incoming mail, HTTP requests, model output): decode
// it, cut it, make it valid and make it safe to log. Every module that shortens, decodes or
// logs outside text uses these, so a multi-byte character is never split and a JSON library
// never sees invalid UTF-8. Pure functions; thread-safe.
#ifndef DRAFTBOX_CORE_TEXT_H_
#define DRAFTBOX_CORE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace draftbox {

// The replacement character U+FFFD, in UTF-8.
inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

// Decodes the UTF-8 sequence at text[pos] (pos < text.size()). Returns its length in bytes
// (1..4) and stores the code point, or returns 0 when the bytes there are not valid UTF-8
// (a stray continuation byte, a truncated, overlong or surrogate sequence, or above U+10FFFF);
// then *code_point is left unchanged.
size_t DecodeUtf8At(std::string_view text, size_t pos, char32_t* code_point);

// Appends the UTF-8 encoding of `code_point` (a surrogate or a value above U+10FFFF appends
// U+FFFD).
void AppendUtf8(char32_t code_point, std::string& out);

// True when every byte of `text` is part of a valid UTF-8 sequence.
bool IsValidUtf8(std::string_view text);

// `text` with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD.
std::string ToValidUtf8(std::string_view text);

// Number of code points in `text`; an invalid byte counts as one.
size_t CountCodePoints(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that does not end inside a
// multi-byte character. Invalid bytes before the cut are kept as they are.
std::string_view TruncateUtf8(std::string_view text, size_t max_bytes);

// Like TruncateUtf8, but appends "…" when something was cut; the result (ellipsis included)
// stays within `max_bytes` when max_bytes >= 3.
std::string TruncateUtf8WithEllipsis(std::string_view text, size_t max_bytes);

// One line fit for a log file: valid UTF-8 (bad bytes as U+FFFD), control characters (C0, DEL,
// C1, U+2028, U+2029) written as \n, \r, \t or \xNN / \u{NNNN}, and a backslash doubled, so a
// request or a message can never start a line of its own. At most `max_bytes` of input are
// kept; a longer text ends in "…".
std::string EscapeForLog(std::string_view text, size_t max_bytes = 512);

// C0 and C1 controls, DEL and the Unicode line and paragraph separators (U+2028, U+2029):
// anything that could break a header line or start a new line in a prompt or a log.
bool IsControlCodePoint(char32_t code_point);

// True when `text` holds a code point for which IsControlCodePoint is true. Bytes that are
// not valid UTF-8 are not controls (ToValidUtf8 is the answer to those).
bool HasControlCodePoint(std::string_view text);

// ASCII letters lower-cased; other bytes untouched (so UTF-8 stays valid).
std::string AsciiLower(std::string_view text);

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_TEXT_H_
