#include "api/api_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>
#include <nlohmann/json.hpp>
#include <regex>
#include <system_error>
#include <utility>
#include <vector>

#include "api/http_errors.h"
#include "core/loopback.h"
#include "core/version.h"

namespace draftbox {
namespace {

constexpr char kJson[] = "application/json";
// Bodies beyond this are refused before they are read: the largest planned request (a
// recipient import) stays well below it.
constexpr size_t kMaxPayloadBytes = 64u << 20;
constexpr auto kStartWait = std::chrono::seconds(5);

// Every path the router knows, with its methods, so that a known path with a wrong method
// answers 405 instead of 404.
struct Route {
  std::string method;
  std::string pattern;
};
const std::vector<Route>& Routes() {
  static const std::vector<Route> routes = {
      {"GET", "/v1/health"},
      {"GET", "/v1/status"},
  };
  return routes;
}

std::vector<std::string> HeaderValues(const httplib::Request& req, const char* name) {
  std::vector<std::string> out;
  auto [begin, end] = req.headers.equal_range(name);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
}

void SendJson(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  // Responses hold tokens' consequences (status, later drafts): never cache them.
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(body, kJson);
}

void SendError(httplib::Response& res, const Error& error) {
  SendJson(res, HttpStatusFor(error.code), ErrorBody(error));
}

// REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let a second daemon
// bind the same port and steal half of the connections instead of failing to start.
void ReuseAddressOnly(socket_t sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

// Fills in a body for a response that a handler or httplib left without one.
void FillErrorBody(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) return;
  if (res.status == 404) {
    std::string allowed;
    for (const Route& route : Routes()) {
      if (!std::regex_match(req.path, std::regex(route.pattern))) continue;
      allowed += (allowed.empty() ? "" : ", ") + route.method;
    }
    if (!allowed.empty()) {
      res.set_header("Allow", allowed);
      SendJson(res, 405,
               ErrorBody("method_not_allowed", req.method + " is not allowed on " + req.path +
                                                   " (allowed: " + allowed + ")"));
      return;
    }
    SendError(res, Error{ErrorCode::kNotFound, "no such endpoint: " + req.path});
    return;
  }
  int status = res.status;
  SendError(res, Error{status < 500 ? ErrorCode::kInvalidArgument : ErrorCode::kInternal,
                       "HTTP " + std::to_string(status)});
  res.status = status;  // keep httplib's own status (400, 413, ...)
}

void HandleHealth(httplib::Response& res) {
  nlohmann::json body = {{"ok", true}, {"version", kVersion}};
  SendJson(res, 200, body.dump());
}

void HandleStatus(StatusService& service, httplib::Response& res) {
  Result<DaemonStatus> status = service.GetStatus();
  if (!status) return SendError(res, status.error());
  SendJson(res, 200,
           ToJson(*status).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

ApiServer::ApiServer(ApiServerOptions options, StatusService& status)
    : options_(std::move(options)), status_(status), server_(std::make_unique<httplib::Server>()) {}

ApiServer::~ApiServer() { Stop(); }

Status ApiServer::Start() {
  if (listener_.joinable()) return Fail(ErrorCode::kConflict, "the API server is already running");
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  if (!IsLoopbackHost(options_.host)) {
    return Fail(ErrorCode::kInvalidArgument, "listen address " + where + " is not loopback");
  }
  if (options_.token.empty()) return Fail(ErrorCode::kInvalidArgument, "empty API token");
  server_->set_socket_options(ReuseAddressOnly);
  int port = options_.port;
  errno = 0;
  if (port == 0) port = server_->bind_to_any_port(options_.host);
  bool bound = options_.port == 0 ? port > 0 : server_->bind_to_port(options_.host, port);
  if (!bound) {
    std::string reason =
        errno != 0 ? std::error_code(errno, std::generic_category()).message() : "cannot bind";
    return Fail(ErrorCode::kUnavailable, "cannot listen on " + where + ": " + reason);
  }
  port_ = static_cast<uint16_t>(port);
  guard_ = std::make_unique<RequestGuard>(port_, options_.token);
  InstallHandlers();
  listener_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() is a no-op until the accept loop runs; wait so Stop() always works.
  auto deadline = std::chrono::steady_clock::now() + kStartWait;
  while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  spdlog::info("API listening on {}:{}", options_.host, port_);
  return {};
}

void ApiServer::Stop() {
  if (!listener_.joinable()) return;
  server_->stop();
  listener_.join();
  spdlog::info("API stopped");
}

void ApiServer::InstallHandlers() {
  int threads = options_.threads > 0 ? options_.threads : 1;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_payload_max_length(kMaxPayloadBytes);

  server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    GuardInput input{HeaderValues(req, "Host"), HeaderValues(req, "Origin"),
                     HeaderValues(req, "Authorization")};
    GuardDecision decision = guard_->Check(input);
    if (decision.verdict == GuardVerdict::kAllow)
      return httplib::Server::HandlerResponse::Unhandled;
    spdlog::warn("API refused {} {} from {}: {}", req.method, req.path, req.remote_addr,
                 decision.reason);
    if (decision.verdict == GuardVerdict::kUnauthorized) {
      res.set_header("WWW-Authenticate", "Bearer");
      SendError(res, Error{ErrorCode::kAuth, decision.reason});
    } else {
      // Host and Origin refusals have no ErrorCode of their own: not the caller's credentials
      // but the caller itself is wrong.
      SendJson(res, 403, ErrorBody("forbidden", decision.reason));
    }
    return httplib::Server::HandlerResponse::Handled;
  });
  server_->set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        FillErrorBody(req, res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  server_->set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        spdlog::error("API handler for {} {} threw: {}", req.method, req.path, what);
        SendError(res, Error{ErrorCode::kInternal, "internal error"});
      });

  server_->Get("/v1/health",
               [](const httplib::Request&, httplib::Response& res) { HandleHealth(res); });
  server_->Get("/v1/status", [this](const httplib::Request&, httplib::Response& res) {
    HandleStatus(status_, res);
  });
}

}  // namespace draftbox
