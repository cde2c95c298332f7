// MeasureEdit and TextSimilarity on the edits senders make: none, a changed greeting, a rewrite,
// a new subject, only re-wrapped lines.
#include "watch/edit_measure.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

constexpr char kDraft[] =
    "Hi Ana,\n\nCongratulations on the Series B. Teams that just raised grow their pipeline "
    "fastest with clean CRM data.\n\nWould a 20-minute call next week work?\n\nDana Reyes\n";

TEST(EditMeasureTest, AnUneditedSendChangesNothing) {
  EditMeasure m = MeasureEdit("Series B", kDraft, "Series B", kDraft);
  EXPECT_EQ(m.words_added, 0);
  EXPECT_EQ(m.words_removed, 0);
  EXPECT_EQ(m.chars_changed, 0);
  EXPECT_DOUBLE_EQ(m.edit_ratio, 0.0);
  EXPECT_FALSE(m.subject_changed);
  EXPECT_EQ(m.summary, "no change to the text");
}

TEST(EditMeasureTest, RewrappedLinesAndCrlfAreNotEdits) {
  std::string rewrapped =
      "Hi Ana,\r\n\r\nCongratulations on the Series B.  Teams that just raised grow their\r\n"
      "pipeline fastest with clean CRM data.\r\n\r\nWould a 20-minute call next week work?\r\n\r\n"
      "Dana Reyes\r\n";
  EditMeasure m = MeasureEdit("Series B", kDraft, "Series B", rewrapped);
  EXPECT_EQ(m.chars_changed, 0);
  EXPECT_EQ(m.words_added + m.words_removed, 0);
}

TEST(EditMeasureTest, AChangedGreetingIsASmallEditNamedInTheSummary) {
  std::string sent = kDraft;
  sent.replace(0, 7, "Dear Ms Lima,");
  EditMeasure m = MeasureEdit("Series B", kDraft, "Series B", sent);
  EXPECT_EQ(m.words_removed, 2);  // "Hi", "Ana,"
  EXPECT_EQ(m.words_added, 3);    // "Dear", "Ms", "Lima,"
  EXPECT_GT(m.edit_ratio, 0.0);
  EXPECT_LT(m.edit_ratio, 0.15);
  EXPECT_NE(m.summary.find("-'Hi Ana,' +'Dear Ms Lima,'"), std::string::npos) << m.summary;
}

TEST(EditMeasureTest, AHeavyRewriteHasAHighRatio) {
  EditMeasure m = MeasureEdit("Series B", kDraft, "Quick question",
                              "Ana - saw the news. Free Thursday for a chat about your CRM?\n-D\n");
  EXPECT_TRUE(m.subject_changed);
  EXPECT_GT(m.edit_ratio, 0.6);
  EXPECT_GT(m.words_removed, 15);
  EXPECT_TRUE(m.summary.starts_with("subject changed; ")) << m.summary;
}

TEST(EditMeasureTest, CountsCharactersNotBytes) {
  EditMeasure m = MeasureEdit("s", "Grüße", "s", "Grüsse");
  EXPECT_EQ(m.chars_changed, 3);  // ß out, s and s in
}

TEST(TextSimilarityTest, SameTextIsOneAndUnrelatedTextIsLow) {
  EXPECT_DOUBLE_EQ(TextSimilarity(kDraft, kDraft), 1.0);
  EXPECT_LT(TextSimilarity(kDraft, "Lunch on Friday? The usual place at noon.\n"), 0.2);
  std::string edited = kDraft;
  edited.replace(0, 7, "Dear Ms Lima,");
  EXPECT_GT(TextSimilarity(kDraft, edited), 0.85);
}

}  // namespace
}  // namespace draftbox
