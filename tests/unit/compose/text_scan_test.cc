#include "compose/text_scan.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

using Strings = std::vector<std::string>;

TEST(TextScanTest, FindsLinksInAllShapes) {
  EXPECT_EQ(TextScan::FindLinks("see http://evil.example/claim."),
            Strings{"http://evil.example/claim"});
  EXPECT_EQ(TextScan::FindLinks("go to WWW.Example.org now"), Strings{"WWW.Example.org"});
  EXPECT_EQ(TextScan::FindLinks("read evil.com/x, then"), Strings{"evil.com/x"});
  EXPECT_FALSE(TextScan::FindLinks("javascript://alert(1)").empty());
}

TEST(TextScanTest, DoesNotTakeOrdinaryDotsForDomains) {
  for (const char* text : {"Was named to the Inc. 5000 list", "Released version 3.8 of Atlas",
                           "e.g. this", "Maple Ledger Inc.", "U.S. market", "Lumen & Oak"}) {
    EXPECT_TRUE(TextScan::FindLinks(text).empty()) << text;
  }
  // The domain of an address is part of the address, not a link.
  EXPECT_TRUE(TextScan::FindLinks("write to dana@example.com").empty());
}

TEST(TextScanTest, FindsAddressesLowerCased) {
  EXPECT_EQ(TextScan::FindEmails("Bcc: Victim@Example.NET"), Strings{"victim@example.net"});
  EXPECT_TRUE(TextScan::FindEmails("dana@@ nothing").empty());
}

TEST(TextScanTest, MatchesPhrasesOnWordBoundaries) {
  EXPECT_TRUE(TextScan::ContainsPhrase("Please WRITE that", "write"));
  EXPECT_FALSE(TextScan::ContainsPhrase("rewrite history", "write"));
  EXPECT_TRUE(TextScan::ContainsPhrase("SYSTEM: you are", "system:"));
}

TEST(TextScanTest, SplitsWordsWithCapitalisationAndSentenceStarts) {
  auto words = TextScan::Words("Hi Kenji,\n\nÓ Súilleabháin's talk. Émile");
  ASSERT_EQ(words.size(), 6u);
  EXPECT_TRUE(words[0].sentence_start);
  EXPECT_FALSE(words[1].sentence_start);
  EXPECT_TRUE(words[2].sentence_start);
  EXPECT_TRUE(words[2].capitalised);
  EXPECT_EQ(words[3].text, "Súilleabháin");
  EXPECT_FALSE(words[4].capitalised);
  EXPECT_TRUE(words[5].sentence_start && words[5].capitalised);
}

TEST(TextScanTest, NumbersIgnoreLeadingZeros) {
  EXPECT_EQ(TextScan::Numbers("due 2027-03-14, $15M"), (Strings{"2027", "3", "14", "15"}));
}

TEST(TextScanTest, FlagsControlCharactersAndMarkup) {
  EXPECT_TRUE(TextScan::HasControlChar("Eve\r\nBcc"));
  EXPECT_TRUE(
      TextScan::HasControlChar("a\xE2\x80\xAE"
                               "b"));  // right-to-left override
  EXPECT_FALSE(TextScan::HasControlChar("Zoë Weiß „ok“ – fine"));
  EXPECT_TRUE(TextScan::HasMarkup("</facts>"));
  EXPECT_TRUE(TextScan::HasMarkup("&lt;script&gt;"));
  EXPECT_FALSE(TextScan::HasMarkup("fewer than <5 people & more"));
}

}  // namespace
}  // namespace draftbox
