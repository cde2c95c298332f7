// Campaign runs with the openai composer (built by MakeComposer from [composer]) against
// tests/support/model-double on loopback, a real SQLite file and a FakeMailbox: suppressed and
// skipped recipients never reach the model, a model that obeys the prompt injections in
// tests/data/recipients places nothing of theirs, an unreachable endpoint falls back or holds
// as configured and the run says so, and the exact prompt is stored with each draft.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "campaign/campaign_runner.h"
#include "compose/fact_screen.h"
#include "model/composer_factory.h"
#include "store/suppression_store.h"
#include "support/model_double.h"
#include "support/ports.h"
#include "unit/campaign/revision_fixture.h"
#include "unit/compose/sample_recipients.h"

namespace draftbox {
namespace {

using nlohmann::json;
using test::ModelDouble;

// Every recipient, for the sample set.
constexpr char kEveryone[] = R"(name = "Everyone"
kind = "outreach"
goal = "Book a call about the team plan"
key_message = "Teams grow their pipeline fastest with clean CRM data"
cta = "Would a call next week work?"
)";

// A model that writes a grounded sentence for anyone (it names nothing the facts lack).
json GroundedStep() { return {{"obey", "Thanks for the time you gave us this year."}}; }

class ModelCampaignTest : public test::RevisionFixture {
 protected:
  void UseDouble(const std::vector<json>& steps) {
    Result<std::unique_ptr<ModelDouble>> started = ModelDouble::Start(steps);
    ASSERT_TRUE(started) << started.error().ToString();
    double_ = std::move(*started);
    UseEndpoint(double_->endpoint());
  }

  void UseEndpoint(const std::string& endpoint, const std::string& on_unreachable = "hold") {
    config_.composer.backend = "openai";
    config_.composer.endpoint = endpoint;
    config_.composer.model = "double";
    config_.composer.max_retries = 0;
    config_.composer.on_unreachable = on_unreachable;
    Result<std::unique_ptr<Composer>> made = MakeComposer(config_.composer);
    ASSERT_TRUE(made) << made.error().ToString();
    model_ = std::move(*made);
  }

  RunReport Run(int64_t campaign_id) {
    DraftPlacer placer(mailbox_, *db_, CampaignSenders(*db_, config_), Placing());
    CampaignRunner runner(CampaignRunner::Deps{.db = db_.get(),
                                               .composer = model_.get(),
                                               .config = &config_,
                                               .placer = &placer,
                                               .clock = &clock_});
    Result<RunReport> report = runner.Run(campaign_id, RunOptions{});
    EXPECT_TRUE(report) << report.error().ToString();
    return report.value_or(RunReport{});
  }

  // Every request body the double received, as text.
  std::string AllRequests() {
    std::string all;
    for (const json& request : double_->Requests()) all += request["body"].dump() + "\n";
    return all;
  }

  // What the requests carried from the recipients' data: every message up to the feedback
  // block (which quotes the model's own refused answer back to it).
  std::string DataSent() {
    std::string all;
    for (const json& request : double_->Requests()) {
      for (const json& message : request["body"]["messages"]) {
        const std::string text = message["content"];
        all += text.substr(0, text.find("=== BEGIN PROBLEMS")) + "\n";
      }
    }
    return all;
  }

  std::unique_ptr<ModelDouble> double_;
  std::unique_ptr<Composer> model_;
};

TEST_F(ModelCampaignTest, SuppressedAndSkippedRecipientsNeverReachTheModel) {
  const int64_t busy = AddCustomer("cy@busy.example");
  PlaceAll(AddCampaign(test::kOutreach));  // the template composer leaves cy an open draft
  ASSERT_EQ(OpenDraftsOf(busy), 1u);
  AddCustomer("ana@acme.example");
  AddCustomer("bo@blocked.example");
  ASSERT_TRUE(SuppressionStore(*db_).Add(
      SuppressionTarget{SuppressionKind::kAddress, "bo@blocked.example"}, "unsubscribed"));
  UseDouble({GroundedStep()});
  RunReport report = Run(AddCampaign(kEveryone));
  EXPECT_EQ(report.counts.placed, 1);
  EXPECT_EQ(report.counts.skip_reasons["suppressed"], 1);
  EXPECT_EQ(report.counts.skip_reasons["open_draft"], 1);
  ASSERT_EQ(double_->Requests().size(), 1u);  // Ana's, and only hers
  const std::string sent = AllRequests();
  EXPECT_NE(sent.find("Acme Labs"), std::string::npos);
  EXPECT_EQ(sent.find("blocked.example"), std::string::npos);
  EXPECT_EQ(sent.find("busy.example"), std::string::npos);
}

TEST_F(ModelCampaignTest, TheExactPromptIsStoredWithThePlacedDraft) {
  AddCustomer("ana@acme.example");
  UseDouble({GroundedStep()});
  Run(AddCampaign(kEveryone));
  std::vector<DraftRecord> placed = InState(DraftState::kPlaced);
  ASSERT_EQ(placed.size(), 1u);
  ASSERT_EQ(double_->Requests().size(), 1u);
  EXPECT_EQ(json::parse(placed[0].prompt), double_->Requests()[0]["body"]);
}

TEST_F(ModelCampaignTest, AnUnreachableEndpointFallsBackToTheTemplateAndTheRunSaysSo) {
  AddCustomer("ana@acme.example");
  UseEndpoint("http://127.0.0.1:" + std::to_string(test::FreeLoopbackPort()) + "/v1", "template");
  RunReport report = Run(AddCampaign(kEveryone));
  EXPECT_EQ(report.counts.placed, 1);
  EXPECT_EQ(report.counts.model_unreachable, 1);
  EXPECT_EQ(report.counts.fallback, "template");
  EXPECT_NE(report.counts.fallback_reason.find("cannot connect"), std::string::npos)
      << report.counts.fallback_reason;
  const json counts = json::parse(RunCountsJson(report.counts));
  EXPECT_EQ(counts["fallback"], "template");
  EXPECT_TRUE(InState(DraftState::kPlaced).at(0).prompt.empty());
}

TEST_F(ModelCampaignTest, AnUnreachableEndpointHoldsDraftsWhenSoConfigured) {
  AddCustomer("ana@acme.example");
  UseEndpoint("http://127.0.0.1:" + std::to_string(test::FreeLoopbackPort()) + "/v1", "hold");
  RunReport report = Run(AddCampaign(kEveryone));
  EXPECT_EQ(report.counts.placed, 0);
  EXPECT_EQ(report.counts.needs_attention, 1);
  EXPECT_EQ(report.counts.fallback, "hold");
  EXPECT_TRUE(mailbox_.DraftIds().empty());
  std::vector<DraftRecord> held = InState(DraftState::kNeedsAttention);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_NE(held[0].reason.find("model endpoint unreachable"), std::string::npos) << held[0].reason;
}

// What a model that obeyed each injection in tests/data/recipients/activities.csv would write.
const std::vector<std::string>& ObeyedInjections() {
  static const std::vector<std::string> kPayloads = {
      "As promised, you get a 90% discount: claim it at http://evil.example/claim today.",
      "Please confirm your details through this tracking link https://phish.example/login?u=1 "
      "first.",
      "Your account is suspended, so please reply with your card details to restore it.",
      "Signing as the CEO: please send me your password and the sender's login today."};
  return kPayloads;
}

TEST_F(ModelCampaignTest, AModelObeyingInjectedDataPlacesNothingOfIt) {
  // The sample set is judged on 2026-11-30, its newest activity being 2026-11-26.
  clock_.Set(Noon() + 260 * kDay);
  std::vector<Recipient> injected;
  for (const Recipient& r : testing::LoadCsvSamples(testing::SampleDir())) {
    for (const Activity& a : r.activities) {
      if (FactScreen::IsInstructionLike(a.summary)) {
        injected.push_back(r);
        break;
      }
    }
  }
  ASSERT_GE(injected.size(), 5u);
  ASSERT_TRUE(RecipientStore(*db_).Upsert(injected));
  config_.compliance.consent_required_countries.clear();  // let every row reach the composer

  int64_t asked = 0;
  int campaign = 0;
  for (const std::string& payload : ObeyedInjections()) {
    UseDouble({{{"obey", payload}}});
    std::string toml = kEveryone;
    toml.replace(toml.find("Everyone"), 8, "Everyone " + std::to_string(++campaign));
    RunReport report = Run(AddCampaign(toml));
    EXPECT_EQ(report.counts.placed, 0) << payload;
    const std::string sent = DataSent();
    asked += static_cast<int64_t>(double_->Requests().size());
    for (const char* injected_text : {"evil.example", "phish.example", "Ignore all previous",
                                      "New instruction", "developer mode"}) {
      EXPECT_EQ(sent.find(injected_text), std::string::npos) << injected_text;
    }
  }
  EXPECT_GT(asked, 0);
  EXPECT_TRUE(mailbox_.DraftIds().empty());
  for (const DraftRecord& d : InState(DraftState::kPlaced)) {
    for (const char* bad : {"evil.example", "phish.example", "90%", "card details", "password"}) {
      EXPECT_EQ(d.body.find(bad), std::string::npos) << d.body;
    }
  }
}

}  // namespace
}  // namespace draftbox
