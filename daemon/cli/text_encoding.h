// Files from the wild in the encodings people's tools still write (Excel on Windows saves CSV
// in Windows-1252; older systems in Latin-1), turned into the UTF-8 the daemon takes. The
// conversion is glibc's iconv, so no code table is written here. Pure functions; thread-safe
// (each call opens its own iconv descriptor).
#ifndef DRAFTBOX_CLI_TEXT_ENCODING_H_
#define DRAFTBOX_CLI_TEXT_ENCODING_H_

#include <string>
#include <string_view>

#include "core/error.h"

namespace draftbox {

// The encodings --encoding accepts, for help texts: "utf-8, windows-1252, latin1".
std::string_view KnownEncodings();

// `bytes` read from `file` as UTF-8 text. `encoding` is "utf-8" (or empty: the bytes must
// already be UTF-8), "windows-1252" (also "cp1252") or "latin1" (also "iso-8859-1"), case
// does not matter. kInvalidArgument "FILE:LINE: ..." for bytes that are not valid in the
// encoding (for UTF-8 with the advice to name the file's encoding) or an unknown encoding.
Result<std::string> DecodeToUtf8(std::string_view bytes, std::string_view encoding,
                                 std::string_view file);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_TEXT_ENCODING_H_
