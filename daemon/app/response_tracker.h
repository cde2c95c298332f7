// The response-tracking loop (DESIGN.md "Watching the mailbox"): one MailboxWatcher on Sent
// (sends linked to their drafts by SentLinker, then the check for drafts that left Drafts
// without a send) and one on INBOX (replies, bounces, auto-replies and opt-outs, by
// InboxHandler). Thread-safe: Start/Stop from one thread.
#ifndef DRAFTBOX_APP_RESPONSE_TRACKER_H_
#define DRAFTBOX_APP_RESPONSE_TRACKER_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "app/mailbox_watcher.h"
#include "config/config.h"
#include "store/database.h"
#include "watch/inbox_handler.h"
#include "watch/sent_linker.h"

namespace draftbox {

struct TrackerOptions {
  WatcherOptions watcher;
  // How long a placed draft may be missing from Drafts with no send before it is `vanished`:
  // a client deletes the draft a moment before (or after) the sent copy reaches Sent.
  std::chrono::seconds vanish_grace{std::chrono::minutes(10)};
};

class ResponseTracker {
 public:
  ResponseTracker(Database& db, const Config& config, MailboxWatcher::MailboxFactory factory,
                  TrackerOptions options = {});
  ~ResponseTracker();

  void Start();
  void Stop();

  // Messages handled so far, per folder role.
  int64_t sent_handled() const { return sent_ ? sent_->handled() : 0; }
  int64_t inbox_handled() const { return inbox_ ? inbox_->handled() : 0; }

 private:
  void CheckVanished(Mailbox& mailbox);

  Database& db_;
  const Config& config_;
  MailboxWatcher::MailboxFactory factory_;
  TrackerOptions options_;
  SentLinker linker_;
  InboxHandler inbox_handler_;
  std::map<int64_t, std::chrono::steady_clock::time_point> missing_since_;  // watcher thread only
  std::unique_ptr<MailboxWatcher> sent_;
  std::unique_ptr<MailboxWatcher> inbox_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_APP_RESPONSE_TRACKER_H_
