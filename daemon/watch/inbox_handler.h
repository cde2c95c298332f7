// What an INBOX message means for the drafts that were sent (DESIGN.md "Watching the mailbox"):
// classified by classify/ClassifyMessage, linked to a sent draft by In-Reply-To / References,
// then by sender + subject (replies, auto-replies) or by the failed recipient (bounces), and
// recorded once (processed_messages):
//   - reply: the draft becomes replied, engagement_signal reply;
//   - reply asking to stop: unsubscribed, engagement_signal unsubscribe, and the sender's
//     address on the suppression list (suppression_addition);
//   - reply that may ask to stop (OptOutVerdict::kPossible): replied, engagement_signal
//     possible_opt_out with the review_id of an OptOutReview (store/opt_out_review_store.h)
//     that holds new drafts to the sender until a person confirms or dismisses it. With a
//     second opinion configured (a model), it is asked first, about that reply only: "yes"
//     makes it a reply asking to stop (suppressed, the reason naming the model's view), "no"
//     or "unclear" is recorded on the review, a failure is logged and changes nothing;
//   - auto-reply: engagement_signal auto_reply only (never a reply, never a bounce);
//   - bounce: a permanent failure makes the draft bounced (bounce_hard) and suppresses the
//     address; a temporary or delayed one is only bounce_soft;
//   - feedback (a complaint): the address is suppressed, engagement_signal complaint.
// The suppression source is the Message-ID of the message that caused it. Thread-safe.
#ifndef DRAFTBOX_WATCH_INBOX_HANDLER_H_
#define DRAFTBOX_WATCH_INBOX_HANDLER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "classify/opt_out_second_opinion.h"
#include "core/error.h"
#include "store/database.h"

namespace draftbox {

struct InboxOutcome {
  std::string kind;                 // reply | auto_reply | bounce | feedback | other
  std::optional<int64_t> draft_id;  // the sent draft it concerns, if found
  bool recorded = false;            // false if the message was handled before
};

class InboxHandler {
 public:
  // `second_opinion` (may be null: the rules alone decide) must outlive the handler.
  explicit InboxHandler(Database& db, OptOutSecondOpinion* second_opinion = nullptr)
      : db_(db), second_opinion_(second_opinion) {}

  // `uid` is the message's UID in `folder` (0 when unknown), kept with a possible opt-out so the
  // rep can find the reply. kStore on a database error (the watcher then reads the message
  // again later).
  Result<InboxOutcome> Handle(std::string_view raw, const std::string& folder, uint32_t uid = 0);

 private:
  Database& db_;
  OptOutSecondOpinion* second_opinion_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_WATCH_INBOX_HANDLER_H_
