// DraftReviser against a FakeMailbox and a real SQLite file: regenerate appends the new draft
// before removing the old one, and an IMAP failure at any step leaves exactly one open draft in
// the store and never an empty Drafts folder (the reconcile finishes the rest); reject records
// the reason, removes the message and, with suppress, adds the suppression and its event.
#include "campaign/draft_reviser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/event_log.h"
#include "store/suppression_store.h"
#include "unit/campaign/revision_fixture.h"

namespace draftbox {
namespace {

class DraftReviserTest : public test::RevisionFixture {
 protected:
  void SetUp() override {
    RevisionFixture::SetUp();
    ana_ = AddCustomer("ana@acme.example");
    std::vector<DraftRecord> placed = PlaceAll(AddCampaign(test::kOutreach));
    ASSERT_EQ(placed.size(), 1u);
    old_ = placed[0];
    ASSERT_EQ(mailbox_.DraftIds(), std::vector<std::string>{std::to_string(old_.id)});
    mailbox_.log.clear();
  }

  DraftReviser Reviser() {
    return DraftReviser(DraftReviser::Deps{.db = db_.get(),
                                           .composer = &composer_,
                                           .config = &config_,
                                           .clock = &clock_,
                                           .placer = Placing()});
  }

  // What a later run or the start-up reconcile does with a working mailbox.
  void Reconcile() {
    mailbox_.failing.clear();
    DraftPlacer placer(mailbox_, *db_, CampaignSenders(*db_, config_), Placing());
    ASSERT_TRUE(placer.Reconcile());
  }

  DraftRecord Get(int64_t id) { return DraftStore(*db_).Get(id).value(); }

  int64_t ana_ = 0;
  DraftRecord old_;
};

TEST_F(DraftReviserTest, RegenerateAppendsTheNewDraftBeforeRemovingTheOld) {
  Result<Regenerated> done = Reviser().Regenerate(old_.id, "shorter", mailbox_);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_TRUE(done->old_removed);
  const DraftRecord fresh = Get(done->new_id);
  ASSERT_EQ(mailbox_.log.size(), 2u);
  EXPECT_EQ(mailbox_.log[0], "append Drafts " + std::to_string(*fresh.imap_uid));
  EXPECT_EQ(mailbox_.log[1], "delete Drafts " + std::to_string(*old_.imap_uid));
  EXPECT_EQ(mailbox_.DraftIds(), std::vector<std::string>{std::to_string(fresh.id)});
  EXPECT_EQ(fresh.state, DraftState::kPlaced);
  EXPECT_EQ(fresh.supersedes, old_.id);
  EXPECT_EQ(fresh.instruction, "shorter");
  EXPECT_EQ(Get(old_.id).state, DraftState::kRegenerated);
  EXPECT_TRUE(Get(old_.id).removed_at.has_value());
  EXPECT_EQ(OpenDraftsOf(ana_), 1u);
}

TEST_F(DraftReviserTest, RegenerateWithTheServerDownChangesNothing) {
  mailbox_.failing = {"connect"};
  Result<Regenerated> done = Reviser().Regenerate(old_.id, "", mailbox_);
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(Get(old_.id).state, DraftState::kPlaced);
  EXPECT_EQ(OpenDraftsOf(ana_), 1u);
  EXPECT_TRUE(InState(DraftState::kGenerated).empty());
  EXPECT_EQ(mailbox_.DraftIds(), std::vector<std::string>{std::to_string(old_.id)});
}

TEST_F(DraftReviserTest, AFailedAppendKeepsTheOldMessageAndTheReconcilePlacesTheNewOne) {
  mailbox_.failing = {"append", "search"};
  Result<Regenerated> done = Reviser().Regenerate(old_.id, "", mailbox_);
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, ErrorCode::kUnavailable);
  // The rep still has the old draft in Drafts; the store has one open draft, waiting to go in.
  EXPECT_EQ(mailbox_.DraftIds(), std::vector<std::string>{std::to_string(old_.id)});
  EXPECT_EQ(OpenDraftsOf(ana_), 1u);
  std::vector<DraftRecord> waiting = InState(DraftState::kGenerated);
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0].supersedes, old_.id);

  Reconcile();
  EXPECT_EQ(mailbox_.DraftIds(), std::vector<std::string>{std::to_string(waiting[0].id)});
  EXPECT_EQ(Get(waiting[0].id).state, DraftState::kPlaced);
  EXPECT_TRUE(Get(old_.id).removed_at.has_value());
  EXPECT_EQ(OpenDraftsOf(ana_), 1u);
}

TEST_F(DraftReviserTest, AFailedRemovalLeavesTheOldMessageForTheReconcile) {
  mailbox_.failing = {"delete"};
  Result<Regenerated> done = Reviser().Regenerate(old_.id, "", mailbox_);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_FALSE(done->old_removed);
  EXPECT_EQ(Get(done->new_id).state, DraftState::kPlaced);
  EXPECT_FALSE(Get(old_.id).removed_at.has_value());
  EXPECT_EQ(OpenDraftsOf(ana_), 1u);

  Reconcile();
  EXPECT_EQ(mailbox_.DraftIds(), std::vector<std::string>{std::to_string(done->new_id)});
  EXPECT_TRUE(Get(old_.id).removed_at.has_value());
}

TEST_F(DraftReviserTest, RegenerateSaysWhatTheComposerCouldNotHonour) {
  Result<Regenerated> done = Reviser().Regenerate(old_.id, "shorter, add a joke", mailbox_);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->instruction_note, "could not honour: 'add a joke'");
  Result<RevisedText> text = Reviser().Compose(done->new_id, "shorter, please");
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_EQ(text->instruction_note, "");
}

TEST_F(DraftReviserTest, ComposeWritesANewTextAndPlacesNothing) {
  Result<RevisedText> text = Reviser().Compose(old_.id, "shorter");
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_EQ(text->draft_id, old_.id);
  EXPECT_FALSE(text->subject.empty());
  EXPECT_NE(text->body, old_.body);
  EXPECT_NE(text->facts_used_json, "[]");
  EXPECT_EQ(Get(old_.id).state, DraftState::kPlaced);
  EXPECT_EQ(Get(old_.id).imap_uid, old_.imap_uid);
  EXPECT_TRUE(mailbox_.log.empty());
  EXPECT_EQ(InState(DraftState::kPlaced).size(), 1u);
}

// The rep sends the text the compose window received: the edit is measured against that text,
// so the stored draft must hold it, not the text first placed.
TEST_F(DraftReviserTest, ComposeStoresTheTextTheWindowReceives) {
  Result<RevisedText> text = Reviser().Compose(old_.id, "mention the renewal");
  ASSERT_TRUE(text) << text.error().ToString();
  const DraftRecord stored = Get(old_.id);
  EXPECT_EQ(stored.subject, text->subject);
  EXPECT_EQ(stored.body, text->body);
  EXPECT_EQ(stored.facts_used_json, text->facts_used_json);
  EXPECT_EQ(stored.instruction, "mention the renewal");
  std::vector<Event> events = EventLog(*db_).ReadSince(0, 100, "draft_revised").value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].draft_id, old_.id);
  EXPECT_NE(events[0].payload_json.find("mention the renewal"), std::string::npos);
}

TEST_F(DraftReviserTest, OnlyADraftWaitingInDraftsCanBeChanged) {
  ASSERT_TRUE(Reviser().Reject(old_.id, "", false, &mailbox_));
  Result<Regenerated> again = Reviser().Regenerate(old_.id, "", mailbox_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Reviser().Compose(old_.id, "").error().code, ErrorCode::kConflict);
  EXPECT_EQ(Reviser().Revisable(999).error().code, ErrorCode::kNotFound);
}

TEST_F(DraftReviserTest, RejectRemovesTheMessageAndRecordsTheReason) {
  Result<Rejected> done = Reviser().Reject(old_.id, "wrong person", false, &mailbox_);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_TRUE(done->removed);
  EXPECT_TRUE(mailbox_.DraftIds().empty());
  const DraftRecord rejected = Get(old_.id);
  EXPECT_EQ(rejected.state, DraftState::kRejected);
  EXPECT_EQ(rejected.reason, "wrong person");
  EXPECT_TRUE(rejected.removed_at.has_value());
  EXPECT_FALSE(SuppressionStore(*db_).Find({SuppressionKind::kAddress, "ana@acme.example"}));
}

TEST_F(DraftReviserTest, RejectWithSuppressAddsTheAddressAndItsEvent) {
  ASSERT_TRUE(Reviser().Reject(old_.id, "", true, &mailbox_));
  Result<SuppressionEntry> entry =
      SuppressionStore(*db_).Find({SuppressionKind::kAddress, "ana@acme.example"});
  ASSERT_TRUE(entry) << entry.error().ToString();
  EXPECT_EQ(entry->reason, "rejected: rejected by the sender");
  EXPECT_EQ(entry->source, "draft:" + std::to_string(old_.id));
  std::vector<Event> events = EventLog(*db_).ReadSince(0, 100, "suppression_addition").value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].payload_json.find("ana@acme.example"), std::string::npos);
}

TEST_F(DraftReviserTest, RejectWithTheMailboxDownStandsAndTheReconcileRemovesTheMessage) {
  mailbox_.failing = {"status", "delete"};
  Result<Rejected> done = Reviser().Reject(old_.id, "", false, &mailbox_);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_FALSE(done->removed);
  EXPECT_EQ(Get(old_.id).state, DraftState::kRejected);
  EXPECT_EQ(mailbox_.DraftIds().size(), 1u);
  Reconcile();
  EXPECT_TRUE(mailbox_.DraftIds().empty());

  // Without a mailbox at all the rejection stands the same way.
  ASSERT_TRUE(Reviser().Revisable(old_.id).error().code == ErrorCode::kConflict);
}

}  // namespace
}  // namespace draftbox
