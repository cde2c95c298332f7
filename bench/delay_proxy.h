// A TCP relay on loopback that holds every chunk it forwards for a fixed time in each direction:
// a link with a round trip of 2 x `one_way` between a client and a server on this machine, so
// bench/place can measure a run against a mailbox as far away as Gmail or Microsoft 365 are
// (20-150 ms) without any tool outside the process. It relays bytes and nothing else: TLS stays
// end to end between the client and the server.
//
// Per connection and direction, one thread reads chunks as they come and stamps each with the
// time it may leave; another writes them in the order read once that time has come. So the
// delay does not add up over chunks in flight (a pipelining client sees one round trip, not one
// per chunk) and the bytes keep their order. Half-closes are passed on after the data before
// them. Bandwidth is not limited.
//
// Thread-safe: port() may be read from any thread; the destructor stops everything.
#ifndef DRAFTBOX_BENCH_DELAY_PROXY_H_
#define DRAFTBOX_BENCH_DELAY_PROXY_H_

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"

namespace draftbox::bench {

class DelayProxy {
 public:
  // Listens on 127.0.0.1 at an ephemeral port and relays each connection it accepts to
  // `target_host`:`target_port` (connected when the client connects), holding each chunk
  // `one_way` in each direction. kIo if it cannot listen or `target_host` does not resolve; a
  // client whose upstream connection fails is closed at once.
  static Result<std::unique_ptr<DelayProxy>> Start(const std::string& target_host, int target_port,
                                                   std::chrono::microseconds one_way);

  // Stops accepting, closes every relayed connection (in both directions) and joins every
  // thread. Data still held is dropped.
  ~DelayProxy();
  DelayProxy(const DelayProxy&) = delete;
  DelayProxy& operator=(const DelayProxy&) = delete;

  // The loopback port clients connect to.
  int port() const { return port_; }

 private:
  struct Link;
  DelayProxy(int listen_fd, int port, std::string target_host, int target_port,
             std::chrono::microseconds one_way);

  void AcceptLoop();
  // Opens the upstream connection for `client` and starts its four relay threads.
  void Relay(int client);

  int listen_fd_;
  int wake_fds_[2] = {-1, -1};  // a pipe: writing to it ends AcceptLoop's poll
  int port_;
  std::string target_host_;
  int target_port_;
  std::chrono::microseconds one_way_;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex links_mu_;
  std::vector<std::unique_ptr<Link>> links_;  // guarded by links_mu_
};

}  // namespace draftbox::bench

#endif  // DRAFTBOX_BENCH_DELAY_PROXY_H_
