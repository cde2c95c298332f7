#include "app/shutdown_signals.h"

#include <pthread.h>

#include <cerrno>
#include <ctime>

namespace draftbox {

ShutdownSignals::ShutdownSignals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGTERM);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set_, &previous_);
}

ShutdownSignals::~ShutdownSignals() {
  // A second Ctrl-C during shutdown must not kill the process the moment the mask is restored.
  timespec zero{0, 0};
  while (sigtimedwait(&set_, nullptr, &zero) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

int ShutdownSignals::Wait() {
  int sig = 0;
  while (sigwait(&set_, &sig) != 0) {
  }
  return sig;
}

}  // namespace draftbox
