// The daemon's local HTTP API (DESIGN.md "Local HTTP API") over cpp-httplib: JSON under /v1,
// loopback only, every request through RequestGuard before routing, errors as
// {"error":{"code","message"}}. Handlers are thin: each checks its input and hands off to a
// service. Start/Stop are meant for one owning thread; handlers run on a small pool and only
// touch thread-safe services.
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

struct ApiServerOptions {
  std::string host = "127.0.0.1";  // must be a loopback host
  uint16_t port = 7411;            // 0: any free port (tests); port() tells which
  std::string token;               // the bearer token every request must carry
  int threads = 4;  // a few: the clients are one CLI and one add-on, plus long polls later
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

  // Stops accepting, lets requests in flight finish, joins the threads. Idempotent.
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
  std::unique_ptr<httplib::Server> server_;
  std::vector<std::function<void(httplib::Server&)>> route_groups_;
  std::thread listener_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_API_SERVER_H_
