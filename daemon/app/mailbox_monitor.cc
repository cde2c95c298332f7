#include "app/mailbox_monitor.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "core/clock.h"

namespace draftbox {

MailboxMonitor::MailboxMonitor(MailboxFactory factory, MailboxMonitorOptions options)
    : factory_(std::move(factory)), options_(options) {}

MailboxMonitor::~MailboxMonitor() { Stop(); }

void MailboxMonitor::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void MailboxMonitor::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

MailboxHealth MailboxMonitor::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return health_;
}

void MailboxMonitor::Run() {
  std::chrono::milliseconds backoff = options_.min_backoff;
  while (true) {
    Result<MailboxFolders> outcome = CheckOnce();
    Record(outcome);
    std::chrono::milliseconds delay = options_.recheck_interval;
    if (outcome) {
      backoff = options_.min_backoff;
    } else {
      delay = backoff;
      backoff = std::min(backoff * 2, options_.max_backoff);
      spdlog::warn("mailbox check failed ({}); next try in {} ms", outcome.error().ToString(),
                   delay.count());
    }
    if (!SleepUnlessStopped(delay)) return;
  }
}

Result<MailboxFolders> CheckMailboxOnce(Mailbox& mailbox) {
  if (Status connected = mailbox.Connect(); !connected) {
    return std::unexpected(connected.error());
  }
  return mailbox.FindFolders();
}

Result<MailboxFolders> MailboxMonitor::CheckOnce() {
  Result<std::unique_ptr<Mailbox>> mailbox = factory_();
  if (!mailbox) return std::unexpected(mailbox.error());
  // The mailbox goes when this returns: a pooled lease back to the pool (a later check may
  // find it dropped by the server; the IMAP adapter then retries on a fresh login), any other
  // mailbox closed.
  return CheckMailboxOnce(**mailbox);
}

void MailboxMonitor::Record(const Result<MailboxFolders>& outcome) {
  bool was_reachable = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    was_reachable = health_.reachable;
    health_.reachable = outcome.has_value();
    if (outcome) {
      health_.folders = *outcome;
      health_.last_error.reset();
    } else {
      health_.last_error = outcome.error().ToString();
    }
    health_.last_checked_unix = SystemClock().NowUnix();
    ++health_.checks;
  }
  if (outcome && !was_reachable) {
    spdlog::info("mailbox reachable: drafts \"{}\", sent \"{}\"", outcome->drafts, outcome->sent);
  }
}

bool MailboxMonitor::SleepUnlessStopped(std::chrono::milliseconds delay) {
  std::unique_lock<std::mutex> lock(mu_);
  return !wake_.wait_for(lock, delay, [this] { return stopping_; });
}

}  // namespace draftbox
