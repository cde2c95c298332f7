// Waits for SIGTERM, SIGINT or SIGHUP without a signal handler: the constructor blocks them in
// the calling thread, every thread started afterwards inherits the mask, and Wait() takes the
// signal synchronously with sigwait(). Shutdown code then runs as ordinary code in the main
// thread instead of in a handler where almost nothing is async-signal-safe.
// Construct it in the main thread before starting any other thread. Not thread-safe.
#ifndef DRAFTBOX_APP_SHUTDOWN_SIGNALS_H_
#define DRAFTBOX_APP_SHUTDOWN_SIGNALS_H_

#include <signal.h>

namespace draftbox {

class ShutdownSignals {
 public:
  ShutdownSignals();
  // Discards a second signal still pending, then restores the previous mask.
  ~ShutdownSignals();
  ShutdownSignals(const ShutdownSignals&) = delete;
  ShutdownSignals& operator=(const ShutdownSignals&) = delete;

  // Blocks until SIGTERM, SIGINT or SIGHUP arrives; returns its number. SIGHUP is taken too:
  // its default action ends the process at once (a closed terminal, `systemctl kill -s HUP`),
  // skipping the shutdown order, so the daemon treats it as a request to stop.
  int Wait();

 private:
  sigset_t set_;
  sigset_t previous_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_APP_SHUTDOWN_SIGNALS_H_
