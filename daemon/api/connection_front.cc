#include "api/connection_front.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

#include "api/http_errors.h"

namespace draftbox {
namespace {

using Clock = std::chrono::steady_clock;

// What a lingering connection may still send before it is closed regardless.
constexpr size_t kMaxLingerBytes = 1u << 20;
constexpr size_t kReadChunk = 4096;

// The request this thread serves, and the front serving it (see RequestAbandoned).
thread_local const ConnectionStream* current_stream = nullptr;
thread_local const std::atomic<bool>* current_stopping = nullptr;

// A refusal the poll thread writes itself, before any worker sees the request. The body is the
// API's error body; the write is best effort (it is small, and the socket buffer is empty).
void WriteRefusal(int fd, int status, const char* reason, const std::string& message) {
  const std::string body = ErrorBody("invalid_argument", message);
  const std::string answer =
      "HTTP/1.1 " + std::to_string(status) + " " + reason +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff"
      "\r\nConnection: close\r\n\r\n" +
      body;
  [[maybe_unused]] ssize_t ignored = send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
}

}  // namespace

struct ConnectionFront::Connection {
  enum class Phase {
    kHead,    // reading a request head
    kLinger,  // answered and closing: discarding input until EOF or the deadline
  };
  int fd = -1;
  Phase phase = Phase::kHead;
  std::string received;  // kHead: bytes of the head (and maybe beyond) read so far
  size_t scanned = 0;    // of `received`, searched for the head's end without finding it
  size_t discarded = 0;  // kLinger: bytes thrown away
  Clock::time_point deadline;
};

struct ConnectionFront::Lane {
  std::deque<ConnectionPtr> ready;  // guarded by ConnectionFront::mu_
  std::condition_variable cv;
  std::vector<std::thread> threads;
};

ConnectionFront::ConnectionFront(ConnectionFrontOptions options, ServeFn serve)
    : options_(std::move(options)),
      serve_(std::move(serve)),
      request_lane_(std::make_unique<Lane>()),
      event_lane_(std::make_unique<Lane>()) {}

ConnectionFront::~ConnectionFront() { Stop(); }

Status ConnectionFront::Start() {
  if (started_) return Fail(ErrorCode::kConflict, "the connection front is already running");
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    return Fail(
        ErrorCode::kUnavailable,
        "cannot create an eventfd: " + std::error_code(errno, std::generic_category()).message());
  }
  started_ = true;
  poll_thread_ = std::thread([this] { PollLoop(); });
  for (int i = 0; i < std::max(1, options_.request_threads); ++i) {
    request_lane_->threads.emplace_back([this] { WorkerLoop(*request_lane_); });
  }
  for (int i = 0; i < std::max(1, options_.event_threads); ++i) {
    event_lane_->threads.emplace_back([this] { WorkerLoop(*event_lane_); });
  }
  return {};
}

void ConnectionFront::Adopt(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  auto connection = std::make_unique<Connection>();
  connection->fd = fd;
  connection->deadline = Clock::now() + options_.head_deadline;
  open_.fetch_add(1);
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      incoming_.push_back(std::move(connection));
      connection = nullptr;
    }
  }
  if (connection) return Close(std::move(connection));
  Wake();
}

void ConnectionFront::Stop() {
  if (!started_) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  Wake();
  request_lane_->cv.notify_all();
  event_lane_->cv.notify_all();
  poll_thread_.join();
  for (Lane* lane : {request_lane_.get(), event_lane_.get()}) {
    for (std::thread& thread : lane->threads) thread.join();
    lane->threads.clear();
  }
  // Nothing runs any more: close what is still queued.
  for (Lane* lane : {request_lane_.get(), event_lane_.get()}) {
    while (!lane->ready.empty()) {
      Close(std::move(lane->ready.front()));
      lane->ready.pop_front();
    }
  }
  while (!incoming_.empty()) {
    Close(std::move(incoming_.front()));
    incoming_.pop_front();
  }
  close(wake_fd_);
  wake_fd_ = -1;
  started_ = false;
}

bool ConnectionFront::RequestAbandoned() {
  if (current_stream == nullptr) return false;
  return current_stopping->load() || current_stream->ClientGone();
}

void ConnectionFront::PollLoop() {
  std::vector<ConnectionPtr> owned;
  std::vector<pollfd> fds;
  while (!stopping_) {
    TakeIncoming(owned);
    fds.assign(1, pollfd{wake_fd_, POLLIN, 0});
    Clock::time_point next_deadline = Clock::now() + std::chrono::seconds(60);
    for (const ConnectionPtr& connection : owned) {
      fds.push_back(pollfd{connection->fd, POLLIN | POLLRDHUP, 0});
      next_deadline = std::min(next_deadline, connection->deadline);
    }
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(next_deadline - Clock::now());
    int ready = poll(fds.data(), fds.size(), static_cast<int>(std::max<int64_t>(0, wait.count())));
    if (ready < 0 && errno != EINTR) break;
    if (fds[0].revents != 0) {
      uint64_t count;
      [[maybe_unused]] ssize_t ignored = read(wake_fd_, &count, sizeof count);
    }
    const Clock::time_point now = Clock::now();
    // fds[i + 1] belongs to owned[i]; connections that leave are set to null, then dropped.
    for (size_t i = 0; i < owned.size(); ++i) {
      ConnectionPtr& connection = owned[i];
      bool stays = true;
      if (fds[i + 1].revents != 0) stays = OnReadable(connection);
      if (stays && now >= connection->deadline) {
        if (connection->phase == Connection::Phase::kHead && !connection->received.empty()) {
          WriteRefusal(connection->fd, 408, "Request Timeout",
                       "the request head did not arrive within " +
                           std::to_string(options_.head_deadline.count()) + " ms");
        }
        stays = false;
      }
      if (!stays && connection) Close(std::move(connection));
    }
    std::erase(owned, nullptr);
  }
  for (ConnectionPtr& connection : owned) Close(std::move(connection));
}

void ConnectionFront::TakeIncoming(std::vector<ConnectionPtr>& owned) {
  std::deque<ConnectionPtr> incoming;
  {
    std::lock_guard lock(mu_);
    incoming.swap(incoming_);
  }
  for (ConnectionPtr& connection : incoming) {
    // A connection handed back may already hold its next request (pipelined).
    if (connection->phase == Connection::Phase::kHead && !connection->received.empty() &&
        !Frame(connection)) {
      continue;
    }
    owned.push_back(std::move(connection));
  }
  // Over the limit: give up the connections nearest their deadline, oldest first.
  while (open_.load() > options_.max_connections && !owned.empty()) {
    auto oldest = std::min_element(owned.begin(), owned.end(), [](const auto& a, const auto& b) {
      return a->deadline < b->deadline;
    });
    Close(std::move(*oldest));
    owned.erase(oldest);
  }
}

bool ConnectionFront::OnReadable(ConnectionPtr& connection) {
  if (connection->phase == Connection::Phase::kLinger) {
    char scratch[kReadChunk];
    ssize_t n = recv(connection->fd, scratch, sizeof scratch, 0);
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    connection->discarded += static_cast<size_t>(n);
    return n > 0 && connection->discarded < kMaxLingerBytes;
  }
  // Never more than one byte beyond the head limit: enough to tell that it was exceeded.
  const size_t room = options_.head_limits.max_head + 1 - connection->received.size();
  const size_t old_size = connection->received.size();
  connection->received.resize(old_size + std::min(room, kReadChunk));
  ssize_t n = recv(connection->fd, connection->received.data() + old_size,
                   connection->received.size() - old_size, 0);
  connection->received.resize(old_size + static_cast<size_t>(std::max<ssize_t>(n, 0)));
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  if (n == 0) return false;  // the client closed before sending a whole head
  return Frame(connection);
}

bool ConnectionFront::Frame(ConnectionPtr& connection) {
  HeadScan scan = ScanRequestHead(connection->received, connection->scanned, options_.head_limits);
  switch (scan.state) {
    case HeadState::kIncomplete:
      connection->scanned = connection->received.size();
      return true;
    case HeadState::kComplete:
      Dispatch(std::move(connection));
      return false;
    case HeadState::kRequestLineTooLong:
      WriteRefusal(connection->fd, 414, "URI Too Long",
                   "the request line is longer than " +
                       std::to_string(options_.head_limits.max_request_line) + " bytes");
      break;
    case HeadState::kHeadTooLarge:
      WriteRefusal(connection->fd, 431, "Request Header Fields Too Large",
                   "the request head is larger than " +
                       std::to_string(options_.head_limits.max_head) + " bytes");
      break;
  }
  shutdown(connection->fd, SHUT_WR);
  connection->phase = Connection::Phase::kLinger;
  connection->received = std::string();
  connection->deadline = Clock::now() + options_.linger;
  return true;
}

void ConnectionFront::Dispatch(ConnectionPtr connection) {
  Lane& lane = IsEventsRequest(connection->received) ? *event_lane_ : *request_lane_;
  {
    std::lock_guard lock(mu_);
    lane.ready.push_back(std::move(connection));
  }
  lane.cv.notify_one();
}

void ConnectionFront::WorkerLoop(Lane& lane) {
  while (true) {
    ConnectionPtr connection;
    {
      std::unique_lock lock(mu_);
      lane.cv.wait(lock, [&] { return stopping_ || !lane.ready.empty(); });
      if (stopping_) return;
      connection = std::move(lane.ready.front());
      lane.ready.pop_front();
    }
    ConnectionStream stream(connection->fd, std::move(connection->received), options_.io_timeout);
    current_stream = &stream;
    current_stopping = &stopping_;
    const bool keep = serve_(stream);
    current_stream = nullptr;
    current_stopping = nullptr;
    connection->received = stream.TakeUnread();
    connection->scanned = 0;
    if (keep) {
      connection->deadline = Clock::now() + options_.head_deadline;
    } else {
      // Whatever the client still sends (a body the guard refused) is discarded, not read.
      shutdown(connection->fd, SHUT_WR);
      connection->phase = Connection::Phase::kLinger;
      connection->received = std::string();
      connection->deadline = Clock::now() + options_.linger;
    }
    {
      std::lock_guard lock(mu_);
      if (!stopping_) {
        incoming_.push_back(std::move(connection));
        connection = nullptr;
      }
    }
    if (connection) Close(std::move(connection));
    Wake();
  }
}

void ConnectionFront::Close(ConnectionPtr connection) {
  if (!connection) return;
  close(connection->fd);
  open_.fetch_sub(1);
}

void ConnectionFront::Wake() {
  if (wake_fd_ < 0) return;
  uint64_t one = 1;
  [[maybe_unused]] ssize_t ignored = write(wake_fd_, &one, sizeof one);
}

}  // namespace draftbox
