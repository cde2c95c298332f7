// Who newly qualifies for a triggered campaign (DESIGN.md "Campaign" [trigger]): the seed's
// customer-success and milestone uses, without ever becoming a sequence.
//   - on_activity: a recipient of the campaign's [target] with an activity of one of the given
//     types dated within `within_days` (default 30) of today. The trigger key names the newest
//     such activity, "activity:<id>", so each activity fires at most once.
//   - cadence_days: a recipient whose last sent email is at least N days old (or who was never
//     written to). The key names that last send, "cadence:after:<day>" or "cadence:after:never",
//     so a rejected or vanished cadence draft does not come back until a new email is sent.
// Whether the draft is then written is up to CampaignRunner's usual checks: suppression, one open
// draft, the cool-down after a send, and "already drafted for this key". Thread-safe.
#ifndef DRAFTBOX_CAMPAIGN_TRIGGER_EVALUATOR_H_
#define DRAFTBOX_CAMPAIGN_TRIGGER_EVALUATOR_H_

#include <cstdint>
#include <map>
#include <string>

#include "core/campaign.h"
#include "core/error.h"
#include "store/database.h"

namespace draftbox {

class TriggerEvaluator {
 public:
  static constexpr int kDefaultWithinDays = 30;

  explicit TriggerEvaluator(Database& db) : db_(db) {}

  // Recipient id -> trigger key for `campaign` (which must carry a trigger) as of `now` (unix
  // seconds). kInvalidArgument for a campaign without a trigger, kStore on a database error.
  Result<std::map<int64_t, std::string>> Qualifying(const Campaign& campaign, int64_t now);

 private:
  Database& db_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CAMPAIGN_TRIGGER_EVALUATOR_H_
