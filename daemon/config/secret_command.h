// Runs the commands that hand Draftbox its secrets (mailbox.password_command,
// mailbox.oauth2_token_command, composer.api_key_command), the way mbsync and msmtp do: the
// secret stays in the user's keyring or password manager, never in the config file.
// Thread-safe: each call spawns and waits for its own process.
#ifndef DRAFTBOX_CONFIG_SECRET_COMMAND_H_
#define DRAFTBOX_CONFIG_SECRET_COMMAND_H_

#include <chrono>
#include <string>

#include "core/error.h"

namespace draftbox {

// Runs `/bin/sh -c command` with stdin from /dev/null in a process group of its own, with no
// signal blocked and every signal at its default action (whatever the caller's mask), and
// returns the first line of its stdout without the line ending ("\n" or "\r\n"). When the
// shell has exited, or timed out, the whole process group is killed: the command leaves no
// process behind (one that made a session of its own with setsid is not in the group).
// On failure returns kConfig; the message never contains the command's stdout (the secret):
// - the command exits non-zero or is killed: its exit status and the first line of its stderr;
// - it prints nothing on its first line;
// - it runs longer than `timeout`.
// The message does not name the command either; callers prefix the config key they ran.
Result<std::string> RunSecretCommand(const std::string& command,
                                     std::chrono::seconds timeout = std::chrono::seconds(10));

}  // namespace draftbox

#endif  // DRAFTBOX_CONFIG_SECRET_COMMAND_H_
