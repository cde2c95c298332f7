// What the campaign/ unit tests of DraftReviser and TriggeredRuns share: a real SQLite file in a
// temp dir, the template composer, a FakeMailbox for Drafts, a ManualClock at noon, and helpers
// to store recipients and campaigns and to place a first draft.
#ifndef DRAFTBOX_TESTS_UNIT_CAMPAIGN_REVISION_FIXTURE_H_
#define DRAFTBOX_TESTS_UNIT_CAMPAIGN_REVISION_FIXTURE_H_

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "campaign/campaign_file.h"
#include "campaign/campaign_runner.h"
#include "campaign/draft_placer.h"
#include "campaign/persona.h"
#include "compose/template_composer.h"
#include "core/manual_clock.h"
#include "store/campaign_store.h"
#include "store/draft_store.h"
#include "store/recipient_store.h"
#include "support/temp_dir.h"
#include "unit/campaign/fake_mailbox.h"

namespace draftbox::test {

class RevisionFixture : public testing::Test {
 protected:
  static constexpr int64_t kDay = 86400;

  // 2026-03-15 12:00:00 UTC.
  static int64_t Noon() {
    std::tm tm{};
    tm.tm_year = 2026 - 1900;
    tm.tm_mon = 2;
    tm.tm_mday = 15;
    tm.tm_hour = 12;
    return static_cast<int64_t>(timegm(&tm));
  }

  void SetUp() override {
    Result<std::unique_ptr<Database>> db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    config_.sender.name = "Dana Reyes";
    config_.sender.address = "dana@example.com";
    config_.sender.signature = "Dana Reyes\nAccount Executive";
    config_.mailbox.drafts_folder = "Drafts";
  }

  PlacerOptions Placing() {
    return PlacerOptions{.attempts = 1,
                         .backoff = std::chrono::milliseconds(0),
                         .drafts_folder = "Drafts",
                         .clock = &clock_};
  }

  // A customer with a renewal `days_ago` days before Noon(); returns its id.
  int64_t AddCustomer(const std::string& email, int days_ago = 3) {
    Recipient r;
    r.email = email;
    r.first_name = "Ana";
    r.role = "Head of Operations";
    r.company = "Acme Labs";
    r.account_state = "customer";
    r.activities.push_back(
        Activity{0, "renewal", DayOf(Noon() - days_ago * kDay), "Renewed the Team plan", "crm"});
    EXPECT_TRUE(RecipientStore(*db_).Upsert(std::span<const Recipient>(&r, 1)));
    return RecipientStore(*db_).GetByEmail(email).value().id;
  }

  // Stores the campaign file `toml`; returns its id.
  int64_t AddCampaign(const std::string& toml) {
    Result<Campaign> campaign = ParseCampaignToml(toml, "test.toml", PersonaNames(config_));
    EXPECT_TRUE(campaign) << campaign.error().ToString();
    return CampaignStore(*db_)
        .Create(campaign->intent.name, std::string(CampaignKindName(campaign->intent.kind)),
                CampaignToJson(*campaign).dump())
        .value();
  }

  // Runs `campaign_id` with `composer` into mailbox_ and returns the report (a failed test and
  // an empty report if the run could not start). `progress` as CampaignRunner::Run's.
  RunReport RunCampaign(Composer& composer, int64_t campaign_id,
                        const std::function<void(const RunCounts&)>& progress = {}) {
    DraftPlacer placer(mailbox_, *db_, CampaignSenders(*db_, config_), Placing());
    CampaignRunner runner(CampaignRunner::Deps{.db = db_.get(),
                                               .composer = &composer,
                                               .config = &config_,
                                               .placer = &placer,
                                               .clock = &clock_});
    Result<RunReport> report = runner.Run(campaign_id, RunOptions{}, progress);
    EXPECT_TRUE(report) << report.error().ToString();
    return report.value_or(RunReport{});
  }

  // Runs `campaign_id` into mailbox_ and returns the drafts it placed.
  std::vector<DraftRecord> PlaceAll(int64_t campaign_id) {
    RunCampaign(composer_, campaign_id);
    return InState(DraftState::kPlaced);
  }

  std::vector<DraftRecord> InState(DraftState state) {
    return DraftStore(*db_).List(DraftFilter{std::nullopt, std::nullopt, state}, 0, 100).value();
  }

  // Drafts of recipient `id` in an open state (generated or placed).
  size_t OpenDraftsOf(int64_t recipient_id) {
    size_t open = 0;
    // Kept in a local: a range-for over .value() of a temporary would read a destroyed vector.
    const std::vector<DraftRecord> all =
        DraftStore(*db_)
            .List(DraftFilter{std::nullopt, recipient_id, std::nullopt}, 0, 100)
            .value();
    for (const DraftRecord& d : all) {
      if (d.recipient_id == recipient_id && IsOpen(d.state)) ++open;
    }
    return open;
  }

  TempDir dir_{"campaign-unit"};
  std::unique_ptr<Database> db_;
  Config config_;
  TemplateComposer composer_;
  ManualClock clock_{Noon()};
  FakeMailbox mailbox_;
};

constexpr char kOutreach[] = R"(name = "Renewal check-in"
kind = "check_in"
goal = "Hear how the account is doing before the renewal"
key_message = "We want the plan to keep fitting how the team works"
cta = "Would a 15-minute check-in next week help?"
[target]
account_state = ["customer"]
)";

constexpr char kTriggered[] = R"(name = "Renewal follow-up"
kind = "check_in"
goal = "Hear how the account is doing after the renewal"
key_message = "We want the plan to keep fitting how the team works"
cta = "Would a 15-minute check-in next week help?"
[target]
account_state = ["customer"]
[trigger]
on_activity = ["renewal"]
within_days = 30
)";

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_UNIT_CAMPAIGN_REVISION_FIXTURE_H_
