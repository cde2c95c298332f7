#include "app/mailbox_watcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "store/mailbox_state_store.h"

namespace draftbox {

MailboxWatcher::MailboxWatcher(std::string role, Database& db, MailboxFactory factory,
                               FolderResolver folder, Handler handler, WatcherOptions options,
                               AfterRound after_round)
    : role_(std::move(role)),
      db_(db),
      factory_(std::move(factory)),
      resolve_folder_(std::move(folder)),
      handler_(std::move(handler)),
      options_(options),
      after_round_(std::move(after_round)),
      fence_(db) {}

MailboxWatcher::~MailboxWatcher() { Stop(); }

void MailboxWatcher::Start() {
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void MailboxWatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MailboxWatcher::Pause(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mu_);
  wake_.wait_for(lock, wait, [this] { return stop_.load(); });
}

void MailboxWatcher::Loop() {
  std::chrono::milliseconds backoff = options_.backoff_min;
  std::unique_ptr<Mailbox> mailbox;
  std::string folder;
  while (!stop_) {
    if (!mailbox) {
      Result<std::unique_ptr<Mailbox>> made = factory_();
      if (!made) {
        spdlog::warn("watching {}: {}", role_, made.error().message);
        Pause(backoff);
        backoff = std::min(backoff * 2, options_.backoff_max);
        continue;
      }
      mailbox = std::move(*made);
    }
    Status round = Round(*mailbox, folder);
    if (round) {
      backoff = options_.backoff_min;
      if (!options_.hold_connection) {
        mailbox.reset();
        Pause(options_.poll_interval);
      }
      continue;
    }
    if (stop_) break;
    spdlog::warn("watching {}: {}; retrying in {} ms", role_, round.error().message,
                 backoff.count());
    // Given up, not kept: a pooled connection that failed is closed by the pool, and the next
    // one (made after the backoff) runs the secret command again.
    mailbox.reset();
    folder.clear();  // a deleted and recreated folder may come back under its usual name
    Pause(backoff);
    backoff = std::min(backoff * 2, options_.backoff_max);
  }
}

Status MailboxWatcher::Round(Mailbox& mailbox, std::string& folder) {
  if (folder.empty()) {
    Result<std::string> resolved = resolve_folder_(mailbox);
    if (!resolved) return std::unexpected(resolved.error());
    folder = *resolved;
  }
  Result<FolderStatus> status = mailbox.GetStatus(folder);
  if (!status) return std::unexpected(status.error());
  MailboxStateStore cursors(db_);
  Result<std::optional<FolderCursor>> saved = cursors.Get(role_);
  if (!saved) return std::unexpected(saved.error());
  FolderCursor cursor = saved->value_or(FolderCursor{status->uid_validity, 0});
  if (cursor.uid_validity != status->uid_validity) {
    // UIDs of the old folder mean nothing now: read it all again; the handlers know what they
    // have already acted on.
    spdlog::info("{} ({}) has a new UIDVALIDITY: reading it again", role_, folder);
    cursor = FolderCursor{status->uid_validity, 0};
  }
  while (!stop_) {
    Result<std::vector<FetchedMessage>> batch =
        mailbox.FetchSince(folder, cursor.last_uid, options_.batch);
    if (!batch) return std::unexpected(batch.error());
    for (const FetchedMessage& message : *batch) {
      Result<FenceOutcome> fenced =
          fence_.Run(WatchedMessage{role_, folder, cursor.uid_validity, message.uid, message.raw},
                     [&] { return handler_(message, folder); });
      if (!fenced) {
        (void)cursors.Save(role_, cursor);
        return std::unexpected(fenced.error());
      }
      if (*fenced == FenceOutcome::kFailed) {
        spdlog::warn("{} message uid {} could not be handled (recorded as message_error)", role_,
                     message.uid);
      }
      cursor.last_uid = std::max(cursor.last_uid, message.uid);
      ++handled_;
    }
    if (Status s = cursors.Save(role_, cursor); !s) return s;
    if (batch->size() < static_cast<size_t>(options_.batch)) break;
  }
  if (after_round_) after_round_(mailbox);
  if (stop_ || !options_.hold_connection) return {};
  Result<bool> changed = mailbox.WaitForChange(folder, cursor.last_uid, options_.idle_timeout,
                                               &stop_, options_.poll_interval);
  if (!changed) return std::unexpected(changed.error());
  return {};
}

}  // namespace draftbox
