// Owns the local API's connections between requests, so that no client can hold a request
// worker by being slow or by keeping a connection open. One poll() thread reads every request
// head: the whole head must arrive within `head_deadline` of the connection becoming ready for
// it (accepted, or its previous answer written), however slowly it trickles, and within the
// size limits of RequestHeadLimits (else 414 or 431 and the connection is closed; 408 for a head
// that missed its deadline). Only a complete head goes to a worker, which serves that one
// request (ServeFn: parsing, guard, routing, body, answer) and hands the connection back; idle
// keep-alive connections cost no thread. GET /v1/events requests, which may wait for a minute,
// have workers of their own, so long polls and streams never take a worker from other
// requests. A connection whose answer asks to close lingers briefly (what the client still
// sends is read and discarded, never kept) so the client reads the answer before the close.
// Thread-safe: Adopt from the accepting thread, Stop from the owner.
#ifndef DRAFTBOX_API_CONNECTION_FRONT_H_
#define DRAFTBOX_API_CONNECTION_FRONT_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "api/connection_stream.h"
#include "api/request_head.h"
#include "core/error.h"

namespace draftbox {

struct ConnectionFrontOptions {
  int request_threads = 4;
  int event_threads = 18;
  // A person's client sends its head in one go; seconds are generous, and a client that
  // trickles cannot keep a connection for longer.
  std::chrono::milliseconds head_deadline{5000};
  // Each read or write while a request is served (its body, its answer).
  std::chrono::milliseconds io_timeout{5000};
  // How long a connection closed after a refusal discards what its client still sends.
  std::chrono::milliseconds linger{1000};
  // Open connections at most; beyond it the one nearest its deadline among those waiting for a
  // head is closed. Keeps file descriptors well below FD_SETSIZE, which httplib's parser needs.
  size_t max_connections = 256;
  RequestHeadLimits head_limits{};
};

class ConnectionFront {
 public:
  // Serves the one request whose head `stream` starts with; true when the connection may carry
  // another. Called on a worker thread.
  using ServeFn = std::function<bool(ConnectionStream& stream)>;

  ConnectionFront(ConnectionFrontOptions options, ServeFn serve);
  ~ConnectionFront();  // Stops if still running.
  ConnectionFront(const ConnectionFront&) = delete;
  ConnectionFront& operator=(const ConnectionFront&) = delete;

  // Starts the poll thread and the workers. kUnavailable when they cannot be made.
  Status Start();

  // Takes over an accepted socket (closes it when stopping). Never blocks on the client.
  void Adopt(int fd);

  // Closes every connection that waits for a head, lets requests being served finish (a long
  // poll sees RequestAbandoned()), joins the threads. Idempotent.
  void Stop();

  // For a handler: true when the client of the request this thread serves has closed its
  // connection, or the front is stopping. False on a thread that serves no request.
  static bool RequestAbandoned();

 private:
  struct Connection;
  struct Lane;
  using ConnectionPtr = std::unique_ptr<Connection>;

  void PollLoop();
  void TakeIncoming(std::vector<ConnectionPtr>& owned);
  // Reads what `connection` has; true when it stays with the poll thread.
  bool OnReadable(ConnectionPtr& connection);
  // Frames the head read so far: dispatches it, refuses it, or leaves it to read on. True when
  // the connection stays with the poll thread.
  bool Frame(ConnectionPtr& connection);
  void Dispatch(ConnectionPtr connection);
  void WorkerLoop(Lane& lane);
  void Close(ConnectionPtr connection);
  void Wake();

  ConnectionFrontOptions options_;
  ServeFn serve_;
  int wake_fd_ = -1;
  std::thread poll_thread_;
  std::unique_ptr<Lane> request_lane_;
  std::unique_ptr<Lane> event_lane_;
  std::atomic<size_t> open_ = 0;
  std::atomic<bool> stopping_ = false;
  std::mutex mu_;
  std::deque<ConnectionPtr> incoming_;  // guarded by mu_: adopted or handed back by a worker
  bool started_ = false;                // owner thread only
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_CONNECTION_FRONT_H_
