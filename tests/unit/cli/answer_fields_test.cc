#include "cli/answer_fields.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

using nlohmann::json;

TEST(AnswerFieldsTest, AFieldOfTheWrongTypeReadsAsEmptyInsteadOfThrowing) {
  const json answer = {{"name", 7}, {"id", "12"}, {"ok", "true"}, {"list", {{"a", 1}}}};
  EXPECT_EQ(StringAt(answer, "name"), "");
  EXPECT_EQ(StringAt(answer, "name", "?"), "?");
  EXPECT_EQ(IntAt(answer, "id"), 0);
  EXPECT_FALSE(IsTrue(answer, "ok"));
  EXPECT_EQ(ArrayAt(answer, "list"), json::array());
  EXPECT_EQ(ObjectAt(answer, "missing"), json::object());
  EXPECT_EQ(StringAt(json::array(), "name"), "");  // not even an object
}

TEST(AnswerFieldsTest, OneLineTurnsControlCharactersIntoSpaces) {
  EXPECT_EQ(OneLine("Re: hi\r\n\x1b[31mred\x7f"), "Re: hi   [31mred ");
  EXPECT_EQ(OneLine("M\xC3\xBCller"), "M\xC3\xBCller");
}

TEST(AnswerFieldsTest, FormatUtcMinuteShowsUtcOrTheUnsetMark) {
  EXPECT_EQ(FormatUtcMinute(1764756300, "-"), "2025-12-03 10:05");
  EXPECT_EQ(FormatUtcMinute(0, "-"), "-");
  EXPECT_EQ(FormatUtcMinute(-5, ""), "");
}

TEST(AnswerFieldsTest, WholeNumberAtLeastRefusesFractionsAndSmallNumbers) {
  CLI::Validator positive = WholeNumberAtLeast(1);
  std::string value = "1.5";
  EXPECT_EQ(positive(value), "must be a positive integer (got '1.5')");
  value = "0";
  EXPECT_EQ(positive(value), "must be a positive integer (got '0')");
  value = "42";
  EXPECT_EQ(positive(value), "");
  CLI::Validator any = WholeNumberAtLeast(0);
  value = "0";
  EXPECT_EQ(any(value), "");
  value = "-1";
  EXPECT_EQ(any(value), "must be an integer of at least 0 (got '-1')");
}

}  // namespace
}  // namespace draftbox
