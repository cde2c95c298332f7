// `draftbox daemon`: wires config, store, token, mailbox monitor and the local API together and
// runs until SIGTERM or SIGINT.
#ifndef DRAFTBOX_APP_DAEMON_H_
#define DRAFTBOX_APP_DAEMON_H_

#include "config/config.h"

namespace draftbox {

// Runs the daemon in the calling thread until SIGTERM/SIGINT, then shuts down cleanly (stops
// accepting requests, finishes those in flight, joins workers, closes the database).
// Returns the process exit code: 0 after a clean shutdown, 1 if start-up failed (the reason is
// logged to stderr as one line naming what failed: data dir, database, token, listen address).
int RunDaemon(const Config& config);

}  // namespace draftbox

#endif  // DRAFTBOX_APP_DAEMON_H_
