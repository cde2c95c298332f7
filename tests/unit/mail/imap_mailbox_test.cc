// ImapMailbox::Create's checks; they run before any connection, so no server is needed.
#include "mail/imap_mailbox.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.h"

namespace draftbox {
namespace {

ImapOptions Valid() {
  ImapOptions o;
  o.host = "127.0.0.1";
  o.port = 143;
  o.security = ImapSecurity::kNone;
  o.user = "dana";
  o.password = "hunter2-secret";
  return o;
}

TEST(ImapMailboxTest, AcceptsPlainTextToLoopback) {
  EXPECT_TRUE(ImapMailbox::Create(Valid()).has_value());
}

TEST(ImapMailboxTest, RefusesPlainTextToRemoteHost) {
  ImapOptions o = Valid();
  o.host = "imap.example.com";
  auto mailbox = ImapMailbox::Create(o);
  ASSERT_FALSE(mailbox.has_value());
  EXPECT_EQ(mailbox.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(mailbox.error().message.find("imap.example.com"), std::string::npos);
  EXPECT_EQ(mailbox.error().message.find(o.password), std::string::npos);
}

TEST(ImapMailboxTest, AcceptsTlsToRemoteHost) {
  ImapOptions o = Valid();
  o.host = "imap.example.com";
  o.security = ImapSecurity::kTls;
  EXPECT_TRUE(ImapMailbox::Create(o).has_value());
}

TEST(ImapMailboxTest, RefusesEmptyHostAndUser) {
  ImapOptions no_host = Valid();
  no_host.host.clear();
  ImapOptions no_user = Valid();
  no_user.user.clear();
  auto a = ImapMailbox::Create(no_host);
  auto b = ImapMailbox::Create(no_user);
  ASSERT_FALSE(a.has_value());
  ASSERT_FALSE(b.has_value());
  EXPECT_EQ(a.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(a.error().message.find("host"), std::string::npos);
  EXPECT_EQ(b.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(b.error().message.find("user"), std::string::npos);
}

TEST(ImapMailboxTest, RefusesCaFileWithoutCertificate) {
  test::TempDir dir;
  const auto path = dir.path() / "not-a-cert.pem";
  ImapOptions o = Valid();
  o.ca_file = path;  // does not exist
  auto missing = ImapMailbox::Create(o);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(missing.error().message.find(path.string()), std::string::npos);

  std::ofstream(path) << "-----BEGIN PRIVATE KEY-----\nnot a certificate\n";
  auto garbage = ImapMailbox::Create(o);
  ASSERT_FALSE(garbage.has_value());
  EXPECT_EQ(garbage.error().code, ErrorCode::kInvalidArgument);
}

TEST(ImapMailboxTest, DeleteOfNothingDoesNotConnect) {
  ImapOptions o = Valid();
  o.port = 1;  // nothing listens there; a connection attempt would fail
  auto mailbox = ImapMailbox::Create(o);
  ASSERT_TRUE(mailbox.has_value());
  EXPECT_TRUE((*mailbox)->Delete("Drafts", {}).has_value());
}

TEST(ImapMailboxTest, FetchSinceRejectsNonPositiveCount) {
  auto mailbox = ImapMailbox::Create(Valid());
  ASSERT_TRUE(mailbox.has_value());
  auto result = (*mailbox)->FetchSince("INBOX", 0, 0);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace draftbox
