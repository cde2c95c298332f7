#include "model/http_chat_transport.h"

#include <httplib.h>

#include <utility>

namespace draftbox {

Result<HttpChatTransport> HttpChatTransport::Create(const std::string& endpoint,
                                                    std::string api_key,
                                                    std::chrono::seconds timeout) {
  size_t scheme_end = endpoint.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : endpoint.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    return Fail(ErrorCode::kInvalidArgument,
                "composer.endpoint: expected an http:// or https:// URL, got \"" + endpoint + "\"");
  }
  const size_t host_start = scheme_end + 3;
  size_t path_start = endpoint.find('/', host_start);
  if (path_start == std::string::npos) path_start = endpoint.size();
  if (path_start == host_start || endpoint.find_first_of("?#@ ", host_start) != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument,
                "composer.endpoint: expected scheme://host[:port][/path] without query, "
                "credentials or spaces, got \"" +
                    endpoint + "\"");
  }
  std::string path = endpoint.substr(path_start);
  while (!path.empty() && path.back() == '/') path.pop_back();
  return HttpChatTransport(endpoint.substr(0, path_start), path + "/chat/completions",
                           std::move(api_key), timeout);
}

HttpChatTransport::HttpChatTransport(std::string origin, std::string path, std::string api_key,
                                     std::chrono::seconds timeout)
    : origin_(std::move(origin)),
      path_(std::move(path)),
      api_key_(std::move(api_key)),
      timeout_(timeout) {}

ChatReply HttpChatTransport::Post(const std::string& body) {
  ChatReply reply;
  httplib::Client client(origin_);
  if (!client.is_valid()) {
    reply.error = "cannot use " + origin_;
    reply.connect_failed = true;
    return reply;
  }
  client.set_connection_timeout(timeout_.count(), 0);
  client.set_read_timeout(timeout_.count(), 0);
  client.set_write_timeout(timeout_.count(), 0);
  client.set_keep_alive(false);
  client.set_follow_location(false);  // a redirect must not carry the key elsewhere
  if (!api_key_.empty()) client.set_bearer_token_auth(api_key_);

  httplib::Request request;
  request.method = "POST";
  request.path = path_;
  request.body = body;
  request.set_header("Content-Type", "application/json");
  request.set_header("Accept", "application/json");
  std::string received;
  bool too_big = false;
  request.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
    if (received.size() + length > kMaxResponseBytes) {
      too_big = true;
      return false;
    }
    received.append(data, length);
    return true;
  };
  httplib::Response response;
  httplib::Error error = httplib::Error::Success;
  if (!client.send(request, response, error)) {
    switch (error) {
      case httplib::Error::Connection:
      case httplib::Error::ConnectionTimeout:
      case httplib::Error::BindIPAddress:
        reply.error = "cannot connect to " + origin_ + " (" + httplib::to_string(error) + ")";
        reply.connect_failed = true;
        break;
      case httplib::Error::Read:
        reply.error = "no whole answer within " + std::to_string(timeout_.count()) +
                      " s (timed out or the connection closed mid-answer)";
        break;
      case httplib::Error::Canceled:
        reply.error = too_big ? "answer larger than " + std::to_string(kMaxResponseBytes) + " bytes"
                              : "request canceled";
        break;
      default:
        reply.error = httplib::to_string(error);
        break;
    }
    return reply;
  }
  reply.status = response.status;
  // Depending on the status the library hands the body to the receiver or keeps it.
  reply.body = received.empty() ? std::move(response.body) : std::move(received);
  reply.retry_after = response.get_header_value("Retry-After");
  return reply;
}

}  // namespace draftbox
