#include "api/api_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <nlohmann/json.hpp>
#include <regex>
#include <system_error>
#include <utility>
#include <vector>

#include "api/connection_front.h"
#include "api/http_errors.h"
#include "api/json_response.h"
#include "core/loopback.h"
#include "core/text.h"
#include "core/version.h"

namespace draftbox {

// httplib with its connections handed to a ConnectionFront: httplib's accept loop gives each
// accepted socket to the front instead of a pool thread (process_and_close_socket is httplib's
// virtual hook for that), and the front's workers call ServeOne for each complete head
// (process_request is httplib's protected entry for one request on any Stream).
class FrontedServer final : public httplib::Server {
 public:
  void set_front(ConnectionFront* front) { front_ = front; }

  // Serves one request; true when the connection may carry another: not when the client or
  // the answer said "Connection: close", nor when httplib gave up on the request.
  bool ServeOne(ConnectionStream& stream);

  // Called by the logger hook after each answer is written, on the thread that wrote it.
  static void NoteAnswer(const httplib::Response& res);

  // Raises the bound socket's accept backlog from httplib's 5: a burst of connections (an
  // attack, or many clients at once) would otherwise overflow it, and every connection beyond
  // waits a second for its SYN to be sent again, ours included.
  void WidenBacklog() { ::listen(svr_sock_.load(), SOMAXCONN); }

 private:
  bool process_and_close_socket(socket_t sock) override {
    front_->Adopt(sock);
    return true;
  }

  ConnectionFront* front_ = nullptr;
};

namespace {

// Whether the answer just written on this thread said "Connection: close".
thread_local bool answer_closes = false;

// Runs httplib's accept-loop jobs at once on the accepting thread: the only job is
// process_and_close_socket, which hands the socket over without blocking.
class InlineTaskQueue : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

// Bodies beyond this are refused before they are read: the largest planned request (a
// recipient import) stays well below it.
constexpr size_t kMaxPayloadBytes = 64u << 20;
constexpr auto kStartWait = std::chrono::seconds(5);
// What httplib's Keep-Alive header announces: the front's head deadline, which is also how long
// an idle connection is kept.
constexpr time_t kKeepAliveSeconds = 5;
// Statuses httplib answers itself when it cannot trust the rest of the connection's bytes.
bool ClosesConnection(int status) {
  return status == 400 || status == 413 || status == 414 || status == 431;
}

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
      {"GET", "/v1/optouts"},
      {"GET", "/v1/optouts/[^/]+"},
      {"POST", "/v1/optouts/[^/]+/(confirm|dismiss)"},
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
  if (ClosesConnection(status)) res.set_header("Connection", "close");
}

// True when the request announces a body larger than we accept (or a length we cannot read as
// a number at all, which httplib would refuse anyway).
bool AnnouncesTooLargeBody(const httplib::Request& req) {
  if (!req.has_header("Content-Length")) return false;
  const std::string value = req.get_header_value("Content-Length");
  uint64_t length = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
  if (error == std::errc::result_out_of_range) return true;
  return error == std::errc() && end == value.data() + value.size() && length > kMaxPayloadBytes;
}

// Everything a log line says about a request is the client's text: escaped, so that no request
// can start a line of its own in the log.
std::string DescribeForLog(const httplib::Request& req) {
  return EscapeForLog(req.method, 16) + " " + EscapeForLog(req.target) + " from " +
         EscapeForLog(req.remote_addr, 64);
}

// The pre-routing step: lets an allowed request through to routing, answers any other.
httplib::Server::HandlerResponse Guard(const RequestGuard& guard, const httplib::Request& req,
                                       httplib::Response& res) {
  GuardInput input{HeaderValues(req, "Host"), HeaderValues(req, "Origin"),
                   HeaderValues(req, "Authorization")};
  GuardDecision decision = guard.Check(input);
  if (decision.verdict == GuardVerdict::kAllow) {
    if (!AnnouncesTooLargeBody(req)) return httplib::Server::HandlerResponse::Unhandled;
    SendError(res, Error{ErrorCode::kInvalidArgument, "the request body is larger than " +
                                                          std::to_string(kMaxPayloadBytes >> 20) +
                                                          " MiB"});
    res.status = 413;
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  }
  spdlog::warn("API refused {}: {}", DescribeForLog(req), decision.reason);
  // The body of a refused request is never read: the connection closes after the answer.
  res.set_header("Connection", "close");
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
  spdlog::error("API handler for {} threw: {}", DescribeForLog(req), EscapeForLog(what));
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

bool FrontedServer::ServeOne(ConnectionStream& stream) {
  answer_closes = false;
  bool connection_closed = false;
  const bool served =
      process_request(stream, /*close_connection=*/false, connection_closed, nullptr);
  return served && !connection_closed && !answer_closes;
}

void FrontedServer::NoteAnswer(const httplib::Response& res) {
  answer_closes = res.get_header_value("Connection") == "close";
}

ApiServer::ApiServer(ApiServerOptions options, StatusService& status)
    : options_(std::move(options)),
      status_(status),
      server_(std::make_unique<FrontedServer>()),
      front_(std::make_unique<ConnectionFront>(
          ConnectionFrontOptions{.request_threads = options_.threads,
                                 .event_threads = options_.event_threads},
          [server = server_.get()](ConnectionStream& stream) {
            return server->ServeOne(stream);
          })) {
  server_->set_front(front_.get());
}

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
  if (Status fronted = front_->Start(); !fronted) return fronted;
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
  server_->WidenBacklog();
  return {};
}

void ApiServer::Stop() {
  if (!listener_.joinable()) return;
  server_->stop();
  listener_.join();
  front_->Stop();
  spdlog::info("API stopped");
}

void ApiServer::InstallHandlers() {
  server_->new_task_queue = [] { return new InlineTaskQueue; };
  server_->set_payload_max_length(kMaxPayloadBytes);
  server_->set_keep_alive_timeout(kKeepAliveSeconds);
  server_->set_logger([](const httplib::Request&, const httplib::Response& res) {
    FrontedServer::NoteAnswer(res);
  });

  server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return Guard(*guard_, req, res);
  });
  // httplib answers "100 Continue" before routing: without this, a client the guard refuses
  // would first be invited to send its body.
  server_->set_expect_100_continue_handler([this](const httplib::Request& req,
                                                  httplib::Response& res) {
    return Guard(*guard_, req, res) == httplib::Server::HandlerResponse::Handled ? res.status : 100;
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
