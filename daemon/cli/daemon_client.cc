#include "cli/daemon_client.h"

#include <httplib.h>

#include "api/token.h"

namespace draftbox {
namespace {

constexpr ErrorCode kAllCodes[] = {
    ErrorCode::kInvalidArgument,
    ErrorCode::kNotFound,
    ErrorCode::kAlreadyExists,
    ErrorCode::kConflict,
    ErrorCode::kConfig,
    ErrorCode::kIo,
    ErrorCode::kStore,
    ErrorCode::kMailbox,
    ErrorCode::kAuth,
    ErrorCode::kTls,
    ErrorCode::kUnavailable,
    ErrorCode::kInternal,
};

// The API's code names are ErrorCodeName()s, plus a few of the request guard's own
// ("forbidden", "method_not_allowed", ...): those are the client's fault or ours.
std::optional<ErrorCode> CodeFromName(std::string_view name) {
  for (ErrorCode code : kAllCodes) {
    if (ErrorCodeName(code) == name) return code;
  }
  return std::nullopt;
}

ErrorCode CodeFromHttpStatus(int status) {
  switch (status) {
    case 400:
    case 422:
      return ErrorCode::kInvalidArgument;
    case 401:
    case 403:
      return ErrorCode::kAuth;
    case 404:
      return ErrorCode::kNotFound;
    case 409:
      return ErrorCode::kConflict;
    case 503:
      return ErrorCode::kUnavailable;
    default:
      return ErrorCode::kInternal;
  }
}

}  // namespace

DaemonClient::DaemonClient(std::string host, uint16_t port, std::string token,
                           std::filesystem::path token_file, std::string token_problem)
    : host_(std::move(host)),
      port_(port),
      token_(std::move(token)),
      token_file_(std::move(token_file)),
      token_problem_(std::move(token_problem)) {}

DaemonClient DaemonClient::ForConfig(const Config& config) {
  const DaemonConfig& d = config.daemon;
  Result<std::string> token = ReadToken(d.data_dir);
  if (!token) {
    return DaemonClient(d.listen_host, d.listen_port, "", TokenPath(d.data_dir),
                        token.error().message);
  }
  return DaemonClient(d.listen_host, d.listen_port, *token, TokenPath(d.data_dir));
}

std::string DaemonClient::Address() const {
  const bool v6 = host_.find(':') != std::string::npos;
  return (v6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
}

Result<nlohmann::json> DaemonClient::Get(std::string_view path) {
  return Send("GET", path, nullptr);
}

Result<nlohmann::json> DaemonClient::Post(std::string_view path, const nlohmann::json& body) {
  return Send("POST", path, &body);
}

Result<nlohmann::json> DaemonClient::Send(std::string_view method, std::string_view path,
                                          const nlohmann::json* body) {
  httplib::Client client(host_, port_);
  client.set_connection_timeout(std::chrono::seconds(5));
  client.set_read_timeout(timeout_);
  client.set_write_timeout(timeout_);
  httplib::Headers headers = {{"Host", Address()}, {"Accept", "application/json"}};
  if (!token_.empty()) headers.emplace("Authorization", "Bearer " + token_);

  const std::string target(path);
  httplib::Result response =
      method == "POST"
          ? client.Post(target, headers,
                        body->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                        "application/json")
          : client.Get(target, headers);
  if (!response) {
    if (response.error() == httplib::Error::Read) {
      return Fail(ErrorCode::kUnavailable,
                  "the daemon at " + Address() + " did not answer " + target + " in time");
    }
    return Fail(ErrorCode::kUnavailable,
                "cannot reach the daemon at " + Address() + " (start it with 'draftbox daemon')");
  }
  if (response->status >= 400) {
    return std::unexpected(ErrorFromResponse(response->status, response->body));
  }
  if (response->body.empty()) return nlohmann::json::object();
  nlohmann::json parsed = nlohmann::json::parse(response->body, nullptr, false);
  if (parsed.is_discarded()) {
    return Fail(ErrorCode::kInternal, "the daemon at " + Address() + " answered " + target +
                                          " with something that is not JSON");
  }
  return parsed;
}

Error DaemonClient::ErrorFromResponse(int http_status, const std::string& body) const {
  Error error{CodeFromHttpStatus(http_status),
              "the daemon answered HTTP " + std::to_string(http_status)};
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
    const nlohmann::json& e = parsed["error"];
    if (e.contains("message") && e["message"].is_string()) {
      error.message = e["message"].get<std::string>();
    }
    if (e.contains("code") && e["code"].is_string()) {
      std::optional<ErrorCode> code = CodeFromName(e["code"].get<std::string>());
      if (code && http_status != 401) error.code = *code;
    }
  }
  if (http_status != 401) return error;

  error.code = ErrorCode::kAuth;
  std::string hint = token_problem_.empty()
                         ? "the daemon at " + Address() + " refused the API token in " +
                               token_file_.string() + " (" + error.message + ")"
                         : "the daemon at " + Address() + " needs an API token: " + token_problem_;
  error.message = hint +
                  "; run this command with the same --config as the daemon, so both use the "
                  "same data dir and token file";
  return error;
}

}  // namespace draftbox
