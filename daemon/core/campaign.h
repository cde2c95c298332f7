// What a campaign owner wants (DESIGN.md "Campaign"): the intent a composer writes from and the
// filters that choose its recipients. Parsed and validated from the campaign TOML by
// campaign/; plain value types here.
#ifndef DRAFTBOX_CORE_CAMPAIGN_H_
#define DRAFTBOX_CORE_CAMPAIGN_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace draftbox {

enum class CampaignKind { kOutreach, kCheckIn, kMilestone };

// The name used in the campaign TOML, its JSON form and the database ("check_in", ...).
constexpr std::string_view CampaignKindName(CampaignKind kind) {
  switch (kind) {
    case CampaignKind::kOutreach:
      return "outreach";
    case CampaignKind::kCheckIn:
      return "check_in";
    case CampaignKind::kMilestone:
      return "milestone";
  }
  return "outreach";
}

// The kind for a name, or nullopt for an unknown name (names are exact and lower-case).
constexpr std::optional<CampaignKind> ParseCampaignKind(std::string_view name) {
  for (CampaignKind kind :
       {CampaignKind::kOutreach, CampaignKind::kCheckIn, CampaignKind::kMilestone}) {
    if (CampaignKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

// The key message and call to action in one language.
struct CampaignText {
  std::string key_message;
  std::string cta;

  bool operator==(const CampaignText&) const = default;
};

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
  // The language key_message and cta are written in; "" = "de" when language is "de", else
  // "en" (TextLanguage()).
  std::string text_language;
  // key_message_<lang> / cta_<lang> of the campaign file: the same text in other languages,
  // so a draft in one of them is in that language throughout. Keyed "en", "de".
  std::map<std::string, CampaignText> translations;

  std::string TextLanguage() const {
    if (!text_language.empty()) return text_language;
    return language == "de" ? "de" : "en";
  }

  // The key message and call to action for a draft in `lang`, or nullopt when the campaign
  // has no text in that language.
  std::optional<CampaignText> TextIn(std::string_view lang) const {
    if (lang == TextLanguage()) return CampaignText{key_message, cta};
    auto it = translations.find(std::string(lang));
    if (it == translations.end()) return std::nullopt;
    return it->second;
  }

  bool operator==(const CampaignIntent&) const = default;
};

// Who the sender writes as: resolved from [sender] and [personas.NAME] of the config.
struct Persona {
  std::string name = "default";
  std::string sender_name;
  std::string sender_address;
  std::string signature;
  std::string tone = "warm";  // warm | neutral | direct | formal
  // plain | formal | informal. German: "Sie" when formal, and when plain to anyone whose
  // account the sender does not own (ComposeStyle::SenderKnows); "du" only when informal, or
  // plain to a recipient the sender knows.
  std::string formality = "plain";
};

// [target]: every filter given must match; an absent filter matches everyone.
struct CampaignTarget {
  std::vector<std::string> tags;            // any of
  std::vector<std::string> account_states;  // any of
  std::vector<std::string> activity_types;  // has an activity of any of these types ...
  std::optional<int> activity_within_days;  // ... dated within this many days

  bool operator==(const CampaignTarget&) const = default;
};

// [trigger]: re-evaluated after each import and daily.
struct CampaignTrigger {
  std::vector<std::string> on_activity;  // fire on a new activity of these types ...
  std::optional<int> within_days;        // ... dated within this many days
  std::optional<int> cadence_days;       // or: N days since the last sent email

  bool operator==(const CampaignTrigger&) const = default;
};

struct Campaign {
  int64_t id = 0;
  CampaignIntent intent;
  CampaignTarget target;
  std::optional<CampaignTrigger> trigger;
  std::optional<int> daily_cap;
  std::optional<int> max_open_drafts;

  bool operator==(const Campaign&) const = default;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_CAMPAIGN_H_
