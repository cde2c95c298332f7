// The campaign file (DESIGN.md "Campaign"): parses and validates the TOML a campaign owner
// writes, and converts a campaign to and from the JSON object stored in campaigns.spec and
// returned by the API. Both directions apply the same rules, so a stored spec is as valid as a
// freshly parsed file. Pure functions: no I/O, thread-safe.
#ifndef DRAFTBOX_CAMPAIGN_CAMPAIGN_FILE_H_
#define DRAFTBOX_CAMPAIGN_CAMPAIGN_FILE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/campaign.h"
#include "core/error.h"

namespace draftbox {

// Parses and validates a campaign TOML. `name` is used in errors ("q4.toml:7: cta: must not be
// empty"). `personas` are the persona names the config defines ("default" always exists).
// Returns kInvalidArgument with ALL problems found, one per line, each "name:line: key: reason"
// (a required key that is missing has no line: "name: key: reason"); a TOML syntax error is
// the only problem reported, as "name:line:col: TOML syntax error: <reason>".
// Strings are stored trimmed; the returned campaign has id 0.
Result<Campaign> ParseCampaignToml(std::string_view toml_text, std::string_view name,
                                   const std::vector<std::string>& personas);

// The campaign as a JSON object (the form stored in campaigns.spec and returned by the API):
// {"name","kind","goal","key_message","cta","persona","language","text_language"?,
//  "key_message_de"?,"cta_de"?,"key_message_en"?,"cta_en"?,"daily_cap"?,"max_open_drafts"?,
//  "target":{"tags":[],"account_state":[],"activity_types":[],"activity_within_days"?},
//  "trigger"?:{"on_activity":[],"within_days"?,"cadence_days"?}}  (id not included)
nlohmann::json CampaignToJson(const Campaign& campaign);

// The inverse. Returns kInvalidArgument naming each bad field ("target.tags[0]: must not be
// empty"), one per line, if the JSON is not a valid campaign by the rules of the TOML file;
// the persona is checked for form only, since the config's personas are not known here.
Result<Campaign> CampaignFromJson(const nlohmann::json& spec);

// Every key a campaign file may hold, as dotted paths ("daily_cap", "target.tags",
// "trigger.cadence_days"), in the order they are documented.
const std::vector<std::string>& KnownCampaignKeys();

}  // namespace draftbox

#endif  // DRAFTBOX_CAMPAIGN_CAMPAIGN_FILE_H_
