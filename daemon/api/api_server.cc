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
#include "api/json_response.h"
#include "core/loopback.h"
#include "core/version.h"

namespace draftbox {
namespace {

// Bodies beyond this are refused before they are read: the largest planned request (a
// recipient import) stays well below it.
constexpr size_t kMaxPayloadBytes = 64u << 20;
constexpr auto kStartWait = std::chrono::seconds(5);
// A pool thread waits this long on an idle keep-alive connection, and Stop() waits for the pool:
// short, so shutdown stays prompt while a client holds a connection open.
constexpr time_t kKeepAliveSeconds = 1;

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
      {"GET", "/v1/recipients"},
      {"POST", "/v1/recipients/import"},
      {"GET", "/v1/recipients/[^/]+"},
      {"GET", "/v1/imports/[^/]+"},
      {"GET", "/v1/suppressions"},
      {"POST", "/v1/suppressions"},
      {"POST", "/v1/suppressions/(import|remove)"},
      {"DELETE", "/v1/suppressions/[^/]+"},
      {"GET", "/v1/campaigns"},
      {"POST", "/v1/campaigns"},
      {"GET", "/v1/campaigns/[^/]+"},
      {"POST", "/v1/campaigns/[^/]+/runs"},
      {"GET", "/v1/runs/[^/]+"},
      {"GET", "/v1/drafts"},
      {"GET", "/v1/drafts/[^/]+"},
      {"POST", "/v1/drafts/[^/]+/(regenerate|reject|sent)"},
      {"GET", "/v1/events"},
  };
  return routes;
}

std::vector<std::string> HeaderValues(const httplib::Request& req, const char* name) {
  std::vector<std::string> out;
  auto [begin, end] = req.headers.equal_range(name);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
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
      SendJsonText(res, 405,
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

// The pre-routing step: lets an allowed request through to routing, answers any other.
httplib::Server::HandlerResponse Guard(const RequestGuard& guard, const httplib::Request& req,
                                       httplib::Response& res) {
  GuardInput input{HeaderValues(req, "Host"), HeaderValues(req, "Origin"),
                   HeaderValues(req, "Authorization")};
  GuardDecision decision = guard.Check(input);
  if (decision.verdict == GuardVerdict::kAllow) return httplib::Server::HandlerResponse::Unhandled;
  spdlog::warn("API refused {} {} from {}: {}", req.method, req.path, req.remote_addr,
               decision.reason);
  if (decision.verdict == GuardVerdict::kUnauthorized) {
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, Error{ErrorCode::kAuth, decision.reason});
  } else {
    // Host and Origin refusals have no ErrorCode of their own: not the caller's credentials
    // but the caller itself is wrong.
    SendJsonText(res, 403, ErrorBody("forbidden", decision.reason));
  }
  return httplib::Server::HandlerResponse::Handled;
}

// A handler threw (it should not): log the reason, tell the client only that it was our fault.
void AnswerException(const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
  std::string what = "unknown exception";
  try {
    std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  spdlog::error("API handler for {} {} threw: {}", req.method, req.path, what);
  SendError(res, Error{ErrorCode::kInternal, "internal error"});
}

void HandleHealth(httplib::Response& res) {
  nlohmann::json body = {{"ok", true}, {"version", kVersion}};
  SendJson(res, 200, body);
}

void HandleStatus(StatusService& service, httplib::Response& res) {
  Result<DaemonStatus> status = service.GetStatus();
  if (!status) return SendError(res, status.error());
  SendJson(res, 200, ToJson(*status));
}

}  // namespace

ApiServer::ApiServer(ApiServerOptions options, StatusService& status)
    : options_(std::move(options)), status_(status), server_(std::make_unique<httplib::Server>()) {}

ApiServer::~ApiServer() { Stop(); }

Status ApiServer::Start() {
  if (listener_.joinable()) return Fail(ErrorCode::kConflict, "the API server is already running");
  if (!IsLoopbackHost(options_.host)) {
    return Fail(ErrorCode::kInvalidArgument, "listen address " + options_.host + ":" +
                                                 std::to_string(options_.port) +
                                                 " is not loopback");
  }
  if (options_.token.empty()) return Fail(ErrorCode::kInvalidArgument, "empty API token");
  if (Status bound = Bind(); !bound) return bound;
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

Status ApiServer::Bind() {
  server_->set_socket_options(ReuseAddressOnly);
  errno = 0;
  int port = options_.port;
  if (port == 0) port = server_->bind_to_any_port(options_.host);
  bool bound = options_.port == 0 ? port > 0 : server_->bind_to_port(options_.host, port);
  if (!bound) {
    // httplib reports only false; bind()'s errno is still there and says why.
    std::string reason =
        errno != 0 ? std::error_code(errno, std::generic_category()).message() : "cannot bind";
    return Fail(ErrorCode::kUnavailable, "cannot listen on " + options_.host + ":" +
                                             std::to_string(options_.port) + ": " + reason);
  }
  port_ = static_cast<uint16_t>(port);
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
  server_->set_keep_alive_timeout(kKeepAliveSeconds);

  server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return Guard(*guard_, req, res);
  });
  server_->set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        FillErrorBody(req, res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  server_->set_exception_handler(AnswerException);

  server_->Get("/v1/health",
               [](const httplib::Request&, httplib::Response& res) { HandleHealth(res); });
  server_->Get("/v1/status", [this](const httplib::Request&, httplib::Response& res) {
    HandleStatus(status_, res);
  });
  for (const auto& install : route_groups_) install(*server_);
}

void ApiServer::AddRoutes(std::function<void(httplib::Server&)> install) {
  route_groups_.push_back(std::move(install));
}

}  // namespace draftbox
