// Puts stored drafts into the sender's Drafts folder and takes them out again, exactly once.
//
// A draft is first stored as `generated` with the Message-ID it will carry, then appended, then
// marked `placed`. If the daemon dies between the APPEND and the mark, or the server drops the
// connection after storing the message but before answering, the draft is still `generated`;
// before appending it again the placer searches Drafts for its Message-ID and adopts the copy it
// finds. So a crash or a server restart can delay a draft but never double it.
//
// PlaceMany does the same for a batch: every draft is stored first, the batch is appended in
// as few round trips as the server allows (Mailbox::AppendMany), then each draft whose answer
// came back is marked placed. A draft without an answer is looked for by Message-ID before it
// is appended again, exactly as Place does after a failed attempt.
//
// NOT thread-safe: it drives one Mailbox, which one worker owns (PlaceMany may also drive
// extra mailboxes, each on a thread of its own for the duration of the call).
#ifndef DRAFTBOX_CAMPAIGN_DRAFT_PLACER_H_
#define DRAFTBOX_CAMPAIGN_DRAFT_PLACER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/campaign.h"
#include "core/clock.h"
#include "core/error.h"
#include "mail/mailbox.h"
#include "store/draft_store.h"
#include "store/recipient_store.h"

namespace draftbox {

struct PlacerOptions {
  // Attempts for one APPEND when the server is unreachable, waiting backoff, 2x backoff, ...
  // between them (a Dovecot restart takes a second or two).
  int attempts = 6;
  std::chrono::milliseconds backoff{250};
  std::string drafts_folder;     // empty: Mailbox::FindFolders decides
  const Clock* clock = nullptr;  // for placed_at; null: the system clock
};

struct ReconcileCounts {
  int64_t adopted = 0;   // found in Drafts after a crash: marked placed, not appended again
  int64_t appended = 0;  // not found: appended now
  int64_t removed = 0;   // regenerated / rejected drafts taken out of Drafts
};

// One draft to place with what its caller already holds, so placing reads nothing back from the
// store: the draft as stored (id, campaign_id, recipient_id, subject, body, to_address,
// message_id and created_at are used), who it is from, and the recipient's display name.
struct PlaceRequest {
  DraftRecord draft;
  Persona sender;
  std::string to_name;
};

// The name a draft's To: shows for `recipient`: name, else first and last name.
std::string RecipientDisplayName(const Recipient& recipient);

class DraftPlacer {
 public:
  // Who the draft is from, per campaign (the campaign's persona resolved from the config).
  using SenderLookup = std::function<Result<Persona>(int64_t campaign_id)>;

  // `mailbox` and `db` must outlive the placer.
  DraftPlacer(Mailbox& mailbox, Database& db, SenderLookup sender, PlacerOptions options = {});

  // Appends the `generated` draft to Drafts (\Draft \Seen) and marks it placed. Returns
  // kUnavailable / kAuth / kTls when the mailbox cannot be reached after every attempt (the
  // draft stays `generated` for Reconcile), kInvalidArgument if the message cannot be built.
  Status Place(const DraftRecord& draft);

  // Places every request's draft (each `generated`, with its Message-ID) and returns one
  // Status per request, in order; errors as Place. The drafts are split into slices over this
  // placer's mailbox and `extra` (which must outlive the call), one thread
  // per extra mailbox, each slice appended with Mailbox::AppendMany; the store is written on the
  // calling thread only. A draft the server did not answer (connection lost, asked to slow
  // down) goes the way of Place: look for it, else append again, with backoff.
  std::vector<Status> PlaceMany(const std::vector<PlaceRequest>& requests,
                                const std::vector<Mailbox*>& extra = {});

  // Whether this placer's mailbox places a batch in about one round trip
  // (Mailbox::BatchesAppends); errors as Place.
  Result<bool> BatchesAppends();

  // Removes a draft's message from Drafts (after regenerate or reject) and records it.
  // A message already gone is fine. Mailbox errors as Place.
  Status Remove(const DraftRecord& draft);

  // Finishes what a crash or an outage left: places every `generated` draft (adopting copies
  // already in Drafts) and removes superseded or rejected messages still there.
  Result<ReconcileCounts> Reconcile();

  // The Drafts folder's server name (found once, then remembered).
  Result<std::string> DraftsFolder();

 private:
  // Runs `op` until it succeeds, fails with an error other than a connection failure, or the
  // attempts run out, reconnecting and backing off between attempts.
  template <typename T>
  Result<T> WithRetry(const std::function<Result<T>()>& op);

  Result<std::string> BuildMessage(const DraftRecord& draft);
  // The message text for a draft from what the caller holds.
  static Result<std::string> BuildFrom(const DraftRecord& draft, const Persona& sender,
                                       const std::string& to_name, const std::string& to_email);
  // Place's part after building: append (looking first if `look_first` or after a failed
  // attempt), find the UID if the server gave none, mark placed.
  Status PlaceBuilt(const DraftRecord& draft, const std::string& raw, const std::string& folder,
                    bool look_first);
  // Marks `draft` placed as `appended` said, finding its UID by Message-ID if none was given.
  Status MarkAppended(const DraftRecord& draft, const std::string& folder,
                      AppendedMessage appended);

  Mailbox& mailbox_;
  DraftStore drafts_;
  RecipientStore recipients_;
  SenderLookup sender_;
  PlacerOptions options_;
  std::string drafts_folder_;
};

// The SenderLookup every placer of the daemon uses: campaign `id`'s persona (its stored spec's
// `persona` resolved against `config`). `db` and `config` must outlive it. Errors: kNotFound
// for an unknown campaign, kInvalidArgument for a spec or persona that is no longer valid.
DraftPlacer::SenderLookup CampaignSenders(Database& db, const Config& config);

}  // namespace draftbox

#endif  // DRAFTBOX_CAMPAIGN_DRAFT_PLACER_H_
