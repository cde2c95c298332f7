#include "core/loopback.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

TEST(LoopbackTest, AcceptsLoopbackNames) {
  for (const char* host : {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
}

TEST(LoopbackTest, RefusesEverythingElse) {
  for (const char* host : {"", "0.0.0.0", "10.0.0.1", "128.0.0.1", "127.0.0", "127.0.0.1.evil.com",
                           "localhost.evil.com", "127.0.0.256", "::", "imap.example.com"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

TEST(LoopbackTest, ParsesHostAndPort) {
  auto v4 = ParseHostPort("127.0.0.1:7411");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 7411);
  auto v6 = ParseHostPort("[::1]:80");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 80);
}

TEST(LoopbackTest, RefusesMalformedHostPort) {
  for (const char* text : {"127.0.0.1", "127.0.0.1:", ":7411", "127.0.0.1:0", "127.0.0.1:65536",
                           "127.0.0.1:12ab", "[::1]7411", "[::1"}) {
    EXPECT_FALSE(ParseHostPort(text)) << text;
  }
}

}  // namespace
}  // namespace draftbox
