// Follows one mailbox folder (Sent or INBOX) for the daemon (DESIGN.md "Watching the mailbox"):
// on its own thread and its own IMAP connection it reads every message after the last UID it
// handled (never marking anything read), hands each to a handler, saves its place
// (mailbox_state), then waits with IMAP IDLE (or STATUS polling) for the next change, or, without
// `hold_connection`, gives the connection back and looks again after the poll interval. A changed
// UIDVALIDITY starts the folder over; the handlers skip messages they have already acted on, so
// nothing is lost or doubled. Each message is handled inside a MessageFence: an error or an
// exception from one message is recorded for it (`message_error`) and the watcher goes on.
// Connection failures are retried with capped exponential backoff.
//
// Thread-safe: Start/Stop from one thread; the handler runs on the watcher's thread.
#ifndef DRAFTBOX_APP_MAILBOX_WATCHER_H_
#define DRAFTBOX_APP_MAILBOX_WATCHER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.h"
#include "mail/mailbox.h"
#include "store/database.h"
#include "watch/message_fence.h"

namespace draftbox {

struct WatcherOptions {
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(25)};   // RFC 2177: re-IDLE < 29 min
  std::chrono::milliseconds poll_interval{std::chrono::seconds(30)};  // servers without IDLE
  std::chrono::milliseconds backoff_min{std::chrono::seconds(1)};
  std::chrono::milliseconds backoff_max{std::chrono::minutes(5)};
  int batch = 100;  // messages fetched per round trip: bounds memory on a full folder
  // Keep the connection between rounds and wait in IDLE (or STATUS polling) on it. False: give
  // it back after each round (destroy it: a pooled lease returns to mail/MailboxPool) and look
  // again after poll_interval, for a connection budget too small to hold one per watcher.
  bool hold_connection = true;
};

class MailboxWatcher {
 public:
  using MailboxFactory = std::function<Result<std::unique_ptr<Mailbox>>()>;
  // Which folder to follow, on a connected mailbox (e.g. FindFolders()->sent).
  using FolderResolver = std::function<Result<std::string>(Mailbox&)>;
  // Acts on one message. An error or an exception is recorded as that message's failure and
  // the message counts as handled (never handed over again, not even after a restart), except
  // kStore, which stops the round so the message is read again later (see MessageFence for
  // when a kStore failure is taken for the message's own).
  using Handler = std::function<Status(const FetchedMessage& message, const std::string& folder)>;
  // Runs after each round on the same connection (e.g. the check for vanished drafts).
  using AfterRound = std::function<void(Mailbox& mailbox)>;

  // `role` names the cursor in mailbox_state ("sent", "inbox"). `db` must outlive the watcher.
  MailboxWatcher(std::string role, Database& db, MailboxFactory factory, FolderResolver folder,
                 Handler handler, WatcherOptions options = {}, AfterRound after_round = {});
  ~MailboxWatcher();
  MailboxWatcher(const MailboxWatcher&) = delete;
  MailboxWatcher& operator=(const MailboxWatcher&) = delete;

  void Start();
  // Ends an IDLE or a backoff wait within about 200 ms and joins the thread.
  void Stop();

  // How many messages the handler has been given since Start (for tests and status).
  int64_t handled() const { return handled_.load(); }

 private:
  void Loop();
  // One connect - read - wait cycle; returns when the wait ends or on the first error.
  Status Round(Mailbox& mailbox, std::string& folder);
  // Sleeps `wait`, waking early on Stop.
  void Pause(std::chrono::milliseconds wait);

  std::string role_;
  Database& db_;
  MailboxFactory factory_;
  FolderResolver resolve_folder_;
  Handler handler_;
  WatcherOptions options_;
  AfterRound after_round_;
  MessageFence fence_;  // watcher thread only

  std::atomic<bool> stop_{false};
  std::atomic<int64_t> handled_{0};
  std::mutex mu_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_APP_MAILBOX_WATCHER_H_
