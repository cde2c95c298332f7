// Built drafts and FindByMessageId against a real throwaway Dovecot on loopback
// (test::DovecotServer): what a draft looks like once stored, and finding it again by its
// Message-ID after an APPEND whose answer may have been lost. Each test has its own server.
// Assertions about the server's state go through doveadm, not through the code under test.
#include <gtest/gtest.h>

#include <algorithm>

#include "mail/draft_message.h"
#include "mail/imap_mailbox.h"
#include "support/dovecot_server.h"
#include "support/must.h"

namespace draftbox {
namespace {

using namespace std::chrono_literals;

using test::Must;

class DraftMessageIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = Must(test::DovecotServer::Start());
    ImapOptions options;
    options.host = "127.0.0.1";
    options.port = server_->imap_port();
    options.security = ImapSecurity::kNone;
    options.user = server_->user();
    options.password = server_->password();
    options.timeout = 10s;
    mailbox_ = Must(ImapMailbox::Create(options));
  }

  DraftMessage Draft(int64_t draft_id, const std::string& to_name) const {
    DraftMessage m;
    m.from_name = "Dana Reyes, Sales";
    m.from_address = server_->user();
    m.to_name = to_name;
    m.to_address = "joerg@acme.test";
    m.subject = "Glückwunsch zur Finanzierung 🎉, " + to_name;
    m.body = "Hallo Jörg,\n\nherzlichen Glückwunsch!\n\nDana Reyes\nAccount Executive\n";
    m.message_id = NewMessageId(m.from_address);
    m.draft_id = draft_id;
    m.date_unix = 1700000000;
    return m;
  }

  uint32_t AppendDraft(const DraftMessage& m) {
    return Must(mailbox_->Append("Drafts", Must(BuildDraftMessage(m)), kFlagDraft | kFlagSeen)).uid;
  }

  std::vector<uint32_t> Find(const std::string& folder, const std::string& message_id) {
    return Must(mailbox_->FindByMessageId(folder, message_id));
  }

  static std::string Message(const std::string& message_id) {
    return "From: a@example.com\r\nTo: b@example.com\r\nSubject: other\r\nMessage-ID: " +
           message_id + "\r\n\r\nbody\r\n";
  }

  std::unique_ptr<test::DovecotServer> server_;
  std::unique_ptr<ImapMailbox> mailbox_;
};

bool HasFlag(const std::vector<std::string>& flags, const std::string& flag) {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

TEST_F(DraftMessageIntegrationTest, FindByMessageIdFindsExactlyTheAppendedDraft) {
  const DraftMessage first = Draft(1, "Jörg Müller");
  const DraftMessage second = Draft(2, "Anna Schmidt");
  const uint32_t first_uid = AppendDraft(first);
  const uint32_t second_uid = AppendDraft(second);
  ASSERT_NE(first_uid, second_uid);
  EXPECT_EQ(Find("Drafts", first.message_id), std::vector<uint32_t>{first_uid});
  EXPECT_EQ(Find("Drafts", second.message_id), std::vector<uint32_t>{second_uid});
  EXPECT_TRUE(Find("Drafts", NewMessageId(first.from_address)).empty());
  EXPECT_TRUE(Find("INBOX", first.message_id).empty());
}

TEST_F(DraftMessageIntegrationTest, FindByMessageIdIgnoresSubstringAndCaseMatches) {
  const std::string id = "<0a1b2c3d.draftbox@example.com>";
  // Dovecot's SEARCH HEADER is a case-insensitive substring match: it also returns UIDs 1 and
  // 2. Only an exact header (folded or not) is the draft.
  Must(server_->Save(server_->user(), "Drafts", Message("<0A1B2C3D.draftbox@example.com>")));
  Must(server_->Save(server_->user(), "Drafts", Message(id + " <second@example.com>")));
  Must(server_->Save(server_->user(), "Drafts", Message("<x" + id.substr(1))));
  Must(server_->Save(server_->user(), "Drafts", Message(id)));
  Must(server_->Save(server_->user(), "Drafts", Message("\r\n " + id)));  // folded: still equal
  EXPECT_EQ(Find("Drafts", id), (std::vector<uint32_t>{4, 5}));
}

TEST_F(DraftMessageIntegrationTest, FindByMessageIdDoesNotMarkMessagesSeen) {
  const std::string id = NewMessageId("dana@example.com");
  Must(server_->Save(server_->user(), "Drafts", Message(id)));
  EXPECT_EQ(Find("Drafts", id), std::vector<uint32_t>{1});
  const auto listed = Must(server_->List(server_->user(), "Drafts"));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_FALSE(HasFlag(listed[0].flags, "\\Seen"));
}

TEST_F(DraftMessageIntegrationTest, FindByMessageIdInMissingFolderIsNotFound) {
  auto found = mailbox_->FindByMessageId("Nowhere", "<a@example.com>");
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound) << found.error().ToString();
  EXPECT_NE(found.error().message.find("\"Nowhere\""), std::string::npos);
}

TEST_F(DraftMessageIntegrationTest, FindByMessageIdRejectsIdsThatCannotBeQuoted) {
  for (const std::string id :
       {"", "<a@example.com>\r\nA1 LOGOUT", "<jörg@example.com>", "<a b@x>"}) {
    auto found = mailbox_->FindByMessageId("Drafts", id);
    ASSERT_FALSE(found.has_value()) << id;
    EXPECT_EQ(found.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST_F(DraftMessageIntegrationTest, FindByMessageIdRetriesAfterServerRestart) {
  const DraftMessage draft = Draft(3, "Jörg Müller");
  const uint32_t uid = AppendDraft(draft);
  Must(server_->Restart());
  EXPECT_EQ(Find("Drafts", draft.message_id), std::vector<uint32_t>{uid});
}

TEST_F(DraftMessageIntegrationTest, StoredDraftKeepsHeadersBodyAndFlags) {
  DraftMessage draft = Draft(77, "Müller, Jörg \"JJ\"\r\nBcc: evil@x.com");
  draft.subject = "Grüße 🎉 " + std::string(200, 's') + "\nBcc: evil@x.com";
  const std::string built = Must(BuildDraftMessage(draft));
  const uint32_t uid = AppendDraft(draft);

  const auto listed = Must(server_->List(server_->user(), "Drafts"));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].uid, uid);
  EXPECT_TRUE(HasFlag(listed[0].flags, "\\Draft"));
  EXPECT_TRUE(HasFlag(listed[0].flags, "\\Seen"));
  EXPECT_EQ(listed[0].message_id, draft.message_id);
  EXPECT_EQ(listed[0].draftbox_id, "77");

  const std::string stored = Must(server_->Fetch(server_->user(), "Drafts", uid));
  EXPECT_EQ(stored, built);
  EXPECT_EQ(HeaderValue(stored, "From"), "\"Dana Reyes, Sales\" <dana@example.com>");
  EXPECT_EQ(HeaderValue(stored, "To"), "Müller, Jörg \"JJ\" Bcc: evil@x.com <joerg@acme.test>");
  EXPECT_EQ(HeaderValue(stored, "Subject"),
            "Grüße 🎉 " + std::string(200, 's') + " Bcc: evil@x.com");
  EXPECT_EQ(HeaderValue(stored, "Message-ID"), draft.message_id);
  EXPECT_EQ(HeaderValue(stored, "X-Draftbox-Id"), "77");
  EXPECT_EQ(HeaderValue(stored, "Date"), "Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(HeaderValue(stored, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(HeaderValue(stored, "Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(HeaderValue(stored, "Bcc"), std::nullopt);
}

}  // namespace
}  // namespace draftbox
