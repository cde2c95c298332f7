// What a campaign owner wants (DESIGN.md "Campaign"): the intent a composer writes from and the
// filters that choose its recipients. Parsed and validated from the campaign TOML by
// campaign/; plain value types here.
#ifndef DRAFTBOX_CORE_CAMPAIGN_H_
#define DRAFTBOX_CORE_CAMPAIGN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace draftbox {

enum class CampaignKind { kOutreach, kCheckIn, kMilestone };

// The sender's intent. Trusted more than recipient data (the campaign owner wrote it), but
// still checked before it reaches a header or a prompt.
struct CampaignIntent {
  std::string name;
  CampaignKind kind = CampaignKind::kOutreach;
  std::string goal;         // "Book a 20-minute call about the team plan"
  std::string key_message;  // "Teams that just raised grow their pipeline fastest with ..."
  std::string cta;          // "Would a 20-minute call next week work?"
  std::string persona = "default";
  std::string language = "auto";  // auto = the recipient's language where supported, else en
};

// Who the sender writes as: resolved from [sender] and [personas.NAME] of the config.
struct Persona {
  std::string name = "default";
  std::string sender_name;
  std::string sender_address;
  std::string signature;
  std::string tone = "warm";        // warm | neutral | direct | formal
  std::string formality = "plain";  // plain | formal (German: du/Sie is decided by this)
};

// [target]: every filter given must match; an absent filter matches everyone.
struct CampaignTarget {
  std::vector<std::string> tags;            // any of
  std::vector<std::string> account_states;  // any of
  std::vector<std::string> activity_types;  // has an activity of any of these types ...
  std::optional<int> activity_within_days;  // ... dated within this many days
};

// [trigger]: re-evaluated after each import and daily.
struct CampaignTrigger {
  std::vector<std::string> on_activity;  // fire on a new activity of these types ...
  std::optional<int> within_days;        // ... dated within this many days
  std::optional<int> cadence_days;       // or: N days since the last sent email
};

struct Campaign {
  int64_t id = 0;
  CampaignIntent intent;
  CampaignTarget target;
  std::optional<CampaignTrigger> trigger;
  std::optional<int> daily_cap;
  std::optional<int> max_open_drafts;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_CAMPAIGN_H_
