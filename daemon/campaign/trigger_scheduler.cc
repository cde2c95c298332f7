#include "campaign/trigger_scheduler.h"

#include <algorithm>
#include <utility>

namespace draftbox {

TriggerScheduler::TriggerScheduler(const Clock& clock, std::chrono::seconds interval,
                                   Evaluate evaluate)
    : clock_(clock), interval_(interval), evaluate_(std::move(evaluate)) {}

TriggerScheduler::~TriggerScheduler() { Stop(); }

void TriggerScheduler::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (running_ || stop_) return;
  next_due_ = clock_.NowUnix() + interval_.count();
  running_ = true;
  thread_ = std::thread([this] { Loop(); });
}

void TriggerScheduler::Stop() {
  std::thread thread;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    thread = std::move(thread_);
  }
  wake_.notify_all();
  looked_.notify_all();
  if (thread.joinable()) thread.join();
}

void TriggerScheduler::RequestEvaluation() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    requested_ = true;
  }
  wake_.notify_all();
}

void TriggerScheduler::Poke() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!running_ || stop_) return;
  const uint64_t mine = ++pokes_;
  wake_.notify_all();
  looked_.wait(lock, [&] { return stop_ || pokes_seen_ >= mine; });
}

void TriggerScheduler::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    const uint64_t pokes = pokes_;
    const int64_t now = clock_.NowUnix();
    if (requested_ || now >= next_due_) {
      const std::string why = requested_ ? "import" : "schedule";
      requested_ = false;
      // The cadence counts from this evaluation, whichever started it: an import is as good
      // as a scheduled look.
      next_due_ = now + interval_.count();
      lock.unlock();
      evaluate_(why);
      lock.lock();
    }
    pokes_seen_ = std::max(pokes_seen_, pokes);
    looked_.notify_all();
    const auto wait = std::chrono::seconds(std::max<int64_t>(next_due_ - clock_.NowUnix(), 0));
    wake_.wait_for(lock, wait, [&] { return stop_ || requested_ || pokes_ != pokes_seen_; });
  }
}

}  // namespace draftbox
