// The daemon's IMAP connections under [mailbox] max_connections, against the real binary and a
// throwaway Dovecot: while a long campaign run is placing, a rep's Regenerate and Reject finish
// before the run does (they take the connection kept for interactive work instead of queueing
// behind the run), and Dovecot never sees more connections at once than the limit allows
// (sampled with `doveadm who` all along).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <sstream>
#include <thread>

#include "integration/campaign/campaign_fixture.h"

namespace draftbox {
namespace {

using nlohmann::json;

constexpr int kRecipients = 300;  // enough that the run is still placing when the clicks end
constexpr int kMaxConnections = 2;

std::string RecipientsCsv() {
  std::ostringstream csv;
  csv << "email,first_name,last_name,role,company,company_domain,country,tags,account_state\n";
  for (int i = 0; i < kRecipients; ++i) {
    csv << "person" << i << "@company" << i << ".example,Alex" << i
        << ",Doe,Head of Operations,Company " << i << " Labs,company" << i
        << ".example,US,budget-test,prospect\n";
  }
  return csv.str();
}

constexpr char kCampaign[] = R"(name = "Budget test"
kind = "outreach"
goal = "Book a call"
key_message = "Operations teams save hours with clean data"
cta = "Would a short call next week work?"
[target]
tags = ["budget-test"]
)";

class ConnectionBudgetTest : public test::CampaignFixture {
 protected:
  void SetUp() override {
    max_connections_ = kMaxConnections;
    ASSERT_NO_FATAL_FAILURE(test::CampaignFixture::SetUp());
    sampler_ = std::thread([this] {
      while (!stop_sampling_) {
        Result<int> now = dovecot_->Connections(dovecot_->user());
        if (now) peak_connections_ = std::max(peak_connections_.load(), *now);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
    ASSERT_NO_FATAL_FAILURE(Import(RecipientsCsv()));
    campaign_ = CreateCampaign(kCampaign);
    ASSERT_NE(campaign_, 0);
  }

  void TearDown() override {
    stop_sampling_ = true;
    if (sampler_.joinable()) sampler_.join();
  }

  // Waits for operation `id` to end; its last state.
  json WaitOperation(int64_t id) {
    json op;
    for (int i = 0; i < 10; ++i) {
      test::ApiAnswer answer = Call("GET", "/v1/operations/" + std::to_string(id) + "?wait=25");
      if (answer.status != 200) continue;
      op = answer.body;
      if (op["state"] == "done" || op["state"] == "failed") break;
    }
    return op;
  }

  int64_t campaign_ = 0;
  std::thread sampler_;
  std::atomic<bool> stop_sampling_{false};
  std::atomic<int> peak_connections_{0};
};

TEST_F(ConnectionBudgetTest, RegenerateAndRejectDuringALongRunFinishBeforeItWithinMaxConnections) {
  const int64_t run = StartRun(campaign_);
  ASSERT_NE(run, 0);
  json placing = WaitRun(run, [](const json& r) {
    // Placed, not done: drafts are placed in batches, so many are done before any is placed.
    return r["state"] != "running" || r["counts"]["placed"].get<int>() >= 2;
  });
  ASSERT_EQ(placing["state"], "running") << "the run ended too soon: " << placing.dump();
  std::vector<json> placed = Drafts(campaign_, "placed");
  ASSERT_GE(placed.size(), 2u);
  const int64_t regenerated = placed[0]["id"].get<int64_t>();
  const int64_t rejected = placed[1]["id"].get<int64_t>();

  test::ApiAnswer regenerate =
      Call("POST", "/v1/drafts/" + std::to_string(regenerated) + "/regenerate",
           {{"instruction", "shorter"}});
  ASSERT_EQ(regenerate.status, 202) << regenerate.body.dump();
  test::ApiAnswer reject =
      Call("POST", "/v1/drafts/" + std::to_string(rejected) + "/reject", {{"reason", "not now"}});
  ASSERT_EQ(reject.status, 202) << reject.body.dump();
  json regenerate_done = WaitOperation(regenerate.body["id"].get<int64_t>());
  json reject_done = WaitOperation(reject.body["id"].get<int64_t>());
  json run_then = Call("GET", "/v1/runs/" + std::to_string(run)).body;

  EXPECT_EQ(regenerate_done["state"], "done") << regenerate_done.dump();
  EXPECT_EQ(reject_done["state"], "done") << reject_done.dump();
  EXPECT_EQ(run_then["state"], "running")
      << "the clicks waited for the run to end: " << run_then["counts"].dump();

  json finished = WaitRun(run);
  EXPECT_EQ(finished["state"], "finished") << finished.dump();
  EXPECT_LE(peak_connections_.load(), kMaxConnections);
  EXPECT_GE(peak_connections_.load(), 1) << "doveadm who never saw the daemon";
}

}  // namespace
}  // namespace draftbox
