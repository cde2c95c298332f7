// Changes to one placed draft that a rep asks for (DESIGN.md "Thunderbird add-on", CLI `drafts
// regenerate|reject`): a new text for it, a new draft in its place, or its rejection.
//
// Regenerate never leaves the rep without the draft: it reaches the mailbox before the store
// changes, appends the new draft before removing the old one, and whatever an IMAP failure
// interrupts is finished by DraftPlacer::Reconcile (the new draft stays `generated` until it is
// appended; the old one stays in Drafts, `regenerated`, until it is removed). At every step the
// store holds exactly one open draft for the recipient.
//
// NOT thread-safe: it drives the Mailbox it is handed, which one worker owns.
#ifndef DRAFTBOX_CAMPAIGN_DRAFT_REVISER_H_
#define DRAFTBOX_CAMPAIGN_DRAFT_REVISER_H_

#include <cstdint>
#include <string>

#include "campaign/draft_placer.h"
#include "compose/composer.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/error.h"
#include "mail/mailbox.h"
#include "store/database.h"
#include "store/draft_store.h"

namespace draftbox {

// A new text for a placed draft, not placed anywhere: for a compose window that has the draft
// open and saves it itself.
struct RevisedText {
  int64_t draft_id = 0;
  std::string subject;
  std::string body;
  std::string language;
  std::string facts_used_json = "[]";
  std::string instruction_note;  // ComposedDraft::instruction_note: what was not honoured
};

struct Regenerated {
  int64_t new_id = 0;
  // False when the old message is still in Drafts (an IMAP failure after the new one went in);
  // the next reconcile removes it.
  bool old_removed = false;
  std::string instruction_note;  // ComposedDraft::instruction_note: what was not honoured
};

struct Rejected {
  // False when the message is still in Drafts (mailbox unreachable); the next reconcile
  // removes it. The rejection (and the suppression) stand either way.
  bool removed = false;
};

class DraftReviser {
 public:
  struct Deps {
    Database* db = nullptr;
    Composer* composer = nullptr;
    const Config* config = nullptr;
    const Clock* clock = nullptr;  // null: the system clock
    PlacerOptions placer;
  };

  explicit DraftReviser(Deps deps);

  // The draft `id` if it is waiting in Drafts (the only state that can be revised or rejected).
  // kNotFound, kConflict naming its state, kStore. Cheap: for the API to answer at once.
  Result<DraftRecord> Revisable(int64_t id);

  // Composes a new text for draft `id` following `instruction` (may be empty), with another
  // variation than the draft's own, for a compose window that has the draft open: nothing is
  // placed, but the stored draft takes the new text (DraftStore::ReviseText), so the edit
  // measured at its send counts from the text the rep was given. Errors as Revisable, plus
  // kInvalidArgument when no text passes the grounding check, and kConflict naming the review
  // while a possible opt-out of the recipient awaits one (store/opt_out_review_store.h).
  Result<RevisedText> Compose(int64_t id, const std::string& instruction);

  // Composes as Compose, then, in this order: connects `mailbox` (on failure nothing has
  // changed), stores the new draft superseding the old, appends it, removes the old message.
  // Errors as Compose; kUnavailable/kAuth/kTls when the mailbox cannot be reached (the store
  // holds the new draft as `generated` if it got that far: the reconcile places it).
  Result<Regenerated> Regenerate(int64_t id, const std::string& instruction, Mailbox& mailbox);

  // Rejects draft `id` with `reason` ("" = "rejected by the sender"); with `suppress` its
  // recipient's address goes on the suppression list (with its suppression_addition event);
  // then removes the message from Drafts through `mailbox` (null: not reachable now). Errors as
  // Revisable.
  Result<Rejected> Reject(int64_t id, const std::string& reason, bool suppress, Mailbox* mailbox);

 private:
  struct Composed;
  Result<Composed> ComposeFor(const DraftRecord& draft, const std::string& instruction);
  DraftPlacer MakePlacer(Mailbox& mailbox);

  Deps deps_;
  DraftStore drafts_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CAMPAIGN_DRAFT_REVISER_H_
