#include "delay_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>

namespace draftbox::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Bytes read at once: a whole draft (a few KB) is usually one chunk.
constexpr size_t kChunkBytes = 64 * 1024;

Error SystemError(const std::string& what) {
  return Error{ErrorCode::kIo, "delay proxy: " + what + ": " + std::strerror(errno)};
}

// The relay must not add Nagle's wait to the delay it is asked for.
void NoDelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

int ConnectTo(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  return fd;
}

// One direction of a link: chunks read from `from`, each held until its time, written to `to`.
struct Direction {
  struct Chunk {
    SteadyClock::time_point due;
    std::string bytes;  // empty: the reader saw end of stream (or an error)
  };
  int from = -1;
  int to = -1;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Chunk> chunks;  // guarded by mu
  bool stopped = false;      // guarded by mu: the proxy is going away
  std::thread reader;
  std::thread writer;

  void Read(std::chrono::microseconds one_way) {
    std::string buffer(kChunkBytes, '\0');
    for (;;) {
      ssize_t n = recv(from, buffer.data(), buffer.size(), 0);
      if (n < 0 && errno == EINTR) continue;
      const SteadyClock::time_point due = SteadyClock::now() + one_way;
      std::lock_guard<std::mutex> lock(mu);
      chunks.push_back({due, n > 0 ? buffer.substr(0, static_cast<size_t>(n)) : std::string()});
      cv.notify_one();
      if (n <= 0) return;
    }
  }

  void Write() {
    for (;;) {
      Chunk chunk;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return stopped || !chunks.empty(); });
        if (stopped) return;
        // Order is kept because every chunk has the same delay: the front is due first.
        const SteadyClock::time_point due = chunks.front().due;
        if (cv.wait_until(lock, due, [&] { return stopped; })) return;
        chunk = std::move(chunks.front());
        chunks.pop_front();
      }
      if (chunk.bytes.empty() || !WriteAll(to, chunk.bytes.data(), chunk.bytes.size())) {
        shutdown(to, SHUT_WR);  // pass the half-close on, after the data before it
        return;
      }
    }
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu);
      stopped = true;
    }
    cv.notify_all();
  }
};

}  // namespace

struct DelayProxy::Link {
  int client = -1;
  int server = -1;
  Direction up;    // client -> server
  Direction down;  // server -> client
};

Result<std::unique_ptr<DelayProxy>> DelayProxy::Start(const std::string& target_host,
                                                      int target_port,
                                                      std::chrono::microseconds one_way) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::unexpected(SystemError("socket"));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(fd, 16) != 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    Error error = SystemError("listen on 127.0.0.1");
    close(fd);
    return std::unexpected(error);
  }
  // Resolve now, so a wrong host is reported here and not as closed connections later.
  addrinfo* found = nullptr;
  if (getaddrinfo(target_host.c_str(), nullptr, nullptr, &found) != 0) {
    close(fd);
    return Fail(ErrorCode::kIo, "delay proxy: cannot resolve " + target_host);
  }
  freeaddrinfo(found);
  std::unique_ptr<DelayProxy> proxy(
      new DelayProxy(fd, ntohs(address.sin_port), target_host, target_port, one_way));
  if (pipe2(proxy->wake_fds_, O_CLOEXEC) != 0) return std::unexpected(SystemError("pipe"));
  proxy->acceptor_ = std::thread([p = proxy.get()] { p->AcceptLoop(); });
  return proxy;
}

DelayProxy::DelayProxy(int listen_fd, int port, std::string target_host, int target_port,
                       std::chrono::microseconds one_way)
    : listen_fd_(listen_fd),
      port_(port),
      target_host_(std::move(target_host)),
      target_port_(target_port),
      one_way_(one_way) {}

DelayProxy::~DelayProxy() {
  stopping_ = true;
  if (wake_fds_[1] >= 0) {
    const char byte = 0;
    (void)!write(wake_fds_[1], &byte, 1);
  }
  if (acceptor_.joinable()) acceptor_.join();
  std::lock_guard<std::mutex> lock(links_mu_);
  for (std::unique_ptr<Link>& link : links_) {
    // Wakes the readers blocked in recv (they see end of stream) and the writers in their wait.
    shutdown(link->client, SHUT_RDWR);
    shutdown(link->server, SHUT_RDWR);
    for (Direction* d : {&link->up, &link->down}) {
      d->Stop();
      d->reader.join();
      d->writer.join();
    }
    close(link->client);
    close(link->server);
  }
  close(listen_fd_);
  for (int fd : wake_fds_) {
    if (fd >= 0) close(fd);
  }
}

void DelayProxy::AcceptLoop() {
  pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fds_[0], POLLIN, 0}};
  while (!stopping_) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client >= 0) Relay(client);
  }
}

void DelayProxy::Relay(int client) {
  int server = ConnectTo(target_host_, target_port_);
  if (server < 0) {
    close(client);
    return;
  }
  NoDelay(client);
  NoDelay(server);
  auto link = std::make_unique<Link>();
  link->client = client;
  link->server = server;
  link->up.from = client;
  link->up.to = server;
  link->down.from = server;
  link->down.to = client;
  for (Direction* d : {&link->up, &link->down}) {
    d->reader = std::thread([d, delay = one_way_] { d->Read(delay); });
    d->writer = std::thread([d] { d->Write(); });
  }
  std::lock_guard<std::mutex> lock(links_mu_);
  links_.push_back(std::move(link));
}

}  // namespace draftbox::bench
