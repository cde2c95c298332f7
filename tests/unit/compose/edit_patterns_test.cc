#include "compose/edit_patterns.h"

#include <gtest/gtest.h>

#include "compose/template_composer.h"
#include "unit/compose/compose_fixtures.h"

namespace draftbox {
namespace {

EditPair Pair(const std::string& subject, const std::string& body, const std::string& sent_subject,
              const std::string& sent_body) {
  return EditPair{subject, body, sent_subject, sent_body};
}

const std::string kDraft =
    "Hi Ana,\n\nCongratulations on the Series A.\n\nHere is why I'm writing. Clean data helps.\n\n"
    "Would a call work?\n\nCheers,\nDana\n";

TEST(EditPatternFinderTest, FindsPhrasesRepsDeleteInMostSends) {
  std::string trimmed = kDraft;
  trimmed.replace(trimmed.find("Here is why I'm writing. "), 24, "");
  std::string closing = trimmed;
  closing.replace(closing.find("Cheers,"), 7, "Best,");
  std::vector<EditPair> pairs = {
      Pair("Congrats", kDraft, "Congrats", trimmed), Pair("Congrats", kDraft, "Congrats", closing),
      Pair("Congrats", kDraft, "Congrats", trimmed), Pair("Congrats", kDraft, "Congrats", kDraft)};
  EditPatterns found = EditPatternFinder::Find(pairs);
  // Deleted in 3 of 4 sends; "Cheers," in 1 of 4 is a taste, not a pattern.
  EXPECT_EQ(found.removed_phrases, std::vector<std::string>{"Here is why I'm writing."});
  EXPECT_TRUE(found.rewritten_subjects.empty());
}

TEST(EditPatternFinderTest, NeedsThreeSightingsBeforeCallingItAPattern) {
  std::vector<EditPair> pairs = {Pair("Quick question", kDraft, "Hello", "Hi Ana,\n\nDana\n"),
                                 Pair("Quick question", kDraft, "Hello", "Hi Ana,\n\nDana\n")};
  EditPatterns found = EditPatternFinder::Find(pairs);
  EXPECT_TRUE(found.removed_phrases.empty());
  EXPECT_TRUE(found.rewritten_subjects.empty());
}

TEST(EditPatternFinderTest, FindsSubjectsRepsRewrite) {
  std::vector<EditPair> pairs = {Pair("Quick question", kDraft, "Series A + clean data", kDraft),
                                 Pair("Quick question", kDraft, "Your Series A", kDraft),
                                 Pair("Quick question", kDraft, "Quick question", kDraft),
                                 Pair("Quick  question", kDraft, "Hello Ana", kDraft),
                                 Pair("Congrats", kDraft, "Congrats", kDraft),
                                 Pair("Congrats", kDraft, "Congrats", kDraft),
                                 Pair("Congrats", kDraft, "Congrats!", kDraft)};
  EditPatterns found = EditPatternFinder::Find(pairs);
  EXPECT_EQ(found.rewritten_subjects, std::vector<std::string>{"Quick question"});
}

TEST(EditPatternFinderTest, SplitsSentencesClausesAndLines) {
  EXPECT_EQ(
      EditPatternFinder::Phrases("Hi Ana,\n\nOne.  Two? The reason: x.y works.\nBest,\n"),
      (std::vector<std::string>{"Hi Ana,", "One.", "Two?", "The reason:", "x.y works.", "Best,"}));
}

// The template composer honours the list: a phrase reps keep deleting is not written again
// while another wording exists.
TEST(EditPatternFinderTest, TemplateComposerAvoidsTheDeletedPhrases) {
  Recipient r;
  r.email = "ana@acme.example";
  r.first_name = "Ana";
  r.role = "VP Sales";
  r.company = "Acme";
  r.activities = {Activity{1, "funding", "2026-11-20", "Raised a $15M Series B", "news"}};
  size_t seen_without = 0;
  for (uint64_t seed = 0; seed < 40; ++seed) {
    auto request = testing::Request(r, testing::Intent(CampaignKind::kOutreach, "en"),
                                    testing::DefaultPersona(), seed);
    auto plain = TemplateComposer().Compose(request);
    ASSERT_TRUE(plain.has_value()) << plain.error().reason;
    if (plain->body.find("Here is why I'm writing.") != std::string::npos) ++seen_without;
    request.avoid_phrases = {"Here is why I'm writing.", "Cheers,"};
    auto avoiding = TemplateComposer().Compose(request);
    ASSERT_TRUE(avoiding.has_value()) << avoiding.error().reason;
    EXPECT_EQ(avoiding->body.find("Here is why I'm writing."), std::string::npos) << avoiding->body;
    EXPECT_EQ(avoiding->body.find("Cheers,"), std::string::npos) << avoiding->body;
  }
  EXPECT_GT(seen_without, 0u);
}

}  // namespace
}  // namespace draftbox
