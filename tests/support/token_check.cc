#include "support/token_check.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace draftbox::test {

TokenCheck::TokenCheck(std::string username)
    : username_(std::move(username)), server_(std::make_unique<httplib::Server>()) {}

Result<std::unique_ptr<TokenCheck>> TokenCheck::Start(std::string username) {
  std::unique_ptr<TokenCheck> check(new TokenCheck(std::move(username)));
  TokenCheck* self = check.get();
  self->server_->Post("/introspect", [self](const httplib::Request& req, httplib::Response& res) {
    const std::string token = req.get_param_value("token");
    nlohmann::json answer = {{"active", false}};
    {
      std::lock_guard<std::mutex> lock(self->mu_);
      self->checked_.push_back(token);
      if (self->active_.contains(token)) {
        answer = {{"active", true}, {"username", self->username_}};
      }
    }
    res.set_content(answer.dump(), "application/json");
  });
  self->port_ = self->server_->bind_to_any_port("127.0.0.1");
  if (self->port_ <= 0) return Fail(ErrorCode::kUnavailable, "token check: no loopback port");
  // Bound sockets already listen: Dovecot's requests wait in the backlog until the loop runs.
  self->thread_ = std::thread([self] { self->server_->listen_after_bind(); });
  return check;
}

TokenCheck::~TokenCheck() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string TokenCheck::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/introspect";
}

void TokenCheck::Grant(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  active_.insert(token);
}

void TokenCheck::Expire(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  active_.erase(token);
}

std::vector<std::string> TokenCheck::Checked() const {
  std::lock_guard<std::mutex> lock(mu_);
  return checked_;
}

Result<OAuth2Dovecot> StartOAuth2Dovecot() {
  OAuth2Dovecot out;
  Result<std::unique_ptr<TokenCheck>> check = TokenCheck::Start(DovecotOptions{}.users[0].first);
  if (!check) return std::unexpected(check.error());
  out.check = std::move(*check);
  Result<std::unique_ptr<DovecotServer>> dovecot =
      DovecotServer::Start({.oauth2_introspection_url = out.check->url()});
  if (!dovecot) return std::unexpected(dovecot.error());
  out.dovecot = std::move(*dovecot);
  return out;
}

}  // namespace draftbox::test
