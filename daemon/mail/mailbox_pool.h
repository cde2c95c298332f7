// The daemon's IMAP connections, shared: at most `max_connections` connections to the mailbox
// in all (logged in, idle or being opened), handed out as leases and kept open between uses, so
// a burst of Regenerate clicks logs in once rather than once per click, and the server's limit
// on simultaneous connections (Gmail 15, Microsoft 365 about 20, a company's Dovecot often 10
// per user and IP) is never reached by Draftbox alone.
//
// One connection is kept for interactive work (a rep's Regenerate, Reject, a review, the status
// check): background leases (campaign runs, the Sent and INBOX watchers) may hold at most
// max_connections - 1 at once, so a click never waits behind a running campaign. With
// max_connections = 1 there is nothing to keep apart: interactive leases then go first in line.
//
// An idle connection is closed after `idle_timeout` (servers drop idle sessions anyway, and a
// password changed in the keyring is picked up by the next new connection); one whose last call
// failed with kUnavailable, kTls or kAuth is closed when its lease ends instead of being kept.
//
// Thread-safe: Lease and Stats may be called from any thread. A lease may outlive the pool
// (it then closes its connection when destroyed), but may be used by one thread at a time, as
// every Mailbox.
#ifndef DRAFTBOX_MAIL_MAILBOX_POOL_H_
#define DRAFTBOX_MAIL_MAILBOX_POOL_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

#include "core/error.h"
#include "mail/mailbox.h"

namespace draftbox {

enum class LeasePriority {
  kInteractive,  // a person is waiting: Regenerate, Reject, reviews, the status check
  kBackground,   // campaign runs, trigger evaluation, the start-up reconcile, the watchers
};

struct MailboxPoolOptions {
  int max_connections = 4;  // 1..; the config's [mailbox] max_connections
  // An idle connection is closed after this.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  // How long Lease(priority) waits for a connection before kUnavailable.
  std::chrono::milliseconds lease_timeout{std::chrono::seconds(60)};
};

struct MailboxPoolStats {
  int open = 0;         // connections the pool holds: leased, idle and being opened
  int leased = 0;       // of which leased
  int idle = 0;         // of which idle
  int peak_open = 0;    // the most open at once since the pool was made
  int64_t created = 0;  // connections made by the factory so far (each logs in once when used)
};

class MailboxPool {
 public:
  // Makes a fresh, unconnected Mailbox (running the secret command on the way); called outside
  // the pool's lock, from the thread that leases.
  using Factory = std::function<Result<std::unique_ptr<Mailbox>>()>;

  // The Sent and INBOX watchers keep a connection each in IMAP IDLE only from this many
  // connections up: below it, two held connections would leave campaign runs none besides the
  // interactive one, so the watchers poll on leases instead (see docs/architecture.md).
  static constexpr int kMinConnectionsForIdleWatchers = 4;

  // kInvalidArgument-free: a max_connections below 1 counts as 1.
  MailboxPool(Factory factory, MailboxPoolOptions options = {});
  // Closes the idle connections; leases still out close theirs when destroyed.
  ~MailboxPool();
  MailboxPool(const MailboxPool&) = delete;
  MailboxPool& operator=(const MailboxPool&) = delete;

  // A connection for the caller alone until the returned Mailbox is destroyed, which gives it
  // back: an idle one if there is one, else a new one from the factory while fewer than
  // max_connections are open, else the first to come back (interactive waiters first). Waits at
  // most `timeout` (the options' lease_timeout without it); then kUnavailable saying every
  // connection is busy. The factory's error when it fails; kUnavailable once the pool is gone.
  Result<std::unique_ptr<Mailbox>> Lease(LeasePriority priority);
  Result<std::unique_ptr<Mailbox>> Lease(LeasePriority priority, std::chrono::milliseconds timeout);

  // True when the watchers may hold their connections in IDLE (kMinConnectionsForIdleWatchers).
  bool WatchersMayIdle() const;

  MailboxPoolStats Stats() const;

 private:
  friend class PooledLease;  // gives its connection back to Shared
  struct Shared;
  std::shared_ptr<Shared> shared_;
  std::thread reaper_;  // closes connections idle past idle_timeout
};

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_MAILBOX_POOL_H_
