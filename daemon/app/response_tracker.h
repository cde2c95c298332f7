// The response-tracking loop (DESIGN.md "Watching the mailbox"): one MailboxWatcher on Sent
// (sends linked to their drafts by SentLinker, then the check for drafts that left Drafts
// without a send) and one on INBOX (replies, bounces, auto-replies and opt-outs, by
// InboxHandler, then the check for sends nobody answered). Thread-safe: Start/Stop from one thread.
#ifndef DRAFTBOX_APP_RESPONSE_TRACKER_H_
#define DRAFTBOX_APP_RESPONSE_TRACKER_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/mailbox_watcher.h"
#include "config/config.h"
#include "store/database.h"
#include "watch/inbox_handler.h"
#include "watch/sent_linker.h"

namespace draftbox {

struct TrackerOptions {
  WatcherOptions watcher;
  // How long a placed draft may be missing from Drafts with no send before it is `vanished`:
  // a client deletes the draft a moment before (or after) the sent copy reaches Sent. Unset:
  // the config's mailbox.vanish_grace_seconds.
  std::optional<std::chrono::seconds> vanish_grace;
  // How long a sent draft waits for an answer before it is `no_reply`; unset: the
  // compliance cool-down (at least a day), after which the recipient may be written to again.
  std::optional<std::chrono::seconds> no_reply_after;
  // Asked about replies the opt-out rules find unclear (watch/inbox_handler.h); null: the rules
  // alone decide. Must outlive the tracker.
  OptOutSecondOpinion* second_opinion = nullptr;
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
  // After each Sent round: a placed draft whose UID left Drafts is followed to the copy a
  // client saved in its place (app/draft_copies.h); one with no copy becomes `vanished` once
  // it has been missing for the grace period.
  void CheckVanished(Mailbox& mailbox);
  // The messages of `folder` (UIDs in `uids`) that no placed draft claims, fetched without
  // marking them read; empty on an IMAP error (the next round tries again).
  std::vector<FetchedMessage> UnclaimedMessages(Mailbox& mailbox, const std::string& folder,
                                                const std::set<uint32_t>& uids,
                                                const std::set<uint32_t>& claimed);
  // After each INBOX round (so a reply that waited there is read first): sent drafts older than
  // no_reply_after become no_reply.
  void CheckNoReply();

  Database& db_;
  const Config& config_;
  MailboxWatcher::MailboxFactory factory_;
  TrackerOptions options_;
  SentLinker linker_;
  InboxHandler inbox_handler_;
  std::chrono::seconds vanish_grace_;
  std::map<int64_t, std::chrono::steady_clock::time_point> missing_since_;  // watcher thread only
  std::unique_ptr<MailboxWatcher> sent_;
  std::unique_ptr<MailboxWatcher> inbox_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_APP_RESPONSE_TRACKER_H_
