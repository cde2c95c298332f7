// DraftPlacer against a real Dovecot and a real SQLite file: the crash windows a SIGKILL only
// hits by chance, made on purpose. A draft whose APPEND reached the server before the daemon
// died is adopted, not appended again; one that never got there is appended; a superseded
// draft still in Drafts is removed.
#include <gtest/gtest.h>

#include <chrono>

#include "campaign/draft_placer.h"
#include "mail/draft_message.h"
#include "mail/imap_mailbox.h"
#include "store/campaign_store.h"
#include "support/dovecot_server.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

using namespace std::chrono_literals;

class DraftPlacerIntegrationTest : public testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<test::DovecotServer>> server = test::DovecotServer::Start();
    ASSERT_TRUE(server) << server.error().ToString();
    dovecot_ = std::move(*server);
    Result<std::unique_ptr<Database>> db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    ImapOptions options;
    options.host = "127.0.0.1";
    options.port = dovecot_->imap_port();
    options.security = ImapSecurity::kNone;
    options.user = dovecot_->user();
    options.password = dovecot_->password();
    options.timeout = 10s;
    Result<std::unique_ptr<ImapMailbox>> mailbox = ImapMailbox::Create(options);
    ASSERT_TRUE(mailbox) << mailbox.error().ToString();
    mailbox_ = std::move(*mailbox);

    Recipient ana;
    ana.email = "ana@acme.example";
    ana.name = "Ana Lima";
    ASSERT_TRUE(RecipientStore(*db_).Upsert(std::span<const Recipient>(&ana, 1)));
    recipient_id_ = RecipientStore(*db_).GetByEmail(ana.email)->id;
    campaign_id_ = CampaignStore(*db_).Create("Test", "outreach", "{}").value();
    sender_.sender_name = "Dana Reyes";
    sender_.sender_address = dovecot_->user();
    placer_ = std::make_unique<DraftPlacer>(
        *mailbox_, *db_, [this](int64_t) { return Result<Persona>(sender_); },
        PlacerOptions{.attempts = 2, .backoff = 50ms, .drafts_folder = "Drafts", .clock = nullptr});
  }

  // A `generated` draft as the runner stores it before the APPEND.
  DraftRecord Generated() {
    NewDraft draft;
    draft.campaign_id = campaign_id_;
    draft.recipient_id = recipient_id_;
    draft.subject = "On the Atlas launch";
    draft.body = "Hi Ana,\n\nCongratulations on Atlas.\n\nDana Reyes\n";
    draft.language = "en";
    draft.to_address = "ana@acme.example";
    draft.message_id = NewMessageId(dovecot_->user());
    Result<int64_t> id = DraftStore(*db_).InsertGenerated(draft);
    EXPECT_TRUE(id) << id.error().ToString();
    return DraftStore(*db_).Get(id.value_or(0)).value();
  }

  // The message the placer would append for `draft`, built the same way.
  std::string Raw(const DraftRecord& draft) {
    DraftMessage message;
    message.from_name = "Dana Reyes";
    message.from_address = dovecot_->user();
    message.to_name = "Ana Lima";
    message.to_address = draft.to_address;
    message.subject = draft.subject;
    message.body = draft.body;
    message.message_id = *draft.message_id;
    message.draft_id = draft.id;
    message.date_unix = draft.created_at;
    return BuildDraftMessage(message).value();
  }

  std::vector<test::StoredMessage> Folder() {
    return dovecot_->List(dovecot_->user(), "Drafts").value_or(std::vector<test::StoredMessage>{});
  }

  test::TempDir dir_{"placer-it"};
  std::unique_ptr<test::DovecotServer> dovecot_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<ImapMailbox> mailbox_;
  std::unique_ptr<DraftPlacer> placer_;
  Persona sender_;
  int64_t recipient_id_ = 0;
  int64_t campaign_id_ = 0;
};

TEST_F(DraftPlacerIntegrationTest, ReconcileAdoptsADraftWhoseAppendLandedBeforeTheCrash) {
  DraftRecord draft = Generated();
  // The daemon died after the server stored the message and before the draft was marked.
  ASSERT_TRUE(dovecot_->Save(dovecot_->user(), "Drafts", Raw(draft), {"\\Draft", "\\Seen"}));
  Result<ReconcileCounts> done = placer_->Reconcile();
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->adopted, 1);
  EXPECT_EQ(done->appended, 0);
  std::vector<test::StoredMessage> folder = Folder();
  ASSERT_EQ(folder.size(), 1u);
  DraftRecord placed = DraftStore(*db_).Get(draft.id).value();
  EXPECT_EQ(placed.state, DraftState::kPlaced);
  EXPECT_EQ(placed.imap_uid, folder.front().uid);
  EXPECT_EQ(placed.imap_folder, "Drafts");
}

TEST_F(DraftPlacerIntegrationTest, ReconcileAppendsADraftThatNeverReachedTheServer) {
  DraftRecord draft = Generated();
  Result<ReconcileCounts> done = placer_->Reconcile();
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->adopted, 0);
  EXPECT_EQ(done->appended, 1);
  std::vector<test::StoredMessage> folder = Folder();
  ASSERT_EQ(folder.size(), 1u);
  EXPECT_EQ(folder.front().message_id, *draft.message_id);
  EXPECT_EQ(folder.front().draftbox_id, std::to_string(draft.id));
  EXPECT_EQ(DraftStore(*db_).Get(draft.id)->state, DraftState::kPlaced);
  // A second reconcile finds nothing left to do.
  EXPECT_EQ(placer_->Reconcile()->appended, 0);
  EXPECT_EQ(Folder().size(), 1u);
}

TEST_F(DraftPlacerIntegrationTest, ReconcileRemovesASupersededDraftLeftInDrafts) {
  DraftRecord first = Generated();
  ASSERT_TRUE(placer_->Place(first));
  // Regenerate died between appending the new draft and removing the old one.
  NewDraft next;
  next.subject = "Atlas, again";
  next.body = "Hi Ana,\n\nShorter.\n\nDana Reyes\n";
  next.to_address = "ana@acme.example";
  next.message_id = NewMessageId(dovecot_->user());
  int64_t second_id = DraftStore(*db_).Supersede(first.id, next).value();
  ASSERT_TRUE(placer_->Place(DraftStore(*db_).Get(second_id).value()));
  ASSERT_EQ(Folder().size(), 2u);

  Result<ReconcileCounts> done = placer_->Reconcile();
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->removed, 1);
  std::vector<test::StoredMessage> folder = Folder();
  ASSERT_EQ(folder.size(), 1u);
  EXPECT_EQ(folder.front().draftbox_id, std::to_string(second_id));
  EXPECT_TRUE(DraftStore(*db_).Get(first.id)->removed_at.has_value());
}

TEST_F(DraftPlacerIntegrationTest, PlaceWithTheServerDownFailsAndLeavesTheDraftForLater) {
  DraftRecord draft = Generated();
  ASSERT_TRUE(dovecot_->Stop());
  Status placed = placer_->Place(draft);
  ASSERT_FALSE(placed);
  EXPECT_EQ(placed.error().code, ErrorCode::kUnavailable) << placed.error().ToString();
  EXPECT_EQ(DraftStore(*db_).Get(draft.id)->state, DraftState::kGenerated);
}

}  // namespace
}  // namespace draftbox
