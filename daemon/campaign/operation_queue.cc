#include "campaign/operation_queue.h"

#include <utility>

namespace draftbox {

const char* OperationStateName(Operation::State state) {
  switch (state) {
    case Operation::State::kPending:
      return "pending";
    case Operation::State::kRunning:
      return "running";
    case Operation::State::kDone:
      return "done";
    case Operation::State::kFailed:
      return "failed";
  }
  return "failed";
}

OperationQueue::OperationQueue(const Clock& clock) : clock_(clock) {
  thread_ = std::thread([this] { Loop(); });
}

OperationQueue::~OperationQueue() { Stop(); }

Result<Operation> OperationQueue::Submit(std::string kind, int64_t draft_id, Job job) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stop_) return Fail(ErrorCode::kUnavailable, "the daemon is stopping");
  Operation op;
  op.id = next_id_++;
  op.kind = std::move(kind);
  op.draft_id = draft_id;
  op.created_at = clock_.NowUnix();
  operations_[op.id] = op;
  queue_.emplace_back(op.id, std::move(job));
  Forget();
  work_.notify_one();
  return op;
}

Result<Operation> OperationQueue::Get(int64_t id, std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mu_);
  auto ended = [&] {
    auto it = operations_.find(id);
    return waits_over_ || it == operations_.end() || it->second.state == Operation::State::kDone ||
           it->second.state == Operation::State::kFailed;
  };
  if (wait.count() > 0) changed_.wait_for(lock, wait, ended);
  auto it = operations_.find(id);
  if (it == operations_.end()) {
    return Fail(ErrorCode::kNotFound, "no operation " + std::to_string(id) +
                                          " (the daemon keeps the last " + std::to_string(kKept) +
                                          " since it started)");
  }
  return it->second;
}

void OperationQueue::EndWaits() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    waits_over_ = true;
  }
  changed_.notify_all();
}

void OperationQueue::Stop() {
  std::thread thread;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    waits_over_ = true;
    thread = std::move(thread_);
  }
  work_.notify_all();
  changed_.notify_all();
  if (thread.joinable()) thread.join();
}

void OperationQueue::Forget() {
  // Operations end in id order, so the oldest are the first ones in the map. A pending one is
  // never forgotten: its job would run for nobody.
  while (operations_.size() > kKept) {
    auto oldest = operations_.begin();
    if (oldest->second.state == Operation::State::kPending ||
        oldest->second.state == Operation::State::kRunning) {
      break;
    }
    operations_.erase(oldest);
  }
}

void OperationQueue::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) break;
    auto [id, job] = std::move(queue_.front());
    queue_.pop_front();
    operations_[id].state = Operation::State::kRunning;
    changed_.notify_all();
    lock.unlock();
    Result<nlohmann::json> result = job();
    lock.lock();
    Operation& op = operations_[id];
    op.finished_at = clock_.NowUnix();
    if (result) {
      op.state = Operation::State::kDone;
      op.result = std::move(*result);
    } else {
      op.state = Operation::State::kFailed;
      op.error = result.error();
    }
    changed_.notify_all();
  }
  for (const auto& [id, job] : queue_) {
    Operation& op = operations_[id];
    op.state = Operation::State::kFailed;
    op.finished_at = clock_.NowUnix();
    op.error = Error{ErrorCode::kUnavailable, "the daemon stopped before this operation ran"};
  }
  queue_.clear();
  changed_.notify_all();
}

}  // namespace draftbox
