#include "mail/poll_socket.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

namespace draftbox {
namespace {

// The longest single poll() while a timeout handler is set: how late a silent peer is noticed.
constexpr int kTimeoutCheckMs = 1000;
// How long a write that would block waits for room before trying again.
constexpr int kBlockedWaitMs = 50;

bool WouldBlock(int err) {
  return err == EAGAIN || err == EWOULDBLOCK || err == EINTR || err == EINPROGRESS;
}

[[noreturn]] void ThrowSocketError(const std::string& what, int err) {
  throw vmime::exceptions::socket_exception(what + ": " + std::strerror(err));
}

struct AddrInfoDeleter {
  void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

bool IsNumericHost(const std::string& address) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_flags = AI_NUMERICHOST;
  addrinfo* info = nullptr;
  if (getaddrinfo(address.c_str(), nullptr, &hints, &info) != 0) return false;
  freeaddrinfo(info);
  return true;
}

// The connected peer's host as getnameinfo gives it with `flags`; nullopt if it has none.
std::optional<std::string> PeerHost(int fd, int flags) {
  sockaddr_storage peer{};
  socklen_t length = sizeof(peer);
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) {
    ThrowSocketError("getpeername", errno);
  }
  char host[NI_MAXHOST];
  if (getnameinfo(reinterpret_cast<sockaddr*>(&peer), length, host, sizeof(host), nullptr, 0,
                  flags) != 0) {
    return std::nullopt;
  }
  return std::string(host);
}

}  // namespace

PollSocket::PollSocket(vmime::shared_ptr<vmime::net::timeoutHandler> timeouts)
    : timeouts_(std::move(timeouts)) {}

PollSocket::~PollSocket() {
  if (fd_ != -1) close(fd_);
}

void PollSocket::connect(const vmime::string& address, const vmime::port_t port) {
  disconnect();
  if (tracer_) tracer_->traceSend("Connecting to " + address + ", port " + std::to_string(port));
  address_ = address;

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(address.c_str(), service.c_str(), &hints, &found); rc != 0) {
    throw vmime::exceptions::connection_error("cannot resolve " + address + ": " +
                                              gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, AddrInfoDeleter> addresses(found);

  if (timeouts_) timeouts_->resetTimeOut();
  int last_error = ECONNREFUSED;
  for (addrinfo* ai = addresses.get(); ai != nullptr; ai = ai->ai_next) {
    int fd =
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
      fd_ = fd;
      return;
    }
    if (errno != EINPROGRESS && errno != EINTR) {
      last_error = errno;
      close(fd);
      continue;
    }
    fd_ = fd;  // Wait() polls fd_
    bool ready = false;
    try {
      ready = Wait(POLLOUT, -1);
    } catch (const vmime::exceptions::operation_timed_out&) {
      ready = false;  // as vmime's socket: a connect that takes too long is ETIMEDOUT
    } catch (...) {
      close(fd);
      fd_ = -1;
      throw;
    }
    int error = ready ? 0 : ETIMEDOUT;
    socklen_t length = sizeof(error);
    if (ready && getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    if (error == 0) return;
    last_error = error;
    close(fd);
    fd_ = -1;
  }
  throw vmime::exceptions::connection_error(
      "Error while connecting socket.",
      vmime::exceptions::socket_exception(address + ":" + service + ": " +
                                          std::strerror(last_error)));
}

void PollSocket::disconnect() {
  if (fd_ == -1) return;
  if (tracer_) tracer_->traceSend("Disconnecting");
  shutdown(fd_, SHUT_RDWR);
  close(fd_);
  fd_ = -1;
}

bool PollSocket::isConnected() const {
  if (fd_ == -1) return false;
  char byte;
  return recv(fd_, &byte, 1, MSG_PEEK) != 0;
}

void PollSocket::CheckTimeout() {
  if (!timeouts_ || !timeouts_->isTimeOut()) return;
  if (!timeouts_->handleTimeOut()) throw vmime::exceptions::operation_timed_out();
  timeouts_->resetTimeOut();
}

bool PollSocket::Wait(short events, int msecs) {
  if (fd_ == -1) throw vmime::exceptions::socket_not_connected_exception();
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(std::max(msecs, 0));
  for (;;) {
    int slice = -1;  // no limit
    if (msecs >= 0) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      slice = static_cast<int>(std::max<int64_t>(left.count(), 0));
    }
    if (timeouts_ && (slice < 0 || slice > kTimeoutCheckMs)) slice = kTimeoutCheckMs;
    pollfd pfd{fd_, events, 0};
    int rc = poll(&pfd, 1, slice);
    if (rc < 0 && errno != EINTR && errno != EAGAIN) ThrowSocketError("poll", errno);
    // A hang-up or error counts as ready: the read or write that follows reports it.
    if (rc > 0 && (pfd.revents & (events | POLLHUP | POLLERR)) != 0) return true;
    CheckTimeout();
    if (msecs >= 0 && Clock::now() >= deadline) return false;
  }
}

bool PollSocket::waitForRead(const int msecs) { return Wait(POLLIN, msecs); }

bool PollSocket::waitForWrite(const int msecs) { return Wait(POLLOUT, msecs); }

void PollSocket::receive(vmime::string& buffer) {
  const size_t size = receiveRaw(buffer_, sizeof(buffer_));
  buffer.assign(reinterpret_cast<const char*>(buffer_), size);
}

size_t PollSocket::receiveRaw(vmime::byte_t* buffer, const size_t count) {
  // No wait here (vmime's socket waits up to 50 ms first), so a read that drains what is
  // buffered does not lose 50 ms when it finds nothing more. The status says which way it
  // would block: STATUS_WOULDBLOCK has every bit set, and vmime's IMAP parser, seeing the
  // WANT_WRITE bit in it, would wait for the socket to be writable (at once) and spin.
  status_ &= ~STATUS_WOULDBLOCK;
  if (fd_ == -1) throw vmime::exceptions::socket_not_connected_exception();
  const ssize_t got = recv(fd_, buffer, count, 0);
  if (got < 0) {
    if (!WouldBlock(errno)) ThrowSocketError("recv", errno);
    CheckTimeout();
    status_ |= STATUS_WANT_READ;
    return 0;
  }
  if (got == 0) ThrowSocketError("recv", ENOTCONN);  // the peer closed the connection
  if (timeouts_) timeouts_->resetTimeOut();
  return static_cast<size_t>(got);
}

void PollSocket::send(const vmime::string& buffer) {
  sendRaw(reinterpret_cast<const vmime::byte_t*>(buffer.data()), buffer.size());
}

void PollSocket::send(const char* str) {
  sendRaw(reinterpret_cast<const vmime::byte_t*>(str), std::strlen(str));
}

void PollSocket::sendRaw(const vmime::byte_t* buffer, const size_t count) {
  status_ &= ~STATUS_WOULDBLOCK;
  size_t left = count;
  while (left > 0) {
    if (fd_ == -1) throw vmime::exceptions::socket_not_connected_exception();
    const ssize_t sent = ::send(fd_, buffer, left, MSG_NOSIGNAL);
    if (sent > 0) {
      buffer += sent;
      left -= static_cast<size_t>(sent);
      continue;
    }
    if (sent < 0 && !WouldBlock(errno)) ThrowSocketError("send", errno);
    Wait(POLLOUT, kBlockedWaitMs);
  }
  if (timeouts_) timeouts_->resetTimeOut();
}

size_t PollSocket::sendRawNonBlocking(const vmime::byte_t* buffer, const size_t count) {
  status_ &= ~STATUS_WOULDBLOCK;
  if (fd_ == -1) throw vmime::exceptions::socket_not_connected_exception();
  const ssize_t sent = ::send(fd_, buffer, count, MSG_NOSIGNAL);
  if (sent <= 0) {
    if (sent < 0 && !WouldBlock(errno)) ThrowSocketError("send", errno);
    CheckTimeout();
    status_ |= STATUS_WANT_WRITE;
    return 0;
  }
  if (timeouts_) timeouts_->resetTimeOut();
  return static_cast<size_t>(sent);
}

const vmime::string PollSocket::getPeerAddress() const {
  std::optional<std::string> address = PeerHost(fd_, NI_NUMERICHOST);
  if (!address) throw vmime::exceptions::socket_exception("cannot print the peer's address");
  return *address;
}

const vmime::string PollSocket::getPeerName() const {
  // As vmime's own socket: the name connected to, or for a numeric address the peer's name
  // if it has one. TLS checks the server certificate against this name.
  if (!IsNumericHost(address_)) return address_;
  return PeerHost(fd_, NI_NAMEREQD).value_or(address_);
}

vmime::shared_ptr<vmime::net::socket> PollSocketFactory::create() {
  return vmime::make_shared<PollSocket>(nullptr);
}

vmime::shared_ptr<vmime::net::socket> PollSocketFactory::create(
    vmime::shared_ptr<vmime::net::timeoutHandler> timeouts) {
  return vmime::make_shared<PollSocket>(std::move(timeouts));
}

}  // namespace draftbox
