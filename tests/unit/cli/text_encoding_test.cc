// Import files in the encodings people's tools write, read from tests/data/recipients: a
// Latin-1 CRM export and a German Excel CSV (Windows-1252), decoded with iconv.
#include "cli/text_encoding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/test_data.h"

namespace draftbox {
namespace {

using testing::HasSubstr;
using testing::StartsWith;

TEST(DecodeToUtf8Test, Latin1GermanNamesBecomeUtf8) {
  const std::string bytes = test::ReadTestData("recipients/latin1-german.csv");
  Result<std::string> text = DecodeToUtf8(bytes, "latin1", "latin1-german.csv");
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_THAT(*text, HasSubstr(",Jörg,Müller,Bäckerei Groß GmbH,Geschäftsführer,"));
  EXPECT_THAT(*text, HasSubstr(",François,Weiß,Zürcher Kühltechnik AG,"));
  EXPECT_EQ(DecodeToUtf8(bytes, "ISO-8859-1", "f").value_or(""), *text);
}

TEST(DecodeToUtf8Test, Windows1252KeepsTheCharactersLatin1Lacks) {
  const std::string bytes = test::ReadTestData("recipients/excel-de-semicolon.csv");
  Result<std::string> text = DecodeToUtf8(bytes, "windows-1252", "excel-de-semicolon.csv");
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_THAT(*text, HasSubstr("Krüger & Söhne KG;„Head of Sales“;DE;1€\r\n"));
}

TEST(DecodeToUtf8Test, NonUtf8FileWithoutEncodingNamesTheLineAndSuggestsWindows1252) {
  const std::string bytes = test::ReadTestData("recipients/latin1-german.csv");
  Result<std::string> text = DecodeToUtf8(bytes, "", "latin1-german.csv");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(text.error().message, StartsWith("latin1-german.csv:2: not valid UTF-8"));
  EXPECT_THAT(text.error().message, HasSubstr("--encoding windows-1252"));
}

TEST(DecodeToUtf8Test, Utf8PassesUnchanged) {
  const std::string text = "email,name\na@example.com,Jörg „Jo“ 😀\n";
  EXPECT_EQ(DecodeToUtf8(text, "utf-8", "f").value_or(""), text);
  EXPECT_EQ(DecodeToUtf8(text, "", "f").value_or(""), text);
}

TEST(DecodeToUtf8Test, ByteUndefinedInWindows1252NamesItsLine) {
  Result<std::string> text = DecodeToUtf8("email\na@example.com\x81\n", "cp1252", "x.csv");
  ASSERT_FALSE(text);
  EXPECT_THAT(text.error().message, StartsWith("x.csv:2: byte 0x81 is not a character in"));
}

TEST(DecodeToUtf8Test, UnknownEncodingIsRefusedNamingTheChoices) {
  Result<std::string> text = DecodeToUtf8("a", "ebcdic", "x.csv");
  ASSERT_FALSE(text);
  EXPECT_THAT(text.error().message, HasSubstr("unknown encoding \"ebcdic\""));
  EXPECT_THAT(text.error().message, HasSubstr("windows-1252"));
}

}  // namespace
}  // namespace draftbox
