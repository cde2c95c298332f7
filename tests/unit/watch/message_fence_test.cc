// MessageFence against a real SQLite file: a handler that fails or throws costs only its own
// message, which is recorded once and never handed over again.
#include "watch/message_fence.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/text.h"
#include "store/event_log.h"
#include "store/message_error_store.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

using nlohmann::json;

constexpr char kRaw[] =
    "From: a@b.example\r\nMessage-ID: <poison-1@b.example>\r\nSubject: x\r\n\r\nbody\r\n";

class MessageFenceTest : public testing::Test {
 protected:
  WatchedMessage Message(uint32_t uid, std::string_view raw = kRaw) {
    return WatchedMessage{"inbox", "INBOX", 7, uid, raw};
  }

  std::vector<Event> Errors() { return EventLog(*db_).ReadSince(0, 1000, "message_error").value(); }

  test::TempDir dir_{"message-fence"};
  std::unique_ptr<Database> db_ = Database::Open(dir_.path() / "draftbox.db").value();
};

TEST_F(MessageFenceTest, AnExceptionIsRecordedWithItsMessageAndTheNextMessageIsHandled) {
  MessageFence fence(*db_);
  Result<FenceOutcome> thrown = fence.Run(Message(5), []() -> Status {
    throw std::runtime_error("boom \xE2\x82");  // a what() that is not even valid UTF-8
  });
  ASSERT_TRUE(thrown) << thrown.error().ToString();
  EXPECT_EQ(*thrown, FenceOutcome::kFailed);
  std::vector<Event> errors = Errors();
  ASSERT_EQ(errors.size(), 1u);
  json payload = json::parse(errors[0].payload_json);
  EXPECT_EQ(payload["role"], "inbox");
  EXPECT_EQ(payload["folder"], "INBOX");
  EXPECT_EQ(payload["uid"], 5);
  EXPECT_EQ(payload["uid_validity"], 7);
  EXPECT_EQ(payload["message_id"], "<poison-1@b.example>");
  EXPECT_TRUE(payload["error"].get<std::string>().starts_with("exception: boom"));
  EXPECT_TRUE(IsValidUtf8(payload["error"].get<std::string>()));

  bool called = false;
  Result<FenceOutcome> next = fence.Run(Message(6, "Subject: fine\r\n\r\nok\r\n"), [&] {
    called = true;
    return Status{};
  });
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, FenceOutcome::kHandled);
  EXPECT_TRUE(called);
}

TEST_F(MessageFenceTest, AFailedMessageIsNotHandedOverAgainEvenByANewFenceAfterARestart) {
  ASSERT_TRUE(MessageFence(*db_).Run(Message(5), []() -> Status { throw 42; }));
  db_.reset();
  db_ = Database::Open(dir_.path() / "draftbox.db").value();
  MessageFence restarted(*db_);
  bool called = false;
  // Read again after a UIDVALIDITY change: another UID, the same Message-ID.
  Result<FenceOutcome> again = restarted.Run(Message(1), [&] {
    called = true;
    return Status{};
  });
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, FenceOutcome::kFailedBefore);
  EXPECT_FALSE(called);
  ASSERT_EQ(Errors().size(), 1u);
  EXPECT_EQ(json::parse(Errors()[0].payload_json)["error"], "exception of an unknown type");
}

TEST_F(MessageFenceTest, AnErrorValueIsRecordedLikeAnException) {
  MessageFence fence(*db_);
  Result<FenceOutcome> failed = fence.Run(
      Message(3), [] { return Status(Fail(ErrorCode::kConflict, "draft 4 is rejected")); });
  ASSERT_TRUE(failed);
  EXPECT_EQ(*failed, FenceOutcome::kFailed);
  EXPECT_EQ(json::parse(Errors().at(0).payload_json)["error"], "conflict: draft 4 is rejected");
}

TEST_F(MessageFenceTest, AMessageWithoutMessageIdIsKeyedByItsUid) {
  MessageFence fence(*db_);
  const std::string raw = "Subject: \xFF\xFE broken\r\n\r\nbody";
  ASSERT_TRUE(fence.Run(Message(9, raw), []() -> Status { throw std::runtime_error("x"); }));
  EXPECT_EQ(*fence.Run(Message(9, raw), [] { return Status{}; }), FenceOutcome::kFailedBefore);
  EXPECT_EQ(*fence.Run(Message(10, raw), [] { return Status{}; }), FenceOutcome::kHandled);
  EXPECT_TRUE(json::parse(Errors().at(0).payload_json)["message_id"] == "");
}

TEST_F(MessageFenceTest, AStoreErrorIsRetriedThenTakenForTheMessagesOwn) {
  MessageFence fence(*db_, /*store_attempts=*/3);
  int calls = 0;
  auto store_error = [&] {
    ++calls;
    return Status(Fail(ErrorCode::kStore, "disk I/O error"));
  };
  for (int attempt = 1; attempt < 3; ++attempt) {
    Result<FenceOutcome> retried = fence.Run(Message(5), store_error);
    ASSERT_FALSE(retried);
    EXPECT_EQ(retried.error().code, ErrorCode::kStore);
  }
  EXPECT_TRUE(Errors().empty());
  Result<FenceOutcome> third = fence.Run(Message(5), store_error);
  ASSERT_TRUE(third);
  EXPECT_EQ(*third, FenceOutcome::kFailed);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(MessageErrorStore(*db_).Count().value(), 1);
}

TEST_F(MessageFenceTest, RecentFailuresComeNewestFirst) {
  MessageFence fence(*db_);
  for (uint32_t uid = 1; uid <= 3; ++uid) {
    const std::string raw = "Message-ID: <m" + std::to_string(uid) + "@x>\r\n\r\n";
    ASSERT_TRUE(fence.Run(Message(uid, raw), []() -> Status { throw std::runtime_error("e"); }));
  }
  std::vector<MessageError> recent = MessageErrorStore(*db_).Recent(2).value();
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[0].uid, 3u);
  EXPECT_EQ(recent[0].message_id, "<m3@x>");
  EXPECT_EQ(recent[1].uid, 2u);
  EXPECT_EQ(MessageErrorStore(*db_).Count().value(), 3);
}

}  // namespace
}  // namespace draftbox
