// `draftbox daemon`: wires config, store, token, mailbox monitor and the local API together and
// runs until SIGTERM or SIGINT.
#ifndef DRAFTBOX_APP_DAEMON_H_
#define DRAFTBOX_APP_DAEMON_H_

#include "config/config.h"
#include "core/error.h"
#include "mail/mailbox.h"

namespace draftbox {

// Runs the daemon in the calling thread until SIGTERM/SIGINT, then shuts down cleanly (stops
// accepting requests, finishes those in flight, joins workers, closes the database).
// Returns the process exit code: 0 after a clean shutdown, 1 if start-up failed (the reason is
// logged to stderr as one line naming what failed: data dir, database, token, listen address).
int RunDaemon(const Config& config);

// Logs in to config.mailbox once and finds Drafts and Sent, as the daemon's first mailbox check
// does (`draftbox init --check`). Returns the folders found, or the error of the step that
// failed (no host configured: kConfig; the secret command, login, TLS or folders as the
// Mailbox reports them). Thread-safe; blocks up to the IMAP timeout.
Result<MailboxFolders> CheckMailbox(const Config& config);

}  // namespace draftbox

#endif  // DRAFTBOX_APP_DAEMON_H_
