// Does a campaign have its key message and call to action in every language its drafts will be
// written in? Checked at `campaign create`, so a German recipient of an English-only campaign is
// a clear error naming the language and the recipients, never a draft that mixes two
// languages. The language of each draft follows ComposeStyle::DraftLanguage (the campaign's
// `language`, or with "auto" the recipient's `language` field). Not thread-safe (uses the
// caller's store).
#ifndef DRAFTBOX_CAMPAIGN_LANGUAGE_CHECK_H_
#define DRAFTBOX_CAMPAIGN_LANGUAGE_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/campaign.h"
#include "core/error.h"
#include "core/recipient.h"
#include "store/recipient_store.h"

namespace draftbox {

// kInvalidArgument when some of `recipients` would get a draft in a language `intent` has no
// text in, one line per language: "the campaign has no German (de) key message and call to
// action, but 2 targeted recipients get German drafts (their language is de): a@x.de,
// b@y.de; add key_message_de and cta_de, or set language = \"en\"". At most five addresses
// are named per language.
Status CheckCampaignLanguages(const CampaignIntent& intent,
                              const std::vector<Recipient>& recipients);

// The same for the recipients `target` chooses today ("YYYY-MM-DD"). kStore on a database
// error.
Status CheckCampaignLanguages(const CampaignIntent& intent, const CampaignTarget& target,
                              RecipientStore& recipients, std::string_view today);

}  // namespace draftbox

#endif  // DRAFTBOX_CAMPAIGN_LANGUAGE_CHECK_H_
