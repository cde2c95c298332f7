#include "app/response_tracker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <set>
#include <stdexcept>

#include "app/draft_copies.h"
#include "core/clock.h"
#include "store/draft_store.h"

namespace draftbox {
namespace {

constexpr int64_t kMaxPlacedChecked = 10000;
constexpr int kNoReplyBatch = 500;         // per round: a long-idle mailbox catches up over rounds
constexpr size_t kMaxCopiesFetched = 200;  // per round; more unknown drafts wait for the next

// The configured folder, else the one FindFolders discovers for `role`.
MailboxWatcher::FolderResolver Resolver(std::string configured, bool sent) {
  return [configured, sent](Mailbox& mailbox) -> Result<std::string> {
    if (!configured.empty()) return configured;
    Result<MailboxFolders> folders = mailbox.FindFolders();
    if (!folders) return std::unexpected(folders.error());
    return sent ? folders->sent : folders->inbox;
  };
}

// For tests of the fence around the handlers, against the real binary: with
// DRAFTBOX_TEST_THROW_ON set to a non-empty text, a message containing that text makes its
// handler throw, as a bug would. Unset (always, outside tests), nothing changes.
void ThrowIfTestFault(std::string_view raw) {
  static const std::string marker = [] {
    const char* value = std::getenv("DRAFTBOX_TEST_THROW_ON");
    return std::string(value != nullptr ? value : "");
  }();
  if (!marker.empty() && raw.find(marker) != std::string_view::npos) {
    throw std::runtime_error("test fault: the message contains DRAFTBOX_TEST_THROW_ON");
  }
}

}  // namespace

ResponseTracker::ResponseTracker(Database& db, const Config& config,
                                 MailboxWatcher::MailboxFactory factory, TrackerOptions options)
    : db_(db),
      config_(config),
      factory_(std::move(factory)),
      options_(options),
      linker_(db),
      inbox_handler_(db, options.second_opinion),
      vanish_grace_(options.vanish_grace.value_or(
          std::chrono::seconds(config.mailbox.vanish_grace_seconds))) {}

ResponseTracker::~ResponseTracker() { Stop(); }

void ResponseTracker::Start() {
  // The vanished check runs after each Sent round: wake often enough for the grace period.
  WatcherOptions sent_options = options_.watcher;
  sent_options.idle_timeout =
      std::min<std::chrono::milliseconds>(sent_options.idle_timeout, vanish_grace_ / 2);
  sent_ = std::make_unique<MailboxWatcher>(
      "sent", db_, factory_, Resolver(config_.mailbox.sent_folder, true),
      [this](const FetchedMessage& message, const std::string& folder) -> Status {
        ThrowIfTestFault(message.raw);
        Result<SentOutcome> outcome = linker_.HandleSent(message.raw, folder);
        if (!outcome) return std::unexpected(outcome.error());
        if (outcome->recorded) {
          spdlog::info("draft {} was sent (linked by {})", *outcome->draft_id, outcome->link);
        }
        return {};
      },
      sent_options, [this](Mailbox& mailbox) { CheckVanished(mailbox); });
  sent_->Start();
  inbox_ = std::make_unique<MailboxWatcher>(
      "inbox", db_, factory_, Resolver("", false),
      [this](const FetchedMessage& message, const std::string& folder) -> Status {
        ThrowIfTestFault(message.raw);
        Result<InboxOutcome> outcome = inbox_handler_.Handle(message.raw, folder, message.uid);
        if (!outcome) return std::unexpected(outcome.error());
        if (outcome->recorded && outcome->draft_id) {
          spdlog::info("{} about draft {}", outcome->kind, *outcome->draft_id);
        }
        return {};
      },
      options_.watcher, [this](Mailbox&) { CheckNoReply(); });
  inbox_->Start();
}

void ResponseTracker::Stop() {
  if (sent_) sent_->Stop();
  if (inbox_) inbox_->Stop();
}

void ResponseTracker::CheckNoReply() {
  const std::chrono::seconds wait = options_.no_reply_after.value_or(
      std::chrono::days(std::max(1, config_.compliance.cooldown_days)));
  const int64_t now = SystemClock().NowUnix();
  Result<int> moved = DraftStore(db_).MarkNoReply(now - wait.count(), kNoReplyBatch);
  if (!moved) {
    spdlog::warn("checking sends for replies: {}", moved.error().message);
    return;
  }
  if (*moved > 0) spdlog::info("{} sent draft(s) got no reply in time: no_reply", *moved);
}

void ResponseTracker::CheckVanished(Mailbox& mailbox) {
  DraftStore drafts(db_);
  Result<std::vector<DraftRecord>> placed = drafts.List(
      DraftFilter{std::nullopt, std::nullopt, DraftState::kPlaced}, 0, kMaxPlacedChecked);
  if (!placed) {
    spdlog::warn("checking Drafts: {}", placed.error().message);
    return;
  }
  struct FolderView {
    uint32_t uid_validity = 0;
    std::set<uint32_t> uids;
    std::set<uint32_t> claimed;        // UIDs that are a placed draft's message
    std::vector<DraftRecord> missing;  // placed drafts whose UID is gone
  };
  std::map<std::string, FolderView> folders;
  std::set<int64_t> still_placed;
  for (const DraftRecord& draft : *placed) {
    if (!draft.imap_folder || !draft.imap_uid) continue;
    still_placed.insert(draft.id);
    auto it = folders.find(*draft.imap_folder);
    if (it == folders.end()) {
      Result<FolderStatus> status = mailbox.GetStatus(*draft.imap_folder);
      Result<std::vector<uint32_t>> uids = mailbox.ListUids(*draft.imap_folder);
      if (!status || !uids) return;  // the next round tries again
      it = folders
               .emplace(*draft.imap_folder,
                        FolderView{status->uid_validity, {uids->begin(), uids->end()}, {}, {}})
               .first;
    }
    FolderView& view = it->second;
    // Under another UIDVALIDITY the UID says nothing: leave the draft alone.
    if (draft.imap_uid_validity && *draft.imap_uid_validity != view.uid_validity) continue;
    const auto uid = static_cast<uint32_t>(*draft.imap_uid);
    if (view.uids.contains(uid)) {
      view.claimed.insert(uid);
      missing_since_.erase(draft.id);
    } else {
      view.missing.push_back(draft);
    }
  }

  const auto now = std::chrono::steady_clock::now();
  for (auto& [folder, view] : folders) {
    if (view.missing.empty()) continue;
    std::map<int64_t, uint32_t> moved =
        MatchDraftCopies(view.missing, UnclaimedMessages(mailbox, folder, view.uids, view.claimed));
    for (const DraftRecord& draft : view.missing) {
      if (auto copy = moved.find(draft.id); copy != moved.end()) {
        if (Status s = drafts.MoveToUid(draft.id, copy->second); !s) {
          spdlog::warn("draft {}: {}", draft.id, s.error().message);
          continue;
        }
        spdlog::info("draft {} was saved again in {}: now uid {}", draft.id, folder, copy->second);
        missing_since_.erase(draft.id);
        continue;
      }
      auto [since, inserted] = missing_since_.emplace(draft.id, now);
      if (inserted || now - since->second < vanish_grace_) continue;
      if (Status s = drafts.MarkVanished(draft.id); !s) {
        spdlog::warn("draft {}: {}", draft.id, s.error().message);
        continue;
      }
      spdlog::info("draft {} left Drafts without a send: vanished", draft.id);
      missing_since_.erase(draft.id);
    }
  }
  std::erase_if(missing_since_,
                [&](const auto& entry) { return !still_placed.contains(entry.first); });
}

std::vector<FetchedMessage> ResponseTracker::UnclaimedMessages(Mailbox& mailbox,
                                                               const std::string& folder,
                                                               const std::set<uint32_t>& uids,
                                                               const std::set<uint32_t>& claimed) {
  std::set<uint32_t> wanted;
  std::ranges::set_difference(uids, claimed, std::inserter(wanted, wanted.end()));
  if (wanted.empty()) return {};
  // Only while a draft is missing (at most the grace period): a copy is newer than the draft
  // it replaces, and Drafts seldom holds many other messages, so one bounded batch per round.
  Result<std::vector<FetchedMessage>> fetched =
      mailbox.FetchSince(folder, *wanted.begin() - 1, kMaxCopiesFetched);
  if (!fetched) {
    spdlog::warn("looking for saved drafts in {}: {}", folder, fetched.error().message);
    return {};
  }
  std::erase_if(*fetched, [&](const FetchedMessage& m) { return !wanted.contains(m.uid); });
  return std::move(*fetched);
}

}  // namespace draftbox
