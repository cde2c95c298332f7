// GET /v1/events on a real ApiServer over a real SQLite file: paging, the type filter, long
// polls woken by appends from other threads, Server-Sent Events with Last-Event-ID, and a
// shutdown that no waiting client can hold up. Timing bounds are generous on purpose: the
// assertions are about what arrives, the bounds only catch "never".
#include "api/event_routes.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "api/api_server.h"
#include "app/store_event_service.h"
#include "store/database.h"
#include "store/event_log.h"
#include "support/temp_dir.h"
#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

const std::string kToken(64, 'e');

class NoStatus : public StatusService {
 public:
  Result<DaemonStatus> GetStatus() override { return Fail(ErrorCode::kInternal, "unused"); }
};

struct SseFrame {
  std::string id;
  std::string event;
  std::string data;
};

// Splits SSE text into frames with an id; comments and retry lines are left out.
std::vector<SseFrame> ParseFrames(const std::string& text) {
  std::vector<SseFrame> frames;
  size_t start = 0;
  while (true) {
    size_t end = text.find("\n\n", start);
    if (end == std::string::npos) break;
    SseFrame frame;
    std::string block = text.substr(start, end - start);
    size_t pos = 0;
    while (pos <= block.size()) {
      size_t nl = block.find('\n', pos);
      std::string line = block.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      if (line.starts_with("id: ")) frame.id = line.substr(4);
      if (line.starts_with("event: ")) frame.event = line.substr(7);
      if (line.starts_with("data: ")) frame.data = line.substr(6);
      if (nl == std::string::npos) break;
      pos = nl + 1;
    }
    if (!frame.id.empty()) frames.push_back(frame);
    start = end + 2;
  }
  return frames;
}

class EventRoutesTest : public testing::Test {
 protected:
  void SetUp() override { StartServer(EventRoutesOptions{}); }

  void StartServer(EventRoutesOptions options) {
    if (server_) server_->Stop();
    Result<std::unique_ptr<Database>> db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    log_ = std::make_unique<EventLog>(*db_);
    service_ = std::make_unique<StoreEventService>(*db_);
    routes_ = std::make_unique<EventRoutes>(*service_, options);
    server_ = std::make_unique<ApiServer>(
        ApiServerOptions{.host = "127.0.0.1", .port = 0, .token = kToken, .threads = 4}, status_);
    server_->AddRoutes([this](httplib::Server& s) { routes_->Install(s); });
    Status started = server_->Start();
    ASSERT_TRUE(started) << started.error().ToString();
  }

  void TearDown() override {
    if (routes_) routes_->Stop();
    if (server_) server_->Stop();
  }

  httplib::Client Client() {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(std::chrono::seconds(90));
    return client;
  }

  httplib::Headers Auth() { return {{"Authorization", "Bearer " + kToken}}; }

  int64_t Append(const std::string& type, std::optional<int64_t> draft = std::nullopt,
                 const std::string& payload = "{}") {
    Event event;
    event.type = type;
    event.draft_id = draft;
    event.payload_json = payload;
    Result<int64_t> id = log_->Append(event);
    EXPECT_TRUE(id) << id.error().ToString();
    return id.value_or(0);
  }

  // GET /v1/events?<query>; the body checked against the schema.
  json GetEvents(const std::string& query, int expected_status = 200) {
    httplib::Client client = Client();
    auto res = client.Get("/v1/events?" + query, Auth());
    EXPECT_TRUE(res) << "no answer to " << query;
    if (!res) return json();
    EXPECT_EQ(res->status, expected_status) << res->body;
    const char* schema = res->status == 200 ? "events.json" : "error.json";
    EXPECT_EQ(test::SchemaViolations(schema, res->body), "");
    return json::parse(res->body, nullptr, false);
  }

  // Opens a stream and collects its text until `frames` events arrived (or `give_up` passed).
  std::string ReadStream(const std::string& query, httplib::Headers headers, size_t frames,
                         std::chrono::seconds give_up = std::chrono::seconds(30)) {
    httplib::Client client = Client();
    std::string text;
    const Clock::time_point deadline = Clock::now() + give_up;
    client.Get("/v1/events?" + query, headers, [&](const char* data, size_t length) {
      text.append(data, length);
      return ParseFrames(text).size() < frames && Clock::now() < deadline;
    });
    return text;
  }

  httplib::Headers StreamHeaders() {
    httplib::Headers headers = Auth();
    headers.emplace("Accept", "text/event-stream");
    return headers;
  }

  void WaitForWaiters(int n) {
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(20);
    while (routes_->waiters() < n && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(routes_->waiters(), n);
  }

  test::TempDir dir_{"draftbox-event-routes"};
  NoStatus status_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<StoreEventService> service_;
  std::unique_ptr<EventRoutes> routes_;
  std::unique_ptr<ApiServer> server_;
};

TEST_F(EventRoutesTest, EmptyLogAnswersNoEventsAndLastIdZero) {
  json body = GetEvents("");
  EXPECT_EQ(body["events"], json::array());
  EXPECT_EQ(body["last_id"], 0);
}

TEST_F(EventRoutesTest, ReturnsEventsAfterSinceInIdOrderWithAllFields) {
  int64_t first = Append("draft_placed", 7, R"({"folder":"Drafts"})");
  int64_t second = Append("suppression_addition", std::nullopt, R"({"value":"a@b.com"})");
  int64_t third = Append("engagement_signal", 7, R"({"kind":"reply"})");

  json body = GetEvents("since=" + std::to_string(first));
  ASSERT_EQ(body["events"].size(), 2u);
  EXPECT_EQ(body["events"][0]["id"], second);
  EXPECT_EQ(body["events"][1]["id"], third);
  EXPECT_EQ(body["events"][1]["type"], "engagement_signal");
  EXPECT_EQ(body["events"][1]["draft_id"], 7);
  EXPECT_TRUE(body["events"][0]["draft_id"].is_null());
  EXPECT_TRUE(body["events"][0]["campaign_id"].is_null());
  EXPECT_EQ(body["events"][1]["payload"]["kind"], "reply");
  EXPECT_GT(body["events"][0]["time"].get<int64_t>(), 0);
  EXPECT_EQ(body["last_id"], third);
}

TEST_F(EventRoutesTest, LimitPagesAndLastIdContinuesWhereThePageEnded) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Append("draft_placed"));
  json page = GetEvents("limit=2");
  ASSERT_EQ(page["events"].size(), 2u);
  EXPECT_EQ(page["last_id"], ids[1]);
  std::vector<int64_t> seen;
  int64_t since = 0;
  for (int guard = 0; guard < 10; ++guard) {
    json next = GetEvents("limit=2&since=" + std::to_string(since));
    for (const json& e : next["events"]) seen.push_back(e["id"]);
    since = next["last_id"];
    if (next["events"].size() < 2) break;
  }
  EXPECT_EQ(seen, ids);
}

TEST_F(EventRoutesTest, TypeFilterKeepsOneTypeAndLastIdSkipsTheOthers) {
  Append("draft_placed");
  int64_t wanted = Append("engagement_signal");
  int64_t newest = Append("draft_placed");
  json body = GetEvents("type=engagement_signal");
  ASSERT_EQ(body["events"].size(), 1u);
  EXPECT_EQ(body["events"][0]["id"], wanted);
  EXPECT_EQ(body["last_id"], newest);
}

TEST_F(EventRoutesTest, MalformedParametersAre400NamingTheParameter) {
  for (const auto& [query, name] :
       std::vector<std::pair<std::string, std::string>>{{"since=-1", "since"},
                                                        {"since=abc", "since"},
                                                        {"limit=0", "limit"},
                                                        {"limit=1001", "limit"},
                                                        {"wait=61", "wait"},
                                                        {"type=DROP%20TABLE", "type"}}) {
    json body = GetEvents(query, 400);
    EXPECT_EQ(body["error"]["code"], "invalid_argument") << query;
    EXPECT_NE(body["error"]["message"].get<std::string>().find(name), std::string::npos) << query;
  }
}

TEST_F(EventRoutesTest, UnknownTypeIs400NamingTheKnownTypes) {
  Append("draft_placed");
  json body = GetEvents("type=draft_sent", 400);
  const std::string message = body["error"]["message"];
  EXPECT_NE(message.find("unknown event type 'draft_sent'"), std::string::npos) << message;
  EXPECT_NE(message.find("engagement_signal"), std::string::npos) << message;
}

TEST_F(EventRoutesTest, PostIs405WithAllowGet) {
  httplib::Client client = Client();
  auto res = client.Post("/v1/events", Auth(), "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Allow"), "GET");
}

TEST_F(EventRoutesTest, LongPollAnswersAsSoonAsAnEventIsAppended) {
  int64_t before = Append("draft_placed");
  auto pending = std::async(std::launch::async,
                            [&] { return GetEvents("wait=30&since=" + std::to_string(before)); });
  WaitForWaiters(1);
  const Clock::time_point appended_at = Clock::now();
  int64_t id = Append("engagement_signal", 3);
  json body = pending.get();
  ASSERT_EQ(body["events"].size(), 1u);
  EXPECT_EQ(body["events"][0]["id"], id);
  EXPECT_LT(Clock::now() - appended_at, std::chrono::seconds(15));
}

TEST_F(EventRoutesTest, LongPollIsWokenByEventsWrittenInsideAnotherTransaction) {
  auto pending = std::async(std::launch::async, [&] { return GetEvents("wait=30"); });
  WaitForWaiters(1);
  // The way stores write: a row and its event in one transaction on the shared connection.
  Result<int64_t> id = db_->WithConnection([](sqlite3* db) {
    Event event;
    event.type = "suppression_addition";
    return AppendEventIn(db, event);
  });
  ASSERT_TRUE(id) << id.error().ToString();
  json body = pending.get();
  ASSERT_EQ(body["events"].size(), 1u);
  EXPECT_EQ(body["events"][0]["id"], *id);
}

TEST_F(EventRoutesTest, LongPollIsWokenByTheWriteNotByItsNextLook) {
  // A minute between looks: only the database's write notification can end this wait early.
  StartServer(EventRoutesOptions{.poll_interval = std::chrono::seconds(60)});
  auto pending = std::async(std::launch::async, [&] { return GetEvents("wait=30"); });
  WaitForWaiters(1);
  const Clock::time_point appended_at = Clock::now();
  int64_t id = Append("engagement_signal");
  json body = pending.get();
  ASSERT_EQ(body["events"].size(), 1u);
  EXPECT_EQ(body["events"][0]["id"], id);
  EXPECT_LT(Clock::now() - appended_at, std::chrono::seconds(15))
      << "the long poll ran to its deadline instead of waking on the write";
}

TEST_F(EventRoutesTest, LongPollAnswersEmptyWhenNothingArrivesInTime) {
  int64_t last = Append("draft_placed");
  const Clock::time_point start = Clock::now();
  json body = GetEvents("wait=1&since=" + std::to_string(last));
  EXPECT_EQ(body["events"], json::array());
  EXPECT_EQ(body["last_id"], last);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(900));
}

TEST_F(EventRoutesTest, LongPollForOneTypeKeepsWaitingThroughOtherTypes) {
  auto pending =
      std::async(std::launch::async, [&] { return GetEvents("wait=30&type=engagement_signal"); });
  WaitForWaiters(1);
  Append("draft_placed");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(routes_->waiters(), 1) << "answered for an event of another type";
  int64_t wanted = Append("engagement_signal");
  json body = pending.get();
  ASSERT_EQ(body["events"].size(), 1u);
  EXPECT_EQ(body["events"][0]["id"], wanted);
}

TEST_F(EventRoutesTest, LongPollWithWaitAnswersAtOnceWhenEventsExist) {
  int64_t id = Append("draft_placed");
  const Clock::time_point start = Clock::now();
  json body = GetEvents("wait=60");
  ASSERT_EQ(body["events"].size(), 1u);
  EXPECT_EQ(body["events"][0]["id"], id);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(30));
}

TEST_F(EventRoutesTest, StopEndsAWaitingLongPollWithWhatItHas) {
  auto pending = std::async(std::launch::async, [&] { return GetEvents("wait=60"); });
  WaitForWaiters(1);
  const Clock::time_point stopped_at = Clock::now();
  routes_->Stop();
  json body = pending.get();
  EXPECT_EQ(body["events"], json::array());
  EXPECT_LT(Clock::now() - stopped_at, std::chrono::seconds(30));
}

TEST_F(EventRoutesTest, WaitersBeyondTheLimitGet503AndPlainReadsStillWork) {
  StartServer(EventRoutesOptions{.max_waiters = 1});
  auto pending = std::async(std::launch::async, [&] { return GetEvents("wait=60"); });
  WaitForWaiters(1);
  json refused = GetEvents("wait=5", 503);
  EXPECT_EQ(refused["error"]["code"], "unavailable");
  json plain = GetEvents("");
  EXPECT_EQ(plain["events"], json::array());
  routes_->Stop();
  pending.get();
}

TEST_F(EventRoutesTest, StreamDeliversAppendedEventsInOrder) {
  int64_t old = Append("draft_placed");
  std::thread writer([&] {
    WaitForWaiters(1);
    for (int i = 0; i < 3; ++i) {
      Append("engagement_signal", i);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  std::string text = ReadStream("since=" + std::to_string(old), StreamHeaders(), 3);
  writer.join();
  std::vector<SseFrame> frames = ParseFrames(text);
  ASSERT_EQ(frames.size(), 3u) << text;
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].id, std::to_string(old + 1 + static_cast<int64_t>(i)));
    EXPECT_EQ(frames[i].event, "engagement_signal");
    json data = json::parse(frames[i].data);
    EXPECT_EQ(data["id"], old + 1 + static_cast<int64_t>(i));
    EXPECT_EQ(data["draft_id"], static_cast<int64_t>(i));
    EXPECT_EQ(
        test::SchemaViolations("events.json", json({{"events", {data}}, {"last_id", 0}}).dump()),
        "");
  }
}

TEST_F(EventRoutesTest, StreamResumesAfterLastEventId) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(Append("draft_placed"));
  httplib::Headers headers = StreamHeaders();
  headers.emplace("Last-Event-ID", std::to_string(ids[1]));
  // ?since=0 is overridden by the header, as a reconnecting EventSource expects.
  std::vector<SseFrame> frames = ParseFrames(ReadStream("since=0", headers, 2));
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].id, std::to_string(ids[2]));
  EXPECT_EQ(frames[1].id, std::to_string(ids[3]));
}

TEST_F(EventRoutesTest, StreamQueryParameterWorksWithoutAcceptHeaderAndFiltersByType) {
  Append("draft_placed");
  int64_t wanted = Append("engagement_signal");
  Append("draft_placed");
  int64_t later = Append("engagement_signal");
  std::vector<SseFrame> frames =
      ParseFrames(ReadStream("stream=1&type=engagement_signal", Auth(), 2));
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].id, std::to_string(wanted));
  EXPECT_EQ(frames[1].id, std::to_string(later));
}

TEST_F(EventRoutesTest, QuietStreamSendsHeartbeatComments) {
  StartServer(EventRoutesOptions{.heartbeat_interval = std::chrono::milliseconds(200)});
  httplib::Client client = Client();
  std::string text;
  auto res = client.Get("/v1/events?stream=1", Auth(), [&](const char* data, size_t length) {
    text.append(data, length);
    return text.find(": heartbeat") == std::string::npos;
  });
  EXPECT_NE(text.find(": heartbeat\n\n"), std::string::npos) << text;
}

TEST_F(EventRoutesTest, StreamIsNotCompressedForClientsThatAcceptGzip) {
  int64_t id = Append("draft_placed");
  httplib::Headers headers = StreamHeaders();
  headers.emplace("Accept-Encoding", "gzip, deflate, br");
  httplib::Client client("127.0.0.1", server_->port());
  client.set_read_timeout(std::chrono::seconds(10));
  std::string encoding;
  std::string text;
  client.Get(
      "/v1/events", headers,
      [&](const httplib::Response& response) {
        encoding = response.get_header_value("Content-Encoding");
        return true;
      },
      [&](const char* data, size_t length) {
        text.append(data, length);
        return ParseFrames(text).empty();
      });
  EXPECT_EQ(encoding, "");
  std::vector<SseFrame> frames = ParseFrames(text);
  ASSERT_EQ(frames.size(), 1u) << text;
  EXPECT_EQ(frames[0].id, std::to_string(id));
}

TEST_F(EventRoutesTest, StreamAnswersWithEventStreamContentType) {
  std::string content_type;
  httplib::Client client = Client();
  client.Get(
      "/v1/events", StreamHeaders(),
      [&](const httplib::Response& response) {
        content_type = response.get_header_value("Content-Type");
        return false;
      },
      [](const char*, size_t) { return false; });
  EXPECT_EQ(content_type, "text/event-stream");
}

TEST_F(EventRoutesTest, ServerStopIsNotHeldUpByAnOpenStream) {
  auto reader = std::async(std::launch::async, [&] {
    return ReadStream("", StreamHeaders(), 1, std::chrono::seconds(60));
  });
  WaitForWaiters(1);
  // Without routes_->Stop(): the server's own shutdown must still end the stream.
  const Clock::time_point stopping = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - stopping, std::chrono::seconds(20));
  reader.get();
  EXPECT_EQ(routes_->waiters(), 0);
}

TEST_F(EventRoutesTest, StopEndsOpenStreamsAtOnce) {
  auto reader = std::async(std::launch::async, [&] {
    return ReadStream("", StreamHeaders(), 1, std::chrono::seconds(60));
  });
  WaitForWaiters(1);
  const Clock::time_point stopping = Clock::now();
  routes_->Stop();
  reader.get();
  EXPECT_LT(Clock::now() - stopping, std::chrono::seconds(20));
  WaitForWaiters(0);
}

}  // namespace
}  // namespace draftbox
