// core/text: decoding, cutting at character boundaries, repairing and escaping outside text.
#include "core/text.h"

#include <gtest/gtest.h>

#include <string>

namespace draftbox {
namespace {

TEST(TextTest, DecodesEachSequenceLengthAndRefusesBrokenOnes) {
  char32_t cp = 0;
  EXPECT_EQ(DecodeUtf8At("A", 0, &cp), 1u);
  EXPECT_EQ(cp, U'A');
  EXPECT_EQ(DecodeUtf8At("\xC3\xBC", 0, &cp), 2u);  // ü
  EXPECT_EQ(cp, U'\u00FC');
  EXPECT_EQ(DecodeUtf8At("\xE6\x97\xA5", 0, &cp), 3u);  // 日
  EXPECT_EQ(cp, U'\u65E5');
  EXPECT_EQ(DecodeUtf8At("\xF0\x9F\x98\x80", 0, &cp), 4u);  // 😀
  EXPECT_EQ(cp, U'\U0001F600');
  EXPECT_EQ(DecodeUtf8At("\x80", 0, &cp), 0u);              // stray continuation
  EXPECT_EQ(DecodeUtf8At("\xE6\x97", 0, &cp), 0u);          // truncated
  EXPECT_EQ(DecodeUtf8At("\xC0\xAF", 0, &cp), 0u);          // overlong '/'
  EXPECT_EQ(DecodeUtf8At("\xED\xA0\x80", 0, &cp), 0u);      // surrogate
  EXPECT_EQ(DecodeUtf8At("\xF4\x90\x80\x80", 0, &cp), 0u);  // above U+10FFFF
}

TEST(TextTest, AppendUtf8RoundTripsEveryLength) {
  std::string out;
  for (char32_t cp : {U'A', U'\u00FC', U'\u65E5', U'\U0001F600'}) AppendUtf8(cp, out);
  EXPECT_EQ(out, "A\xC3\xBC\xE6\x97\xA5\xF0\x9F\x98\x80");
  std::string bad;
  AppendUtf8(0xD800, bad);
  EXPECT_EQ(bad, kReplacementChar);
}

TEST(TextTest, TruncateNeverSplitsACharacter) {
  // "Grüße 日本" with every possible cut: the result is always valid UTF-8 and a prefix.
  const std::string text =
      "Gr\xC3\xBC\xC3\x9F"
      "e \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80";
  for (size_t cut = 0; cut <= text.size() + 1; ++cut) {
    std::string_view kept = TruncateUtf8(text, cut);
    EXPECT_LE(kept.size(), cut);
    EXPECT_TRUE(IsValidUtf8(kept)) << "cut at " << cut;
    EXPECT_EQ(text.substr(0, kept.size()), kept);
    EXPECT_GE(kept.size() + 3, std::min(cut, text.size())) << "dropped more than one character";
  }
  EXPECT_EQ(TruncateUtf8("Gr\xC3\xBC", 3), "Gr");
  EXPECT_EQ(TruncateUtf8("Gr\xC3\xBC", 4), "Gr\xC3\xBC");
}

TEST(TextTest, ByteThreeHundredInsideAJapaneseCharacterIsCutBeforeIt) {
  // The reply that crashed the watcher: 299 ASCII bytes, then a 3-byte character.
  const std::string reply = std::string(299, 'a') + "\xE3\x81\x82" + "tail";
  std::string_view kept = TruncateUtf8(reply, 300);
  EXPECT_EQ(kept.size(), 299u);
  EXPECT_TRUE(IsValidUtf8(kept));
}

TEST(TextTest, TruncateKeepsInvalidBytesItDoesNotCutThrough) {
  EXPECT_EQ(TruncateUtf8("ab\x80\x80\x80\x80z", 5), "ab\x80\x80\x80");
  EXPECT_EQ(TruncateUtf8("\x80\x80", 1), "\x80");
}

TEST(TextTest, EllipsisCountsTowardsTheLimit) {
  const std::string cut = TruncateUtf8WithEllipsis(
      "Gr\xC3\xBC\xC3\x9F"
      "e aus Berlin",
      8);
  EXPECT_EQ(cut, "Gr\xC3\xBC\xE2\x80\xA6");
  EXPECT_LE(cut.size(), 8u);
  EXPECT_EQ(TruncateUtf8WithEllipsis("short", 8), "short");
}

TEST(TextTest, ToValidUtf8ReplacesEachBadByteAndKeepsTheRest) {
  EXPECT_EQ(ToValidUtf8("ok \xC3\xBC"), "ok \xC3\xBC");
  EXPECT_EQ(ToValidUtf8("a\xFF"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ToValidUtf8("\xE6\x97"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(ToValidUtf8("\xC0\xAF\xED\xA0\x80\xF8")));
}

TEST(TextTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints("Gr\xC3\xBC\xC3\x9F"
                            "e"),
            5u);
  EXPECT_EQ(CountCodePoints("\xE6\x97\xA5\xE6\x9C\xAC"), 2u);
  EXPECT_EQ(CountCodePoints("\xFF\xFF"), 2u);
}

TEST(TextTest, EscapeForLogKeepsALogLineOneLine) {
  const std::string forged = "GET /v1/x\r\n2026-12-03 [info] token accepted\x1b[31m";
  const std::string line = EscapeForLog(forged);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\r'), std::string::npos);
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_NE(line.find("\\r\\n"), std::string::npos);
  EXPECT_NE(line.find("\\x1B"), std::string::npos);
  EXPECT_EQ(EscapeForLog("a\\b"), "a\\\\b");
  EXPECT_EQ(EscapeForLog("\xE2\x80\xA8"), "\\u{2028}");
  EXPECT_EQ(EscapeForLog("\xC2\x85"), "\\u{0085}");  // NEL
  EXPECT_EQ(EscapeForLog("\xFF"), "\\xFF");
  EXPECT_EQ(EscapeForLog("Gr\xC3\xBC\xC3\x9F"
                         "e"),
            "Gr\xC3\xBC\xC3\x9F"
            "e");
}

TEST(TextTest, EscapeForLogBoundsItsOutput) {
  const std::string huge(1 << 20, 'x');
  const std::string line = EscapeForLog(huge, 100);
  EXPECT_EQ(line, std::string(100, 'x') + "\xE2\x80\xA6");
}

TEST(TextTest, ControlCodePointsAreThoseThatCanBreakALine) {
  for (char32_t cp :
       {U'\0', U'\n', U'\r', U'\t', U'\x7F', U'\x85', U'\x9F', U'\x2028', U'\x2029'}) {
    EXPECT_TRUE(IsControlCodePoint(cp)) << static_cast<unsigned>(cp);
  }
  for (char32_t cp : {U' ', U'a', U'\xA0', U'\xFC', U'\x65E5'}) {
    EXPECT_FALSE(IsControlCodePoint(cp)) << static_cast<unsigned>(cp);
  }
}

TEST(TextTest, HasControlCodePointFindsEncodedControlsButNotInvalidBytes) {
  EXPECT_TRUE(HasControlCodePoint("Acme\r\nBcc: x"));
  EXPECT_TRUE(HasControlCodePoint("Acme\xC2\x85GmbH"));  // NEL, U+0085
  EXPECT_TRUE(
      HasControlCodePoint("line\xE2\x80\xA8"
                          "break"));  // U+2028
  EXPECT_FALSE(HasControlCodePoint("M\xC3\xBCller \xE6\x97\xA5\xE6\x9C\xAC"));
  EXPECT_FALSE(HasControlCodePoint("\xC2"));      // a lone lead byte is invalid, not a control
  EXPECT_FALSE(HasControlCodePoint("\x85\x9F"));  // stray continuation bytes likewise
}

TEST(TextTest, AsciiLowerLeavesMultiByteCharactersAlone) {
  EXPECT_EQ(AsciiLower("J\xC3\x9CRG@Example.DE"), "j\xC3\x9Crg@example.de");
}

}  // namespace
}  // namespace draftbox
