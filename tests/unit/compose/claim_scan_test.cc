#include "compose/claim_scan.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

std::vector<std::string> Keys(const std::vector<ClaimScan::Claim>& claims) {
  std::vector<std::string> out;
  for (const auto& c : claims) out.push_back(c.written + "=" + c.key);
  return out;
}

TEST(ClaimScanTest, MoneyComparesByCurrencyAndValue) {
  EXPECT_EQ(Keys(ClaimScan::Money("Raised $15M, then $15 million, €1.2M and 1,5 Mio. €.")),
            (std::vector<std::string>{"$15M=USD:1500000000", "$15 million=USD:1500000000",
                                      "€1.2M=EUR:120000000", "1,5 Mio. €=EUR:150000000"}));
  EXPECT_EQ(Keys(ClaimScan::Money("EUR 300k and $1,234,567 but 15M users")),
            (std::vector<std::string>{"EUR 300k=EUR:30000000", "$1,234,567=USD:123456700"}));
}

TEST(ClaimScanTest, PercentagesInEachLanguage) {
  EXPECT_EQ(Keys(ClaimScan::Percentages("up 40% or 12,5 Prozent, 3 percent")),
            (std::vector<std::string>{"40%=40", "12,5 Prozent=12.5", "3 percent=3"}));
}

TEST(ClaimScanTest, DatesWithAndWithoutYear) {
  EXPECT_EQ(Keys(ClaimScan::Dates("due (2027-03-14), am 14. März 2027, on March 14, 14.03.2027")),
            (std::vector<std::string>{"2027-03-14=2027-03-14", "14.03.2027=2027-03-14",
                                      "14. März 2027=2027-03-14", "March 14=?-03-14"}));
  EXPECT_TRUE(ClaimScan::SameDate("?-03-14", "2027-03-14"));
  EXPECT_FALSE(ClaimScan::SameDate("2026-03-14", "2027-03-14"));
  EXPECT_TRUE(ClaimScan::Dates("in November, with 3 people").empty());
}

}  // namespace
}  // namespace draftbox
