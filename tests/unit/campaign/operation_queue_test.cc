// OperationQueue: Submit answers at once with a pending operation, the job runs on the queue's
// thread, Get waits for its end and reports the result or the error; EndWaits ends long polls.
#include "campaign/operation_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "core/manual_clock.h"

namespace draftbox {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// Long enough never to be reached on a working queue; the tests assert outcomes, not times.
constexpr auto kForever = std::chrono::milliseconds(std::chrono::minutes(5));

TEST(OperationQueueTest, SubmitAnswersPendingWhileTheJobIsHeld) {
  ManualClock clock(100);
  OperationQueue queue(clock);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Result<Operation> op = queue.Submit("regenerate", 7, [released]() -> Result<json> {
    released.wait();
    return json{{"ok", true}};
  });
  ASSERT_TRUE(op);
  EXPECT_EQ(op->state, Operation::State::kPending);
  EXPECT_EQ(op->draft_id, 7);
  EXPECT_EQ(op->created_at, 100);
  // A held job keeps the operation open however often it is asked.
  Result<Operation> now = queue.Get(op->id);
  ASSERT_TRUE(now);
  EXPECT_TRUE(now->state == Operation::State::kPending || now->state == Operation::State::kRunning);
  release.set_value();
  Result<Operation> done = queue.Get(op->id, kForever);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->state, Operation::State::kDone);
  EXPECT_EQ(done->result, json({{"ok", true}}));
  EXPECT_EQ(done->finished_at, 100);
}

TEST(OperationQueueTest, AFailedJobReportsItsError) {
  ManualClock clock(100);
  OperationQueue queue(clock);
  Result<Operation> op = queue.Submit("reject", 3, []() -> Result<json> {
    return Fail(ErrorCode::kUnavailable, "connection refused");
  });
  ASSERT_TRUE(op);
  Result<Operation> done = queue.Get(op->id, kForever);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->state, Operation::State::kFailed);
  ASSERT_TRUE(done->error);
  EXPECT_EQ(done->error->code, ErrorCode::kUnavailable);
  EXPECT_EQ(std::string(OperationStateName(done->state)), "failed");
}

TEST(OperationQueueTest, AnUnknownOperationIsNotFound) {
  ManualClock clock(100);
  OperationQueue queue(clock);
  EXPECT_EQ(queue.Get(42).error().code, ErrorCode::kNotFound);
}

TEST(OperationQueueTest, EndWaitsReleasesALongPollOfAHeldJob) {
  ManualClock clock(100);
  OperationQueue queue(clock);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Result<Operation> op = queue.Submit("regenerate", 7, [released]() -> Result<json> {
    released.wait();
    return json::object();
  });
  ASSERT_TRUE(op);
  std::future<Result<Operation>> poll =
      std::async(std::launch::async, [&] { return queue.Get(op->id, kForever); });
  queue.EndWaits();
  Result<Operation> answered = poll.get();
  ASSERT_TRUE(answered);
  EXPECT_NE(answered->state, Operation::State::kDone);
  release.set_value();
}

TEST(OperationQueueTest, AfterStopNothingIsAccepted) {
  ManualClock clock(100);
  OperationQueue queue(clock);
  queue.Stop();
  EXPECT_EQ(queue.Submit("reject", 1, [] { return Result<json>(json::object()); }).error().code,
            ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace draftbox
