// Draft text as a person reads it on a terminal (`drafts show`, `campaign run --dry-run
// --show`): a subject or name that arrived as RFC 2047 encoded words ("=?UTF-8?Q?J=C3=B6rg?=")
// and a body that arrived quoted-printable or base64 (a mail client's copy, an import) are
// decoded to UTF-8, so umlauts and Japanese appear as text; escape sequences and other control
// characters that could rewrite the terminal are dropped. Plain text passes through unchanged.
// Pure functions; thread-safe.
#ifndef DRAFTBOX_CLI_READABLE_TEXT_H_
#define DRAFTBOX_CLI_READABLE_TEXT_H_

#include <string>
#include <string_view>

namespace draftbox {

// A header value on one line: encoded words decoded, each control character (CR, LF, an
// escape) as a space.
std::string ReadableHeader(std::string_view value);

// A body with its line breaks and tabs: decoded when the whole text is quoted-printable (every
// "=" starts an escape or a soft line break, and there is at least one) or one block of base64
// that decodes to UTF-8 text; then made valid UTF-8, CR and other control characters dropped.
std::string ReadableBody(std::string_view body);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_READABLE_TEXT_H_
