// Drafts in SQLite (table `drafts`): every draft Draftbox composed, skipped or could not write,
// with the facts it stands on and where it sits in the mailbox. Every state change appends its
// event (`draft_placed`, `draft_skipped`, `draft_needs_attention`, `draft_regenerated`,
// `draft_rejected`, `draft_vanished`, `draft_moved`, `draft_revised`) in the same transaction as
// the row.
//
// The rule "one open draft per recipient" is the table's partial unique index; InsertGenerated
// turns a refusal by that index into kConflict, so two runs racing can never both write.
// Thread-safe: every call runs under Database's connection lock.
#ifndef DRAFTBOX_STORE_DRAFT_STORE_H_
#define DRAFTBOX_STORE_DRAFT_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/draft_state.h"
#include "core/error.h"
#include "store/database.h"

namespace draftbox {

struct DraftRecord {
  int64_t id = 0;
  int64_t campaign_id = 0;
  int64_t recipient_id = 0;
  std::optional<int64_t> run_id;
  DraftState state = DraftState::kGenerated;
  std::string reason;  // why skipped / rejected / needs_attention
  std::string subject;
  std::string body;
  std::string language;
  std::string to_address;
  std::string instruction;             // from Regenerate
  std::string trigger_key;             // '' for a manual run
  std::string facts_used_json = "[]";  // [{"id": "activity:3", "text": "..."}]
  std::optional<std::string> message_id;
  std::optional<std::string> sent_message_id;
  std::optional<std::string> imap_folder;
  std::optional<int64_t> imap_uid;
  std::optional<int64_t> imap_uid_validity;
  std::optional<int64_t> supersedes;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> placed_at;
  std::optional<int64_t> sent_at;
  std::optional<int64_t> removed_at;
  std::string sent_subject;  // what was actually sent (watcher / add-on)
  std::string sent_body;
  std::string prompt;  // exactly what was sent to a model for this text; "" if none was asked
};

// A composed draft about to go to the mailbox.
struct NewDraft {
  int64_t campaign_id = 0;
  int64_t recipient_id = 0;
  std::optional<int64_t> run_id;
  std::string subject;
  std::string body;
  std::string language;
  std::string to_address;
  std::string facts_used_json = "[]";
  std::string message_id;  // required: the Message-ID the message will carry
  std::string trigger_key;
  std::string instruction;
  std::string prompt;  // ComposedDraft::prompt
};

// The text of a draft as a compose window received it (DraftStore::ReviseText).
struct DraftText {
  std::string subject;
  std::string body;
  std::string language;
  std::string facts_used_json = "[]";
  std::string instruction;
  // The rep put back an earlier text (the panel's Restore) rather than receiving a new one.
  bool restored = false;
};

// A sent message linked to its draft by the watcher or the add-on's report.
struct SendRecord {
  int64_t draft_id = 0;
  std::string sent_message_id;  // may be empty when the add-on could not tell
  int64_t sent_at = 0;          // unix seconds; 0 = now
  std::string link;             // addon | header | similarity
  std::string sent_subject;
  std::string sent_body;
  std::string edit_json = "{}";  // draft_edit_signal payload (watch/edit_measure.h)
  std::string message_key;       // processed_messages key; empty: not from a folder
  std::string folder;
};

// Which drafts List and Count return; unset members do not filter.
struct DraftFilter {
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> recipient_id;
  std::optional<DraftState> state;
};

// What keeps a recipient from getting a new draft now (DraftStore::FindBlock).
struct DraftBlock {
  enum Kind { kOpenDraft, kCoolDown, kAlreadyDrafted };
  Kind kind = kOpenDraft;
  std::string reason;  // "open draft 12 (campaign 3) is waiting for the sender", ...
};

class DraftStore {
 public:
  // `now` gives unix seconds for created_at / updated_at / placed_at (tests fix it).
  explicit DraftStore(Database& db, std::function<int64_t()> now = {});

  // What keeps `recipient_id` from a new draft in `campaign_id` now, or nullopt if nothing,
  // checked in this order:
  //   - for a manual run (trigger_key ""): a draft of this campaign already written, manual or
  //     triggered (any state but skipped / needs_attention, which a later run retries);
  //     for a triggered run: a draft of this campaign already answers `trigger_key`;
  //   - an open draft (generated or placed) in any campaign;
  //   - a send within `cooldown_days` (any campaign).
  // kStore on a database error.
  Result<std::optional<DraftBlock>> FindBlock(int64_t recipient_id, int64_t campaign_id,
                                              const std::string& trigger_key, int cooldown_days);
  // FindBlock's reason alone.
  Result<std::optional<std::string>> BlockingReason(int64_t recipient_id, int64_t campaign_id,
                                                    const std::string& trigger_key,
                                                    int cooldown_days);

  // Inserts `draft` as `generated`. kConflict if the recipient already has an open draft (the
  // unique index refused it), kInvalidArgument without a message_id, kStore otherwise.
  Result<int64_t> InsertGenerated(const NewDraft& draft);

  // generated -> placed, with where the message now is; appends `draft_placed`.
  // kNotFound for an unknown id, kConflict if the draft is not `generated`.
  Status MarkPlaced(int64_t draft_id, const std::string& folder, int64_t uid, int64_t uid_validity);

  // Records that the recipient was skipped by this campaign (one row per campaign and
  // recipient, updated on each run) and appends `draft_skipped` with the reason. Returns the
  // row's id.
  Result<int64_t> RecordSkip(int64_t campaign_id, int64_t recipient_id,
                             std::optional<int64_t> run_id, const std::string& reason);

  // As RecordSkip for a draft that could not be written (state needs_attention), appending
  // `draft_needs_attention`. A later run that composes successfully replaces the row.
  Result<int64_t> RecordNeedsAttention(int64_t campaign_id, int64_t recipient_id,
                                       std::optional<int64_t> run_id, const std::string& reason);

  // Regenerate, step one: in one transaction `old_id` (placed) becomes `regenerated` and
  // `replacement` is inserted as `generated` with supersedes = old_id; appends
  // `draft_regenerated`. kNotFound / kConflict (old draft not placed) / kStore.
  Result<int64_t> Supersede(int64_t old_id, const NewDraft& replacement);

  // placed -> rejected with `reason`; appends `draft_rejected`. kNotFound / kConflict / kStore.
  Status Reject(int64_t draft_id, const std::string& reason);

  // placed (or vanished: sent after all) -> sent in one transaction with its engagement_signal
  // (kind sent) and draft_edit_signal events and, when message_key is set, the processed_messages
  // row. Returns false (and changes nothing) if that key was processed before or the draft is
  // already sent (a second report of the same send); kConflict if the draft is in another state.
  Result<bool> RecordSend(const SendRecord& send);

  // Marks a message the watcher looked at as processed, so a re-scan after a UIDVALIDITY change
  // or a restart does not act on it again. Returns false if it already was.
  Result<bool> MarkProcessed(const std::string& message_key, const std::string& folder,
                             const std::string& kind, std::optional<int64_t> draft_id);
  Result<bool> IsProcessed(const std::string& message_key);

  // Records what an incoming message says about a sent draft, in one transaction: the
  // processed_messages row for `message_key`, the move to `to` when the draft may make it
  // (sent -> replied | bounced | unsubscribed, ...; nullopt or a move not allowed leaves the
  // state), and an engagement_signal with `payload`. `draft_id` may be null (nothing linked:
  // only the mark). Returns false if the key was processed before (nothing else written).
  Result<bool> RecordResponse(const std::string& message_key, const std::string& folder,
                              const std::string& kind, std::optional<int64_t> draft_id,
                              std::optional<DraftState> to, const std::string& payload_json);

  // Sent drafts (sent, replied, no_reply) to `address`, newest send first.
  Result<std::vector<DraftRecord>> SentTo(const std::string& address);

  // Placed drafts whose to_address is `address` (normalised), oldest first, and those called
  // `vanished`: a rep may send a draft long after its copy left Drafts, and the send is still
  // that draft's.
  Result<std::vector<DraftRecord>> PlacedTo(const std::string& address);
  // The draft whose sent copy has `sent_message_id`; kNotFound if none.
  Result<DraftRecord> BySentMessageId(const std::string& sent_message_id);

  // sent -> no_reply for every draft sent before `sent_before` (unix seconds) that nothing has
  // answered since, at most `limit` per call, oldest send first, each with an
  // engagement_signal of kind no_reply. A reply that comes later still moves the draft to
  // replied. Returns how many drafts moved; kStore on a database error (nothing moved).
  Result<int> MarkNoReply(int64_t sent_before, int limit);

  // placed -> vanished (left Drafts with no send within the grace period; counted as a
  // rejection) with a `draft_vanished` event. kNotFound / kConflict / kStore.
  Status MarkVanished(int64_t draft_id);

  // A client saved the placed draft `draft_id`: its message in Drafts was replaced by a copy
  // under `uid` (same folder and UIDVALIDITY). The draft now is that copy; appends
  // `draft_moved` with both UIDs. kNotFound for an unknown id, kConflict unless it is placed.
  Status MoveToUid(int64_t draft_id, int64_t uid);

  // A compose window that has placed draft `draft_id` open received `text` in place of the
  // stored one (a regenerate that places nothing; the window's own save replaces the message).
  // The stored text becomes `text`, so the edit measured at send time counts from what the rep
  // was given; appends `draft_revised` with the instruction (and `"restored": true` for a text
  // the rep put back). kNotFound for an unknown id,
  // kConflict unless it is placed, kStore.
  Status ReviseText(int64_t draft_id, const DraftText& text);

  // Records that the draft's message was removed from the Drafts folder.
  Status MarkRemoved(int64_t draft_id);

  // Drafts whose APPEND may not have finished (state generated), oldest first.
  Result<std::vector<DraftRecord>> Unplaced();
  // Regenerated or rejected drafts whose message is still in Drafts, oldest first.
  Result<std::vector<DraftRecord>> PendingRemoval();

  // kNotFound for an unknown id.
  Result<DraftRecord> Get(int64_t draft_id);
  // Newest first.
  Result<std::vector<DraftRecord>> List(const DraftFilter& filter, int64_t offset, int64_t limit);
  Result<int64_t> Count(const DraftFilter& filter);

  // Drafts of `campaign_id` placed at or after `since_unix` (the daily cap), and those waiting
  // in Drafts now (max_open_drafts).
  Result<int64_t> CountPlacedSince(int64_t campaign_id, int64_t since_unix);
  Result<int64_t> CountOpen(int64_t campaign_id);
  // Recipient id -> the time of their last sent email, for every recipient ever written to.
  Result<std::map<int64_t, int64_t>> LastSentByRecipient();
  // How many drafts of `campaign_id` are in each state (states with none are left out).
  Result<std::map<std::string, int64_t>> CountByState(int64_t campaign_id);

 private:
  Result<int64_t> RecordOutcome(int64_t campaign_id, int64_t recipient_id,
                                std::optional<int64_t> run_id, DraftState state,
                                const std::string& reason, const char* event_type);

  Database& db_;
  std::function<int64_t()> now_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_DRAFT_STORE_H_
