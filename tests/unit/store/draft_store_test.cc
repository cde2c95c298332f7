// DraftStore against real SQLite files in a private temp dir: the one-open-draft rule, what
// blocks a new draft, each state change with its event, and that a failed change leaves
// neither row nor event behind. Also migration 4 on a database written at version 3.
#include "store/draft_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/database.h"
#include "store/event_log.h"
#include "support/temp_dir.h"
#include "unit/store/store_test_util.h"

namespace draftbox {
namespace {

using test::Exec;
using test::QueryInt;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kNow = 1800000000;
constexpr int64_t kDay = 86400;
constexpr int kCooldownDays = 14;

// Ids of the rows every test starts with (fresh tables number from 1).
constexpr int64_t kAnn = 1;
constexpr int64_t kBob = 2;
constexpr int64_t kCat = 3;
constexpr int64_t kAlpha = 1;
constexpr int64_t kBeta = 2;

// Filters built member by member (designated initializers that skip members trip
// -Wmissing-field-initializers in g++ 12).
DraftFilter Filter(std::optional<int64_t> campaign_id, std::optional<int64_t> recipient_id = {},
                   std::optional<DraftState> state = {}) {
  DraftFilter filter;
  filter.campaign_id = campaign_id;
  filter.recipient_id = recipient_id;
  filter.state = state;
  return filter;
}

class DraftStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    store_ = std::make_unique<DraftStore>(*db_, [this] { return now_; });
    log_ = std::make_unique<EventLog>(*db_);
    for (const char* email : {"ann@example.com", "bob@example.com", "cat@example.com"}) {
      ASSERT_TRUE(Exec(*db_, test::InsertRecipientSql(email)));
    }
    ASSERT_TRUE(Exec(*db_, test::InsertCampaignSql("Alpha")));
    ASSERT_TRUE(Exec(*db_, test::InsertCampaignSql("Beta")));
  }

  // A complete draft with a Message-ID no other draft of the test uses.
  NewDraft Draft(int64_t campaign_id, int64_t recipient_id, std::string trigger_key = "") {
    NewDraft draft;
    draft.campaign_id = campaign_id;
    draft.recipient_id = recipient_id;
    draft.subject = "Congrats on the round";
    draft.body = "Hi Ann,\n\nsaw the news.";
    draft.language = "en";
    draft.to_address = "ann@example.com";
    draft.facts_used_json = R"([{"id":"activity:3","text":"Raised $5M"}])";
    draft.message_id = "<draft-" + std::to_string(++message_seq_) + "@draftbox.test>";
    draft.trigger_key = std::move(trigger_key);
    return draft;
  }

  int64_t InsertOrDie(const NewDraft& draft) {
    Result<int64_t> id = store_->InsertGenerated(draft);
    EXPECT_TRUE(id) << id.error().ToString();
    return id.value_or(-1);
  }

  int64_t PlaceOrDie(int64_t campaign_id, int64_t recipient_id, std::string trigger_key = "") {
    int64_t id = InsertOrDie(Draft(campaign_id, recipient_id, std::move(trigger_key)));
    Status placed = store_->MarkPlaced(id, "Drafts", 100 + id, 7);
    EXPECT_TRUE(placed) << placed.error().ToString();
    return id;
  }

  // Places a draft and turns it into one sent at `sent_at` (no store API records sends yet).
  int64_t SentOrDie(int64_t campaign_id, int64_t recipient_id, int64_t sent_at,
                    std::string trigger_key = "") {
    int64_t id = PlaceOrDie(campaign_id, recipient_id, std::move(trigger_key));
    EXPECT_TRUE(Exec(*db_, "UPDATE drafts SET state = 'sent', sent_at = " +
                               std::to_string(sent_at) + " WHERE id = " + std::to_string(id)));
    return id;
  }

  int64_t SkipOrDie(int64_t campaign_id, int64_t recipient_id, const std::string& reason,
                    std::optional<int64_t> run_id = std::nullopt) {
    Result<int64_t> id = store_->RecordSkip(campaign_id, recipient_id, run_id, reason);
    EXPECT_TRUE(id) << id.error().ToString();
    return id.value_or(-1);
  }

  int64_t NeedsAttentionOrDie(int64_t campaign_id, int64_t recipient_id,
                              const std::string& reason) {
    Result<int64_t> id =
        store_->RecordNeedsAttention(campaign_id, recipient_id, std::nullopt, reason);
    EXPECT_TRUE(id) << id.error().ToString();
    return id.value_or(-1);
  }

  // A skipped / needs_attention row written by SQL, as RecordSkip writes it, for tests whose
  // subject is another method (RecordSkip itself is tested on its own).
  int64_t ArrangeOutcome(const std::string& state, int64_t campaign_id, int64_t recipient_id,
                         const std::string& reason) {
    EXPECT_TRUE(Exec(*db_,
                     "INSERT INTO drafts (campaign_id, recipient_id, state, reason,"
                     " created_at, updated_at) VALUES (" +
                         std::to_string(campaign_id) + ", " + std::to_string(recipient_id) + ", '" +
                         state + "', '" + reason + "', " + std::to_string(now_) + ", " +
                         std::to_string(now_) + ")"));
    return QueryInt(*db_, "SELECT max(id) FROM drafts").value();
  }

  std::vector<Event> Events(const std::string& type = "") {
    Result<std::vector<Event>> events = log_->ReadSince(0, 1000, type);
    EXPECT_TRUE(events) << events.error().ToString();
    return events.value_or(std::vector<Event>{});
  }

  int64_t Rows(const std::string& where = "1") {
    return QueryInt(*db_, "SELECT count(*) FROM drafts WHERE " + where).value();
  }

  DraftState StateOf(int64_t id) { return store_->Get(id).value().state; }

  std::optional<std::string> Blocking(int64_t recipient_id, int64_t campaign_id,
                                      const std::string& trigger_key = "") {
    auto reason = store_->BlockingReason(recipient_id, campaign_id, trigger_key, kCooldownDays);
    EXPECT_TRUE(reason) << reason.error().ToString();
    return reason.value_or(std::nullopt);
  }

  test::TempDir dir_{"draftbox-draft-store"};
  std::unique_ptr<Database> db_;
  std::unique_ptr<DraftStore> store_;
  std::unique_ptr<EventLog> log_;
  int64_t now_ = kNow;
  int message_seq_ = 0;
};

// --- InsertGenerated ---------------------------------------------------------------------

TEST_F(DraftStoreTest, InsertGeneratedStoresEveryFieldAsGenerated) {
  ASSERT_TRUE(Exec(*db_, "INSERT INTO campaign_runs (campaign_id, started_at) VALUES (1, 1)"));
  NewDraft draft = Draft(kAlpha, kAnn, "activity:3");
  draft.run_id = 1;
  draft.instruction = "shorter";
  draft.prompt = "{\"model\":\"llama3.1:8b\"}";
  int64_t id = InsertOrDie(draft);

  Result<DraftRecord> got = store_->Get(id);
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(got->state, DraftState::kGenerated);
  EXPECT_EQ(got->campaign_id, kAlpha);
  EXPECT_EQ(got->recipient_id, kAnn);
  EXPECT_EQ(got->run_id, 1);
  EXPECT_EQ(got->subject, draft.subject);
  EXPECT_EQ(got->body, draft.body);
  EXPECT_EQ(got->language, "en");
  EXPECT_EQ(got->to_address, "ann@example.com");
  EXPECT_EQ(got->instruction, "shorter");
  EXPECT_EQ(got->prompt, draft.prompt);
  EXPECT_EQ(got->trigger_key, "activity:3");
  EXPECT_EQ(got->facts_used_json, draft.facts_used_json);
  EXPECT_EQ(got->message_id, draft.message_id);
  EXPECT_EQ(got->created_at, kNow);
  EXPECT_EQ(got->updated_at, kNow);
  EXPECT_FALSE(got->placed_at.has_value());
  EXPECT_FALSE(got->sent_at.has_value());
  EXPECT_FALSE(got->supersedes.has_value());
  EXPECT_FALSE(got->imap_uid.has_value());
}

TEST_F(DraftStoreTest, InsertGeneratedWithoutMessageIdIsInvalidArgument) {
  NewDraft draft = Draft(kAlpha, kAnn);
  draft.message_id = "";
  Result<int64_t> id = store_->InsertGenerated(draft);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Rows(), 0);
}

TEST_F(DraftStoreTest, SecondOpenDraftForRecipientInAnotherCampaignIsConflict) {
  InsertOrDie(Draft(kAlpha, kAnn));
  Result<int64_t> second = store_->InsertGenerated(Draft(kBeta, kAnn));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);

  // A placed draft is just as open as a generated one.
  PlaceOrDie(kAlpha, kBob);
  Result<int64_t> third = store_->InsertGenerated(Draft(kBeta, kBob));
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, ErrorCode::kConflict);

  EXPECT_EQ(Rows("recipient_id = 1"), 1);
  EXPECT_EQ(Rows("recipient_id = 2"), 1);
}

TEST_F(DraftStoreTest, FailedInsertGeneratedLeavesNoRowAndNoEvent) {
  InsertOrDie(Draft(kAlpha, kAnn));
  int64_t events_before = static_cast<int64_t>(Events().size());

  ASSERT_FALSE(store_->InsertGenerated(Draft(kBeta, kAnn)));

  EXPECT_EQ(Rows(), 1);
  EXPECT_EQ(Rows("campaign_id = 2"), 0);
  EXPECT_EQ(static_cast<int64_t>(Events().size()), events_before);
}

TEST_F(DraftStoreTest, FailedInsertGeneratedKeepsTheSkipRowItWouldHaveReplaced) {
  ArrangeOutcome("skipped", kBeta, kAnn, "cool-down");
  InsertOrDie(Draft(kAlpha, kAnn));  // now Ann has an open draft elsewhere

  Result<int64_t> refused = store_->InsertGenerated(Draft(kBeta, kAnn));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);

  // The DELETE of Beta's skip row ran inside the refused transaction: it must be rolled back.
  EXPECT_EQ(Rows("campaign_id = 2 AND recipient_id = 1 AND state = 'skipped'"), 1);
  EXPECT_TRUE(Events().empty());
}

TEST_F(DraftStoreTest, InsertGeneratedAfterASkipReplacesTheSkipRow) {
  int64_t skip = ArrangeOutcome("skipped", kAlpha, kAnn, "open draft");
  ArrangeOutcome("skipped", kBeta, kAnn, "open draft");
  int64_t attention = ArrangeOutcome("needs_attention", kAlpha, kBob, "grounding failed");

  int64_t ann = InsertOrDie(Draft(kAlpha, kAnn));
  int64_t bob = InsertOrDie(Draft(kAlpha, kBob));

  EXPECT_EQ(store_->Get(skip).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->Get(attention).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Rows("campaign_id = 1 AND recipient_id = 1"), 1);
  EXPECT_EQ(Rows("campaign_id = 1 AND recipient_id = 2"), 1);
  EXPECT_EQ(StateOf(ann), DraftState::kGenerated);
  EXPECT_EQ(StateOf(bob), DraftState::kGenerated);
  // Only this campaign's note is replaced: Beta's skip of Ann stays.
  EXPECT_EQ(Rows("campaign_id = 2 AND recipient_id = 1 AND state = 'skipped'"), 1);
}

TEST_F(DraftStoreTest, TriggeredDraftReplacesTheCampaignsNeedsAttentionNote) {
  // As RecordNeedsAttention writes it (it takes no trigger key).
  int64_t note = ArrangeOutcome("needs_attention", kAlpha, kAnn, "grounding failed");
  InsertOrDie(Draft(kAlpha, kAnn, "activity:3"));
  EXPECT_EQ(store_->Get(note).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Rows("campaign_id = 1 AND recipient_id = 1"), 1);
}

TEST_F(DraftStoreTest, TwoConnectionsRacingForOneRecipientWriteOneDraft) {
  auto other = Database::Open(dir_.path() / "draftbox.db");
  ASSERT_TRUE(other) << other.error().ToString();
  DraftStore other_store(**other, [] { return kNow; });
  std::vector<NewDraft> mine, theirs;
  for (int64_t recipient : {kAnn, kBob, kCat}) {
    mine.push_back(Draft(kAlpha, recipient));
    theirs.push_back(Draft(kBeta, recipient));
  }
  std::vector<Result<int64_t>> mine_results, their_results;
  std::thread racer([&] {
    for (const NewDraft& d : theirs) their_results.push_back(other_store.InsertGenerated(d));
  });
  for (const NewDraft& d : mine) mine_results.push_back(store_->InsertGenerated(d));
  racer.join();

  for (size_t i = 0; i < mine.size(); ++i) {
    const Result<int64_t>& a = mine_results[i];
    const Result<int64_t>& b = their_results[i];
    EXPECT_NE(a.has_value(), b.has_value()) << "recipient " << mine[i].recipient_id;
    const Result<int64_t>& loser = a ? b : a;
    if (!loser) {
      EXPECT_EQ(loser.error().code, ErrorCode::kConflict) << loser.error().ToString();
    }
  }
  EXPECT_EQ(Rows("state = 'generated'"), 3);
}

TEST_F(DraftStoreTest, ReusedMessageIdIsNotReportedAsAnOpenDraft) {
  NewDraft first = Draft(kAlpha, kAnn);
  int64_t placed = InsertOrDie(first);
  ASSERT_TRUE(store_->MarkPlaced(placed, "Drafts", 5, 7));

  // Bob has no open draft: a clash of Message-IDs is a store error, not "Bob is busy".
  NewDraft clash = Draft(kAlpha, kBob);
  clash.message_id = first.message_id;
  Result<int64_t> inserted = store_->InsertGenerated(clash);
  ASSERT_FALSE(inserted);
  EXPECT_EQ(inserted.error().code, ErrorCode::kStore) << inserted.error().ToString();

  Result<int64_t> superseded = store_->Supersede(placed, clash);
  ASSERT_FALSE(superseded);
  EXPECT_EQ(superseded.error().code, ErrorCode::kStore) << superseded.error().ToString();
}

// --- BlockingReason ------------------------------------------------------------------------

TEST_F(DraftStoreTest, NothingBlocksARecipientWithoutDrafts) {
  EXPECT_EQ(Blocking(kAnn, kAlpha), std::nullopt);
  EXPECT_EQ(Blocking(kAnn, kAlpha, "activity:1"), std::nullopt);
}

TEST_F(DraftStoreTest, OpenDraftInAnyCampaignBlocks) {
  int64_t generated = InsertOrDie(Draft(kAlpha, kAnn));
  PlaceOrDie(kAlpha, kBob);

  std::optional<std::string> ann = Blocking(kAnn, kBeta);
  ASSERT_TRUE(ann.has_value());
  EXPECT_THAT(*ann, HasSubstr("open draft " + std::to_string(generated)));
  ASSERT_TRUE(Blocking(kBob, kBeta).has_value());
  EXPECT_THAT(*Blocking(kBob, kBeta, "activity:9"), HasSubstr("open draft"));
  EXPECT_EQ(Blocking(kCat, kBeta), std::nullopt);
}

TEST_F(DraftStoreTest, SendInsideTheCooldownBlocksEveryCampaign) {
  SentOrDie(kAlpha, kAnn, kNow - kCooldownDays * kDay + 60);   // 13 days 23:59 ago
  SentOrDie(kAlpha, kBob, kNow - (kCooldownDays + 1) * kDay);  // 15 days ago

  std::optional<std::string> ann = Blocking(kAnn, kBeta);
  ASSERT_TRUE(ann.has_value());
  EXPECT_THAT(*ann, HasSubstr("cool-down"));
  EXPECT_THAT(*Blocking(kAnn, kBeta, "activity:1"), HasSubstr("cool-down"));
  EXPECT_EQ(Blocking(kBob, kBeta), std::nullopt);

  // A shorter cool-down lets Ann through.
  auto short_cooldown = store_->BlockingReason(kAnn, kBeta, "", 13);
  ASSERT_TRUE(short_cooldown);
  EXPECT_EQ(*short_cooldown, std::nullopt);
}

TEST_F(DraftStoreTest, ManualRunIsBlockedBySameCampaignDraftInAnyWrittenState) {
  SentOrDie(kAlpha, kAnn, kNow - 60 * kDay);  // sent long ago: no cool-down
  ASSERT_TRUE(store_->Reject(PlaceOrDie(kAlpha, kBob), "wrong person"));

  std::optional<std::string> ann = Blocking(kAnn, kAlpha);
  ASSERT_TRUE(ann.has_value());
  EXPECT_THAT(*ann, HasSubstr("already drafted"));
  EXPECT_THAT(*Blocking(kBob, kAlpha), HasSubstr("already drafted"));
  // Another campaign may write to them.
  EXPECT_EQ(Blocking(kAnn, kBeta), std::nullopt);
  EXPECT_EQ(Blocking(kBob, kBeta), std::nullopt);
}

TEST_F(DraftStoreTest, ManualRunIsBlockedByATriggeredDraftOfTheSameCampaign) {
  SentOrDie(kAlpha, kAnn, kNow - 60 * kDay, "activity:3");
  EXPECT_TRUE(Blocking(kAnn, kAlpha).has_value());
}

TEST_F(DraftStoreTest, TriggeredRunIsBlockedOnlyByTheSameTriggerKey) {
  SentOrDie(kAlpha, kAnn, kNow - 60 * kDay, "activity:3");

  EXPECT_EQ(Blocking(kAnn, kAlpha, "activity:4"), std::nullopt);
  std::optional<std::string> same = Blocking(kAnn, kAlpha, "activity:3");
  ASSERT_TRUE(same.has_value());
  EXPECT_THAT(*same, HasSubstr("activity:3"));
}

TEST_F(DraftStoreTest, FindBlockNamesTheRuleThatBlocks) {
  InsertOrDie(Draft(kAlpha, kAnn));           // open
  SentOrDie(kAlpha, kBob, kNow - kDay);       // inside the cool-down
  SentOrDie(kAlpha, kCat, kNow - 60 * kDay);  // long ago, same campaign

  auto kind = [this](int64_t recipient, int64_t campaign) {
    auto block = store_->FindBlock(recipient, campaign, "", kCooldownDays);
    EXPECT_TRUE(block) << block.error().ToString();
    EXPECT_TRUE(block.value_or(std::nullopt).has_value());
    return block.value_or(std::nullopt).value_or(DraftBlock{}).kind;
  };
  EXPECT_EQ(kind(kAnn, kBeta), DraftBlock::kOpenDraft);
  EXPECT_EQ(kind(kBob, kBeta), DraftBlock::kCoolDown);
  EXPECT_EQ(kind(kCat, kAlpha), DraftBlock::kAlreadyDrafted);
  auto free = store_->FindBlock(kCat, kBeta, "", kCooldownDays);
  ASSERT_TRUE(free) << free.error().ToString();
  EXPECT_FALSE(free->has_value());
  // BlockingReason gives the same reason text.
  EXPECT_EQ(Blocking(kAnn, kBeta),
            store_->FindBlock(kAnn, kBeta, "", kCooldownDays).value()->reason);
}

TEST_F(DraftStoreTest, SkippedAndNeedsAttentionDoNotBlock) {
  ArrangeOutcome("skipped", kAlpha, kAnn, "suppressed");
  ArrangeOutcome("needs_attention", kAlpha, kBob, "grounding failed");

  EXPECT_EQ(Blocking(kAnn, kAlpha), std::nullopt);
  EXPECT_EQ(Blocking(kBob, kAlpha), std::nullopt);
  EXPECT_EQ(Blocking(kAnn, kBeta), std::nullopt);
}

// --- MarkPlaced ----------------------------------------------------------------------------

TEST_F(DraftStoreTest, MarkPlacedMovesGeneratedToPlacedAndAppendsOneEvent) {
  NewDraft draft = Draft(kAlpha, kAnn);
  int64_t id = InsertOrDie(draft);
  now_ = kNow + 30;
  ASSERT_TRUE(store_->MarkPlaced(id, "Drafts", 42, 7));

  DraftRecord got = store_->Get(id).value();
  EXPECT_EQ(got.state, DraftState::kPlaced);
  EXPECT_EQ(got.imap_folder, "Drafts");
  EXPECT_EQ(got.imap_uid, 42);
  EXPECT_EQ(got.imap_uid_validity, 7);
  EXPECT_EQ(got.placed_at, kNow + 30);
  EXPECT_EQ(got.updated_at, kNow + 30);
  EXPECT_EQ(got.created_at, kNow);

  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "draft_placed");
  EXPECT_EQ(events[0].draft_id, id);
  EXPECT_EQ(events[0].recipient_id, kAnn);
  EXPECT_EQ(events[0].campaign_id, kAlpha);
  nlohmann::json payload = nlohmann::json::parse(events[0].payload_json);
  EXPECT_EQ(payload.value("message_id", ""), draft.message_id);
  EXPECT_EQ(payload.value("folder", ""), "Drafts");
}

TEST_F(DraftStoreTest, MarkPlacedTwiceIsConflictAndChangesNothing) {
  int64_t id = InsertOrDie(Draft(kAlpha, kAnn));
  ASSERT_TRUE(store_->MarkPlaced(id, "Drafts", 42, 7));
  now_ = kNow + 60;
  Status again = store_->MarkPlaced(id, "Other", 43, 8);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);

  DraftRecord got = store_->Get(id).value();
  EXPECT_EQ(got.imap_folder, "Drafts");
  EXPECT_EQ(got.imap_uid, 42);
  EXPECT_EQ(got.placed_at, kNow);
  EXPECT_EQ(Events("draft_placed").size(), 1u);
}

TEST_F(DraftStoreTest, MarkPlacedOfAnUnknownDraftIsNotFound) {
  Status placed = store_->MarkPlaced(99, "Drafts", 1, 1);
  ASSERT_FALSE(placed);
  EXPECT_EQ(placed.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(Events().empty());
}

// --- RecordSkip / RecordNeedsAttention ------------------------------------------------------

TEST_F(DraftStoreTest, RecordSkipTwiceKeepsOneRowAndLogsTwoEvents) {
  ASSERT_TRUE(Exec(*db_, "INSERT INTO campaign_runs (campaign_id, started_at) VALUES (1, 1)"));
  int64_t first = SkipOrDie(kAlpha, kAnn, "suppressed: address");
  now_ = kNow + 100;
  int64_t second = SkipOrDie(kAlpha, kAnn, "cool-down", 1);

  EXPECT_EQ(Rows("campaign_id = 1 AND recipient_id = 1"), 1);
  DraftRecord got = store_->Get(second).value();
  EXPECT_EQ(got.state, DraftState::kSkipped);
  EXPECT_EQ(got.reason, "cool-down");
  EXPECT_EQ(got.run_id, 1);
  EXPECT_EQ(got.updated_at, kNow + 100);

  std::vector<Event> events = Events("draft_skipped");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].draft_id, first);
  EXPECT_EQ(events[1].draft_id, second);
  for (const Event& event : events) {
    EXPECT_EQ(event.recipient_id, kAnn);
    EXPECT_EQ(event.campaign_id, kAlpha);
  }
  EXPECT_EQ(nlohmann::json::parse(events[0].payload_json).value("reason", ""),
            "suppressed: address");
  EXPECT_EQ(nlohmann::json::parse(events[1].payload_json).value("reason", ""), "cool-down");
}

TEST_F(DraftStoreTest, RecordSkipKeepsOneRowPerCampaignAndRecipient) {
  SkipOrDie(kAlpha, kAnn, "a");
  SkipOrDie(kBeta, kAnn, "b");
  SkipOrDie(kAlpha, kBob, "c");
  EXPECT_EQ(Rows("state = 'skipped'"), 3);
}

TEST_F(DraftStoreTest, RecordNeedsAttentionReplacesTheEarlierNoteAndLogsEach) {
  NeedsAttentionOrDie(kAlpha, kAnn, "model timed out");
  int64_t id = NeedsAttentionOrDie(kAlpha, kAnn, "grounding failed");

  EXPECT_EQ(Rows("campaign_id = 1 AND recipient_id = 1"), 1);
  DraftRecord got = store_->Get(id).value();
  EXPECT_EQ(got.state, DraftState::kNeedsAttention);
  EXPECT_EQ(got.reason, "grounding failed");
  std::vector<Event> events = Events("draft_needs_attention");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].draft_id, id);
  EXPECT_EQ(Events().size(), 2u);
}

// --- Supersede -----------------------------------------------------------------------------

TEST_F(DraftStoreTest, SupersedeRegeneratesThePlacedDraftAndInsertsItsReplacement) {
  int64_t old_id = PlaceOrDie(kAlpha, kAnn, "activity:3");
  size_t events_before = Events().size();
  now_ = kNow + 500;
  // The replacement names another campaign and recipient: the old draft's must win.
  NewDraft replacement = Draft(kBeta, kBob);
  replacement.instruction = "shorter, mention the webinar";
  replacement.subject = "Quick question";

  Result<int64_t> new_id = store_->Supersede(old_id, replacement);
  ASSERT_TRUE(new_id) << new_id.error().ToString();

  DraftRecord old_draft = store_->Get(old_id).value();
  EXPECT_EQ(old_draft.state, DraftState::kRegenerated);
  EXPECT_EQ(old_draft.updated_at, kNow + 500);
  DraftRecord next = store_->Get(*new_id).value();
  EXPECT_EQ(next.state, DraftState::kGenerated);
  EXPECT_EQ(next.supersedes, old_id);
  EXPECT_EQ(next.campaign_id, kAlpha);
  EXPECT_EQ(next.recipient_id, kAnn);
  EXPECT_EQ(next.trigger_key, "activity:3");
  EXPECT_EQ(next.instruction, "shorter, mention the webinar");
  EXPECT_EQ(next.subject, "Quick question");
  EXPECT_EQ(next.message_id, replacement.message_id);
  EXPECT_EQ(next.created_at, kNow + 500);
  // Still one open draft for Ann: the partial unique index held.
  EXPECT_EQ(Rows("recipient_id = 1 AND state IN ('generated', 'placed')"), 1);

  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), events_before + 1);
  const Event& event = events.back();
  EXPECT_EQ(event.type, "draft_regenerated");
  EXPECT_EQ(event.draft_id, old_id);
  EXPECT_EQ(event.recipient_id, kAnn);
  EXPECT_EQ(event.campaign_id, kAlpha);
  nlohmann::json payload = nlohmann::json::parse(event.payload_json);
  EXPECT_EQ(payload.value("replaced_by", int64_t{0}), *new_id);
  EXPECT_EQ(payload.value("instruction", ""), "shorter, mention the webinar");
}

TEST_F(DraftStoreTest, SupersedeOfADraftThatIsNotPlacedIsConflictAndChangesNothing) {
  int64_t generated = InsertOrDie(Draft(kAlpha, kAnn));
  int64_t rejected = PlaceOrDie(kAlpha, kBob);
  ASSERT_TRUE(store_->Reject(rejected, "no"));
  size_t events_before = Events().size();
  int64_t rows_before = Rows();

  Result<int64_t> from_generated = store_->Supersede(generated, Draft(kAlpha, kAnn));
  ASSERT_FALSE(from_generated);
  EXPECT_EQ(from_generated.error().code, ErrorCode::kConflict);
  Result<int64_t> from_rejected = store_->Supersede(rejected, Draft(kAlpha, kBob));
  ASSERT_FALSE(from_rejected);
  EXPECT_EQ(from_rejected.error().code, ErrorCode::kConflict);

  EXPECT_EQ(StateOf(generated), DraftState::kGenerated);
  EXPECT_EQ(StateOf(rejected), DraftState::kRejected);
  EXPECT_EQ(Rows(), rows_before);
  EXPECT_EQ(Events().size(), events_before);
}

TEST_F(DraftStoreTest, SupersedeOfAnUnknownDraftIsNotFound) {
  Result<int64_t> id = store_->Supersede(77, Draft(kAlpha, kAnn));
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Rows(), 0);
}

TEST_F(DraftStoreTest, SupersedeWithoutMessageIdIsInvalidArgumentAndKeepsTheOldDraft) {
  int64_t old_id = PlaceOrDie(kAlpha, kAnn);
  NewDraft replacement = Draft(kAlpha, kAnn);
  replacement.message_id = "";
  Result<int64_t> id = store_->Supersede(old_id, replacement);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(StateOf(old_id), DraftState::kPlaced);
  EXPECT_EQ(Rows(), 1);
}

TEST_F(DraftStoreTest, SupersedeThatFailsToInsertLeavesTheOldDraftPlaced) {
  NewDraft first = Draft(kAlpha, kAnn);
  int64_t old_id = InsertOrDie(first);
  ASSERT_TRUE(store_->MarkPlaced(old_id, "Drafts", 5, 7));
  size_t events_before = Events().size();

  NewDraft clash = Draft(kAlpha, kAnn);
  clash.message_id = first.message_id;  // refused by drafts_message_id
  ASSERT_FALSE(store_->Supersede(old_id, clash));

  EXPECT_EQ(StateOf(old_id), DraftState::kPlaced);
  EXPECT_EQ(Rows(), 1);
  EXPECT_EQ(Events().size(), events_before);
}

// --- Reject --------------------------------------------------------------------------------

TEST_F(DraftStoreTest, RejectMovesPlacedToRejectedWithReasonAndEvent) {
  int64_t id = PlaceOrDie(kAlpha, kAnn);
  now_ = kNow + 900;
  ASSERT_TRUE(store_->Reject(id, "tone is off"));

  DraftRecord got = store_->Get(id).value();
  EXPECT_EQ(got.state, DraftState::kRejected);
  EXPECT_EQ(got.reason, "tone is off");
  EXPECT_EQ(got.updated_at, kNow + 900);
  std::vector<Event> events = Events("draft_rejected");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].draft_id, id);
  EXPECT_EQ(events[0].recipient_id, kAnn);
  EXPECT_EQ(events[0].campaign_id, kAlpha);
  EXPECT_EQ(nlohmann::json::parse(events[0].payload_json).value("reason", ""), "tone is off");
  // A rejected draft is closed: another campaign may now write to Ann.
  EXPECT_EQ(Blocking(kAnn, kBeta), std::nullopt);
  EXPECT_TRUE(store_->InsertGenerated(Draft(kBeta, kAnn)));
}

TEST_F(DraftStoreTest, RejectOfARejectedDraftIsConflict) {
  int64_t id = PlaceOrDie(kAlpha, kAnn);
  ASSERT_TRUE(store_->Reject(id, "first"));
  Status again = store_->Reject(id, "second");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->Get(id)->reason, "first");
  EXPECT_EQ(Events("draft_rejected").size(), 1u);
}

TEST_F(DraftStoreTest, RejectOfAGeneratedDraftIsConflictAndUnknownIsNotFound) {
  int64_t id = InsertOrDie(Draft(kAlpha, kAnn));
  Status generated = store_->Reject(id, "early");
  ASSERT_FALSE(generated);
  EXPECT_EQ(generated.error().code, ErrorCode::kConflict);
  EXPECT_EQ(StateOf(id), DraftState::kGenerated);
  Status unknown = store_->Reject(99, "who");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(Events().empty());
}

TEST_F(DraftStoreTest, ReviseTextReplacesThePlacedTextAndKeepsItsPlace) {
  int64_t id = PlaceOrDie(kAlpha, kAnn);
  const DraftRecord before = store_->Get(id).value();
  now_ = kNow + 60;
  ASSERT_TRUE(store_->ReviseText(id, DraftText{"New subject", "New body", "de",
                                               R"([{"id":"activity:1","text":"x"}])", "shorter"}));
  DraftRecord got = store_->Get(id).value();
  EXPECT_EQ(got.state, DraftState::kPlaced);
  EXPECT_EQ(got.subject, "New subject");
  EXPECT_EQ(got.body, "New body");
  EXPECT_EQ(got.language, "de");
  EXPECT_EQ(got.facts_used_json, R"([{"id":"activity:1","text":"x"}])");
  EXPECT_EQ(got.instruction, "shorter");
  EXPECT_EQ(got.imap_uid, before.imap_uid);
  EXPECT_EQ(got.message_id, before.message_id);
  EXPECT_EQ(got.updated_at, kNow + 60);
  std::vector<Event> events = Events("draft_revised");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].draft_id, id);
  EXPECT_EQ(nlohmann::json::parse(events[0].payload_json).value("instruction", ""), "shorter");
}

// Restore in a compose window: the event says the text was put back, not newly composed, and a
// composed revision says nothing of the kind.
TEST_F(DraftStoreTest, ReviseTextMarksOnlyARestoredTextAsRestored) {
  int64_t id = PlaceOrDie(kAlpha, kAnn);
  ASSERT_TRUE(store_->ReviseText(id, DraftText{"New", "New body", "en", "[]", "shorter"}));
  DraftText first{"First", "First body", "en", "[]", ""};
  first.restored = true;
  ASSERT_TRUE(store_->ReviseText(id, first));
  EXPECT_EQ(store_->Get(id)->body, "First body");
  std::vector<Event> events = Events("draft_revised");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_FALSE(nlohmann::json::parse(events[0].payload_json).contains("restored"));
  EXPECT_EQ(nlohmann::json::parse(events[1].payload_json).value("restored", false), true);
}

TEST_F(DraftStoreTest, ReviseTextOfADraftNotPlacedIsConflictAndUnknownIsNotFound) {
  int64_t id = PlaceOrDie(kAlpha, kAnn);
  ASSERT_TRUE(store_->Reject(id, "no"));
  Status rejected = store_->ReviseText(id, DraftText{"s", "b", "en", "[]", ""});
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().code, ErrorCode::kConflict);
  EXPECT_NE(store_->Get(id)->body, "b");
  Status unknown = store_->ReviseText(99, DraftText{});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(Events("draft_revised").empty());
}

// --- MarkNoReply -------------------------------------------------------------------------------

TEST_F(DraftStoreTest, MarkNoReplyMovesOnlyUnansweredSendsOlderThanTheCutoff) {
  int64_t old_send = SentOrDie(kAlpha, kAnn, kNow - 20 * kDay);
  int64_t recent_send = SentOrDie(kAlpha, kBob, kNow - 2 * kDay);
  int64_t answered = SentOrDie(kBeta, kCat, kNow - 30 * kDay);
  ASSERT_TRUE(
      Exec(*db_, "UPDATE drafts SET state = 'replied' WHERE id = " + std::to_string(answered)));

  Result<int> moved = store_->MarkNoReply(kNow - 14 * kDay, 100);
  ASSERT_TRUE(moved) << moved.error().ToString();
  EXPECT_EQ(*moved, 1);
  EXPECT_EQ(StateOf(old_send), DraftState::kNoReply);
  EXPECT_EQ(StateOf(recent_send), DraftState::kSent);
  EXPECT_EQ(StateOf(answered), DraftState::kReplied);
  std::vector<Event> events = Events("engagement_signal");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].draft_id, old_send);
  EXPECT_EQ(events[0].recipient_id, kAnn);
  nlohmann::json payload = nlohmann::json::parse(events[0].payload_json);
  EXPECT_EQ(payload["kind"], "no_reply");
  EXPECT_EQ(payload["days_waited"], 20);

  // Done once: a second sweep finds nothing more and writes no event.
  ASSERT_EQ(store_->MarkNoReply(kNow - 14 * kDay, 100).value_or(-1), 0);
  EXPECT_EQ(Events("engagement_signal").size(), 1u);
}

TEST_F(DraftStoreTest, MarkNoReplyTakesAtMostTheLimitOldestFirst) {
  int64_t newer = SentOrDie(kAlpha, kAnn, kNow - 20 * kDay);
  int64_t oldest = SentOrDie(kAlpha, kBob, kNow - 40 * kDay);
  ASSERT_EQ(store_->MarkNoReply(kNow, 1).value_or(-1), 1);
  EXPECT_EQ(StateOf(oldest), DraftState::kNoReply);
  EXPECT_EQ(StateOf(newer), DraftState::kSent);
}

TEST_F(DraftStoreTest, AReplyAfterNoReplyStillMovesTheDraftToReplied) {
  int64_t id = SentOrDie(kAlpha, kAnn, kNow - 30 * kDay);
  ASSERT_EQ(store_->MarkNoReply(kNow - 14 * kDay, 10).value_or(-1), 1);
  Result<bool> recorded = store_->RecordResponse("<late-reply@example.com>", "INBOX", "reply", id,
                                                 DraftState::kReplied, R"({"kind":"reply"})");
  ASSERT_TRUE(recorded) << recorded.error().ToString();
  EXPECT_TRUE(*recorded);
  EXPECT_EQ(StateOf(id), DraftState::kReplied);
}

TEST_F(DraftStoreTest, MarkNoReplyRollsBackWhenAnEventCannotBeWritten) {
  int64_t first = SentOrDie(kAlpha, kAnn, kNow - 30 * kDay);
  int64_t second = SentOrDie(kAlpha, kBob, kNow - 30 * kDay);
  ASSERT_TRUE(Exec(*db_,
                   "CREATE TEMP TRIGGER refuse_events BEFORE INSERT ON events"
                   " BEGIN SELECT RAISE(ABORT, 'events refused by test'); END"));
  EXPECT_FALSE(store_->MarkNoReply(kNow, 10));
  EXPECT_EQ(StateOf(first), DraftState::kSent);
  EXPECT_EQ(StateOf(second), DraftState::kSent);
}

// --- Atomicity of a row and its event --------------------------------------------------------

TEST_F(DraftStoreTest, StateChangesRollBackWhenTheirEventCannotBeWritten) {
  int64_t generated = InsertOrDie(Draft(kAlpha, kAnn));
  int64_t placed = PlaceOrDie(kAlpha, kBob);
  int64_t rows_before = Rows();
  // A temp trigger lives on this connection only: every event append now fails.
  ASSERT_TRUE(Exec(*db_,
                   "CREATE TEMP TRIGGER refuse_events BEFORE INSERT ON events"
                   " BEGIN SELECT RAISE(ABORT, 'events refused by test'); END"));

  EXPECT_FALSE(store_->MarkPlaced(generated, "Drafts", 9, 7));
  EXPECT_FALSE(store_->Reject(placed, "no"));
  EXPECT_FALSE(store_->Supersede(placed, Draft(kAlpha, kBob)));
  EXPECT_FALSE(store_->RecordSkip(kBeta, kCat, std::nullopt, "suppressed"));
  EXPECT_FALSE(store_->RecordNeedsAttention(kBeta, kCat, std::nullopt, "bad"));

  EXPECT_EQ(StateOf(generated), DraftState::kGenerated);
  EXPECT_FALSE(store_->Get(generated)->placed_at.has_value());
  EXPECT_EQ(StateOf(placed), DraftState::kPlaced);
  EXPECT_EQ(store_->Get(placed)->reason, "");
  EXPECT_EQ(Rows(), rows_before);
}

// --- Unplaced / PendingRemoval / MarkRemoved -----------------------------------------------

TEST_F(DraftStoreTest, UnplacedListsGeneratedDraftsOldestFirst) {
  int64_t cat = InsertOrDie(Draft(kAlpha, kCat));
  PlaceOrDie(kAlpha, kBob);
  int64_t ann = InsertOrDie(Draft(kBeta, kAnn));
  ArrangeOutcome("skipped", kBeta, kBob, "open draft");

  Result<std::vector<DraftRecord>> unplaced = store_->Unplaced();
  ASSERT_TRUE(unplaced) << unplaced.error().ToString();
  ASSERT_EQ(unplaced->size(), 2u);
  EXPECT_EQ((*unplaced)[0].id, cat);
  EXPECT_EQ((*unplaced)[1].id, ann);
}

TEST_F(DraftStoreTest, PendingRemovalListsClosedDraftsStillInDraftsUntilMarkedRemoved) {
  int64_t regenerated = PlaceOrDie(kAlpha, kAnn);
  int64_t replacement = store_->Supersede(regenerated, Draft(kAlpha, kAnn)).value();
  int64_t rejected = PlaceOrDie(kAlpha, kBob);
  ASSERT_TRUE(store_->Reject(rejected, "no"));
  PlaceOrDie(kAlpha, kCat);  // still waiting for the sender: stays

  Result<std::vector<DraftRecord>> pending = store_->PendingRemoval();
  ASSERT_TRUE(pending) << pending.error().ToString();
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].id, regenerated);
  EXPECT_EQ((*pending)[0].imap_uid, 100 + regenerated);
  EXPECT_EQ((*pending)[1].id, rejected);

  now_ = kNow + 1234;
  ASSERT_TRUE(store_->MarkRemoved(regenerated));
  EXPECT_EQ(store_->Get(regenerated)->removed_at, kNow + 1234);
  EXPECT_EQ(StateOf(regenerated), DraftState::kRegenerated);
  pending = store_->PendingRemoval();
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].id, rejected);

  ASSERT_TRUE(store_->MarkRemoved(rejected));
  EXPECT_TRUE(store_->PendingRemoval().value().empty());
  EXPECT_FALSE(store_->Get(replacement)->removed_at.has_value());
}

// --- List / Count / CountPlacedSince / CountOpen -------------------------------------------

TEST_F(DraftStoreTest, ListFiltersAndReturnsNewestFirst) {
  int64_t a1 = PlaceOrDie(kAlpha, kAnn);
  int64_t a2 = InsertOrDie(Draft(kAlpha, kBob));
  int64_t b1 = ArrangeOutcome("skipped", kBeta, kCat, "suppressed");
  int64_t a3 = ArrangeOutcome("skipped", kAlpha, kCat, "suppressed");

  auto ids = [this](const DraftFilter& filter, int64_t offset = 0, int64_t limit = 100) {
    Result<std::vector<DraftRecord>> drafts = store_->List(filter, offset, limit);
    EXPECT_TRUE(drafts) << drafts.error().ToString();
    std::vector<int64_t> out;
    for (const DraftRecord& d : drafts.value_or(std::vector<DraftRecord>{})) out.push_back(d.id);
    return out;
  };
  EXPECT_THAT(ids({}), ElementsAre(a3, b1, a2, a1));
  EXPECT_THAT(ids(Filter(kAlpha)), ElementsAre(a3, a2, a1));
  EXPECT_THAT(ids(Filter({}, kCat)), ElementsAre(a3, b1));
  EXPECT_THAT(ids(Filter({}, {}, DraftState::kSkipped)), ElementsAre(a3, b1));
  EXPECT_THAT(ids(Filter(kAlpha, {}, DraftState::kPlaced)), ElementsAre(a1));
  EXPECT_THAT(ids(Filter(kBeta, kAnn)), ElementsAre());
  EXPECT_THAT(ids({}, 1, 2), ElementsAre(b1, a2));

  EXPECT_EQ(store_->Count({}).value(), 4);
  EXPECT_EQ(store_->Count(Filter(kAlpha)).value(), 3);
  EXPECT_EQ(store_->Count(Filter({}, {}, DraftState::kSkipped)).value(), 2);
  EXPECT_EQ(store_->Count(Filter(kBeta, {}, DraftState::kPlaced)).value(), 0);
}

TEST_F(DraftStoreTest, GetOfAnUnknownDraftIsNotFound) {
  Result<DraftRecord> got = store_->Get(12345);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
}

TEST_F(DraftStoreTest, CountPlacedSinceCountsThisCampaignsPlacementsFromThatTime) {
  now_ = kNow - 2 * kDay;
  PlaceOrDie(kAlpha, kAnn);  // placed before the window
  ASSERT_TRUE(Exec(*db_, "UPDATE drafts SET state = 'sent', sent_at = 1 WHERE recipient_id = 1"));
  now_ = kNow;
  int64_t at_start = PlaceOrDie(kAlpha, kBob);  // exactly at since: counted
  now_ = kNow + 3600;
  PlaceOrDie(kBeta, kCat);                      // other campaign
  ASSERT_TRUE(store_->Reject(at_start, "no"));  // placed today, so still counts for the cap
  InsertOrDie(Draft(kAlpha, kAnn));             // generated, not placed

  EXPECT_EQ(store_->CountPlacedSince(kAlpha, kNow).value(), 1);
  EXPECT_EQ(store_->CountPlacedSince(kAlpha, kNow - 3 * kDay).value(), 2);
  EXPECT_EQ(store_->CountPlacedSince(kAlpha, kNow + 1).value(), 0);
  EXPECT_EQ(store_->CountPlacedSince(kBeta, kNow).value(), 1);
}

TEST_F(DraftStoreTest, CountOpenCountsGeneratedAndPlacedOfThisCampaign) {
  InsertOrDie(Draft(kAlpha, kAnn));
  PlaceOrDie(kAlpha, kBob);
  ASSERT_TRUE(store_->Reject(PlaceOrDie(kBeta, kCat), "no"));
  ArrangeOutcome("skipped", kAlpha, kCat, "suppressed");

  EXPECT_EQ(store_->CountOpen(kAlpha).value(), 2);
  EXPECT_EQ(store_->CountOpen(kBeta).value(), 0);
}

// --- Migration 4 ---------------------------------------------------------------------------

TEST(DraftsMigrationTest, Version3DraftKeepsItsRowAndGetsTheNewColumnsDefaults) {
  test::TempDir dir("draftbox-drafts-migration");
  const auto file = dir.path() / "draftbox.db";
  {
    auto old = Database::OpenAtVersion(file, 3);
    ASSERT_TRUE(old) << old.error().ToString();
    ASSERT_TRUE(Exec(**old, test::InsertRecipientSql("ann@example.com")));
    ASSERT_TRUE(Exec(**old, test::InsertCampaignSql("Alpha")));
    ASSERT_TRUE(Exec(**old,
                     "INSERT INTO drafts (campaign_id, recipient_id, state, subject, body,"
                     " facts_used, message_id, imap_folder, imap_uid, imap_uid_validity,"
                     " created_at, updated_at, placed_at) VALUES (1, 1, 'placed', 'Hi', 'Body',"
                     " '[]', '<m1@x>', 'Drafts', 12, 7, 1700000000, 1700000100, 1700000100)"));
  }
  auto db = Database::Open(file);
  ASSERT_TRUE(db) << db.error().ToString();
  EXPECT_EQ((*db)->SchemaVersion().value(), Database::kSchemaVersion);
  ASSERT_GE(Database::kSchemaVersion, 4);

  DraftStore store(**db, [] { return kNow; });
  Result<DraftRecord> got = store.Get(1);
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(got->state, DraftState::kPlaced);
  EXPECT_EQ(got->subject, "Hi");
  EXPECT_EQ(got->body, "Body");
  EXPECT_EQ(got->message_id, "<m1@x>");
  EXPECT_EQ(got->imap_folder, "Drafts");
  EXPECT_EQ(got->imap_uid, 12);
  EXPECT_EQ(got->imap_uid_validity, 7);
  EXPECT_EQ(got->created_at, 1700000000);
  EXPECT_EQ(got->placed_at, 1700000100);
  EXPECT_EQ(got->to_address, "");
  EXPECT_EQ(got->language, "");
  EXPECT_EQ(got->instruction, "");
  EXPECT_EQ(got->trigger_key, "");
  EXPECT_FALSE(got->removed_at.has_value());
  // The migrated row still counts as Ann's open draft.
  NewDraft another;
  another.campaign_id = 1;
  another.recipient_id = 1;
  another.message_id = "<m2@x>";
  Result<int64_t> second = store.InsertGenerated(another);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace draftbox
