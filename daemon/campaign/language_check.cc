#include "campaign/language_check.h"

#include <map>
#include <set>

#include "compose/compose_style.h"

namespace draftbox {
namespace {

// Enough addresses to find the rows in a CRM export; the count says how many there are.
constexpr size_t kNamedPerLanguage = 5;
// Rows per page while reading the targets' languages.
constexpr int64_t kPage = 1000;

std::string LanguageName(std::string_view lang) { return lang == "de" ? "German" : "English"; }

}  // namespace

Status CheckCampaignLanguages(const CampaignIntent& intent,
                              const std::vector<Recipient>& recipients) {
  std::map<std::string, std::vector<std::string>> missing;  // language -> addresses
  for (const Recipient& r : recipients) {
    std::string lang = ComposeStyle::DraftLanguage(intent, &r);
    if (!intent.TextIn(lang)) missing[lang].push_back(r.email);
  }
  if (missing.empty()) return {};
  std::string message;
  for (const auto& [lang, emails] : missing) {
    std::string named;
    for (size_t i = 0; i < emails.size() && i < kNamedPerLanguage; ++i) {
      named += (i == 0 ? "" : ", ") + emails[i];
    }
    if (emails.size() > kNamedPerLanguage) named += ", ...";
    bool fixed = intent.language == lang;
    std::string why = fixed ? "the campaign's language is " + lang : "their language is " + lang;
    if (!message.empty()) message += "\n";
    message += "the campaign has no " + LanguageName(lang) + " (" + lang +
               ") key message and call to action, but " + std::to_string(emails.size()) +
               " targeted recipient" + (emails.size() == 1 ? " gets " : "s get ") +
               LanguageName(lang) + " drafts (" + why + "): " + named + "; add key_message_" +
               lang + " and cta_" + lang +
               (fixed ? "" : ", or set language = \"" + intent.TextLanguage() + "\"");
  }
  return Fail(ErrorCode::kInvalidArgument, message);
}

Status CheckCampaignLanguages(const CampaignIntent& intent, const CampaignTarget& target,
                              RecipientStore& recipients, std::string_view today) {
  Result<std::vector<int64_t>> ids = recipients.MatchingIds(target, today);
  if (!ids) return std::unexpected(ids.error());
  std::set<int64_t> targeted(ids->begin(), ids->end());
  std::vector<Recipient> chosen;
  for (int64_t offset = 0; chosen.size() < targeted.size(); offset += kPage) {
    Result<std::vector<Recipient>> page = recipients.List(offset, kPage);
    if (!page) return std::unexpected(page.error());
    if (page->empty()) break;
    for (Recipient& r : *page) {
      if (targeted.contains(r.id)) chosen.push_back(std::move(r));
    }
  }
  return CheckCampaignLanguages(intent, chosen);
}

}  // namespace draftbox
