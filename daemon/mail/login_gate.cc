#include "mail/login_gate.h"

#include <algorithm>
#include <ctime>

namespace draftbox {
namespace {

// "2026-12-03 16:05 UTC": the status shows it to people; UTC, since the daemon and the reader
// may not share a time zone.
std::string FormatUtc(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

}  // namespace

LoginGate::LoginGate(const Clock& clock, LoginGateOptions options)
    : clock_(clock), options_(options) {}

Result<bool> LoginGate::Admit(uint64_t credentials) {
  std::unique_lock<std::mutex> lock(mu_);
  probe_done_.wait(lock, [this] { return !probe_in_flight_; });
  if (credentials != credentials_) {
    // A new password (or a first call): whatever was learnt about the old one does not hold.
    credentials_ = credentials;
    proven_ = false;
    state_ = LoginGateState{};
  }
  if (proven_) return false;
  if (state_.rejected && clock_.NowUnix() < state_.next_attempt_unix.value_or(0)) {
    return Fail(ErrorCode::kAuth, state_.last_rejection.value_or("login rejected") +
                                      "; not trying again before " +
                                      FormatUtc(*state_.next_attempt_unix) +
                                      ", so the provider does not lock the account (a new "
                                      "password or a daemon restart tries at once)");
  }
  probe_in_flight_ = true;
  return true;
}

void LoginGate::RecordLogin(uint64_t credentials, const Status& outcome, bool probe) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (probe) probe_in_flight_ = false;
    if (credentials == credentials_) {
      if (outcome) {
        proven_ = true;
        state_ = LoginGateState{};
      } else if (outcome.error().code == ErrorCode::kAuth) {
        proven_ = false;
        state_.rejected = true;
        ++state_.rejections;
        std::chrono::seconds backoff = options_.first_backoff;
        for (int i = 1; i < state_.rejections && backoff < options_.max_backoff; ++i) backoff *= 2;
        backoff = std::min(backoff, options_.max_backoff);
        state_.next_attempt_unix = clock_.NowUnix() + backoff.count();
        state_.last_rejection = outcome.error().message;
      }
    }
  }
  if (probe) probe_done_.notify_all();
}

LoginGateState LoginGate::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_;
}

}  // namespace draftbox
