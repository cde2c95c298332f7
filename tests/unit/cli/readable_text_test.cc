#include "cli/readable_text.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

TEST(ReadableTextTest, DecodesAQuotedPrintableBodyWithSoftBreaks) {
  EXPECT_EQ(ReadableBody("Hallo J=C3=B6rg,\n\nviele Gr=C3=BC=C3=9Fe, eine l=\nange Zeile.\n"),
            "Hallo Jörg,\n\nviele Grüße, eine lange Zeile.\n");
}

TEST(ReadableTextTest, DecodesABase64BodyOfText) {
  // "こんにちは、春樹さん" in base64, as a mail client may store a Japanese body.
  EXPECT_EQ(ReadableBody("44GT44KT44Gr44Gh44Gv44CB5pil5qi544GV44KT\n"), "こんにちは、春樹さん");
}

TEST(ReadableTextTest, LeavesPlainTextWithEqualsSignsAsWritten) {
  for (const char* plain : {"Hi Ana,\n\n2+2=4 and a=b.\n", "price=3D the plan, x = y\n",
                            "Dear team\n", "Grüße aus München\n", "ABCDEFGH"}) {
    EXPECT_EQ(ReadableBody(plain), plain);
  }
}

TEST(ReadableTextTest, KeepsBase64ThatIsNotTextAsWritten) {
  // Decodes to bytes that are not UTF-8 text (an image, a key): shown as stored.
  EXPECT_EQ(ReadableBody("iVBORw0KGgoAAAANSUhEUg=="), "iVBORw0KGgoAAAANSUhEUg==");
}

TEST(ReadableTextTest, DropsEscapeSequencesAndCarriageReturns) {
  EXPECT_EQ(ReadableBody("Hi\r\n\x1b[2Jthere\tyou\n"), "Hi\n[2Jthere\tyou\n");
  EXPECT_EQ(ReadableBody("a=1B=5B2Jb=\n"), "a[2Jb");
}

TEST(ReadableTextTest, DecodesEncodedWordsInAHeaderOnOneLine) {
  EXPECT_EQ(ReadableHeader("=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_M=C3=BCnchen?="), "Grüße aus München");
  EXPECT_EQ(ReadableHeader("=?UTF-8?B?44GT44KT44Gr44Gh44Gv?= Haruki"), "こんにちは Haruki");
  EXPECT_EQ(ReadableHeader("Plain = subject\nwith a break"), "Plain = subject with a break");
}

}  // namespace
}  // namespace draftbox
