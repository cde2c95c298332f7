// CampaignRunner placing in batches (DraftPlacer::PlaceMany): batch sizes, spreading a batch
// over extra connections where the server takes one APPEND per round trip, and handing the
// placer what the run holds instead of letting it read the recipient and campaign back.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "unit/campaign/revision_fixture.h"

namespace draftbox {
namespace {

// A FakeMailbox that records the size of every batch handed to AppendMany, and says whether
// it batches appends as a server with LITERAL+ would.
class BatchingMailbox : public test::FakeMailbox {
 public:
  explicit BatchingMailbox(bool batches) : batches_(batches) {}
  std::vector<Result<AppendedMessage>> AppendMany(const std::string& folder,
                                                  const std::vector<std::string>& raws,
                                                  unsigned flags) override {
    batch_sizes.push_back(raws.size());
    return Mailbox::AppendMany(folder, raws, flags);
  }
  Result<bool> BatchesAppends() override { return batches_; }

  std::vector<size_t> batch_sizes;

 private:
  bool batches_;
};

class CampaignRunnerBatchTest : public test::RevisionFixture {
 protected:
  void AddCustomers(int n) {
    for (int i = 0; i < n; ++i) AddCustomer("c" + std::to_string(i) + "@acme.example");
  }

  // Runs the outreach campaign with `placer_mailbox`; extra mailboxes come from `opener`.
  RunReport Run(Mailbox& placer_mailbox, CampaignRunner::MailboxOpener opener = {},
                DraftPlacer::SenderLookup senders = {}) {
    if (!senders) senders = CampaignSenders(*db_, config_);
    DraftPlacer placer(placer_mailbox, *db_, senders, Placing());
    CampaignRunner runner(CampaignRunner::Deps{.db = db_.get(),
                                               .composer = &composer_,
                                               .config = &config_,
                                               .placer = &placer,
                                               .clock = &clock_});
    runner.SetMailboxOpener(std::move(opener));
    Result<RunReport> report = runner.Run(AddCampaign(test::kOutreach), RunOptions{});
    EXPECT_TRUE(report) << report.error().ToString();
    return report.value_or(RunReport{});
  }
};

TEST_F(CampaignRunnerBatchTest, PlacesDraftsInBatchesOfAtMostKMaxAppendBatch) {
  AddCustomers(static_cast<int>(kMaxAppendBatch) + 8);
  BatchingMailbox mailbox(true);
  RunReport report = Run(mailbox);
  EXPECT_EQ(report.counts.placed, static_cast<int64_t>(kMaxAppendBatch) + 8);
  EXPECT_EQ(mailbox.batch_sizes, (std::vector<size_t>{kMaxAppendBatch, 8}));
  EXPECT_EQ(InState(DraftState::kPlaced).size(), kMaxAppendBatch + 8);
  EXPECT_TRUE(InState(DraftState::kGenerated).empty());
}

TEST_F(CampaignRunnerBatchTest, SpreadsABatchOverExtraConnectionsWhenTheServerCannotPipeline) {
  config_.mailbox.max_connections = 4;  // the placer's, two extra, one left for the rep
  AddCustomers(30);
  BatchingMailbox mailbox(false);
  int opened = 0;
  RunReport report = Run(mailbox, [&]() -> Result<std::unique_ptr<Mailbox>> {
    ++opened;
    return std::unique_ptr<Mailbox>(std::make_unique<test::FakeMailbox>());
  });
  EXPECT_EQ(opened, 2);
  EXPECT_EQ(report.counts.placed, 30);
  // One batch of 30, a third on each connection: the placer's holds ten.
  EXPECT_EQ(mailbox.batch_sizes, (std::vector<size_t>{10}));
  EXPECT_EQ(mailbox.folders["Drafts"].size(), 10u);
  EXPECT_EQ(InState(DraftState::kPlaced).size(), 30u);
}

TEST_F(CampaignRunnerBatchTest, OpensNoExtraConnectionWhenTheServerPipelines) {
  AddCustomers(10);
  BatchingMailbox mailbox(true);
  int opened = 0;
  RunReport report = Run(mailbox, [&]() -> Result<std::unique_ptr<Mailbox>> {
    ++opened;
    return std::unique_ptr<Mailbox>(std::make_unique<test::FakeMailbox>());
  });
  EXPECT_EQ(opened, 0);
  EXPECT_EQ(report.counts.placed, 10);
  EXPECT_EQ(mailbox.folders["Drafts"].size(), 10u);
}

TEST_F(CampaignRunnerBatchTest, KeepsOneConnectionFreeForTheRep) {
  config_.mailbox.max_connections = 2;  // the placer's and the rep's: nothing to spread over
  AddCustomers(6);
  BatchingMailbox mailbox(false);
  int opened = 0;
  RunReport report = Run(mailbox, [&]() -> Result<std::unique_ptr<Mailbox>> {
    ++opened;
    return std::unique_ptr<Mailbox>(std::make_unique<test::FakeMailbox>());
  });
  EXPECT_EQ(opened, 0);
  EXPECT_EQ(mailbox.folders["Drafts"].size(), 6u);
  EXPECT_EQ(report.counts.placed, 6);
}

TEST_F(CampaignRunnerBatchTest, PlacerReadsNoCampaignBackWhileARunPlaces) {
  AddCustomers(5);
  BatchingMailbox mailbox(true);
  int lookups = 0;
  DraftPlacer::SenderLookup counting =
      [&, senders = CampaignSenders(*db_, config_)](int64_t campaign_id) {
        ++lookups;
        return senders(campaign_id);
      };
  RunReport report = Run(mailbox, {}, counting);
  EXPECT_EQ(report.counts.placed, 5);
  EXPECT_EQ(lookups, 0);
  // What the placer was handed is what it wrote: the recipient's name and the persona.
  ASSERT_EQ(mailbox.folders["Drafts"].size(), 5u);
  EXPECT_NE(mailbox.folders["Drafts"][0].raw.find("From: Dana Reyes <dana@example.com>"),
            std::string::npos);
  EXPECT_NE(mailbox.folders["Drafts"][0].raw.find("To: Ana <c0@acme.example>"), std::string::npos)
      << mailbox.folders["Drafts"][0].raw;
}

TEST_F(CampaignRunnerBatchTest, ADraftTheMailboxLostStaysGeneratedAndTheRunFails) {
  AddCustomers(5);
  BatchingMailbox mailbox(true);
  mailbox.failing.insert("append");
  RunReport report = Run(mailbox);
  EXPECT_EQ(report.state, "failed");
  EXPECT_EQ(report.counts.placed, 0);
  EXPECT_EQ(InState(DraftState::kGenerated).size(), 5u);
  mailbox.failing.clear();
  DraftPlacer placer(mailbox, *db_, CampaignSenders(*db_, config_), Placing());
  Result<ReconcileCounts> healed = placer.Reconcile();
  ASSERT_TRUE(healed) << healed.error().ToString();
  EXPECT_EQ(healed->appended, 5);
  EXPECT_EQ(mailbox.folders["Drafts"].size(), 5u);
}

}  // namespace
}  // namespace draftbox
