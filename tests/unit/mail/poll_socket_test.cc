// PollSocket against a real listening socket on 127.0.0.1: what vmime relies on (data both
// ways, would-block status, a closed peer, refused connections, the timeout handler) and that
// a wait ends as soon as data comes or when asked.
#include "mail/poll_socket.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "support/ports.h"

namespace draftbox {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// A timeout handler whose answer the test sets.
class SwitchTimeouts : public vmime::net::timeoutHandler {
 public:
  bool isTimeOut() override { return timed_out; }
  void resetTimeOut() override { ++resets; }
  bool handleTimeOut() override { return keep_waiting; }

  bool timed_out = false;
  bool keep_waiting = false;
  int resets = 0;
};

// One listening socket on 127.0.0.1 that accepts one peer.
class Listener {
 public:
  Listener() {
    if (listening_.fd() < 0) ADD_FAILURE() << "cannot listen on 127.0.0.1";
  }
  ~Listener() {
    if (peer_ != -1) close(peer_);
  }

  uint16_t port() const { return listening_.port(); }
  int Accept() {
    peer_ = accept(listening_.fd(), nullptr, nullptr);
    return peer_;
  }
  void Write(const std::string& text) const {
    ASSERT_EQ(write(peer_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  std::string Read() const {
    char buffer[256];
    ssize_t got = read(peer_, buffer, sizeof(buffer));
    return got > 0 ? std::string(buffer, static_cast<size_t>(got)) : "";
  }
  void ClosePeer() {
    close(peer_);
    peer_ = -1;
  }

 private:
  test::LoopbackListener listening_;
  int peer_ = -1;
};

class PollSocketTest : public testing::Test {
 protected:
  void Connect() {
    socket_.connect("127.0.0.1", listener_.port());
    ASSERT_GE(listener_.Accept(), 0);
  }

  Listener listener_;
  vmime::shared_ptr<SwitchTimeouts> timeouts_ = vmime::make_shared<SwitchTimeouts>();
  PollSocket socket_{timeouts_};
};

TEST_F(PollSocketTest, CarriesDataBothWays) {
  Connect();
  EXPECT_TRUE(socket_.isConnected());
  socket_.send("a001 NOOP\r\n");
  EXPECT_EQ(listener_.Read(), "a001 NOOP\r\n");
  listener_.Write("a001 OK\r\n");
  ASSERT_TRUE(socket_.waitForRead(5000));
  std::string got;
  socket_.receive(got);
  EXPECT_EQ(got, "a001 OK\r\n");
  EXPECT_EQ(socket_.getStatus() & vmime::net::socket::STATUS_WOULDBLOCK, 0u);
  EXPECT_EQ(socket_.getPeerAddress(), "127.0.0.1");
}

TEST_F(PollSocketTest, AReadWithNothingThereReportsWouldBlock) {
  Connect();
  std::string got = "stale";
  socket_.receive(got);
  EXPECT_EQ(got, "");
  EXPECT_NE(socket_.getStatus() & vmime::net::socket::STATUS_WOULDBLOCK, 0u);
  // vmime's parser waits for room to write when it sees WANT_WRITE: that would return at once
  // and spin while the server thinks.
  EXPECT_NE(socket_.getStatus() & vmime::net::socket::STATUS_WANT_READ, 0u);
  EXPECT_EQ(socket_.getStatus() & vmime::net::socket::STATUS_WANT_WRITE, 0u);
}

TEST_F(PollSocketTest, AQuietWaitEndsFalseAfterItsTime) {
  Connect();
  auto start = Clock::now();
  EXPECT_FALSE(socket_.waitForRead(300));
  EXPECT_GE(Clock::now() - start, milliseconds(300));
  EXPECT_FALSE(socket_.waitForRead(0));
}

TEST_F(PollSocketTest, AWaitEndsWhenDataArrives) {
  Connect();
  std::thread writer([&] {
    std::this_thread::sleep_for(milliseconds(100));
    listener_.Write("* 4 EXISTS\r\n");
  });
  // Far longer than the write takes: the wait must end on the data, not on its time.
  EXPECT_TRUE(socket_.waitForRead(60000));
  writer.join();
  std::string got;
  socket_.receive(got);
  EXPECT_EQ(got, "* 4 EXISTS\r\n");
}

TEST_F(PollSocketTest, AClosedPeerThrowsOnRead) {
  Connect();
  listener_.ClosePeer();
  EXPECT_TRUE(socket_.waitForRead(5000));  // end of stream is readable
  std::string got;
  EXPECT_THROW(socket_.receive(got), vmime::exceptions::socket_exception);
  EXPECT_FALSE(socket_.isConnected());
}

TEST_F(PollSocketTest, ARefusedConnectionIsAConnectionError) {
  const uint16_t port = test::FreeLoopbackPort();
  ASSERT_NE(port, 0);
  try {
    socket_.connect("127.0.0.1", port);
    FAIL() << "connected to a closed port";
  } catch (const vmime::exceptions::connection_error& e) {
    EXPECT_NE(std::string(e.what()).find("connecting"), std::string::npos) << e.what();
  }
}

TEST_F(PollSocketTest, TheTimeoutHandlerEndsAWaitThatWouldGoOn) {
  Connect();
  timeouts_->timed_out = true;
  auto start = Clock::now();
  EXPECT_THROW(socket_.waitForRead(60000), vmime::exceptions::operation_timed_out);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(30));
}

TEST_F(PollSocketTest, AHandlerThatKeepsWaitingIsResetAndTheWaitGoesOn) {
  Connect();
  timeouts_->timed_out = true;
  timeouts_->keep_waiting = true;
  const int resets = timeouts_->resets;
  EXPECT_FALSE(socket_.waitForRead(1500));
  EXPECT_GT(timeouts_->resets, resets);
}

TEST_F(PollSocketTest, DataResetsTheTimeout) {
  Connect();
  listener_.Write("x");
  const int resets = timeouts_->resets;
  std::string got;
  socket_.receive(got);
  EXPECT_EQ(got, "x");
  EXPECT_GT(timeouts_->resets, resets);
}

TEST_F(PollSocketTest, UseAfterDisconnectThrows) {
  Connect();
  socket_.disconnect();
  EXPECT_FALSE(socket_.isConnected());
  EXPECT_THROW(socket_.waitForRead(10), vmime::exceptions::socket_exception);
  EXPECT_THROW(socket_.send("x"), vmime::exceptions::socket_exception);
}

}  // namespace
}  // namespace draftbox
