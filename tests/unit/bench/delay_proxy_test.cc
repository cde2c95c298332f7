#include "delay_proxy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

namespace draftbox::bench {
namespace {

using std::chrono::milliseconds;

// A loopback server that echoes one connection until its client half-closes, then closes.
class EchoServer {
 public:
  EchoServer() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    listen(listen_fd_, 1);
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      int fd = accept(listen_fd_, nullptr, nullptr);
      char buffer[7919];  // a prime, so chunk edges fall everywhere
      for (;;) {
        ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
        if (n <= 0) break;
        send(fd, buffer, static_cast<size_t>(n), MSG_NOSIGNAL);
      }
      close(fd);
    });
  }
  ~EchoServer() {
    thread_.join();
    close(listen_fd_);
  }
  int port() const { return port_; }

 private:
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

int ConnectLoopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  return fd;
}

std::string ReadToEnd(int fd) {
  std::string got;
  char buffer[4096];
  for (;;) {
    ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) return got;
    got.append(buffer, static_cast<size_t>(n));
  }
}

TEST(DelayProxyTest, RelaysEveryByteInOrderBothWaysAndPassesTheHalfClose) {
  EchoServer echo;
  auto proxy = DelayProxy::Start("127.0.0.1", echo.port(), milliseconds(1));
  ASSERT_TRUE(proxy) << proxy.error().message;
  int fd = ConnectLoopback((*proxy)->port());
  std::string sent;
  for (int i = 0; sent.size() < 2'000'000; ++i) sent += std::to_string(i) + ",";
  // Written in uneven pieces from another thread while this one reads the echo.
  std::thread writer([&] {
    for (size_t at = 0, piece = 1; at < sent.size(); at += piece, piece = piece * 7 % 65521 + 1) {
      send(fd, sent.data() + at, std::min(piece, sent.size() - at), MSG_NOSIGNAL);
    }
    shutdown(fd, SHUT_WR);  // the echo server closes once this reaches it
  });
  const std::string got = ReadToEnd(fd);
  writer.join();
  close(fd);
  EXPECT_EQ(got.size(), sent.size());
  EXPECT_TRUE(got == sent) << "bytes reordered or changed";
}

TEST(DelayProxyTest, HoldsDataForTheDelayInEachDirection) {
  EchoServer echo;
  const milliseconds one_way(40);
  auto proxy = DelayProxy::Start("127.0.0.1", echo.port(), one_way);
  ASSERT_TRUE(proxy) << proxy.error().message;
  int fd = ConnectLoopback((*proxy)->port());
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(send(fd, "ping", 4, 0), 4);
  char answer[4];
  ASSERT_EQ(recv(fd, answer, sizeof(answer), MSG_WAITALL), 4);
  // A lower bound only: the proxy must hold the bytes; how much longer a busy machine takes
  // is not this test's business.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 2 * one_way);
  shutdown(fd, SHUT_WR);
  ReadToEnd(fd);
  close(fd);
}

TEST(DelayProxyTest, UnresolvableTargetIsRefusedAtStart) {
  auto proxy = DelayProxy::Start("no-such-host.invalid", 1, milliseconds(0));
  ASSERT_FALSE(proxy);
  EXPECT_NE(proxy.error().message.find("no-such-host.invalid"), std::string::npos);
}

}  // namespace
}  // namespace draftbox::bench
