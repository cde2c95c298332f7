// Possible opt-outs awaiting a person's decision (table `opt_out_reviews`, core/opt_out_review.h).
// The INBOX handler opens one for a reply the detector calls "possible"; the campaign runner and
// Regenerate ask Pending() before composing; a rep confirms (the address goes on the suppression
// list, citing the reply) or dismisses (drafting goes on). Each decision appends its event
// (`opt_out_confirmed`, `opt_out_dismissed`) in the same transaction as the change.
// Thread-safe: every call runs under Database's connection lock.
#ifndef DRAFTBOX_STORE_OPT_OUT_REVIEW_STORE_H_
#define DRAFTBOX_STORE_OPT_OUT_REVIEW_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/opt_out_review.h"
#include "store/database.h"

namespace draftbox {

class OptOutReviewStore {
 public:
  explicit OptOutReviewStore(Database& db) : db_(db) {}

  // Opens `review` (state pending; created_at 0 means now; the email is lower-cased) for the
  // message stored under `message_key` (processed_messages' key). A message already known gives
  // its existing review unchanged, so handling a reply twice opens one review. Outside text is
  // repaired to valid UTF-8, never refused. kInvalidArgument for an empty email or key, or a
  // model_opinion other than "no", "unclear" or ""; kStore on a database error.
  Result<OptOutReview> Open(const std::string& message_key, const OptOutReview& review);

  // The oldest pending review for `email` (any case) or, when given, `recipient_id`; nullopt
  // when none holds them. kStore on a database error: the caller must then not compose.
  Result<std::optional<OptOutReview>> Pending(std::string_view email,
                                              std::optional<int64_t> recipient_id = std::nullopt);

  // Every review, oldest first, or only those in `state`. kStore on a database error.
  Result<std::vector<OptOutReview>> List(std::optional<OptOutReviewState> state = std::nullopt);

  // The review `id`; kNotFound if there is none. kStore on a database error.
  Result<OptOutReview> Get(int64_t id);

  // The rep agrees the reply asks to stop: the address goes on the suppression list (reason and
  // source cite the reply; an entry already there is kept and linked) and the review becomes
  // confirmed. kNotFound; kConflict if it was already decided; kStore.
  Result<OptOutReview> Confirm(int64_t id);

  // The rep reads the reply as no request to stop: the review becomes dismissed and no longer
  // holds the address. Errors as Confirm.
  Result<OptOutReview> Dismiss(int64_t id);

 private:
  Result<OptOutReview> Decide(int64_t id, OptOutReviewState to);

  Database& db_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_OPT_OUT_REVIEW_STORE_H_
