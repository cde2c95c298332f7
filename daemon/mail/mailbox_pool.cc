#include "mail/mailbox_pool.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "mail/forwarding_mailbox.h"

namespace draftbox {
namespace {

using Clock = std::chrono::steady_clock;

// A connection whose last call ended so is not worth keeping: the server dropped it or refused
// the login (a new connection runs the secret command again and may get a new password).
bool IsBroken(const Error& error) {
  return error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kTls ||
         error.code == ErrorCode::kAuth;
}

// Closes connections outside the pool's lock: a LOGOUT may wait on the network.
void Close(std::vector<std::unique_ptr<Mailbox>> mailboxes) {
  for (std::unique_ptr<Mailbox>& mailbox : mailboxes) {
    if (mailbox) mailbox->Disconnect();
  }
}

}  // namespace

struct MailboxPool::Shared {
  struct Idle {
    std::unique_ptr<Mailbox> mailbox;
    Clock::time_point since;
  };

  Factory factory;
  MailboxPoolOptions options;

  std::mutex mu;
  std::condition_variable changed;
  std::vector<Idle> idle;       // the most recently returned last; guarded by mu
  int open = 0;                 // leased + idle + being made; guarded by mu
  int background = 0;           // of `open`, leased or being made for background; guarded by mu
  int interactive_waiting = 0;  // guarded by mu
  bool closed = false;          // guarded by mu
  int peak_open = 0;            // guarded by mu
  int64_t created = 0;          // guarded by mu

  int BackgroundCapacity() const {
    return options.max_connections >= 2 ? options.max_connections - 1 : options.max_connections;
  }

  // Takes the idle connections past idle_timeout out of the pool (caller holds mu).
  std::vector<std::unique_ptr<Mailbox>> TakeExpired(Clock::time_point now) {
    std::vector<std::unique_ptr<Mailbox>> expired;
    std::erase_if(idle, [&](Idle& entry) {
      if (now - entry.since < options.idle_timeout) return false;
      expired.push_back(std::move(entry.mailbox));
      return true;
    });
    open -= static_cast<int>(expired.size());
    return expired;
  }

  // A lease ends: keep its connection for the next one unless it is broken or the pool is gone.
  void Return(std::unique_ptr<Mailbox> mailbox, LeasePriority priority, bool broken) {
    std::vector<std::unique_ptr<Mailbox>> closing;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (priority == LeasePriority::kBackground) --background;
      if (broken || closed) {
        --open;
        closing.push_back(std::move(mailbox));
      } else {
        idle.push_back(Idle{std::move(mailbox), Clock::now()});
      }
    }
    changed.notify_all();
    Close(std::move(closing));
  }
};

// What Lease hands out: the pooled connection, given back when this is destroyed.
class PooledLease : public ForwardingMailbox {
 public:
  PooledLease(std::shared_ptr<MailboxPool::Shared> pool, std::unique_ptr<Mailbox> connection,
              LeasePriority priority)
      : ForwardingMailbox(*connection),
        pool_(std::move(pool)),
        connection_(std::move(connection)),
        priority_(priority) {}

  ~PooledLease() override { pool_->Return(std::move(connection_), priority_, broken_); }

 protected:
  void AfterCall(Call, const Error* error) override {
    broken_ = error != nullptr && IsBroken(*error);
  }

 private:
  std::shared_ptr<MailboxPool::Shared> pool_;
  std::unique_ptr<Mailbox> connection_;
  LeasePriority priority_;
  bool broken_ = false;  // the last call failed so that the connection is not kept
};

MailboxPool::MailboxPool(Factory factory, MailboxPoolOptions options)
    : shared_(std::make_shared<Shared>()) {
  options.max_connections = std::max(1, options.max_connections);
  shared_->factory = std::move(factory);
  shared_->options = options;
  reaper_ = std::thread([shared = shared_] {
    std::unique_lock<std::mutex> lock(shared->mu);
    while (!shared->closed) {
      shared->changed.wait_for(lock,
                               shared->options.idle_timeout / 2 + std::chrono::milliseconds(1));
      std::vector<std::unique_ptr<Mailbox>> expired = shared->TakeExpired(Clock::now());
      if (expired.empty()) continue;
      lock.unlock();
      shared->changed.notify_all();
      Close(std::move(expired));
      lock.lock();
    }
  });
}

MailboxPool::~MailboxPool() {
  std::vector<std::unique_ptr<Mailbox>> closing;
  {
    std::lock_guard<std::mutex> lock(shared_->mu);
    shared_->closed = true;
    for (Shared::Idle& entry : shared_->idle) closing.push_back(std::move(entry.mailbox));
    shared_->open -= static_cast<int>(shared_->idle.size());
    shared_->idle.clear();
  }
  shared_->changed.notify_all();
  if (reaper_.joinable()) reaper_.join();
  Close(std::move(closing));
}

Result<std::unique_ptr<Mailbox>> MailboxPool::Lease(LeasePriority priority) {
  return Lease(priority, shared_->options.lease_timeout);
}

Result<std::unique_ptr<Mailbox>> MailboxPool::Lease(LeasePriority priority,
                                                    std::chrono::milliseconds timeout) {
  Shared& s = *shared_;
  const bool interactive = priority == LeasePriority::kInteractive;
  const Clock::time_point deadline = Clock::now() + timeout;
  std::vector<std::unique_ptr<Mailbox>> expired;
  std::unique_lock<std::mutex> lock(s.mu);
  if (interactive) ++s.interactive_waiting;
  auto admitted = [&](std::unique_ptr<Mailbox> connection) -> Result<std::unique_ptr<Mailbox>> {
    if (interactive) {
      --s.interactive_waiting;
    } else {
      ++s.background;
    }
    s.peak_open = std::max(s.peak_open, s.open);
    return std::unique_ptr<Mailbox>(
        std::make_unique<PooledLease>(shared_, std::move(connection), priority));
  };
  while (true) {
    if (s.closed) {
      if (interactive) --s.interactive_waiting;
      return Fail(ErrorCode::kUnavailable,
                  "the daemon is stopping: no IMAP connection is handed out");
    }
    std::vector<std::unique_ptr<Mailbox>> now_expired = s.TakeExpired(Clock::now());
    std::ranges::move(now_expired, std::back_inserter(expired));
    // Background work leaves the last connection to people, and lets a waiting person go first.
    const bool may =
        interactive || (s.background < s.BackgroundCapacity() && s.interactive_waiting == 0);
    if (may && !s.idle.empty()) {
      std::unique_ptr<Mailbox> connection = std::move(s.idle.back().mailbox);
      s.idle.pop_back();
      Result<std::unique_ptr<Mailbox>> lease = admitted(std::move(connection));
      lock.unlock();
      Close(std::move(expired));
      return lease;
    }
    if (may && s.open < s.options.max_connections) {
      // Counted before it exists, so that no other caller opens one too many meanwhile.
      ++s.open;
      ++s.created;
      if (!interactive) ++s.background;
      lock.unlock();
      Close(std::move(expired));
      Result<std::unique_ptr<Mailbox>> made = s.factory();
      lock.lock();
      if (!interactive) --s.background;  // admitted() counts it again
      if (!made) {
        --s.open;
        if (interactive) --s.interactive_waiting;
        lock.unlock();
        s.changed.notify_all();
        return std::unexpected(made.error());
      }
      return admitted(std::move(*made));
    }
    if (s.changed.wait_until(lock, deadline) == std::cv_status::timeout &&
        Clock::now() >= deadline) {
      if (interactive) --s.interactive_waiting;
      const int open = s.open;
      const int background = s.background;
      lock.unlock();
      Close(std::move(expired));
      return Fail(
          ErrorCode::kUnavailable,
          "no IMAP connection became free within " +
              std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()) +
              " s: all " + std::to_string(s.options.max_connections) +
              " allowed by [mailbox] max_connections are busy (" + std::to_string(open) +
              " open, " + std::to_string(background) +
              " held by campaign runs and the mailbox watchers)");
    }
  }
}

bool MailboxPool::WatchersMayIdle() const {
  return shared_->options.max_connections >= kMinConnectionsForIdleWatchers;
}

MailboxPoolStats MailboxPool::Stats() const {
  std::lock_guard<std::mutex> lock(shared_->mu);
  const int idle = static_cast<int>(shared_->idle.size());
  return MailboxPoolStats{.open = shared_->open,
                          .leased = shared_->open - idle,
                          .idle = idle,
                          .peak_open = shared_->peak_open,
                          .created = shared_->created};
}

}  // namespace draftbox
