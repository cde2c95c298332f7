// ImapMailbox's XOAUTH2 login against a real Dovecot whose oauth2 passdb checks every token at
// a local token check (test::TokenCheck, standing for the provider's token service). An access
// token expires on its own: a refused one is replaced once through ImapOptions::refresh_token,
// and only a second refusal reaches the caller, as kAuth without any token in it.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "mail/imap_mailbox.h"
#include "support/dovecot_server.h"
#include "support/token_check.h"

namespace draftbox {
namespace {

using namespace std::chrono_literals;

std::string Draft(const std::string& id) {
  return "From: dana@example.com\r\nTo: ana@example.org\r\nSubject: Hello\r\n"
         "Message-ID: <" +
         id +
         "@example.com>\r\nMIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=utf-8\r\n\r\nHello Ana\r\n";
}

class ImapMailboxOAuth2Test : public testing::Test {
 protected:
  void SetUp() override {
    Result<test::OAuth2Dovecot> started = test::StartOAuth2Dovecot();
    ASSERT_TRUE(started) << started.error().ToString();
    servers_ = std::move(*started);
    check_ = servers_.check.get();
    dovecot_ = servers_.dovecot.get();
  }

  // An XOAUTH2 mailbox logging in with `token`; `fresh` is what each refresh hands out in turn
  // (the last one again when they run out); refreshes_ counts them.
  std::unique_ptr<ImapMailbox> Mailbox(const std::string& token,
                                       std::vector<std::string> fresh = {}) {
    ImapOptions o;
    o.host = "127.0.0.1";
    o.port = dovecot_->imaps_port();
    o.security = ImapSecurity::kTls;
    o.ca_file = dovecot_->ca_file();
    o.user = dovecot_->user();
    o.password = token;
    o.oauth2 = true;
    o.timeout = 10s;
    if (!fresh.empty()) {
      o.refresh_token = [this, fresh]() -> Result<std::string> {
        const size_t i = std::min<size_t>(refreshes_++, fresh.size() - 1);
        if (fresh[i].empty()) return Fail(ErrorCode::kConfig, "token command exited with 1");
        return fresh[i];
      };
    }
    Result<std::unique_ptr<ImapMailbox>> mailbox = ImapMailbox::Create(std::move(o));
    EXPECT_TRUE(mailbox) << mailbox.error().ToString();
    return mailbox ? std::move(*mailbox) : nullptr;
  }

  size_t DraftsInFolder() {
    Result<std::vector<test::StoredMessage>> list = dovecot_->List(dovecot_->user(), "Drafts");
    EXPECT_TRUE(list) << list.error().ToString();
    return list ? list->size() : 0;
  }

  test::OAuth2Dovecot servers_;
  test::TokenCheck* check_ = nullptr;
  test::DovecotServer* dovecot_ = nullptr;
  int refreshes_ = 0;
};

TEST_F(ImapMailboxOAuth2Test, ValidTokenLogsInAndPlacesADraft) {
  check_->Grant("ya29.valid");
  std::unique_ptr<ImapMailbox> mailbox = Mailbox("ya29.valid");
  Result<AppendedMessage> appended = mailbox->Append("Drafts", Draft("a1"), kFlagDraft | kFlagSeen);
  ASSERT_TRUE(appended) << appended.error().ToString();
  EXPECT_EQ(DraftsInFolder(), 1u);
  EXPECT_EQ(check_->Checked(), std::vector<std::string>{"ya29.valid"});
}

TEST_F(ImapMailboxOAuth2Test, ExpiredTokenIsRefreshedOnceAndTheDraftIsPlaced) {
  check_->Grant("ya29.fresh");  // "ya29.stale" was never granted: the check calls it expired
  std::unique_ptr<ImapMailbox> mailbox = Mailbox("ya29.stale", {"ya29.fresh"});
  Result<AppendedMessage> appended = mailbox->Append("Drafts", Draft("a2"), kFlagDraft);
  ASSERT_TRUE(appended) << appended.error().ToString();
  EXPECT_EQ(refreshes_, 1);
  EXPECT_EQ(check_->Checked(), (std::vector<std::string>{"ya29.stale", "ya29.fresh"}));
  EXPECT_EQ(DraftsInFolder(), 1u);
}

// The fresh token is kept: a login after the session was dropped uses it, without refreshing.
TEST_F(ImapMailboxOAuth2Test, RefreshedTokenIsUsedForLaterLogins) {
  check_->Grant("ya29.fresh");
  std::unique_ptr<ImapMailbox> mailbox = Mailbox("ya29.stale", {"ya29.fresh"});
  ASSERT_TRUE(mailbox->Connect());
  mailbox->Disconnect();
  Result<FolderStatus> status = mailbox->GetStatus("Drafts");
  ASSERT_TRUE(status) << status.error().ToString();
  EXPECT_EQ(refreshes_, 1);
  EXPECT_EQ(check_->Checked(),
            (std::vector<std::string>{"ya29.stale", "ya29.fresh", "ya29.fresh"}));
}

TEST_F(ImapMailboxOAuth2Test, FreshTokenRefusedTooIsAuthErrorNamingNeitherToken) {
  std::unique_ptr<ImapMailbox> mailbox = Mailbox("ya29.stale", {"ya29.revoked"});
  Result<AppendedMessage> appended = mailbox->Append("Drafts", Draft("a3"), kFlagDraft);
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.error().code, ErrorCode::kAuth) << appended.error().ToString();
  EXPECT_NE(appended.error().message.find("XOAUTH2"), std::string::npos)
      << appended.error().message;
  EXPECT_NE(appended.error().message.find("fresh token, refused too"), std::string::npos)
      << appended.error().message;
  EXPECT_EQ(appended.error().message.find("ya29."), std::string::npos) << appended.error().message;
  EXPECT_EQ(refreshes_, 1) << "a refused fresh token must not be refreshed again";
  EXPECT_EQ(check_->Checked().size(), 2u);
  EXPECT_EQ(DraftsInFolder(), 0u);
}

// A command that keeps printing the refused token gets one login, not two.
TEST_F(ImapMailboxOAuth2Test, SameTokenFromTheRefreshIsNotTriedAgain) {
  std::unique_ptr<ImapMailbox> mailbox = Mailbox("ya29.stale", {"ya29.stale"});
  Status connected = mailbox->Connect();
  ASSERT_FALSE(connected);
  EXPECT_EQ(connected.error().code, ErrorCode::kAuth);
  EXPECT_NE(connected.error().message.find("same token"), std::string::npos)
      << connected.error().message;
  EXPECT_EQ(connected.error().message.find("ya29."), std::string::npos);
  EXPECT_EQ(check_->Checked().size(), 1u);
}

TEST_F(ImapMailboxOAuth2Test, FailingRefreshIsAuthErrorSayingWhy) {
  std::unique_ptr<ImapMailbox> mailbox = Mailbox("ya29.stale", {""});
  Status connected = mailbox->Connect();
  ASSERT_FALSE(connected);
  EXPECT_EQ(connected.error().code, ErrorCode::kAuth);
  EXPECT_NE(connected.error().message.find("no fresh token"), std::string::npos)
      << connected.error().message;
  EXPECT_NE(connected.error().message.find("exited with 1"), std::string::npos);
  EXPECT_EQ(check_->Checked().size(), 1u);
}

// A password login is refused once, without asking for a token.
TEST_F(ImapMailboxOAuth2Test, WrongPasswordIsNotRefreshed) {
  ImapOptions o;
  o.host = "127.0.0.1";
  o.port = dovecot_->imap_port();
  o.security = ImapSecurity::kNone;
  o.user = dovecot_->user();
  o.password = "wrong";
  o.timeout = 10s;
  o.refresh_token = [this]() -> Result<std::string> {
    ++refreshes_;
    return dovecot_->password();
  };
  Result<std::unique_ptr<ImapMailbox>> mailbox = ImapMailbox::Create(std::move(o));
  ASSERT_TRUE(mailbox);
  Status connected = (*mailbox)->Connect();
  ASSERT_FALSE(connected);
  EXPECT_EQ(connected.error().code, ErrorCode::kAuth);
  EXPECT_EQ(refreshes_, 0);
}

}  // namespace
}  // namespace draftbox
