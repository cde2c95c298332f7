// ImapMailbox::AppendMany against a real Dovecot told what to advertise (imap_capability): each
// capability mix must take its own path, which the mailbox's AppendRecord shows, and every
// message must land byte for byte with the UID the answer named. Assertions about the server's
// state go through doveadm.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "mail/imap_mailbox.h"
#include "support/dovecot_server.h"
#include "support/must.h"

namespace draftbox {
namespace {

using namespace std::chrono_literals;

using test::Must;

std::string Caps(const std::string& extra) {
  return std::string(test::kImapBaseCapabilities) + (extra.empty() ? "" : " " + extra);
}

class ImapAppendManyTest : public ::testing::Test {
 protected:
  // Starts Dovecot advertising `capability` ("" = its own list) and logs in.
  void Start(const std::string& capability) {
    server_ = Must(test::DovecotServer::Start({.imap_capability = capability}));
    ImapOptions o;
    o.host = "127.0.0.1";
    o.security = ImapSecurity::kNone;
    o.port = server_->imap_port();
    o.user = server_->user();
    o.password = server_->password();
    o.timeout = 10s;
    mailbox_ = Must(ImapMailbox::Create(o));
  }

  // A message of about `size` bytes (at least the headers) with a body unique to `n`.
  static std::string Message(int n, size_t size = 0) {
    std::string raw = "From: Dana <dana@example.com>\r\nTo: p" + std::to_string(n) +
                      "@example.com\r\nSubject: Batch " + std::to_string(n) +
                      "\r\nMessage-ID: <batch" + std::to_string(n) +
                      "@draftbox.test>\r\nMIME-Version: 1.0\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\n\r\nHello " +
                      std::to_string(n) + ", Grüße\r\n";
    while (raw.size() < size) raw += "A line to make the message longer than it would be.\r\n";
    return raw;
  }

  static std::vector<std::string> Messages(int count, size_t size = 0) {
    std::vector<std::string> raws;
    for (int n = 0; n < count; ++n) raws.push_back(Message(n, size));
    return raws;
  }

  // Every result holds a distinct UID under Drafts' UIDVALIDITY, and the message under that
  // UID is byte for byte the one sent.
  void ExpectPlacedExactly(const std::vector<std::string>& raws,
                           const std::vector<Result<AppendedMessage>>& results) {
    ASSERT_EQ(results.size(), raws.size());
    const test::FolderInfo info = Must(server_->GetFolderInfo(server_->user(), "Drafts"));
    std::set<uint32_t> uids;
    for (size_t i = 0; i < raws.size(); ++i) {
      ASSERT_TRUE(results[i]) << i << ": " << results[i].error().ToString();
      EXPECT_NE(results[i]->uid, 0u) << i;
      EXPECT_EQ(results[i]->uid_validity, info.uid_validity) << i;
      EXPECT_TRUE(uids.insert(results[i]->uid).second) << "UID given twice: " << results[i]->uid;
      EXPECT_EQ(Must(server_->Fetch(server_->user(), "Drafts", results[i]->uid)), raws[i]) << i;
    }
    EXPECT_EQ(info.messages, raws.size());
  }

  std::unique_ptr<test::DovecotServer> server_;
  std::unique_ptr<ImapMailbox> mailbox_;
};

TEST_F(ImapAppendManyTest, LiteralPlusSendsTheWholeBatchInOneWrite) {
  Start(Caps("LITERAL+"));
  EXPECT_TRUE(Must(mailbox_->BatchesAppends()));
  const std::vector<std::string> raws = Messages(20);
  std::vector<Result<AppendedMessage>> results =
      mailbox_->AppendMany("Drafts", raws, kFlagDraft | kFlagSeen);
  ExpectPlacedExactly(raws, results);
  const AppendRecord& sent = mailbox_->append_record();
  EXPECT_EQ(sent.writes, 1);
  EXPECT_EQ(sent.pipelined_appends, 20);
  EXPECT_EQ(sent.multiappend_commands, 0);
  EXPECT_EQ(sent.single_appends, 0);
  for (const test::StoredMessage& m : Must(server_->List(server_->user(), "Drafts"))) {
    EXPECT_EQ(m.flags.size(), 2u) << m.uid;  // \Draft \Seen, nothing lost in the pipeline
  }
}

TEST_F(ImapAppendManyTest, MultiAppendPlacesTheBatchWithOneCommandAndNamesEachUid) {
  Start(Caps("MULTIAPPEND LITERAL+"));
  const std::vector<std::string> raws = Messages(12);
  std::vector<Result<AppendedMessage>> results = mailbox_->AppendMany("Drafts", raws, kFlagDraft);
  // Byte-exact under each UID also proves the UID set was mapped in the messages' order.
  ExpectPlacedExactly(raws, results);
  const AppendRecord& sent = mailbox_->append_record();
  EXPECT_EQ(sent.multiappend_commands, 1);
  EXPECT_EQ(sent.writes, 1);
  EXPECT_EQ(sent.pipelined_appends, 0);
  EXPECT_EQ(sent.single_appends, 0);
}

TEST_F(ImapAppendManyTest, WithoutNonSynchronizingLiteralsAppendsOneAtATime) {
  // MULTIAPPEND alone still needs the server's go-ahead for every message: no gain over one by
  // one, so it is not used.
  Start(Caps("MULTIAPPEND"));
  EXPECT_FALSE(Must(mailbox_->BatchesAppends()));
  const std::vector<std::string> raws = Messages(5);
  std::vector<Result<AppendedMessage>> results = mailbox_->AppendMany("Drafts", raws, kFlagDraft);
  ExpectPlacedExactly(raws, results);
  const AppendRecord& sent = mailbox_->append_record();
  EXPECT_EQ(sent.single_appends, 5);
  EXPECT_EQ(sent.writes, 0);
  EXPECT_EQ(sent.multiappend_commands, 0);
}

TEST_F(ImapAppendManyTest, LiteralMinusPipelinesOnlyMessagesUpTo4096Bytes) {
  Start(Caps("LITERAL-"));
  std::vector<std::string> raws = Messages(4);
  raws[2] = Message(2, 5000);
  std::vector<Result<AppendedMessage>> results = mailbox_->AppendMany("Drafts", raws, kFlagDraft);
  ExpectPlacedExactly(raws, results);
  const AppendRecord& sent = mailbox_->append_record();
  EXPECT_EQ(sent.pipelined_appends, 3);
  EXPECT_EQ(sent.writes, 1);
  EXPECT_EQ(sent.single_appends, 1);
}

TEST_F(ImapAppendManyTest, LargeBatchesAreSplitIntoBoundedWrites) {
  Start(Caps("LITERAL+"));
  const std::vector<std::string> raws = Messages(static_cast<int>(kMaxAppendBatch) + 8);
  std::vector<Result<AppendedMessage>> results = mailbox_->AppendMany("Drafts", raws, kFlagDraft);
  ExpectPlacedExactly(raws, results);
  EXPECT_EQ(mailbox_->append_record().writes, 2);
}

TEST_F(ImapAppendManyTest, RefusedMultiAppendIsRetriedMessageByMessage) {
  // MULTIAPPEND is all-or-nothing: one message the server refuses (an empty one) sinks the
  // command, and the others must still be placed, each with its own answer.
  Start(Caps("MULTIAPPEND LITERAL+"));
  std::vector<std::string> raws = Messages(4);
  raws[1].clear();
  std::vector<Result<AppendedMessage>> results = mailbox_->AppendMany("Drafts", raws, kFlagDraft);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_FALSE(results[1]);
  std::set<std::string> stored;
  for (size_t i : {0u, 2u, 3u}) {
    ASSERT_TRUE(results[i]) << i << ": " << results[i].error().ToString();
    EXPECT_EQ(Must(server_->Fetch(server_->user(), "Drafts", results[i]->uid)), raws[i]);
  }
  EXPECT_EQ(Must(server_->List(server_->user(), "Drafts")).size(), 3u);
  const AppendRecord& sent = mailbox_->append_record();
  EXPECT_EQ(sent.multiappend_commands, 1);
  EXPECT_EQ(sent.pipelined_appends, 4);
}

TEST_F(ImapAppendManyTest, MessagesOverAppendLimitAreRefusedWithoutSendingThem) {
  Start(Caps("LITERAL+ APPENDLIMIT=3000"));
  std::vector<std::string> raws = Messages(3);
  raws[0] = Message(0, 4000);
  std::vector<Result<AppendedMessage>> results = mailbox_->AppendMany("Drafts", raws, kFlagDraft);
  ASSERT_FALSE(results[0]);
  EXPECT_EQ(results[0].error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(results[0].error().message.find("APPENDLIMIT of 3000"), std::string::npos)
      << results[0].error().message;
  ASSERT_TRUE(results[1] && results[2]);
  EXPECT_EQ(Must(server_->List(server_->user(), "Drafts")).size(), 2u);
  EXPECT_EQ(mailbox_->append_record().pipelined_appends, 2);
}

TEST_F(ImapAppendManyTest, DovecotsOwnCapabilitiesBatchAppends) {
  Start("");
  EXPECT_TRUE(Must(mailbox_->BatchesAppends()));
  const std::vector<std::string> raws = Messages(6);
  ExpectPlacedExactly(raws, mailbox_->AppendMany("Drafts", raws, kFlagDraft));
  EXPECT_EQ(mailbox_->append_record().single_appends, 0);
}

TEST_F(ImapAppendManyTest, AppendStillWorksAfterAPipelinedBatch) {
  // The raw reads must leave vmime's parser exactly at the next response.
  Start(Caps("LITERAL+"));
  const std::vector<std::string> raws = Messages(3);
  ExpectPlacedExactly(raws, mailbox_->AppendMany("Drafts", raws, kFlagDraft));
  Result<AppendedMessage> one = mailbox_->Append("Drafts", Message(9), kFlagDraft);
  ASSERT_TRUE(one) << one.error().ToString();
  EXPECT_EQ(Must(mailbox_->FindByMessageId("Drafts", "<batch9@draftbox.test>")),
            std::vector<uint32_t>{one->uid});
}

}  // namespace
}  // namespace draftbox
