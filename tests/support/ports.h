// Free TCP ports on 127.0.0.1 for servers started by tests (Dovecot, the daemon's API).
// Tests never use fixed ports so that they can run in parallel. Thread-safe.
#ifndef DRAFTBOX_TESTS_SUPPORT_PORTS_H_
#define DRAFTBOX_TESTS_SUPPORT_PORTS_H_

#include <cstdint>

namespace draftbox::test {

// Binds 127.0.0.1:0, reads the port the kernel chose and closes the socket. Another process
// may take the port before the caller binds it; that race is accepted for tests. Returns 0 if
// no socket could be bound.
uint16_t FreeLoopbackPort();

// A socket listening on 127.0.0.1 at a port the kernel chose, until destroyed. fd() is -1 and
// port() 0 if it could not be set up.
class LoopbackListener {
 public:
  explicit LoopbackListener(int backlog = 4);
  ~LoopbackListener();
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  int fd() const { return fd_; }
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_SUPPORT_PORTS_H_
