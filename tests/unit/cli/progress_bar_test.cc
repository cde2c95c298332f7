#include "cli/progress_bar.h"

#include <gtest/gtest.h>

#include <sstream>

namespace draftbox {
namespace {

TEST(RenderProgressLineTest, DrawsFilledShareCountsAndPercent) {
  EXPECT_EQ(RenderProgressLine("import", 45, 100, 20), "import [#########...........] 45/100 45%");
}

TEST(RenderProgressLineTest, EmptyAndFullBars) {
  EXPECT_EQ(RenderProgressLine("run", 0, 4, 4), "run [....] 0/4 0%");
  EXPECT_EQ(RenderProgressLine("run", 4, 4, 4), "run [####] 4/4 100%");
}

TEST(RenderProgressLineTest, ClampsDoneIntoRange) {
  EXPECT_EQ(RenderProgressLine("run", 9, 4, 4), "run [####] 4/4 100%");
  EXPECT_EQ(RenderProgressLine("run", -3, 4, 4), "run [....] 0/4 0%");
}

TEST(RenderProgressLineTest, UnknownTotalShowsACounter) {
  EXPECT_EQ(RenderProgressLine("import", 17, 0, 20), "import 17");
}

TEST(ProgressBarTest, DisabledBarWritesNothing) {
  std::ostringstream out;
  {
    ProgressBar bar(out, /*enabled=*/false, "import", 10);
    for (int i = 0; i <= 10; ++i) bar.Update(i);
    bar.Finish();
  }
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressBarTest, ForStderrIsSilentWhenStderrIsNotATerminal) {
  if (isatty(2)) GTEST_SKIP() << "stderr is a terminal here";
  ProgressBar bar = ProgressBar::ForStderr("import", 10);
  EXPECT_FALSE(bar.enabled());
}

TEST(ProgressBarTest, EnabledBarRedrawsInPlaceAndEndsTheLine) {
  std::ostringstream out;
  ProgressBar bar(out, /*enabled=*/true, "run", 2);
  bar.Update(1);
  bar.Update(1);  // unchanged: no redraw
  bar.Update(2);
  bar.Finish();
  bar.Finish();  // only once
  const std::string line1 = RenderProgressLine("run", 1, 2, 30);
  const std::string line2 = RenderProgressLine("run", 2, 2, 30);
  EXPECT_EQ(out.str(), "\r" + line1 + "\r" + line2 + "\n");
}

TEST(ProgressBarTest, DestructorEndsAnUnfinishedLine) {
  std::ostringstream out;
  {
    ProgressBar bar(out, /*enabled=*/true, "run", 0);
    bar.Update(3);
  }
  EXPECT_EQ(out.str(), "\rrun 3\n");
}

}  // namespace
}  // namespace draftbox
