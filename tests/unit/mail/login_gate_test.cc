// LoginGate: a rejected login closes the gate for every caller until the backoff has passed,
// then one caller tries; new credentials open it at once. Time moves only by ManualClock.
#include "mail/login_gate.h"

#include <gtest/gtest.h>

#include <chrono>

#include "core/manual_clock.h"

namespace draftbox {
namespace {

constexpr uint64_t kPassword = 11;
constexpr uint64_t kNewPassword = 22;

Status Rejected() { return Fail(ErrorCode::kAuth, "login rejected (server said: NO)"); }
Status Unreachable() { return Fail(ErrorCode::kUnavailable, "connection refused"); }

class LoginGateTest : public testing::Test {
 protected:
  // Admits as a proving caller and records `outcome`.
  void ProveWith(uint64_t credentials, const Status& outcome) {
    Result<bool> probe = gate_.Admit(credentials);
    ASSERT_TRUE(probe) << probe.error().ToString();
    ASSERT_TRUE(*probe);
    gate_.RecordLogin(credentials, outcome, true);
  }

  ManualClock clock_{1'800'000'000};
  LoginGate gate_{clock_, LoginGateOptions{.first_backoff = std::chrono::minutes(5),
                                           .max_backoff = std::chrono::hours(1)}};
};

TEST_F(LoginGateTest, FirstCallerProvesTheLoginAndLaterCallersGoAhead) {
  ProveWith(kPassword, {});
  Result<bool> next = gate_.Admit(kPassword);
  ASSERT_TRUE(next);
  EXPECT_FALSE(*next);
  EXPECT_FALSE(gate_.Snapshot().rejected);
}

TEST_F(LoginGateTest, RejectionRefusesEveryCallerUntilTheBackoffPasses) {
  ProveWith(kPassword, Rejected());
  LoginGateState state = gate_.Snapshot();
  EXPECT_TRUE(state.rejected);
  EXPECT_EQ(state.next_attempt_unix, clock_.NowUnix() + 300);
  for (int caller = 0; caller < 3; ++caller) {
    Result<bool> refused = gate_.Admit(kPassword);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kAuth);
    EXPECT_NE(refused.error().message.find("not trying again before"), std::string::npos)
        << refused.error().message;
  }
  clock_.Advance(std::chrono::seconds(299));
  EXPECT_FALSE(gate_.Admit(kPassword));
  clock_.Advance(std::chrono::seconds(1));
  ProveWith(kPassword, {});
  EXPECT_FALSE(gate_.Snapshot().rejected);
}

TEST_F(LoginGateTest, OnlyOneCallerRetriesWhenTheBackoffHasPassed) {
  ProveWith(kPassword, Rejected());
  clock_.Advance(std::chrono::minutes(5));
  Result<bool> first = gate_.Admit(kPassword);
  ASSERT_TRUE(first && *first);
  gate_.RecordLogin(kPassword, Rejected(), true);
  // The others arrive after the retry was refused again: still closed, no second try.
  EXPECT_FALSE(gate_.Admit(kPassword));
  EXPECT_FALSE(gate_.Admit(kPassword));
}

TEST_F(LoginGateTest, BackoffDoublesUpToAnHour) {
  std::vector<int64_t> waits;
  for (int i = 0; i < 6; ++i) {
    ProveWith(kPassword, Rejected());
    int64_t wait = *gate_.Snapshot().next_attempt_unix - clock_.NowUnix();
    waits.push_back(wait);
    clock_.Advance(std::chrono::seconds(wait));
  }
  EXPECT_EQ(waits, (std::vector<int64_t>{300, 600, 1200, 2400, 3600, 3600}));
  EXPECT_EQ(gate_.Snapshot().rejections, 6);
}

TEST_F(LoginGateTest, NewCredentialsOpenTheGateAtOnce) {
  ProveWith(kPassword, Rejected());
  ASSERT_FALSE(gate_.Admit(kPassword));
  Result<bool> fresh = gate_.Admit(kNewPassword);
  ASSERT_TRUE(fresh);
  EXPECT_TRUE(*fresh);
  EXPECT_FALSE(gate_.Snapshot().rejected);
  gate_.RecordLogin(kNewPassword, {}, true);
}

TEST_F(LoginGateTest, NetworkErrorsLeaveTheGateAsItWas) {
  ProveWith(kPassword, Unreachable());
  EXPECT_FALSE(gate_.Snapshot().rejected);
  ProveWith(kPassword, Unreachable());  // the next caller may prove again
}

TEST_F(LoginGateTest, RejectionAfterASuccessClosesTheGate) {
  ProveWith(kPassword, {});
  gate_.RecordLogin(kPassword, Rejected(), false);  // the password was changed on the server
  Result<bool> refused = gate_.Admit(kPassword);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kAuth);
}

}  // namespace
}  // namespace draftbox
