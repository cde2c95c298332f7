// A local OAuth2 token check for tests: it stands for the provider's token service, which
// cannot run here. Dovecot's oauth2 passdb (DovecotOptions::oauth2_introspection_url) POSTs
// each token to url() (RFC 7662 introspection) and lets the user in when the answer is
// {"active": true, "username": ...}; a token never granted, or expired since, gets
// {"active": false}, which Dovecot turns into a refused login, as Gmail does with an expired
// access token. An in-process cpp-httplib server on a free loopback port.
// Thread-safe: the server answers on its own threads while the test grants and expires tokens.
#ifndef DRAFTBOX_TESTS_SUPPORT_TOKEN_CHECK_H_
#define DRAFTBOX_TESTS_SUPPORT_TOKEN_CHECK_H_

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "support/dovecot_server.h"

namespace httplib {
class Server;
}

namespace draftbox::test {

class TokenCheck {
 public:
  // Starts listening on 127.0.0.1; every granted token stands for `username`.
  // kUnavailable if no port could be bound.
  static Result<std::unique_ptr<TokenCheck>> Start(std::string username);

  TokenCheck(const TokenCheck&) = delete;
  TokenCheck& operator=(const TokenCheck&) = delete;
  ~TokenCheck();  // stops the server

  // http://127.0.0.1:PORT/introspect
  std::string url() const;

  void Grant(const std::string& token);   // the check now calls `token` active
  void Expire(const std::string& token);  // and now no longer

  // Every token checked so far, in the order Dovecot asked.
  std::vector<std::string> Checked() const;

 private:
  explicit TokenCheck(std::string username);

  std::string username_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::set<std::string> active_;      // guarded by mu_
  std::vector<std::string> checked_;  // guarded by mu_
};

// A throwaway Dovecot whose oauth2 passdb asks its own TokenCheck, for the default user
// (dana@example.com). Dovecot is declared last, so it stops before the check goes away.
struct OAuth2Dovecot {
  std::unique_ptr<TokenCheck> check;
  std::unique_ptr<DovecotServer> dovecot;
};

// Errors of TokenCheck::Start and DovecotServer::Start.
Result<OAuth2Dovecot> StartOAuth2Dovecot();

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_SUPPORT_TOKEN_CHECK_H_
