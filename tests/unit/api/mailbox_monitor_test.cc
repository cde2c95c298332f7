// MailboxMonitor (daemon/app) against a scripted in-memory Mailbox: what it records, how it
// backs off, and that Stop() does not wait out a sleep.
#include "app/mailbox_monitor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace draftbox {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Each check pops the next scripted outcome (the last one repeats) and notes when it ran.
class ScriptedMailboxes {
 public:
  explicit ScriptedMailboxes(std::vector<Status> outcomes) : outcomes_(std::move(outcomes)) {}

  MailboxMonitor::MailboxFactory Factory() {
    return [this]() -> Result<std::unique_ptr<Mailbox>> {
      std::lock_guard<std::mutex> lock(mu_);
      times_.push_back(Clock::now());
      Status next = outcomes_[std::min(times_.size(), outcomes_.size()) - 1];
      if (!next) return std::unexpected(next.error());
      return std::unique_ptr<Mailbox>(new FakeMailbox());
    };
  }

  std::vector<Clock::time_point> Times() {
    std::lock_guard<std::mutex> lock(mu_);
    return times_;
  }

 private:
  class FakeMailbox : public Mailbox {
   public:
    Status Connect() override { return {}; }
    Result<std::vector<std::string>> ListFolders() override { return std::vector<std::string>{}; }
    Result<MailboxFolders> FindFolders() override {
      return MailboxFolders{.inbox = "INBOX", .drafts = "Drafts", .sent = "Sent", .trash = ""};
    }
    Result<FolderStatus> GetStatus(const std::string&) override { return FolderStatus{}; }
    Result<AppendedMessage> Append(const std::string&, const std::string&, unsigned) override {
      return AppendedMessage{};
    }
    Result<std::vector<FetchedMessage>> FetchSince(const std::string&, uint32_t, int) override {
      return std::vector<FetchedMessage>{};
    }
    Status Delete(const std::string&, const std::vector<uint32_t>&) override { return {}; }
    Result<std::vector<uint32_t>> FindByMessageId(const std::string&,
                                                  const std::string&) override {
      return std::vector<uint32_t>{};
    }
    Result<std::vector<uint32_t>> ListUids(const std::string&) override {
      return std::vector<uint32_t>{};
    }
    Result<bool> WaitForChange(const std::string&, uint32_t, std::chrono::milliseconds,
                               const std::atomic<bool>*, std::chrono::milliseconds) override {
      return false;
    }
    void Disconnect() override {}
  };

  std::mutex mu_;
  std::vector<Status> outcomes_;
  std::vector<Clock::time_point> times_;
};

Status Refused() { return Fail(ErrorCode::kAuth, "LOGIN refused"); }

// Waits until the monitor has finished `checks` checks (or 5 s have passed).
MailboxHealth WaitForChecks(const MailboxMonitor& monitor, int64_t checks) {
  auto deadline = Clock::now() + std::chrono::seconds(5);
  MailboxHealth health = monitor.Snapshot();
  while (health.checks < checks && Clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(2));
    health = monitor.Snapshot();
  }
  return health;
}

TEST(MailboxMonitorTest, HasNoResultBeforeTheFirstCheck) {
  ScriptedMailboxes script({Status{}});
  MailboxMonitor monitor(script.Factory());
  MailboxHealth health = monitor.Snapshot();
  EXPECT_FALSE(health.reachable);
  EXPECT_FALSE(health.last_checked_unix.has_value());
  EXPECT_FALSE(health.last_error.has_value());
}

TEST(MailboxMonitorTest, RecordsTheFoldersOfASuccessfulCheck) {
  ScriptedMailboxes script({Status{}});
  MailboxMonitor monitor(script.Factory());
  monitor.Start();
  MailboxHealth health = WaitForChecks(monitor, 1);
  EXPECT_TRUE(health.reachable);
  ASSERT_TRUE(health.folders.has_value());
  EXPECT_EQ(health.folders->drafts, "Drafts");
  EXPECT_EQ(health.folders->sent, "Sent");
  EXPECT_FALSE(health.last_error.has_value());
  EXPECT_TRUE(health.last_checked_unix.has_value());
}

TEST(MailboxMonitorTest, RecordsTheErrorOfAFailedCheck) {
  ScriptedMailboxes script({Refused()});
  MailboxMonitor monitor(script.Factory(), {.min_backoff = milliseconds(1000)});
  monitor.Start();
  MailboxHealth health = WaitForChecks(monitor, 1);
  EXPECT_FALSE(health.reachable);
  EXPECT_EQ(health.last_error, "auth: LOGIN refused");
  EXPECT_FALSE(health.folders.has_value());
}

TEST(MailboxMonitorTest, BacksOffExponentiallyUpToTheCap) {
  ScriptedMailboxes script({Refused()});
  MailboxMonitor monitor(script.Factory(),
                         {.min_backoff = milliseconds(50), .max_backoff = milliseconds(200)});
  monitor.Start();
  WaitForChecks(monitor, 6);
  monitor.Stop();
  std::vector<Clock::time_point> times = script.Times();
  ASSERT_GE(times.size(), 6u);
  const int kMinimumGapMs[] = {50, 100, 200, 200, 200};
  for (size_t i = 0; i < 5; ++i) {
    auto gap = std::chrono::duration_cast<milliseconds>(times[i + 1] - times[i]).count();
    EXPECT_GE(gap, kMinimumGapMs[i]) << "gap " << i;
    // Below the next doubling, so the cap shows; the slack absorbs a loaded machine.
    EXPECT_LT(gap, kMinimumGapMs[i] + 190) << "gap " << i;
  }
}

TEST(MailboxMonitorTest, RecoversAfterFailuresAndClearsTheError) {
  ScriptedMailboxes script({Refused(), Refused(), Status{}});
  MailboxMonitor monitor(script.Factory(), {.min_backoff = milliseconds(5)});
  monitor.Start();
  MailboxHealth health = WaitForChecks(monitor, 3);
  EXPECT_TRUE(health.reachable);
  EXPECT_FALSE(health.last_error.has_value());
}

TEST(MailboxMonitorTest, StopWakesTheMonitorWithoutWaitingOutItsSleep) {
  ScriptedMailboxes script({Status{}});
  MailboxMonitor monitor(script.Factory(), {.recheck_interval = std::chrono::hours(1)});
  monitor.Start();
  WaitForChecks(monitor, 1);
  auto before = Clock::now();
  monitor.Stop();
  EXPECT_LT(Clock::now() - before, milliseconds(500));
  EXPECT_EQ(script.Times().size(), 1u);
}

}  // namespace
}  // namespace draftbox
