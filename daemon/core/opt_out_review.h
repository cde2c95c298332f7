// A reply that may ask Draftbox to stop writing to its sender, waiting for a person to decide
// (issue: "possible" opt-outs, classify/opt_out_detector.h). While one is pending, no new draft
// is written to that address; confirming it puts the address on the suppression list, dismissing
// it lets drafting go on. Pure value types and names: no I/O, thread-safe.
#ifndef DRAFTBOX_CORE_OPT_OUT_REVIEW_H_
#define DRAFTBOX_CORE_OPT_OUT_REVIEW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace draftbox {

enum class OptOutReviewState { kPending, kConfirmed, kDismissed };

// "pending" | "confirmed" | "dismissed": the names in the database, the API, the CLI and events.
std::string_view OptOutReviewStateName(OptOutReviewState state);

// The inverse of OptOutReviewStateName; kInvalidArgument naming the allowed values otherwise.
Result<OptOutReviewState> ParseOptOutReviewState(std::string_view name);

struct OptOutReview {
  int64_t id = 0;     // store id; 0 before it is stored
  std::string email;  // the reply's sender, lower-case: the address drafting waits for
  std::optional<int64_t> recipient_id;
  std::optional<int64_t> draft_id;  // the sent draft the reply answers
  std::string message_id;           // the reply's Message-ID ("<...>"), "" if it had none
  std::string folder;               // where the reply was read (INBOX)
  uint32_t uid = 0;                 // its UID there, 0 when unknown
  std::string excerpt;              // the start of the reply's own text (no quote)
  std::string phrase;               // what the detector matched ("en: not ..1 interested")
  // A model's second opinion when one was asked and answered: "no" | "unclear" (a "yes"
  // suppresses instead of opening a review); "" otherwise. The reason is the model's one line.
  std::string model_opinion;
  std::string model_reason;
  OptOutReviewState state = OptOutReviewState::kPending;
  int64_t created_at = 0;                 // unix seconds
  int64_t decided_at = 0;                 // 0 while pending
  std::optional<int64_t> suppression_id;  // the entry a confirmation added (or found)
};

// The skip reason a campaign run records for a recipient held by `review`, and the message
// Regenerate refuses with: names the review's id, what was matched and the commands that decide.
std::string OptOutReviewHoldReason(const OptOutReview& review);

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_OPT_OUT_REVIEW_H_
