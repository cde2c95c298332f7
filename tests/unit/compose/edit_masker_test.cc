#include "compose/edit_masker.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

RecipientStrings Ana() {
  RecipientStrings who;
  who.first_name = "Ana";
  who.last_name = "Lima";
  who.full_name = "Ana Lima";
  who.company = "Acme Robotics GmbH";
  who.company_domain = "acme.example";
  who.email = "ana@acme.example";
  who.facts = {"raised a $15M Series B"};
  who.passages = {"Congratulations on the Series B at Acme Robotics."};
  return who;
}

TEST(EditMaskerTest, MasksNamesCompanyAddressAndFactPassages) {
  const std::string sent =
      "Hi Ana,\n\nCongratulations on the Series B at Acme Robotics.\n\nI saw Acme raised a $15M "
      "Series B. Write to ana@acme.example or see acme.example.\n\nBest, Dana";
  EXPECT_EQ(EditMasker::Mask(sent, Ana()),
            "Hi [first name],\n\n[fact]\n\nI saw [company] [fact]. Write to [email] or see "
            "[company].\n\nBest, Dana");
}

TEST(EditMaskerTest, MasksOnWordBoundariesOnly) {
  RecipientStrings who;
  who.first_name = "Ann";
  EXPECT_EQ(EditMasker::Mask("Ann, our Annual review: ANN", who),
            "[first name], our Annual review: [first name]");
}

TEST(EditMaskerTest, RefusesTextThatStillCarriesTheRecipient) {
  // The rep restated the fact in other words: "Series" and "15" are still theirs.
  EXPECT_EQ(EditMasker::MaskReliably("Hi Ana, big news on the Series funding!", Ana()),
            std::nullopt);
  EXPECT_EQ(EditMasker::MaskReliably("Hi Ana, 15 million, wow.", Ana()), std::nullopt);
  // Someone else's address is never passed on, masked or not.
  EXPECT_EQ(EditMasker::MaskReliably("Hi Ana, cc bob@other.example.", Ana()), std::nullopt);
}

TEST(EditMaskerTest, MasksPossessiveAndLowerCaseForms) {
  EXPECT_EQ(
      EditMasker::MaskReliably("Hi ana, Lima's team and the robotics folks.", Ana()),
      std::optional<std::string>("Hi [first name], [last name]'s team and the [company] folks."));
}

TEST(EditMaskerTest, PassesTextWithNothingOfTheRecipientLeft) {
  EXPECT_EQ(EditMasker::MaskReliably("Hi Ana,\n\nWould a short call work?\n\nDana", Ana()),
            std::optional<std::string>("Hi [first name],\n\nWould a short call work?\n\nDana"));
}

TEST(EditMaskerTest, FillsPlaceholdersForAnotherRecipientButNeverAFact) {
  RecipientStrings ben;
  ben.first_name = "Ben";
  ben.company = "Globex";
  EXPECT_EQ(EditMasker::Fill("Quick question about [company], [first name]", ben),
            std::optional<std::string>("Quick question about Globex, Ben"));
  EXPECT_EQ(EditMasker::Fill("Congrats on [fact].", ben), std::nullopt);
  EXPECT_EQ(EditMasker::Fill("Dear [first name] [last name]", ben), std::nullopt);
}

}  // namespace
}  // namespace draftbox
