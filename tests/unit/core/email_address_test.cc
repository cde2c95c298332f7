#include "core/email_address.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

TEST(EmailAddressTest, TrimsAndLowerCases) {
  auto email = NormaliseEmail("  Lena.Mueller@CoralReef.Media \t");
  ASSERT_TRUE(email) << email.error().message;
  EXPECT_EQ(*email, "lena.mueller@coralreef.media");
}

TEST(EmailAddressTest, AcceptsCommonShapes) {
  for (const char* raw : {"a@b.co", "first.last+tag@sub.example.com", "o'brien@x-y.ie",
                          "jörg@müller.de", "x_1@a1.io"}) {
    EXPECT_TRUE(NormaliseEmail(raw)) << raw;
  }
}

struct BadCase {
  const char* raw;
  const char* reason;
};

TEST(EmailAddressTest, RefusesBadAddressesWithReason) {
  const BadCase cases[] = {
      {"", "empty address"},
      {"lena.example.com", "missing '@'"},
      {"a@b@c.com", "more than one '@'"},
      {"@example.com", "empty local part"},
      {"lena@", "empty domain"},
      {"lena@localhost", "domain has no dot"},
      {"lena@example..com", "empty label"},
      {".lena@example.com", "misplaced '.'"},
      {"le..na@example.com", "misplaced '.'"},
      {"lena smith@example.com", "character not allowed in an address"},
      {"lena@exa_mple.com", "character not allowed in a domain"},
      {"lena@-example.com", "starts or ends with '-'"},
      {"lena@example.com\r\nBcc: evil", "character not allowed in a domain"},
      {"<lena@example.com>", "character not allowed"},
  };
  for (const auto& c : cases) {
    auto result = NormaliseEmail(c.raw);
    ASSERT_FALSE(result) << c.raw;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(result.error().message.find(c.reason), std::string::npos)
        << c.raw << " -> " << result.error().message;
  }
}

TEST(EmailAddressTest, RefusesOverlongParts) {
  EXPECT_FALSE(NormaliseEmail(std::string(65, 'a') + "@example.com"));
  EXPECT_FALSE(NormaliseEmail("a@" + std::string(64, 'b') + ".com"));
}

TEST(EmailAddressTest, DomainOfNormalisedAddress) {
  EXPECT_EQ(EmailDomain("lena@coralreef.media"), "coralreef.media");
  EXPECT_EQ(EmailDomain("nodomain"), "");
}

}  // namespace
}  // namespace draftbox
