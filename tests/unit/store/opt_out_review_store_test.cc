// OptOutReviewStore on a real SQLite file: a possible opt-out opened once per reply, what holds
// an address, and the rep's two decisions with their suppression and events.
#include "store/opt_out_review_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/text.h"
#include "store/event_log.h"
#include "store/suppression_store.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

using ::testing::HasSubstr;

class OptOutReviewStoreTest : public testing::Test {
 protected:
  void SetUp() override { db_ = Database::Open(dir_.path() / "draftbox.db").value(); }

  static OptOutReview Review(std::string email, std::optional<int64_t> recipient_id = 7) {
    OptOutReview r;
    r.email = std::move(email);
    r.recipient_id = recipient_id;
    r.draft_id = 3;
    r.message_id = "<reply-1@acme.example>";
    r.folder = "INBOX";
    r.uid = 42;
    r.excerpt = "Not interested, thanks.";
    r.phrase = "en: not|no|never ..1 interested|interest";
    return r;
  }

  std::vector<Event> Events(const std::string& type) {
    return EventLog(*db_).ReadSince(0, 1000, type).value();
  }

  test::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(OptOutReviewStoreTest, OpensAPendingReviewWithEverythingTheRepNeeds) {
  OptOutReviewStore store(*db_);
  Result<OptOutReview> opened =
      store.Open("inbox:<reply-1@acme.example>", Review("Ana@Acme.example"));
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_GT(opened->id, 0);
  EXPECT_EQ(opened->state, OptOutReviewState::kPending);
  EXPECT_EQ(opened->email, "ana@acme.example");
  EXPECT_EQ(opened->recipient_id, 7);
  EXPECT_EQ(opened->draft_id, 3);
  EXPECT_EQ(opened->message_id, "<reply-1@acme.example>");
  EXPECT_EQ(opened->uid, 42u);
  EXPECT_EQ(opened->excerpt, "Not interested, thanks.");
  EXPECT_THAT(opened->phrase, HasSubstr("interested"));
  EXPECT_GT(opened->created_at, 0);
  EXPECT_EQ(opened->decided_at, 0);
  EXPECT_EQ(store.Get(opened->id)->email, "ana@acme.example");
}

TEST_F(OptOutReviewStoreTest, TheSameReplyHandledTwiceOpensOneReview) {
  OptOutReviewStore store(*db_);
  int64_t first = store.Open("inbox:<reply-1@acme.example>", Review("ana@acme.example"))->id;
  int64_t second = store.Open("inbox:<reply-1@acme.example>", Review("ana@acme.example"))->id;
  EXPECT_EQ(first, second);
  EXPECT_EQ(store.List()->size(), 1u);
}

TEST_F(OptOutReviewStoreTest, APendingReviewHoldsItsAddressInAnyCaseAndItsRecipient) {
  OptOutReviewStore store(*db_);
  ASSERT_TRUE(store.Open("k1", Review("ana@acme.example", 7)));
  EXPECT_TRUE(*store.Pending("ANA@acme.example"));
  // The recipient's email changed on a re-import: the recipient id still holds them.
  EXPECT_TRUE(*store.Pending("ana.lima@acme.example", 7));
  EXPECT_FALSE(*store.Pending("bo@acme.example", 8));
  EXPECT_FALSE(*store.Pending("bo@acme.example"));
}

TEST_F(OptOutReviewStoreTest, ConfirmSuppressesTheAddressCitingTheReplyAndEmitsAnEvent) {
  OptOutReviewStore store(*db_);
  int64_t id = store.Open("k1", Review("ana@acme.example"))->id;
  Result<OptOutReview> confirmed = store.Confirm(id);
  ASSERT_TRUE(confirmed) << confirmed.error().ToString();
  EXPECT_EQ(confirmed->state, OptOutReviewState::kConfirmed);
  EXPECT_GT(confirmed->decided_at, 0);
  ASSERT_TRUE(confirmed->suppression_id);

  Result<SuppressionEntry> entry =
      SuppressionStore(*db_).Find(SuppressionTarget{SuppressionKind::kAddress, "ana@acme.example"});
  ASSERT_TRUE(entry) << entry.error().ToString();
  EXPECT_EQ(entry->id, *confirmed->suppression_id);
  EXPECT_EQ(entry->source, "<reply-1@acme.example>");
  EXPECT_THAT(entry->reason, HasSubstr("<reply-1@acme.example>"));
  EXPECT_THAT(entry->reason, HasSubstr("Not interested"));
  EXPECT_FALSE(*store.Pending("ana@acme.example"));

  std::vector<Event> events = Events("opt_out_confirmed");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].draft_id, 3);
  EXPECT_EQ(events[0].recipient_id, 7);
  nlohmann::json payload = nlohmann::json::parse(events[0].payload_json);
  EXPECT_EQ(payload["review_id"], id);
  EXPECT_EQ(payload["suppression_id"], *confirmed->suppression_id);
  EXPECT_EQ(Events("suppression_addition").size(), 1u);
}

TEST_F(OptOutReviewStoreTest, ConfirmKeepsAnEntryAlreadyOnTheListAndLinksIt) {
  SuppressionEntry earlier =
      SuppressionStore(*db_)
          .Add(SuppressionTarget{SuppressionKind::kAddress, "ana@acme.example"}, "gdpr_objection",
               "crm")
          ->entry;
  OptOutReviewStore store(*db_);
  int64_t id = store.Open("k1", Review("ana@acme.example"))->id;
  Result<OptOutReview> confirmed = store.Confirm(id);
  ASSERT_TRUE(confirmed) << confirmed.error().ToString();
  EXPECT_EQ(confirmed->suppression_id, earlier.id);
  EXPECT_EQ(SuppressionStore(*db_).List()->front().reason, "gdpr_objection");
}

TEST_F(OptOutReviewStoreTest, DismissReleasesTheAddressWithoutSuppressingIt) {
  OptOutReviewStore store(*db_);
  int64_t id = store.Open("k1", Review("ana@acme.example"))->id;
  Result<OptOutReview> dismissed = store.Dismiss(id);
  ASSERT_TRUE(dismissed) << dismissed.error().ToString();
  EXPECT_EQ(dismissed->state, OptOutReviewState::kDismissed);
  EXPECT_FALSE(dismissed->suppression_id);
  EXPECT_FALSE(*store.Pending("ana@acme.example", 7));
  EXPECT_TRUE(SuppressionStore(*db_).List()->empty());
  EXPECT_EQ(Events("opt_out_dismissed").size(), 1u);
  EXPECT_TRUE(Events("suppression_addition").empty());
}

TEST_F(OptOutReviewStoreTest, ADecidedReviewCannotBeDecidedAgain) {
  OptOutReviewStore store(*db_);
  int64_t id = store.Open("k1", Review("ana@acme.example"))->id;
  ASSERT_TRUE(store.Dismiss(id));
  Result<OptOutReview> again = store.Confirm(id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_THAT(again.error().message, HasSubstr("already dismissed"));
  EXPECT_TRUE(SuppressionStore(*db_).List()->empty());
  EXPECT_EQ(store.Dismiss(999).error().code, ErrorCode::kNotFound);
}

TEST_F(OptOutReviewStoreTest, ASecondPendingReviewStillHoldsAfterTheFirstIsDismissed) {
  OptOutReviewStore store(*db_);
  int64_t first = store.Open("k1", Review("ana@acme.example"))->id;
  int64_t second = store.Open("k2", Review("ana@acme.example"))->id;
  ASSERT_TRUE(store.Dismiss(first));
  Result<std::optional<OptOutReview>> held = store.Pending("ana@acme.example");
  ASSERT_TRUE(held && *held);
  EXPECT_EQ((*held)->id, second);
}

TEST_F(OptOutReviewStoreTest, ListsByState) {
  OptOutReviewStore store(*db_);
  int64_t a = store.Open("k1", Review("a@acme.example"))->id;
  ASSERT_TRUE(store.Open("k2", Review("b@acme.example")));
  ASSERT_TRUE(store.Confirm(a));
  EXPECT_EQ(store.List()->size(), 2u);
  ASSERT_EQ(store.List(OptOutReviewState::kPending)->size(), 1u);
  EXPECT_EQ(store.List(OptOutReviewState::kPending)->front().email, "b@acme.example");
  EXPECT_EQ(store.List(OptOutReviewState::kConfirmed)->front().id, a);
}

TEST_F(OptOutReviewStoreTest, UntrustedReplyTextIsStoredAsValidBoundedUtf8) {
  OptOutReview r = Review("ana@acme.example");
  r.excerpt = std::string(2000, 'x') + "\xFF\xFE";
  r.message_id = "<a\xC3(b@x>";
  Result<OptOutReview> opened = OptOutReviewStore(*db_).Open("k1", r);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_TRUE(IsValidUtf8(opened->excerpt));
  EXPECT_LE(opened->excerpt.size(), 610u);
  EXPECT_TRUE(IsValidUtf8(opened->message_id));
}

TEST_F(OptOutReviewStoreTest, RefusesAReviewWithoutAnAddress) {
  Result<OptOutReview> opened = OptOutReviewStore(*db_).Open("k1", Review(""));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace draftbox
