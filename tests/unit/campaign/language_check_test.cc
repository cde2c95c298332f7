#include "campaign/language_check.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

Recipient Person(std::string email, std::string language) {
  Recipient r;
  r.email = std::move(email);
  r.language = std::move(language);
  return r;
}

CampaignIntent EnglishOnly(std::string language = "auto") {
  CampaignIntent intent;
  intent.key_message = "Clean data";
  intent.cta = "Call next week?";
  intent.language = std::move(language);
  return intent;
}

TEST(CampaignLanguagesTest, EnglishRecipientsNeedOnlyTheEnglishText) {
  std::vector<Recipient> people = {Person("a@x.com", "en"), Person("b@y.com", ""),
                                   Person("c@z.fr", "fr")};
  EXPECT_TRUE(CheckCampaignLanguages(EnglishOnly(), people).has_value());
}

TEST(CampaignLanguagesTest, NamesTheMissingLanguageAndTheRecipientsWhoNeedIt) {
  std::vector<Recipient> people = {Person("a@x.com", "en"), Person("jonas@s.de", "de"),
                                   Person("lena@s.de", "de-AT")};
  Status status = CheckCampaignLanguages(EnglishOnly(), people);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message,
            "the campaign has no German (de) key message and call to action, but 2 targeted "
            "recipients get German drafts (their language is de): jonas@s.de, lena@s.de; add "
            "key_message_de and cta_de, or set language = \"en\"");
}

TEST(CampaignLanguagesTest, AGermanTextSatisfiesGermanRecipients) {
  CampaignIntent intent = EnglishOnly();
  intent.translations["de"] = {"Saubere Daten", "Gespräch?"};
  EXPECT_TRUE(CheckCampaignLanguages(intent, {Person("jonas@s.de", "de")}).has_value());
}

TEST(CampaignLanguagesTest, AFixedLanguageDecidesForEveryone) {
  // language = "en": German speakers get English drafts, which the campaign has.
  EXPECT_TRUE(CheckCampaignLanguages(EnglishOnly("en"), {Person("jonas@s.de", "de")}));
  // text_language = "en" with language = "de": every draft is German, and there is no German.
  CampaignIntent intent = EnglishOnly("de");
  intent.text_language = "en";
  Status status = CheckCampaignLanguages(intent, {Person("a@x.com", "en")});
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().message.find("(the campaign's language is de): a@x.com; add "
                                        "key_message_de and cta_de"),
            std::string::npos)
      << status.error().message;
}

}  // namespace
}  // namespace draftbox
