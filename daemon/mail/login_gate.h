// The one place that decides whether Draftbox may try to log in to the mailbox now. A provider
// locks an account that keeps retrying a rejected password, and the daemon has several
// connections (the monitor, the Sent and INBOX watchers, the draft placer) that would each retry
// on their own backoff. They share one LoginGate, so that:
//   - while no login has succeeded yet, one caller logs in and the others wait for its outcome;
//   - after a rejection (kAuth) nobody logs in until the rejection backoff has passed (5 min,
//     doubling to 1 h), and then exactly one caller tries;
//   - other credentials (the password command returned a new password) open the gate at once;
//     so does a restart, since the state lives in memory only.
// Network failures (kUnavailable, kTls) do not touch the gate: each caller keeps its own
// shorter backoff for those, since they never reach the password check.
// Thread-safe: every method may be called from any thread.
#ifndef DRAFTBOX_MAIL_LOGIN_GATE_H_
#define DRAFTBOX_MAIL_LOGIN_GATE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/error.h"

namespace draftbox {

struct LoginGateOptions {
  // A rejected login is retried after this, doubling per rejection up to max_backoff: long
  // enough that a provider's lockout (typically 10 to 20 failures in a window) is never reached.
  std::chrono::seconds first_backoff = std::chrono::minutes(5);
  std::chrono::seconds max_backoff = std::chrono::hours(1);
};

struct LoginGateState {
  bool rejected = false;                      // the last login with these credentials was refused
  int rejections = 0;                         // in a row, for the same credentials
  std::optional<int64_t> next_attempt_unix;   // when a login will be tried again; set if rejected
  std::optional<std::string> last_rejection;  // the server's refusal, no secret in it
};

class LoginGate {
 public:
  // `clock` must outlive the gate.
  explicit LoginGate(const Clock& clock, LoginGateOptions options = {});

  // Asks before an operation that may log in with credentials fingerprinted as `credentials`
  // (a hash of user and secret; never the secret itself). Returns true when the caller must
  // prove the login first (connect, then RecordLogin(..., probe = true)), false when a login
  // has already succeeded and the caller may go ahead. Blocks while another caller's proving
  // login is in flight. kAuth naming the time of the next attempt while a rejection holds.
  Result<bool> Admit(uint64_t credentials);

  // Reports a login's outcome. `probe` is the value Admit returned (the caller held the one
  // proving attempt, now released). kAuth closes the gate; success opens it; any other error
  // leaves the state as it was. Never fails.
  void RecordLogin(uint64_t credentials, const Status& outcome, bool probe);

  LoginGateState Snapshot() const;

 private:
  const Clock& clock_;
  LoginGateOptions options_;
  mutable std::mutex mu_;
  std::condition_variable probe_done_;
  bool probe_in_flight_ = false;  // guarded by mu_
  bool proven_ = false;           // a login with credentials_ succeeded; guarded by mu_
  uint64_t credentials_ = 0;      // of the last recorded outcome; guarded by mu_
  LoginGateState state_;          // guarded by mu_
};

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_LOGIN_GATE_H_
