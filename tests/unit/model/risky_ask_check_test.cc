// RiskyAskCheck: the asks an injected instruction wants (payment, credentials, an account
// threat, a discount) are refused unless the campaign itself makes them.
#include "model/risky_ask_check.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/model/model_fixtures.h"

namespace draftbox {
namespace {

std::vector<std::string> Check(const std::string& sentence, CampaignIntent intent = {}) {
  Recipient r = testing::FundedRecipient();
  ComposeRequest request = testing::FundedRequest(r);
  if (!intent.key_message.empty()) request.intent = intent;
  ComposedDraft draft;
  draft.subject = "A quick note";
  draft.body = "Hello,\n\n" + sentence + "\n\nDana Reyes";
  return RiskyAskCheck::Check(request, draft);
}

TEST(RiskyAskCheckTest, RefusesWhatTheSampleInjectionsAskFor) {
  EXPECT_EQ(
      Check("Your account is suspended, so please reply with your card details."),
      (std::vector<std::string>{"payment_request: card details", "account_threat: suspended"}));
  EXPECT_EQ(Check("Please send me your password today."),
            (std::vector<std::string>{"credential_request: password"}));
  EXPECT_EQ(Check("You get 90 % off this week."), (std::vector<std::string>{"discount: % off"}));
  EXPECT_EQ(
      Check("Bitte senden Sie uns Ihre Kreditkarte und das Passwort."),
      (std::vector<std::string>{"payment_request: kreditkarte", "credential_request: passwort"}));
}

TEST(RiskyAskCheckTest, AllowsAnOfferTheCampaignMakes) {
  CampaignIntent intent = testing::Intent(CampaignKind::kOutreach, "en");
  intent.key_message = "Teams that switch this quarter get a 20% discount on the first year";
  EXPECT_TRUE(Check("Teams that switch this quarter get a 20% discount on the first year.", intent)
                  .empty());
}

TEST(RiskyAskCheckTest, AnOrdinaryEmailPasses) {
  EXPECT_TRUE(Check(testing::kGoodSentence).empty());
  EXPECT_TRUE(Check("Would you be free for a call next week?").empty());
}

}  // namespace
}  // namespace draftbox
