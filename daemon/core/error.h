// The one error type of Draftbox. Module edges return Result<T> or Status; exceptions from
// vmime, SQLite, toml++ and the JSON library stop in the adapter that calls them.
// Plain value types: thread-safe as values are.
#ifndef DRAFTBOX_CORE_ERROR_H_
#define DRAFTBOX_CORE_ERROR_H_

#include <expected>
#include <string>
#include <string_view>

namespace draftbox {

// A small closed set: callers branch on the code, people read the message.
enum class ErrorCode {
  kInvalidArgument,  // bad input from a user or a file: names the field and the reason
  kNotFound,
  kAlreadyExists,
  kConflict,     // the state of a thing forbids the operation
  kConfig,       // a config file is unreadable or invalid
  kIo,           // local files and processes
  kStore,        // SQLite
  kMailbox,      // IMAP protocol or server refusal
  kAuth,         // wrong password, token or credentials
  kTls,          // certificate or handshake failure
  kUnavailable,  // a peer cannot be reached now; worth retrying later
  kInternal,     // a bug in Draftbox
};

// Stable lower-case name used in logs and in JSON error bodies ("invalid_argument", ...).
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;

  // "<code name>: <message>", for logs.
  std::string ToString() const;
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

// Builds the unexpected side in one call: `return Fail(ErrorCode::kNotFound, "no draft 7");`
inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_ERROR_H_
