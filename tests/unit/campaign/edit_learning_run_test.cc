// A campaign run passes what reps of its persona changed to the composer: the phrases they
// delete in most sends as avoid_phrases, and their masked edited sends as examples. A
// FakeMailbox, a real SQLite file holding (draft, sent) pairs of the campaign's persona.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "campaign/edit_learning.h"
#include "support/edit_pairs.h"
#include "unit/campaign/revision_fixture.h"

namespace draftbox {
namespace {

// The template composer, keeping the last request it was given.
class SpyComposer : public Composer {
 public:
  explicit SpyComposer(Composer& inner) : inner_(inner) {}
  ComposeResult Compose(const ComposeRequest& request) override {
    avoid_phrases = request.avoid_phrases;
    examples = request.edit_examples;
    return inner_.Compose(request);
  }
  std::string Name() const override { return inner_.Name(); }
  std::vector<std::string> avoid_phrases;
  std::vector<EditExample> examples;

 private:
  Composer& inner_;
};

class EditLearningRunTest : public test::RevisionFixture {};

TEST_F(EditLearningRunTest, ARunPassesThePersonasEditsToTheComposer) {
  const int64_t campaign = AddCampaign(test::kOutreach);  // persona "default"
  const char* sent_to[] = {"Ben", "Cleo", "Dev"};
  for (int i = 0; i < 3; ++i) {
    Recipient r;
    r.first_name = sent_to[i];
    r.company = std::string(sent_to[i]) + "corp";
    r.email = "rep" + std::to_string(i) + "@elsewhere.example";
    Recipient stored = test::AddRecipient(*db_, r).value();
    const std::string hi = "Hi " + std::string(sent_to[i]) + ",\n\n";
    test::SentPair pair{"Checking in",
                        hi + "I hope this finds you well.\n\nHow is it going?\n\nDana\n",
                        "[]",
                        "Checking in",
                        hi + "How is it going?\n\nDana\n",
                        Noon() - (3 - i) * kDay,
                        0.3};
    ASSERT_TRUE(test::AddSentPair(*db_, campaign, stored.id, r.email, pair).has_value());
  }
  AddCustomer("ana@acme.example");

  SpyComposer spy(composer_);
  DraftPlacer placer(mailbox_, *db_, CampaignSenders(*db_, config_), Placing());
  CampaignRunner runner(CampaignRunner::Deps{
      .db = db_.get(), .composer = &spy, .config = &config_, .placer = &placer, .clock = &clock_});
  Result<RunReport> report = runner.Run(campaign, RunOptions{});
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->counts.placed, 1);

  EXPECT_EQ(spy.avoid_phrases, std::vector<std::string>{"I hope this finds you well."});
  ASSERT_EQ(spy.examples.size(), 3u);
  for (const EditExample& e : spy.examples) {
    EXPECT_EQ(e.sent_body, "Hi [first name],\n\nHow is it going?\n\nDana\n");
    for (const char* name : sent_to) {
      EXPECT_EQ(e.draft_body.find(name), std::string::npos) << e.draft_body;
    }
  }
}

}  // namespace
}  // namespace draftbox
