#include "compose/edit_patterns.h"

#include <gtest/gtest.h>

#include "compose/template_composer.h"
#include "unit/compose/compose_fixtures.h"

namespace draftbox {
namespace {

EditPair Pair(const std::string& subject, const std::string& body, const std::string& sent_subject,
              const std::string& sent_body) {
  EditPair pair;
  pair.draft_subject = subject;
  pair.draft_body = body;
  pair.sent_subject = sent_subject;
  pair.sent_body = sent_body;
  return pair;
}

// A pair written to `first` at `company`, sent at `sent_at` with `ratio`.
EditPair To(const std::string& first, const std::string& company, const std::string& subject,
            const std::string& body, const std::string& sent_subject, const std::string& sent_body,
            int64_t sent_at = 0, double ratio = 0) {
  EditPair pair = Pair(subject, body, sent_subject, sent_body);
  pair.recipient.first_name = first;
  pair.recipient.company = company;
  pair.sent_at = sent_at;
  pair.edit_ratio = ratio;
  return pair;
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

// Each pair is masked with its own recipient first, so a subject or greeting written to
// different people counts as one pattern, and no pattern names anyone.
TEST(EditPatternFinderTest, CountsEditsToDifferentRecipientsAsOnePattern) {
  const std::vector<std::pair<std::string, std::string>> people = {
      {"Ana", "Acme"}, {"Ben", "Globex"}, {"Cleo", "Initech"}};
  std::vector<EditPair> pairs;
  for (const auto& [first, company] : people) {
    const std::string body = "Hi " + first +
                             ",\n\nI hope this finds you well.\n\nWould a call "
                             "work?\n\nCheers,\nDana\n";
    const std::string sent = "Hi " + first + ",\n\nWould a call work?\n\nCheers,\nDana\n";
    pairs.push_back(To(first, company, "Quick question about " + company, body,
                       company + " and clean data", sent));
  }
  EditPatterns found = EditPatternFinder::Find(pairs);
  EXPECT_EQ(found.removed_phrases, std::vector<std::string>{"I hope this finds you well."});
  EXPECT_EQ(found.rewritten_subjects, std::vector<std::string>{"Quick question about [company]"});
}

TEST(EditPatternFinderTest, ReportListsCommonEditsAndWeeklyMedians) {
  // Monday 2026-11-23 00:00 UTC and the Monday after.
  const int64_t week1 = 1795392000, week2 = week1 + 7 * 86400;
  const std::string draft =
      "Hi Ana,\n\nI hope this finds you well.\n\nWould a call work?\n\nDana\n";
  const std::string sent = "Hi Ana,\n\nWould a call work? Happy to adapt.\n\nDana\n";
  std::vector<EditPair> pairs = {
      To("Ana", "Acme", "Quick question about Acme", draft, "Acme and you", sent, week1, 0.1),
      To("Ana", "Acme", "Quick question about Acme", draft, "Acme and you", sent, week1 + 3600,
         0.3),
      To("Ana", "Acme", "Quick question about Acme", draft, "Quick question about Acme", draft,
         week1 + 7200, 0.2),
      To("Ana", "Acme", "Hello", draft, "Hello", sent, week2 + 86400, 0.5),
      To("Ana", "Acme", "Hello", draft, "Hello", sent, week2 + 2 * 86400, 0.7)};
  EditReport report = EditPatternFinder::Report(pairs, "sales", 10);
  EXPECT_EQ(report.persona, "sales");
  EXPECT_EQ(report.sends, 5);
  EXPECT_DOUBLE_EQ(report.median_ratio, 0.3);
  ASSERT_EQ(report.removed.size(), 1u);
  EXPECT_EQ(report.removed[0].text, "I hope this finds you well.");
  EXPECT_EQ(report.removed[0].sends, 4);
  ASSERT_EQ(report.added.size(), 1u);
  EXPECT_EQ(report.added[0].text, "Happy to adapt.");
  ASSERT_EQ(report.subject_rewrites.size(), 1u);
  EXPECT_EQ(report.subject_rewrites[0].from, "Quick question about [company]");
  EXPECT_EQ(report.subject_rewrites[0].to, "[company] and you");
  EXPECT_EQ(report.subject_rewrites[0].sends, 2);
  ASSERT_EQ(report.weeks.size(), 2u);
  EXPECT_EQ(report.weeks[0].week, "2026-11-23");
  EXPECT_EQ(report.weeks[0].sends, 3);
  EXPECT_DOUBLE_EQ(report.weeks[0].median_ratio, 0.2);
  EXPECT_EQ(report.weeks[1].week, "2026-11-30");
  EXPECT_DOUBLE_EQ(report.weeks[1].median_ratio, 0.6);
}

}  // namespace
}  // namespace draftbox
