#include "store/event_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/database.h"
#include "support/temp_dir.h"
#include "unit/store/store_test_util.h"

namespace draftbox {
namespace {

using test::Exec;
using test::QueryInt;
using ::testing::HasSubstr;

Event MakeEvent(std::string type, std::string payload = "{}") {
  Event event;
  event.time_unix = 1700000000;
  event.type = std::move(type);
  event.payload_json = std::move(payload);
  return event;
}

class EventLogTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    log_.reset();
    db_.reset();
    auto db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    log_ = std::make_unique<EventLog>(*db_);
  }

  int64_t AppendOrDie(const Event& event) {
    auto id = log_->Append(event);
    EXPECT_TRUE(id) << id.error().ToString();
    return id.value_or(-1);
  }

  test::TempDir dir_{"draftbox-event-log"};
  std::unique_ptr<Database> db_;
  std::unique_ptr<EventLog> log_;
};

TEST_F(EventLogTest, EmptyLogHasLastIdZero) {
  EXPECT_EQ(log_->LastId().value(), 0);
  EXPECT_TRUE(log_->ReadSince(0, 10).value().empty());
}

TEST_F(EventLogTest, AppendReturnsIncreasingIds) {
  int64_t first = AppendOrDie(MakeEvent("engagement_signal"));
  int64_t second = AppendOrDie(MakeEvent("engagement_signal"));
  int64_t third = AppendOrDie(MakeEvent("draft_edit_signal"));
  EXPECT_GT(first, 0);
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_EQ(log_->LastId().value(), third);
}

TEST_F(EventLogTest, ReadSinceReturnsEveryField) {
  Event event = MakeEvent("engagement_signal", R"({ "kind": "reply",  "score": 1 })");
  event.draft_id = 11;
  event.recipient_id = 22;
  event.campaign_id = 33;
  int64_t id = AppendOrDie(event);
  AppendOrDie(MakeEvent("suppression_addition"));

  auto events = log_->ReadSince(0, 10);
  ASSERT_TRUE(events) << events.error().ToString();
  ASSERT_EQ(events->size(), 2u);
  const Event& read = events->front();
  EXPECT_EQ(read.id, id);
  EXPECT_EQ(read.time_unix, 1700000000);
  EXPECT_EQ(read.type, "engagement_signal");
  EXPECT_EQ(read.draft_id, 11);
  EXPECT_EQ(read.recipient_id, 22);
  EXPECT_EQ(read.campaign_id, 33);
  EXPECT_EQ(read.payload_json, R"({"kind":"reply","score":1})");  // compact, one line
  EXPECT_EQ((*events)[1].draft_id, std::nullopt);
  EXPECT_EQ((*events)[1].recipient_id, std::nullopt);
  EXPECT_EQ((*events)[1].campaign_id, std::nullopt);
}

TEST_F(EventLogTest, ReadSinceNamesTheRecipientByEmail) {
  ASSERT_TRUE(Exec(*db_,
                   "INSERT INTO recipients (id, email, created_at, updated_at)"
                   " VALUES (5, 'j\xC3\xBCrgen@example.de', 1, 1)"));
  Event about = MakeEvent("draft_placed");
  about.recipient_id = 5;
  AppendOrDie(about);
  Event erased = MakeEvent("draft_placed");
  erased.recipient_id = 6;  // erased since: no row any more
  AppendOrDie(erased);
  AppendOrDie(MakeEvent("suppression_addition"));

  auto events = log_->ReadSince(0, 10, "draft_placed");
  ASSERT_TRUE(events) << events.error().ToString();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].recipient_email, "j\xC3\xBCrgen@example.de");
  EXPECT_EQ((*events)[1].recipient_email, "");
}

TEST_F(EventLogTest, AppendWithoutTimeUsesNow) {
  Event event = MakeEvent("engagement_signal");
  event.time_unix = 0;
  auto before = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  AppendOrDie(event);
  auto after = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  int64_t time = log_->ReadSince(0, 1).value().at(0).time_unix;
  EXPECT_GE(time, before);
  EXPECT_LE(time, after);
}

TEST_F(EventLogTest, ReadSinceHonoursCursorLimitAndType) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 10; ++i) {
    ids.push_back(AppendOrDie(MakeEvent(i % 2 == 0 ? "engagement_signal" : "draft_edit_signal")));
  }
  auto page = log_->ReadSince(ids[2], 3).value();
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page[0].id, ids[3]);
  EXPECT_EQ(page[2].id, ids[5]);

  auto edits = log_->ReadSince(0, 100, "draft_edit_signal").value();
  ASSERT_EQ(edits.size(), 5u);
  for (size_t i = 0; i < edits.size(); ++i) {
    EXPECT_EQ(edits[i].type, "draft_edit_signal");
    EXPECT_EQ(edits[i].id, ids[2 * i + 1]);
  }
  auto edits_page = log_->ReadSince(ids[3], 2, "draft_edit_signal").value();
  ASSERT_EQ(edits_page.size(), 2u);
  EXPECT_EQ(edits_page[0].id, ids[5]);
  EXPECT_EQ(edits_page[1].id, ids[7]);

  EXPECT_TRUE(log_->ReadSince(ids.back(), 10).value().empty());
  EXPECT_TRUE(log_->ReadSince(0, 10, "no_such_type").value().empty());
}

TEST_F(EventLogTest, RefusesATypeThatIsNotInTheList) {
  auto typo = log_->Append(MakeEvent("draft_placd"));
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(typo.error().message, HasSubstr("unknown event type 'draft_placd'"));
  EXPECT_EQ(log_->LastId().value(), 0);
}

TEST_F(EventLogTest, ReadSinceRefusesNonPositiveLimit) {
  for (int limit : {0, -1}) {
    auto events = log_->ReadSince(0, limit);
    ASSERT_FALSE(events);
    EXPECT_EQ(events.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST_F(EventLogTest, RefusesEmptyTypeAndNonObjectPayloads) {
  auto no_type = log_->Append(MakeEvent(""));
  ASSERT_FALSE(no_type);
  EXPECT_EQ(no_type.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(no_type.error().message, HasSubstr("type"));

  for (const char* payload :
       {"", "nope", "[1, 2]", "\"text\"", "42", "null", "{\"a\": 1", "{\"a\": \"\xff\"}"}) {
    auto bad = log_->Append(MakeEvent("engagement_signal", payload));
    ASSERT_FALSE(bad) << payload;
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument) << payload;
    EXPECT_THAT(bad.error().message, HasSubstr("payload")) << payload;
  }
  Event negative = MakeEvent("engagement_signal");
  negative.time_unix = -5;
  EXPECT_EQ(log_->Append(negative).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(db_->Counts().value().events, 0);
}

TEST_F(EventLogTest, UpdateAndDeleteAreRefused) {
  AppendOrDie(MakeEvent("engagement_signal"));
  auto update = Exec(*db_, "UPDATE events SET type = 'forged'");
  ASSERT_FALSE(update);
  EXPECT_THAT(update.error().message, HasSubstr("append-only"));
  auto remove = Exec(*db_, "DELETE FROM events");
  ASSERT_FALSE(remove);
  EXPECT_THAT(remove.error().message, HasSubstr("append-only"));
  auto events = log_->ReadSince(0, 10).value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "engagement_signal");
}

TEST_F(EventLogTest, IdsAreNotReusedAfterNewestRowIsRemovedByHand) {
  AppendOrDie(MakeEvent("engagement_signal"));
  int64_t newest = AppendOrDie(MakeEvent("engagement_signal"));
  // What someone with the sqlite3 shell could do: drop the guard and delete.
  ASSERT_TRUE(Exec(*db_, "DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = " +
                             std::to_string(newest)));
  EXPECT_EQ(log_->LastId().value(), newest);
  int64_t next = AppendOrDie(MakeEvent("engagement_signal"));
  EXPECT_GT(next, newest);
}

TEST_F(EventLogTest, IdsContinueAfterReopen) {
  int64_t before = AppendOrDie(MakeEvent("engagement_signal"));
  Reopen();
  EXPECT_EQ(log_->LastId().value(), before);
  EXPECT_GT(AppendOrDie(MakeEvent("engagement_signal")), before);
  EXPECT_EQ(log_->ReadSince(0, 10).value().size(), 2u);
}

TEST_F(EventLogTest, ConcurrentAppendsGetDistinctIncreasingIds) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 200;
  std::vector<std::vector<int64_t>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Event event = MakeEvent("engagement_signal", "{\"thread\": " + std::to_string(t) + "}");
        auto id = log_->Append(event);
        ids[t].push_back(id.value_or(-1));
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  std::set<int64_t> all;
  for (const auto& mine : ids) {
    ASSERT_EQ(mine.size(), static_cast<size_t>(kPerThread));
    for (size_t i = 0; i < mine.size(); ++i) {
      ASSERT_GT(mine[i], 0);
      if (i > 0) {
        EXPECT_LT(mine[i - 1], mine[i]);  // each thread sees its own appends in order
      }
      all.insert(mine[i]);
    }
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  auto events = log_->ReadSince(0, kThreads * kPerThread + 1).value();
  ASSERT_EQ(events.size(), all.size());
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_LT(events[i - 1].id, events[i].id);
  }
  EXPECT_EQ(QueryInt(*db_, "SELECT count(DISTINCT id) FROM events").value(), kThreads * kPerThread);
}

}  // namespace
}  // namespace draftbox
