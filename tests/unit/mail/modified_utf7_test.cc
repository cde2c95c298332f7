#include "mail/modified_utf7.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

struct Case {
  const char* utf8;
  const char* wire;
};

// Wire forms as Dovecot, Exchange and Gmail send them (RFC 3501 section 5.1.3 examples).
constexpr Case kCases[] = {
    {"INBOX", "INBOX"},
    {"Entwürfe", "Entw&APw-rfe"},
    {"Éléments envoyés", "&AMk-l&AOk-ments envoy&AOk-s"},
    {"[Google Mail]/Entwürfe", "[Google Mail]/Entw&APw-rfe"},
    {"Tom & Jerry", "Tom &- Jerry"},
    {"~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"},
    {"Отправленные", "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"},
    {"😀 Drafts", "&2D3eAA- Drafts"},
    {"", ""},
};

TEST(ModifiedUtf7Test, EncodesKnownNames) {
  for (const Case& c : kCases) {
    auto wire = EncodeModifiedUtf7(c.utf8);
    ASSERT_TRUE(wire.has_value()) << c.utf8;
    EXPECT_EQ(*wire, c.wire) << c.utf8;
  }
}

TEST(ModifiedUtf7Test, DecodesKnownNames) {
  for (const Case& c : kCases) {
    auto utf8 = DecodeModifiedUtf7(c.wire);
    ASSERT_TRUE(utf8.has_value()) << c.wire;
    EXPECT_EQ(*utf8, c.utf8) << c.wire;
  }
}

TEST(ModifiedUtf7Test, RejectsInvalidUtf8OnEncode) {
  EXPECT_FALSE(EncodeModifiedUtf7("Entw\xfc"
                                  "rfe")
                   .has_value());                                // Latin-1 byte
  EXPECT_FALSE(EncodeModifiedUtf7("\xc3").has_value());          // truncated
  EXPECT_FALSE(EncodeModifiedUtf7("\xc0\xaf").has_value());      // overlong '/'
  EXPECT_FALSE(EncodeModifiedUtf7("\xed\xa0\x80").has_value());  // lone surrogate
}

TEST(ModifiedUtf7Test, RejectsMalformedWireNames) {
  EXPECT_FALSE(DecodeModifiedUtf7("Entw&APw").has_value());      // no closing '-'
  EXPECT_FALSE(DecodeModifiedUtf7("Entw&AP!-rfe").has_value());  // '!' is not base64
  EXPECT_FALSE(DecodeModifiedUtf7("&AGE-").has_value());         // encodes plain 'a'
  EXPECT_FALSE(DecodeModifiedUtf7("&2D0-").has_value());         // lone high surrogate
  EXPECT_FALSE(DecodeModifiedUtf7("Entw\xc3\xbc"
                                  "rfe")
                   .has_value());                         // raw 8-bit
  EXPECT_FALSE(DecodeModifiedUtf7("&APx-").has_value());  // non-zero padding bits
}

TEST(ModifiedUtf7Test, ErrorsAreInvalidArgument) {
  auto result = DecodeModifiedUtf7("&APw");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace draftbox
