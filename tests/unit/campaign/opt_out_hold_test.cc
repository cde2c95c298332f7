// A possible opt-out awaiting review holds its sender: campaign runs and triggered runs skip
// them with the reason (their data never reaches a composer), Regenerate refuses, and the rep's
// decision lets drafting go on (dismiss) or turns the hold into a suppression (confirm).
// A FakeMailbox and a real SQLite file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "campaign/draft_reviser.h"
#include "campaign/triggered_runs.h"
#include "store/opt_out_review_store.h"
#include "unit/campaign/revision_fixture.h"

namespace draftbox {
namespace {

using ::testing::HasSubstr;

// The template composer, noting whom it was asked to write to.
class WatchedComposer : public Composer {
 public:
  explicit WatchedComposer(Composer& inner) : inner_(inner) {}
  ComposeResult Compose(const ComposeRequest& request) override {
    asked.insert(request.recipient->email);
    return inner_.Compose(request);
  }
  std::string Name() const override { return inner_.Name(); }
  std::set<std::string> asked;

 private:
  Composer& inner_;
};

class OptOutHoldTest : public test::RevisionFixture {
 protected:
  void SetUp() override {
    RevisionFixture::SetUp();
    ana_ = AddCustomer("ana@acme.example");
    bo_ = AddCustomer("bo@acme.example");
  }

  int64_t Hold(const std::string& email, int64_t recipient_id) {
    OptOutReview review;
    review.email = email;
    review.recipient_id = recipient_id;
    review.message_id = "<reply-" + email + ">";
    review.excerpt = "Not interested, thanks.";
    review.phrase = "en: not|no|never ..1 interested|interest";
    return OptOutReviewStore(*db_).Open("inbox:" + review.message_id, review).value().id;
  }

  Result<RunReport> Run(int64_t campaign_id) {
    DraftPlacer placer(mailbox_, *db_, CampaignSenders(*db_, config_), Placing());
    CampaignRunner runner(CampaignRunner::Deps{.db = db_.get(),
                                               .composer = &watched_,
                                               .config = &config_,
                                               .placer = &placer,
                                               .clock = &clock_});
    return runner.Run(campaign_id, RunOptions{});
  }

  // The recipients who have a placed draft.
  std::set<int64_t> PlacedFor() {
    std::set<int64_t> out;
    for (const DraftRecord& d : InState(DraftState::kPlaced)) out.insert(d.recipient_id);
    return out;
  }

  WatchedComposer watched_{composer_};
  int64_t ana_ = 0;
  int64_t bo_ = 0;
};

TEST_F(OptOutHoldTest, ARunSkipsAHeldRecipientWithTheReasonAndNeverComposesForThem) {
  const int64_t review = Hold("ana@acme.example", ana_);
  Result<RunReport> report = Run(AddCampaign(test::kOutreach));
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->counts.placed, 1);
  EXPECT_EQ(report->counts.skipped, 1);
  EXPECT_EQ(report->counts.skip_reasons["possible_opt_out"], 1);
  ASSERT_EQ(report->items.size(), 1u);
  EXPECT_EQ(report->items[0].email, "ana@acme.example");
  EXPECT_EQ(report->items[0].outcome, "skipped");
  EXPECT_THAT(report->items[0].reason,
              HasSubstr("possible opt-out " + std::to_string(review) + " awaits review"));
  EXPECT_EQ(PlacedFor(), std::set<int64_t>{bo_});
  EXPECT_EQ(watched_.asked, std::set<std::string>{"bo@acme.example"});
}

TEST_F(OptOutHoldTest, AfterADismissalTheNextRunDraftsThem) {
  const int64_t review = Hold("ana@acme.example", ana_);
  const int64_t campaign = AddCampaign(test::kOutreach);
  ASSERT_TRUE(Run(campaign));
  ASSERT_TRUE(OptOutReviewStore(*db_).Dismiss(review));
  Result<RunReport> again = Run(campaign);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->counts.placed, 1);
  EXPECT_EQ(PlacedFor(), (std::set<int64_t>{ana_, bo_}));
}

TEST_F(OptOutHoldTest, AfterAConfirmationTheyAreSkippedAsSuppressed) {
  const int64_t review = Hold("ana@acme.example", ana_);
  const int64_t campaign = AddCampaign(test::kOutreach);
  ASSERT_TRUE(OptOutReviewStore(*db_).Confirm(review));
  Result<RunReport> report = Run(campaign);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->counts.skip_reasons["suppressed"], 1);
  EXPECT_EQ(report->counts.skip_reasons.count("possible_opt_out"), 0u);
  EXPECT_EQ(PlacedFor(), std::set<int64_t>{bo_});
}

TEST_F(OptOutHoldTest, ATriggeredRunSkipsAHeldRecipientToo) {
  Hold("ana@acme.example", ana_);
  AddCampaign(test::kTriggered);
  DraftPlacer placer(mailbox_, *db_, CampaignSenders(*db_, config_), Placing());
  Result<std::vector<RunReport>> reports =
      TriggeredRuns(
          TriggeredRuns::Deps{
              .db = db_.get(), .composer = &watched_, .config = &config_, .clock = &clock_})
          .Evaluate("import", placer);
  ASSERT_TRUE(reports) << reports.error().ToString();
  ASSERT_EQ(reports->size(), 1u);
  EXPECT_EQ((*reports)[0].counts.skip_reasons["possible_opt_out"], 1);
  EXPECT_EQ(PlacedFor(), std::set<int64_t>{bo_});
  EXPECT_EQ(watched_.asked.count("ana@acme.example"), 0u);
}

TEST_F(OptOutHoldTest, RegenerateAndComposeAreRefusedWhileAReviewIsPending) {
  std::vector<DraftRecord> placed = PlaceAll(AddCampaign(test::kOutreach));
  ASSERT_EQ(placed.size(), 2u);
  const DraftRecord& anas = placed[0].recipient_id == ana_ ? placed[0] : placed[1];
  const int64_t review = Hold("ana@acme.example", ana_);
  mailbox_.log.clear();
  DraftReviser reviser(DraftReviser::Deps{.db = db_.get(),
                                          .composer = &watched_,
                                          .config = &config_,
                                          .clock = &clock_,
                                          .placer = Placing()});
  Result<Regenerated> regenerated = reviser.Regenerate(anas.id, "", mailbox_);
  ASSERT_FALSE(regenerated);
  EXPECT_EQ(regenerated.error().code, ErrorCode::kConflict);
  EXPECT_THAT(regenerated.error().message,
              HasSubstr("draftbox optouts confirm|dismiss " + std::to_string(review)));
  EXPECT_TRUE(mailbox_.log.empty());
  Result<RevisedText> composed = reviser.Compose(anas.id, "");
  ASSERT_FALSE(composed);
  EXPECT_EQ(composed.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(watched_.asked.empty());

  ASSERT_TRUE(OptOutReviewStore(*db_).Dismiss(review));
  EXPECT_TRUE(reviser.Regenerate(anas.id, "", mailbox_));
}

}  // namespace
}  // namespace draftbox
