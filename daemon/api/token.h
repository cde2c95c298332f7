// The API bearer token: 32 random bytes as 64 lower-case hex characters in `<data_dir>/token`,
// mode 0600. The daemon creates it on first start and reuses it afterwards; the CLI and the
// add-on's native messaging host read it. Free functions, thread-safe (they only touch the file).
#ifndef DRAFTBOX_API_TOKEN_H_
#define DRAFTBOX_API_TOKEN_H_

#include <filesystem>
#include <string>

#include "core/error.h"

namespace draftbox {

// `<data_dir>/token`.
std::filesystem::path TokenPath(const std::filesystem::path& data_dir);

// Returns the token, creating the file if it does not exist (written to a private temporary
// file, then linked into place, so a reader never sees half a token and two starting daemons
// agree on one). An existing file is refused, not repaired, when group or others may read or
// write it, when it is not owned by this user, or when it is a symlink: a token others could
// read must be taken as leaked, and chmod would not un-leak it. Errors (all kIo, except kAuth
// for an unsafe file) name the file and the remedy.
Result<std::string> EnsureToken(const std::filesystem::path& data_dir);

// Reads the existing token. kNotFound "no token at <file>: is the daemon initialised/started?"
// if the file is missing; kIo if it cannot be read or does not hold 64 hex characters.
Result<std::string> ReadToken(const std::filesystem::path& data_dir);

}  // namespace draftbox

#endif  // DRAFTBOX_API_TOKEN_H_
