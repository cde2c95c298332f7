// CampaignStore against real SQLite files in a private temp dir: campaigns as stored specs,
// runs from start to finish, and runs a dead daemon left behind. Also what migration 4 makes
// of runs written at schema version 3.
#include "store/campaign_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "store/database.h"
#include "support/temp_dir.h"
#include "unit/store/store_test_util.h"

namespace draftbox {
namespace {

using test::QueryInt;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kNow = 1800000000;
constexpr char kSpec[] = R"({"name":"Q4 expansion","goal":"Book a call","daily_cap":50})";

class CampaignStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    store_ = std::make_unique<CampaignStore>(*db_, [this] { return now_; });
  }

  int64_t CreateOrDie(const std::string& name, const std::string& kind = "outreach") {
    Result<int64_t> id = store_->Create(name, kind, kSpec);
    EXPECT_TRUE(id) << id.error().ToString();
    return id.value_or(-1);
  }

  int64_t StartOrDie(int64_t campaign_id, bool dry_run = false, const std::string& by = "") {
    Result<int64_t> id = store_->StartRun(campaign_id, dry_run, by);
    EXPECT_TRUE(id) << id.error().ToString();
    return id.value_or(-1);
  }

  CampaignRunRecord RunOrDie(int64_t run_id) {
    Result<CampaignRunRecord> run = store_->GetRun(run_id);
    EXPECT_TRUE(run) << run.error().ToString();
    return run.value_or(CampaignRunRecord{});
  }

  std::vector<int64_t> RunIds(int64_t campaign_id) {
    Result<std::vector<CampaignRunRecord>> runs = store_->ListRuns(campaign_id);
    EXPECT_TRUE(runs) << runs.error().ToString();
    std::vector<int64_t> ids;
    for (const CampaignRunRecord& run : runs.value_or(std::vector<CampaignRunRecord>{})) {
      ids.push_back(run.id);
    }
    return ids;
  }

  test::TempDir dir_{"draftbox-campaign-store"};
  std::unique_ptr<Database> db_;
  std::unique_ptr<CampaignStore> store_;
  int64_t now_ = kNow;
};

TEST_F(CampaignStoreTest, CreateThenGetReturnsWhatWasStored) {
  int64_t id = CreateOrDie("Q4 expansion", "check_in");
  ASSERT_GT(id, 0);
  Result<StoredCampaign> got = store_->Get(id);
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(got->id, id);
  EXPECT_EQ(got->name, "Q4 expansion");
  EXPECT_EQ(got->kind, "check_in");
  EXPECT_EQ(got->spec_json, kSpec);
  EXPECT_EQ(got->created_at, kNow);
}

TEST_F(CampaignStoreTest, CreateRefusesASpecThatIsNotAJsonObject) {
  for (const char* spec : {"[]", "[{\"a\":1}]", "42", "\"text\"", "null", "not json", "", "{"}) {
    Result<int64_t> id = store_->Create("Bad", "outreach", spec);
    ASSERT_FALSE(id) << "accepted spec: " << spec;
    EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument) << spec;
  }
  EXPECT_EQ(QueryInt(*db_, "SELECT count(*) FROM campaigns").value(), 0);
}

TEST_F(CampaignStoreTest, CreateWithAKindTheSchemaRefusesIsAStoreError) {
  Result<int64_t> id = store_->Create("Newsletter", "newsletter", "{}");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kStore);
  EXPECT_THAT(store_->List().value(), IsEmpty());
}

TEST_F(CampaignStoreTest, GetOfAnUnknownCampaignIsNotFound) {
  Result<StoredCampaign> got = store_->Get(7);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
}

TEST_F(CampaignStoreTest, ListIsOldestFirst) {
  EXPECT_THAT(store_->List().value(), IsEmpty());
  int64_t first = CreateOrDie("First");
  now_ += 10;
  int64_t second = CreateOrDie("Second", "milestone");
  Result<std::vector<StoredCampaign>> all = store_->List();
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, first);
  EXPECT_EQ((*all)[0].name, "First");
  EXPECT_EQ((*all)[1].id, second);
  EXPECT_EQ((*all)[1].kind, "milestone");
  EXPECT_EQ((*all)[1].created_at, kNow + 10);
}

TEST_F(CampaignStoreTest, StartRunForAnUnknownCampaignIsNotFound) {
  Result<int64_t> run = store_->StartRun(42, false, "");
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(QueryInt(*db_, "SELECT count(*) FROM campaign_runs").value(), 0);
}

TEST_F(CampaignStoreTest, StartRunCreatesARunningRun) {
  int64_t campaign = CreateOrDie("Alpha");
  now_ = kNow + 5;
  int64_t run_id = StartOrDie(campaign, true, "import");

  CampaignRunRecord run = RunOrDie(run_id);
  EXPECT_EQ(run.id, run_id);
  EXPECT_EQ(run.campaign_id, campaign);
  EXPECT_EQ(run.started_at, kNow + 5);
  EXPECT_FALSE(run.finished_at.has_value());
  EXPECT_TRUE(run.dry_run);
  EXPECT_EQ(run.state, "running");
  EXPECT_EQ(run.error, "");
  EXPECT_EQ(run.started_by, "import");
  EXPECT_EQ(run.counts_json, "{}");
  EXPECT_FALSE(RunOrDie(StartOrDie(campaign)).dry_run);
}

TEST_F(CampaignStoreTest, SaveRunCountsKeepsTheRunRunning) {
  int64_t run_id = StartOrDie(CreateOrDie("Alpha"));
  ASSERT_TRUE(store_->SaveRunCounts(run_id, R"({"placed":3,"skipped":1})"));
  CampaignRunRecord run = RunOrDie(run_id);
  EXPECT_EQ(run.counts_json, R"({"placed":3,"skipped":1})");
  EXPECT_EQ(run.state, "running");
  EXPECT_FALSE(run.finished_at.has_value());

  ASSERT_TRUE(store_->SaveRunCounts(run_id, R"({"placed":4,"skipped":1})"));
  EXPECT_EQ(RunOrDie(run_id).counts_json, R"({"placed":4,"skipped":1})");
}

TEST_F(CampaignStoreTest, SaveRunCountsRefusesCountsThatAreNotAJsonObject) {
  int64_t run_id = StartOrDie(CreateOrDie("Alpha"));
  Status saved = store_->SaveRunCounts(run_id, "[1,2]");
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(RunOrDie(run_id).counts_json, "{}");
}

TEST_F(CampaignStoreTest, FinishRunRecordsStateCountsErrorAndTime) {
  int64_t campaign = CreateOrDie("Alpha");
  int64_t ok = StartOrDie(campaign);
  int64_t broken = StartOrDie(campaign);
  now_ = kNow + 77;
  ASSERT_TRUE(store_->FinishRun(ok, "finished", R"({"placed":5})", ""));
  ASSERT_TRUE(store_->FinishRun(broken, "failed", R"({"placed":1})", "mailbox unreachable"));

  CampaignRunRecord finished = RunOrDie(ok);
  EXPECT_EQ(finished.state, "finished");
  EXPECT_EQ(finished.counts_json, R"({"placed":5})");
  EXPECT_EQ(finished.error, "");
  EXPECT_EQ(finished.finished_at, kNow + 77);
  EXPECT_EQ(finished.started_at, kNow);
  CampaignRunRecord failed = RunOrDie(broken);
  EXPECT_EQ(failed.state, "failed");
  EXPECT_EQ(failed.error, "mailbox unreachable");
  EXPECT_EQ(failed.finished_at, kNow + 77);
}

TEST_F(CampaignStoreTest, FinishRunRefusesBadCountsAndUnknownStates) {
  int64_t run_id = StartOrDie(CreateOrDie("Alpha"));
  Status bad_counts = store_->FinishRun(run_id, "finished", "3", "");
  ASSERT_FALSE(bad_counts);
  EXPECT_EQ(bad_counts.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(store_->FinishRun(run_id, "exploded", "{}", ""));

  CampaignRunRecord run = RunOrDie(run_id);
  EXPECT_EQ(run.state, "running");
  EXPECT_FALSE(run.finished_at.has_value());
}

TEST_F(CampaignStoreTest, InterruptUnfinishedRunsMarksOnlyRunningOnes) {
  int64_t alpha = CreateOrDie("Alpha");
  int64_t beta = CreateOrDie("Beta");
  int64_t finished = StartOrDie(alpha);
  int64_t running = StartOrDie(alpha);
  int64_t failed = StartOrDie(beta);
  int64_t running_beta = StartOrDie(beta);
  ASSERT_TRUE(store_->SaveRunCounts(running, R"({"placed":2})"));
  ASSERT_TRUE(store_->FinishRun(finished, "finished", "{}", ""));
  ASSERT_TRUE(store_->FinishRun(failed, "failed", "{}", "boom"));

  Result<int64_t> marked = store_->InterruptUnfinishedRuns();
  ASSERT_TRUE(marked) << marked.error().ToString();
  EXPECT_EQ(*marked, 2);

  EXPECT_EQ(RunOrDie(finished).state, "finished");
  EXPECT_EQ(RunOrDie(failed).state, "failed");
  EXPECT_EQ(RunOrDie(failed).error, "boom");
  for (int64_t id : {running, running_beta}) {
    CampaignRunRecord run = RunOrDie(id);
    EXPECT_EQ(run.state, "interrupted") << id;
    EXPECT_FALSE(run.error.empty()) << id;
  }
  // Counts saved before the crash still show how far it got.
  EXPECT_EQ(RunOrDie(running).counts_json, R"({"placed":2})");
  EXPECT_EQ(store_->InterruptUnfinishedRuns().value(), 0);
}

TEST_F(CampaignStoreTest, ListRunsIsNewestFirstAndOnlyThatCampaigns) {
  int64_t alpha = CreateOrDie("Alpha");
  int64_t beta = CreateOrDie("Beta");
  int64_t a1 = StartOrDie(alpha);
  int64_t b1 = StartOrDie(beta);
  int64_t a2 = StartOrDie(alpha);
  int64_t a3 = StartOrDie(alpha, true);

  EXPECT_THAT(RunIds(alpha), ElementsAre(a3, a2, a1));
  EXPECT_THAT(RunIds(beta), ElementsAre(b1));
  EXPECT_THAT(RunIds(99), IsEmpty());
}

TEST_F(CampaignStoreTest, GetRunOfAnUnknownRunIsNotFound) {
  Result<CampaignRunRecord> run = store_->GetRun(5);
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().code, ErrorCode::kNotFound);
}

// A run that had finished before the upgrade must not look like one a crash left running:
// InterruptUnfinishedRuns at the next start would mark it "interrupted".
TEST(CampaignRunsMigrationTest, Version3RunsKeepTheirRowsAndFinishedOnesAreNotRunning) {
  test::TempDir dir("draftbox-runs-migration");
  const auto file = dir.path() / "draftbox.db";
  {
    auto old = Database::OpenAtVersion(file, 3);
    ASSERT_TRUE(old) << old.error().ToString();
    ASSERT_TRUE(test::Exec(**old, test::InsertCampaignSql("Alpha")));
    ASSERT_TRUE(test::Exec(**old,
                           "INSERT INTO campaign_runs (campaign_id, started_at, finished_at,"
                           " dry_run, counts) VALUES (1, 1700000000, 1700000500, 1,"
                           " '{\"placed\":4}')"));
  }
  auto db = Database::Open(file);
  ASSERT_TRUE(db) << db.error().ToString();
  CampaignStore store(**db, [] { return kNow; });
  Result<CampaignRunRecord> run = store.GetRun(1);
  ASSERT_TRUE(run) << run.error().ToString();
  EXPECT_EQ(run->finished_at, 1700000500);
  EXPECT_TRUE(run->dry_run);
  EXPECT_EQ(run->counts_json, R"({"placed":4})");
  EXPECT_EQ(run->error, "");
  EXPECT_EQ(run->started_by, "");
  EXPECT_NE(run->state, "running");
  EXPECT_EQ(store.InterruptUnfinishedRuns().value(), 0);
}

TEST(CampaignRunsMigrationTest, Version3RunWithoutFinishTimeIsInterruptedAtTheNextStart) {
  test::TempDir dir("draftbox-runs-migration");
  const auto file = dir.path() / "draftbox.db";
  {
    auto old = Database::OpenAtVersion(file, 3);
    ASSERT_TRUE(old) << old.error().ToString();
    ASSERT_TRUE(test::Exec(**old, test::InsertCampaignSql("Alpha")));
    ASSERT_TRUE(test::Exec(
        **old, "INSERT INTO campaign_runs (campaign_id, started_at) VALUES (1, 1700000000)"));
  }
  auto db = Database::Open(file);
  ASSERT_TRUE(db) << db.error().ToString();
  CampaignStore store(**db, [] { return kNow; });
  EXPECT_EQ(store.GetRun(1).value().state, "running");
  EXPECT_EQ(store.InterruptUnfinishedRuns().value(), 1);
  EXPECT_EQ(store.GetRun(1).value().state, "interrupted");
}

}  // namespace
}  // namespace draftbox
