#include "campaign/draft_placer.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "campaign/campaign_file.h"
#include "campaign/persona.h"
#include "mail/draft_message.h"
#include "store/campaign_store.h"

namespace draftbox {
namespace {

// Errors that mean "the server could not be reached or dropped us": worth another attempt.
bool IsConnectionFailure(const Error& error) { return error.code == ErrorCode::kUnavailable; }

}  // namespace

std::string RecipientDisplayName(const Recipient& recipient) {
  if (!recipient.name.empty()) return recipient.name;
  std::string name = recipient.first_name;
  if (!recipient.last_name.empty()) name += (name.empty() ? "" : " ") + recipient.last_name;
  return name;
}

DraftPlacer::DraftPlacer(Mailbox& mailbox, Database& db, SenderLookup sender, PlacerOptions options)
    : mailbox_(mailbox),
      drafts_(db, NowFunction(options.clock ? *options.clock : SystemClock())),
      recipients_(db),
      sender_(std::move(sender)),
      options_(std::move(options)),
      drafts_folder_(options_.drafts_folder) {}

template <typename T>
Result<T> DraftPlacer::WithRetry(const std::function<Result<T>()>& op) {
  std::chrono::milliseconds wait = options_.backoff;
  for (int attempt = 1;; ++attempt) {
    Result<T> result = op();
    if (result || !IsConnectionFailure(result.error()) || attempt >= options_.attempts) {
      return result;
    }
    mailbox_.Disconnect();
    std::this_thread::sleep_for(wait);
    wait *= 2;
  }
}

Result<std::string> DraftPlacer::DraftsFolder() {
  if (!drafts_folder_.empty()) return drafts_folder_;
  Result<MailboxFolders> folders =
      WithRetry<MailboxFolders>([&] { return mailbox_.FindFolders(); });
  if (!folders) return std::unexpected(folders.error());
  drafts_folder_ = folders->drafts;
  return drafts_folder_;
}

Result<std::string> DraftPlacer::BuildMessage(const DraftRecord& draft) {
  Result<Persona> sender = sender_(draft.campaign_id);
  if (!sender) return std::unexpected(sender.error());
  Result<Recipient> recipient = recipients_.Get(draft.recipient_id);
  if (!recipient) return std::unexpected(recipient.error());
  return BuildFrom(draft, *sender, RecipientDisplayName(*recipient), recipient->email);
}

Result<std::string> DraftPlacer::BuildFrom(const DraftRecord& draft, const Persona& sender,
                                           const std::string& to_name,
                                           const std::string& to_email) {
  DraftMessage message;
  message.from_name = sender.sender_name;
  message.from_address = sender.sender_address;
  message.to_name = to_name;
  message.to_address = draft.to_address.empty() ? to_email : draft.to_address;
  message.subject = draft.subject;
  message.body = draft.body;
  message.message_id = draft.message_id.value_or("");
  message.draft_id = draft.id;
  // The creation time, not "now": a message rebuilt after a crash is the same message.
  message.date_unix = draft.created_at;
  return BuildDraftMessage(message);
}

Status DraftPlacer::Place(const DraftRecord& draft) {
  if (!draft.message_id) {
    return Fail(ErrorCode::kInvalidArgument,
                "draft " + std::to_string(draft.id) + " has no Message-ID");
  }
  Result<std::string> raw = BuildMessage(draft);
  if (!raw) return std::unexpected(raw.error());
  Result<std::string> folder = DraftsFolder();
  if (!folder) return std::unexpected(folder.error());
  return PlaceBuilt(draft, *raw, *folder, false);
}

Status DraftPlacer::PlaceBuilt(const DraftRecord& draft, const std::string& raw,
                               const std::string& folder, bool look_first) {
  // After a failed attempt the server may hold the message already: look before appending.
  Result<AppendedMessage> placed = WithRetry<AppendedMessage>([&]() -> Result<AppendedMessage> {
    if (look_first) {
      Result<std::vector<uint32_t>> found = mailbox_.FindByMessageId(folder, *draft.message_id);
      if (!found) return std::unexpected(found.error());
      if (!found->empty()) {
        Result<FolderStatus> status = mailbox_.GetStatus(folder);
        if (!status) return std::unexpected(status.error());
        return AppendedMessage{found->front(), status->uid_validity};
      }
    }
    look_first = true;
    return mailbox_.Append(folder, raw, kFlagDraft | kFlagSeen);
  });
  if (!placed) return std::unexpected(placed.error());
  return MarkAppended(draft, folder, *placed);
}

Status DraftPlacer::MarkAppended(const DraftRecord& draft, const std::string& folder,
                                 AppendedMessage appended) {
  if (appended.uid == 0) {
    // No UIDPLUS: find the UID, or a later Remove could not take the message out again.
    Result<std::vector<uint32_t>> found = WithRetry<std::vector<uint32_t>>(
        [&] { return mailbox_.FindByMessageId(folder, *draft.message_id); });
    if (found && !found->empty()) appended.uid = found->front();
  }
  return drafts_.MarkPlaced(draft.id, folder, appended.uid, appended.uid_validity);
}

std::vector<Status> DraftPlacer::PlaceMany(const std::vector<PlaceRequest>& requests,
                                           const std::vector<Mailbox*>& extra) {
  std::vector<Status> statuses(requests.size());
  Result<std::string> folder = DraftsFolder();
  if (!folder) return std::vector<Status>(requests.size(), std::unexpected(folder.error()));
  // Build first: a draft that cannot be built is not sent.
  std::vector<size_t> sendable;
  std::vector<std::string> raws(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    const PlaceRequest& r = requests[i];
    if (!r.draft.message_id) {
      statuses[i] = Fail(ErrorCode::kInvalidArgument,
                         "draft " + std::to_string(r.draft.id) + " has no Message-ID");
      continue;
    }
    Result<std::string> raw = BuildFrom(r.draft, r.sender, r.to_name, r.draft.to_address);
    if (!raw) {
      statuses[i] = std::unexpected(raw.error());
      continue;
    }
    raws[i] = std::move(*raw);
    sendable.push_back(i);
  }
  // One contiguous slice per mailbox; the extra ones append on threads of their own.
  std::vector<Mailbox*> mailboxes = {&mailbox_};
  for (Mailbox* m : extra)
    if (m != nullptr) mailboxes.push_back(m);
  const size_t slices = std::max<size_t>(1, std::min(mailboxes.size(), sendable.size()));
  const size_t per_slice = (sendable.size() + slices - 1) / std::max<size_t>(slices, 1);
  std::vector<std::vector<size_t>> slice_of(slices);
  for (size_t k = 0; k < sendable.size(); ++k) slice_of[k / per_slice].push_back(sendable[k]);
  std::vector<std::vector<Result<AppendedMessage>>> answers(slices);
  auto append_slice = [&](size_t s) {
    std::vector<std::string> batch;
    batch.reserve(slice_of[s].size());
    for (size_t i : slice_of[s]) batch.push_back(raws[i]);
    answers[s] = mailboxes[s]->AppendMany(*folder, batch, kFlagDraft | kFlagSeen);
  };
  {
    std::vector<std::jthread> threads;
    for (size_t s = 1; s < slices; ++s) threads.emplace_back(append_slice, s);
    if (!slice_of.empty() && !slice_of[0].empty()) append_slice(0);
  }
  for (size_t s = 0; s < slices; ++s) {
    for (size_t k = 0; k < slice_of[s].size(); ++k) {
      const size_t i = slice_of[s][k];
      const DraftRecord& draft = requests[i].draft;
      Result<AppendedMessage>& answer = answers[s][k];
      if (answer) {
        statuses[i] = MarkAppended(draft, *folder, *answer);
      } else if (IsConnectionFailure(answer.error())) {
        // Sent but not answered, or the server asked to slow down: Place's careful path.
        statuses[i] = PlaceBuilt(draft, raws[i], *folder, true);
      } else {
        statuses[i] = std::unexpected(answer.error());
      }
    }
  }
  return statuses;
}

Result<bool> DraftPlacer::BatchesAppends() {
  return WithRetry<bool>([&] { return mailbox_.BatchesAppends(); });
}

Status DraftPlacer::Remove(const DraftRecord& draft) {
  if (!draft.imap_uid || !draft.imap_folder) return drafts_.MarkRemoved(draft.id);
  const std::string folder = *draft.imap_folder;
  Result<bool> removed = WithRetry<bool>([&]() -> Result<bool> {
    // A UID means nothing under another UIDVALIDITY: then find the message by its Message-ID.
    std::vector<uint32_t> uids = {static_cast<uint32_t>(*draft.imap_uid)};
    Result<FolderStatus> status = mailbox_.GetStatus(folder);
    if (!status) return std::unexpected(status.error());
    if (draft.imap_uid_validity && status->uid_validity != *draft.imap_uid_validity) {
      Result<std::vector<uint32_t>> found =
          mailbox_.FindByMessageId(folder, draft.message_id.value_or(""));
      if (!found) return std::unexpected(found.error());
      uids = *found;
    }
    if (uids.empty()) return true;
    Status deleted = mailbox_.Delete(folder, uids);
    if (!deleted) return std::unexpected(deleted.error());
    return true;
  });
  if (!removed) return std::unexpected(removed.error());
  return drafts_.MarkRemoved(draft.id);
}

Result<ReconcileCounts> DraftPlacer::Reconcile() {
  ReconcileCounts counts;
  Result<std::vector<DraftRecord>> unplaced = drafts_.Unplaced();
  if (!unplaced) return std::unexpected(unplaced.error());
  if (!unplaced->empty()) {
    Result<std::string> folder = DraftsFolder();
    if (!folder) return std::unexpected(folder.error());
    for (const DraftRecord& draft : *unplaced) {
      Result<std::vector<uint32_t>> found = WithRetry<std::vector<uint32_t>>(
          [&] { return mailbox_.FindByMessageId(*folder, draft.message_id.value_or("")); });
      if (!found) return std::unexpected(found.error());
      if (found->empty()) {
        if (Status s = Place(draft); !s) return std::unexpected(s.error());
        ++counts.appended;
        continue;
      }
      Result<FolderStatus> status =
          WithRetry<FolderStatus>([&] { return mailbox_.GetStatus(*folder); });
      if (!status) return std::unexpected(status.error());
      Status marked = drafts_.MarkPlaced(draft.id, *folder, found->front(), status->uid_validity);
      if (!marked) return std::unexpected(marked.error());
      ++counts.adopted;
    }
  }
  Result<std::vector<DraftRecord>> stale = drafts_.PendingRemoval();
  if (!stale) return std::unexpected(stale.error());
  for (const DraftRecord& draft : *stale) {
    if (Status s = Remove(draft); !s) return std::unexpected(s.error());
    ++counts.removed;
  }
  return counts;
}

DraftPlacer::SenderLookup CampaignSenders(Database& db, const Config& config) {
  return [&db, &config](int64_t campaign_id) -> Result<Persona> {
    Result<StoredCampaign> stored = CampaignStore(db).Get(campaign_id);
    if (!stored) return std::unexpected(stored.error());
    Result<Campaign> campaign =
        CampaignFromJson(nlohmann::json::parse(stored->spec_json, nullptr, false));
    if (!campaign) return std::unexpected(campaign.error());
    return ResolvePersona(config, campaign->intent.persona);
  };
}

}  // namespace draftbox
