#include "campaign/trigger_evaluator.h"

#include <vector>

#include "campaign/campaign_runner.h"
#include "store/draft_store.h"
#include "store/recipient_store.h"

namespace draftbox {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

}  // namespace

Result<std::map<int64_t, std::string>> TriggerEvaluator::Qualifying(const Campaign& campaign,
                                                                    int64_t now) {
  if (!campaign.trigger) {
    return Fail(ErrorCode::kInvalidArgument,
                "campaign '" + campaign.intent.name + "' has no [trigger]");
  }
  const CampaignTrigger& trigger = *campaign.trigger;
  RecipientStore recipients(db_);
  Result<std::vector<int64_t>> targets = recipients.MatchingIds(campaign.target, DayOf(now));
  if (!targets) return std::unexpected(targets.error());

  std::map<int64_t, std::string> qualifying;
  if (!trigger.on_activity.empty()) {
    int within = trigger.within_days.value_or(kDefaultWithinDays);
    // Up to today: a future-dated activity (an upcoming renewal, a typo) is not news yet, and
    // the composer would not use it; the daily evaluation picks it up on its day.
    Result<std::map<int64_t, int64_t>> newest = recipients.NewestActivityOfTypes(
        trigger.on_activity, DayOf(now - int64_t{within} * kSecondsPerDay), DayOf(now));
    if (!newest) return std::unexpected(newest.error());
    for (int64_t id : *targets) {
      auto found = newest->find(id);
      if (found != newest->end()) qualifying[id] = "activity:" + std::to_string(found->second);
    }
    return qualifying;
  }
  Result<std::map<int64_t, int64_t>> last_sent = DraftStore(db_).LastSentByRecipient();
  if (!last_sent) return std::unexpected(last_sent.error());
  const int64_t cadence = int64_t{trigger.cadence_days.value_or(0)} * kSecondsPerDay;
  for (int64_t id : *targets) {
    auto sent = last_sent->find(id);
    if (sent == last_sent->end()) {
      qualifying[id] = "cadence:after:never";
    } else if (now - sent->second >= cadence) {
      qualifying[id] = "cadence:after:" + DayOf(sent->second);
    }
  }
  return qualifying;
}

}  // namespace draftbox
