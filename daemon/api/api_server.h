// The daemon's local HTTP API (DESIGN.md "Local HTTP API") over cpp-httplib: JSON under /v1,
// loopback only, every request through RequestGuard before routing and before its body is read,
// errors as {"error":{"code","message"}}. Handlers are thin: each checks its input and hands off
// to a service. httplib accepts connections and parses, guards and routes each request, but a
// ConnectionFront owns the connections between requests, so a slow or idle client holds no
// worker. Start/Stop are meant for one owning thread; handlers run on a small pool (and
// GET /v1/events on a pool of its own) and only touch thread-safe services.
#ifndef DRAFTBOX_API_API_SERVER_H_
#define DRAFTBOX_API_API_SERVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/request_guard.h"
#include "api/status_service.h"
#include "core/error.h"

namespace httplib {
class Server;
}

namespace draftbox {

class ConnectionFront;
class FrontedServer;

struct ApiServerOptions {
  std::string host = "127.0.0.1";  // must be a loopback host
  uint16_t port = 7411;            // 0: any free port (tests); port() tells which
  std::string token;               // the bearer token every request must carry
  int threads = 4;                 // a few: the clients are one CLI and one add-on
  // GET /v1/events only: each long poll or stream holds one while it waits; EventRoutes lets
  // max_waiters (16) wait, and the rest answer at once.
  int event_threads = 18;
};

class ApiServer {
 public:
  // `status` must outlive the server.
  ApiServer(ApiServerOptions options, StatusService& status);
  ~ApiServer();  // Stops if still running.
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds host:port and starts serving on a background thread; returns once requests are
  // accepted. kInvalidArgument for a non-loopback host or an empty token, kUnavailable
  // "cannot listen on H:P: <reason>" when the port is taken or cannot be bound, kConflict if
  // already started.
  Status Start();

  // Stops accepting, closes idle connections, lets requests in flight finish (long polls answer
  // what they have, streams end), joins the threads. Idempotent.
  void Stop();

  // The bound port (after Start; useful with port 0).
  uint16_t port() const { return port_; }

  // Adds a group of routes from its own file (e.g. SuppressionRoutes::Install); Start() calls
  // `install` once, after the built-in routes. Call before Start(). Never fails.
  void AddRoutes(std::function<void(httplib::Server&)> install);

 private:
  // Binds the listening socket and sets port_. Errors as Start().
  Status Bind();
  void InstallHandlers();

  ApiServerOptions options_;
  StatusService& status_;
  uint16_t port_ = 0;
  std::unique_ptr<RequestGuard> guard_;
  std::unique_ptr<FrontedServer> server_;
  std::unique_ptr<ConnectionFront> front_;
  std::vector<std::function<void(httplib::Server&)>> route_groups_;
  std::thread listener_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_API_SERVER_H_
