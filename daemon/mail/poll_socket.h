// The TCP socket under every IMAP connection (TLS wraps it). vmime 0.9.2's own posix socket
// waits for data in 10 ms poll() slices, so a connection idling on IDLE woke its thread about
// 100 times a second; this one waits in a single poll() for as long as the caller asked, and
// checks vmime's timeout handler at most once a second while it waits. Everything else keeps
// posixSocket's behaviour: non-blocking descriptor, a "would block" status when a read or write
// would block (a read says so at once, not after waiting 50 ms, and as STATUS_WANT_READ, so
// callers wait for data and not for room to write), socket_exception on a closed or
// failed connection, operation_timed_out when the timeout handler gives up. Not thread-safe: one
// connection, one thread, as everywhere in vmime.
#ifndef DRAFTBOX_MAIL_POLL_SOCKET_H_
#define DRAFTBOX_MAIL_POLL_SOCKET_H_

#include <cstddef>
#include <vmime/vmime.hpp>

namespace draftbox {

class PollSocket : public vmime::net::socket {
 public:
  explicit PollSocket(vmime::shared_ptr<vmime::net::timeoutHandler> timeouts);
  ~PollSocket() override;

  PollSocket(const PollSocket&) = delete;
  PollSocket& operator=(const PollSocket&) = delete;

  void connect(const vmime::string& address, const vmime::port_t port) override;
  void disconnect() override;
  bool isConnected() const override;

  bool waitForRead(const int msecs = 30000) override;
  bool waitForWrite(const int msecs = 30000) override;

  void receive(vmime::string& buffer) override;
  size_t receiveRaw(vmime::byte_t* buffer, const size_t count) override;

  void send(const vmime::string& buffer) override;
  void send(const char* str) override;
  void sendRaw(const vmime::byte_t* buffer, const size_t count) override;
  size_t sendRawNonBlocking(const vmime::byte_t* buffer, const size_t count) override;

  size_t getBlockSize() const override { return 16384; }
  unsigned int getStatus() const override { return status_; }

  const vmime::string getPeerName() const override;
  const vmime::string getPeerAddress() const override;

  vmime::shared_ptr<vmime::net::timeoutHandler> getTimeoutHandler() override { return timeouts_; }
  void setTracer(vmime::shared_ptr<vmime::net::tracer> tracer) override { tracer_ = tracer; }
  vmime::shared_ptr<vmime::net::tracer> getTracer() override { return tracer_; }

 private:
  // True when the descriptor is ready for `events` within `msecs`; throws when the timeout
  // handler gives up first.
  bool Wait(short events, int msecs);
  // Throws operation_timed_out if the handler says the peer has been silent too long.
  void CheckTimeout();

  vmime::shared_ptr<vmime::net::timeoutHandler> timeouts_;
  vmime::shared_ptr<vmime::net::tracer> tracer_;
  int fd_ = -1;
  unsigned int status_ = 0;
  vmime::string address_;
  vmime::byte_t buffer_[65536];
};

class PollSocketFactory : public vmime::net::socketFactory {
 public:
  vmime::shared_ptr<vmime::net::socket> create() override;
  vmime::shared_ptr<vmime::net::socket> create(
      vmime::shared_ptr<vmime::net::timeoutHandler> timeouts) override;
};

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_POLL_SOCKET_H_
