#include "api/connection_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace draftbox {
namespace {

// Waits until `fd` has one of `events` (or an error); the revents, 0 on a timeout.
short WaitFor(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd pfd{fd, events, 0};
  int ready;
  do {
    ready = poll(&pfd, 1, static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR);
  return ready > 0 ? pfd.revents : 0;
}

void AddressOf(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(addr);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(addr);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

}  // namespace

ConnectionStream::ConnectionStream(int fd, std::string received,
                                   std::chrono::milliseconds io_timeout)
    : fd_(fd), received_(std::move(received)), io_timeout_(io_timeout) {}

bool ConnectionStream::is_readable() const {
  if (used_ < received_.size()) return true;
  return (WaitFor(fd_, POLLIN, io_timeout_) & (POLLIN | POLLHUP | POLLERR)) != 0;
}

bool ConnectionStream::is_writable() const {
  short revents = WaitFor(fd_, POLLOUT | POLLRDHUP, io_timeout_);
  return (revents & POLLOUT) != 0 && (revents & (POLLRDHUP | POLLHUP | POLLERR)) == 0;
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (used_ < received_.size()) {
    size_t n = std::min(size, received_.size() - used_);
    std::memcpy(ptr, received_.data() + used_, n);
    used_ += n;
    return static_cast<ssize_t>(n);
  }
  while (true) {
    ssize_t n = recv(fd_, ptr, size, 0);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (WaitFor(fd_, POLLIN, io_timeout_) == 0) return -1;
  }
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  size_t sent = 0;
  while (sent < size) {
    ssize_t n = send(fd_, ptr + sent, size - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if ((WaitFor(fd_, POLLOUT, io_timeout_) & POLLOUT) == 0) return -1;
  }
  return static_cast<ssize_t>(size);
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t length = sizeof addr;
  if (getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
    AddressOf(addr, ip, port);
  }
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t length = sizeof addr;
  if (getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
    AddressOf(addr, ip, port);
  }
}

bool ConnectionStream::ClientGone() const {
  return (WaitFor(fd_, POLLRDHUP, std::chrono::milliseconds(0)) &
          (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

std::string ConnectionStream::TakeUnread() {
  std::string rest = received_.substr(used_);
  received_.clear();
  used_ = 0;
  return rest;
}

}  // namespace draftbox
