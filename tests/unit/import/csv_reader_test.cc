#include "import/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace draftbox {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows ReadAll(std::string_view text, std::vector<int64_t>* lines = nullptr) {
  CsvReader reader(text);
  CsvRecord record;
  Rows rows;
  while (true) {
    Result<bool> got = reader.Next(record);
    EXPECT_TRUE(got.has_value()) << got.error().message;
    if (!got || !*got) return rows;
    rows.push_back(record.fields);
    if (lines != nullptr) lines->push_back(record.line);
  }
}

TEST(CsvReaderTest, SplitsPlainFieldsOnCommasAndLines) {
  EXPECT_EQ(ReadAll("a,b,c\n1,,3\n"), (Rows{{"a", "b", "c"}, {"1", "", "3"}}));
}

TEST(CsvReaderTest, QuotedFieldsKeepCommasDoubledQuotesAndLineBreaks) {
  EXPECT_EQ(ReadAll("\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n"),
            (Rows{{"x, y", "say \"hi\"", "two\nlines"}}));
}

TEST(CsvReaderTest, CrlfAndLfLineEndsGiveTheSameRecords) {
  EXPECT_EQ(ReadAll("a,b\r\n1,2\r\n"), ReadAll("a,b\n1,2\n"));
}

TEST(CsvReaderTest, CrlfInsideQuotesIsKept) {
  EXPECT_EQ(ReadAll("\"Eve\r\nBcc: x\",b\r\n"), (Rows{{"Eve\r\nBcc: x", "b"}}));
}

TEST(CsvReaderTest, SkipsUtf8ByteOrderMark) {
  EXPECT_EQ(ReadAll("\xEF\xBB\xBF"
                    "email,name\n"),
            (Rows{{"email", "name"}}));
}

TEST(CsvReaderTest, LastRecordWithoutLineEndIsRead) {
  EXPECT_EQ(ReadAll("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReaderTest, EmptyQuotedFieldIsEmpty) { EXPECT_EQ(ReadAll("\"\",x\n"), (Rows{{"", "x"}})); }

TEST(CsvReaderTest, StrayQuoteInsideUnquotedFieldIsKeptAsText) {
  EXPECT_EQ(ReadAll("O\"Brien,x\n"), (Rows{{"O\"Brien", "x"}}));
}

TEST(CsvReaderTest, RecordsKnowThePhysicalLineTheyStartOn) {
  std::vector<int64_t> lines;
  ReadAll("h\n\"a\nb\nc\"\nd\n", &lines);
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 5}));
}

TEST(CsvReaderTest, UnclosedQuoteFailsNamingTheLineItOpened) {
  CsvReader reader("h\nok\n\"never\nclosed,x\n");
  CsvRecord record;
  ASSERT_TRUE(reader.Next(record).value());
  ASSERT_TRUE(reader.Next(record).value());
  Result<bool> got = reader.Next(record);
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().message, "line 3: quoted field is never closed");
  EXPECT_FALSE(reader.Next(record).value());
}

TEST(CsvReaderTest, EmptyTextHasNoRecords) { EXPECT_TRUE(ReadAll("").empty()); }

}  // namespace
}  // namespace draftbox
