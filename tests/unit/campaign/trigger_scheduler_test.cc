// TriggerScheduler with a ManualClock: it evaluates after an import and once the cadence has
// passed, never before; Poke() makes it look at the clock and returns once it has.
#include "campaign/trigger_scheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "core/manual_clock.h"

namespace draftbox {
namespace {

using namespace std::chrono_literals;

class TriggerSchedulerTest : public testing::Test {
 protected:
  std::vector<std::string> Calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }

  ManualClock clock_{1'700'000'000};
  std::mutex mu_;
  std::vector<std::string> calls_;
  TriggerScheduler scheduler_{clock_, 24h, [this](const std::string& why) {
                                std::lock_guard<std::mutex> lock(mu_);
                                calls_.push_back(why);
                              }};
};

TEST_F(TriggerSchedulerTest, AnImportEvaluatesAtOnce) {
  scheduler_.Start();
  scheduler_.Poke();
  EXPECT_TRUE(Calls().empty());
  scheduler_.RequestEvaluation();
  scheduler_.Poke();
  EXPECT_EQ(Calls(), std::vector<std::string>{"import"});
}

TEST_F(TriggerSchedulerTest, TheDailyCadenceEvaluatesOncePerDayAndNotBefore) {
  scheduler_.Start();
  clock_.Advance(23h + 59min);
  scheduler_.Poke();
  EXPECT_TRUE(Calls().empty());
  clock_.Advance(1min);
  scheduler_.Poke();
  EXPECT_EQ(Calls(), std::vector<std::string>{"schedule"});
  // The next one is a day after that one, not at once again.
  scheduler_.Poke();
  clock_.Advance(12h);
  scheduler_.Poke();
  EXPECT_EQ(Calls().size(), 1u);
  clock_.Advance(12h);
  scheduler_.Poke();
  EXPECT_EQ(Calls(), (std::vector<std::string>{"schedule", "schedule"}));
}

TEST_F(TriggerSchedulerTest, AnImportRestartsTheCadence) {
  scheduler_.Start();
  clock_.Advance(20h);
  scheduler_.RequestEvaluation();
  scheduler_.Poke();
  clock_.Advance(20h);
  scheduler_.Poke();
  EXPECT_EQ(Calls(), std::vector<std::string>{"import"});
  clock_.Advance(4h);
  scheduler_.Poke();
  EXPECT_EQ(Calls(), (std::vector<std::string>{"import", "schedule"}));
}

TEST_F(TriggerSchedulerTest, NothingRunsBeforeStartOrAfterStop) {
  scheduler_.RequestEvaluation();
  scheduler_.Poke();  // not started: returns at once
  EXPECT_TRUE(Calls().empty());
  scheduler_.Stop();
  scheduler_.Start();  // a stopped scheduler stays stopped
  clock_.Advance(48h);
  scheduler_.Poke();
  EXPECT_TRUE(Calls().empty());
}

}  // namespace
}  // namespace draftbox
