// WebhookSender against a real receiver: an httplib server on a free loopback port that checks
// each delivery's signature with its own HMAC, answers as a test scripts it, and records what
// arrived; the event log is a real SQLite file. Timing bounds only catch "never".
#include "app/webhook_sender.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "store/database.h"
#include "store/event_log.h"
#include "support/temp_dir.h"
#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr char kSecret[] = "s3cret-key";

// Computed here on purpose rather than with WebhookSignature: the receiver checks the sender.
std::string HmacHex(const std::string& key, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &length);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", mac[i]);
    hex += buf;
  }
  return hex;
}

struct Delivery {
  std::string path;
  std::string body;
  std::string event_id;
  std::string event_type;
  bool signature_ok = false;
  int answered = 0;
};

class Receiver {
 public:
  Receiver() {
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::unique_lock lock(mu_);
      Delivery d{
          req.path + (req.params.empty() ? "" : "?x=" + req.get_param_value("x")), req.body,
          req.get_header_value("X-Draftbox-Event-Id"),
          req.get_header_value("X-Draftbox-Event-Type"),
          req.get_header_value("X-Draftbox-Signature") == "sha256=" + HmacHex(kSecret, req.body)};
      if (hang_) released_.wait_for(lock, std::chrono::seconds(30), [this] { return !hang_; });
      d.answered = statuses_.empty() ? 200 : statuses_.front();
      if (!statuses_.empty()) statuses_.pop_front();
      deliveries_.push_back(d);
      res.status = d.answered;
      res.set_content("ok", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    Release();
    server_.stop();
    thread_.join();
  }

  void Script(std::deque<int> statuses) {
    std::lock_guard lock(mu_);
    statuses_ = std::move(statuses);
  }
  void Hang() {
    std::lock_guard lock(mu_);
    hang_ = true;
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      hang_ = false;
    }
    released_.notify_all();
  }
  std::vector<Delivery> deliveries() {
    std::lock_guard lock(mu_);
    return deliveries_;
  }
  int port() const { return port_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable released_;
  bool hang_ = false;
  std::deque<int> statuses_;
  std::vector<Delivery> deliveries_;
};

class WebhookSenderTest : public testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Database>> db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    log_ = std::make_unique<EventLog>(*db_);
  }

  WebhookOptions Options() {
    return WebhookOptions{
        .url = "http://127.0.0.1:" + std::to_string(receiver_.port()) + "/hook?x=1",
        .secret = [] { return Result<std::string>(kSecret); },
        .cursor_file = dir_.path() / "webhook.cursor",
        .min_backoff = std::chrono::milliseconds(50),
        .max_backoff = std::chrono::milliseconds(200),
        .poll_interval = std::chrono::milliseconds(50),
        .timeout = std::chrono::seconds(10)};
  }

  int64_t Append(const std::string& type, int64_t draft) {
    Event event;
    event.type = type;
    event.draft_id = draft;
    event.payload_json = R"({"n":)" + std::to_string(draft) + "}";
    Result<int64_t> id = log_->Append(event);
    EXPECT_TRUE(id) << id.error().ToString();
    return id.value_or(0);
  }

  // Waits until `done` holds; false after a generous deadline.
  template <typename Fn>
  static bool Eventually(Fn done) {
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(20);
    while (!done()) {
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }

  std::vector<std::string> DeliveredIds() {
    std::vector<std::string> ids;
    for (const Delivery& d : receiver_.deliveries()) {
      if (d.answered == 200) ids.push_back(d.event_id);
    }
    return ids;
  }

  test::TempDir dir_{"draftbox-webhook"};
  Receiver receiver_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<EventLog> log_;
};

TEST(WebhookSignatureTest, MatchesRfc4231TestCase2) {
  EXPECT_EQ(WebhookSignature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(SplitWebhookUrlTest, SplitsOriginAndPath) {
  Result<WebhookTarget> t = SplitWebhookUrl("https://hooks.example.com:8443/a/b?c=1#frag");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->origin, "https://hooks.example.com:8443");
  EXPECT_EQ(t->path, "/a/b?c=1");
  Result<WebhookTarget> bare = SplitWebhookUrl("http://[::1]:9000");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->origin, "http://[::1]:9000");
  EXPECT_EQ(bare->path, "/");
  EXPECT_FALSE(SplitWebhookUrl("ftp://x/"));
  EXPECT_FALSE(SplitWebhookUrl("https:///path"));
}

TEST(ReadWebhookCursorTest, MissingIsNulloptAndGarbageIsAnErrorNamingTheFile) {
  test::TempDir dir("draftbox-webhook-cursor");
  Result<std::optional<int64_t>> missing = ReadWebhookCursor(dir.path() / "webhook.cursor");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
  std::ofstream(dir.path() / "webhook.cursor") << "12x\n";
  Result<std::optional<int64_t>> bad = ReadWebhookCursor(dir.path() / "webhook.cursor");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("webhook.cursor"), std::string::npos);
  std::ofstream(dir.path() / "webhook.cursor") << "42\n";
  EXPECT_EQ(ReadWebhookCursor(dir.path() / "webhook.cursor").value(), 42);
}

TEST_F(WebhookSenderTest, RetriesAfterTwoFailuresAndDeliversExactlyOnceSigned) {
  receiver_.Script({500, 500, 200});
  WebhookSender sender(*db_, Options());
  sender.Start();
  ASSERT_TRUE(Eventually([&] { return sender.delivered_id() >= 0; }));
  int64_t id = Append("engagement_signal", 7);
  ASSERT_TRUE(Eventually([&] { return sender.delivered_id() == id; }));
  // Give a duplicate every chance to show up before counting.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  sender.Stop();
  std::vector<Delivery> deliveries = receiver_.deliveries();
  ASSERT_EQ(deliveries.size(), 3u);
  EXPECT_EQ(deliveries[0].answered, 500);
  EXPECT_EQ(deliveries[1].answered, 500);
  EXPECT_EQ(deliveries[2].answered, 200);
  for (const Delivery& d : deliveries) {
    EXPECT_TRUE(d.signature_ok) << d.body;
    EXPECT_EQ(d.event_id, std::to_string(id));
    EXPECT_EQ(d.event_type, "engagement_signal");
    EXPECT_EQ(d.path, "/hook?x=1");
    EXPECT_EQ(d.body, deliveries[0].body);
  }
  json body = json::parse(deliveries[2].body);
  EXPECT_EQ(body["id"], id);
  EXPECT_EQ(body["draft_id"], 7);
  EXPECT_EQ(body["payload"]["n"], 7);
  EXPECT_EQ(
      test::SchemaViolations("events.json", json({{"events", {body}}, {"last_id", id}}).dump()),
      "");
  EXPECT_EQ(ReadWebhookCursor(dir_.path() / "webhook.cursor").value(), id);
}

TEST_F(WebhookSenderTest, FirstStartSkipsOlderEventsAndDeliversNewOnes) {
  Append("draft_placed", 1);
  int64_t old = Append("draft_placed", 2);
  WebhookSender sender(*db_, Options());
  sender.Start();
  ASSERT_TRUE(Eventually([&] { return sender.delivered_id() == old; }));
  int64_t fresh = Append("engagement_signal", 3);
  ASSERT_TRUE(Eventually([&] { return sender.delivered_id() == fresh; }));
  sender.Stop();
  EXPECT_EQ(DeliveredIds(), std::vector<std::string>{std::to_string(fresh)});
}

TEST_F(WebhookSenderTest, AnIdleSenderWakesOnTheAppendAndStopsAtOnce) {
  // A minute between looks: only the database's write notification can deliver within the
  // Eventually deadline, and only Stop's nudge can end the wait that soon.
  WebhookOptions options = Options();
  options.poll_interval = std::chrono::seconds(60);
  WebhookSender sender(*db_, options);
  sender.Start();
  ASSERT_TRUE(Eventually([&] { return sender.delivered_id() == 0; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let it go back to waiting
  int64_t id = Append("engagement_signal", 1);
  EXPECT_TRUE(Eventually([&] { return sender.delivered_id() == id; }))
      << "the append did not wake the idle sender";
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const Clock::time_point stopping = Clock::now();
  sender.Stop();
  EXPECT_LT(Clock::now() - stopping, std::chrono::seconds(20));
  EXPECT_EQ(DeliveredIds(), std::vector<std::string>{std::to_string(id)});
}

TEST_F(WebhookSenderTest, LaterEventsWaitBehindAFailingOneSoOrderHolds) {
  receiver_.Script({503, 503, 503});
  WebhookSender sender(*db_, Options());
  sender.Start();
  ASSERT_TRUE(Eventually([&] { return sender.delivered_id() >= 0; }));
  int64_t a = Append("draft_placed", 1);
  int64_t b = Append("draft_placed", 2);
  int64_t c = Append("draft_placed", 3);
  ASSERT_TRUE(Eventually([&] { return sender.delivered_id() == c; }));
  sender.Stop();
  EXPECT_EQ(DeliveredIds(),
            (std::vector<std::string>{std::to_string(a), std::to_string(b), std::to_string(c)}));
  for (const Delivery& d : receiver_.deliveries()) {
    if (d.answered != 200) {
      EXPECT_EQ(d.event_id, std::to_string(a));
    }
  }
}

TEST_F(WebhookSenderTest, CursorPersistsAcrossARestartOfTheSender) {
  int64_t first = 0;
  {
    WebhookSender sender(*db_, Options());
    sender.Start();
    ASSERT_TRUE(Eventually([&] { return sender.delivered_id() >= 0; }));
    first = Append("draft_placed", 1);
    ASSERT_TRUE(Eventually([&] { return sender.delivered_id() == first; }));
  }
  // Appended while no sender runs: the next one must pick them up, and not repeat `first`.
  int64_t second = Append("engagement_signal", 2);
  int64_t third = Append("engagement_signal", 3);
  WebhookSender restarted(*db_, Options());
  restarted.Start();
  ASSERT_TRUE(Eventually([&] { return restarted.delivered_id() == third; }));
  restarted.Stop();
  EXPECT_EQ(DeliveredIds(), (std::vector<std::string>{std::to_string(first), std::to_string(second),
                                                      std::to_string(third)}));
}

TEST_F(WebhookSenderTest, SecretThatFailsFirstIsFetchedAgain) {
  WebhookOptions options = Options();
  auto calls = std::make_shared<std::atomic<int>>(0);
  options.secret = [calls]() -> Result<std::string> {
    if (++*calls == 1) return Fail(ErrorCode::kConfig, "keyring locked");
    return std::string(kSecret);
  };
  int64_t before = Append("draft_placed", 1);
  WebhookSender sender(*db_, options);
  sender.Start();
  ASSERT_TRUE(Eventually([&] { return sender.delivered_id() == before; }));
  int64_t id = Append("draft_placed", 2);
  ASSERT_TRUE(Eventually([&] { return sender.delivered_id() == id; }));
  sender.Stop();
  EXPECT_GE(calls->load(), 2);
  ASSERT_EQ(receiver_.deliveries().size(), 1u);
  EXPECT_TRUE(receiver_.deliveries()[0].signature_ok);
}

TEST_F(WebhookSenderTest, UnreachableReceiverIsRetriedWithoutBlockingAppends) {
  WebhookOptions options = Options();
  options.url = "http://127.0.0.1:1/hook";  // nothing listens on port 1
  WebhookSender sender(*db_, options);
  sender.Start();
  ASSERT_TRUE(Eventually([&] { return sender.delivered_id() >= 0; }));
  int64_t id = Append("draft_placed", 1);
  ASSERT_TRUE(Eventually([&] { return sender.attempts() >= 3; }));
  // The log keeps taking events while deliveries fail.
  EXPECT_GT(Append("draft_placed", 2), id);
  EXPECT_LT(sender.delivered_id(), id);
  sender.Stop();
}

TEST_F(WebhookSenderTest, StopAbortsADeliveryTheReceiverSitsOn) {
  WebhookSender sender(*db_, Options());
  sender.Start();
  ASSERT_TRUE(Eventually([&] { return sender.delivered_id() >= 0; }));
  receiver_.Hang();
  Append("draft_placed", 1);
  ASSERT_TRUE(Eventually([&] { return sender.attempts() >= 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const Clock::time_point stopping = Clock::now();
  sender.Stop();
  EXPECT_LT(Clock::now() - stopping, std::chrono::seconds(8));
  receiver_.Release();
}

}  // namespace
}  // namespace draftbox
