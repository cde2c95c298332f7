// `draftbox events` in-process against a stand-in daemon on a free loopback port that serves
// GET /v1/events from an in-memory log the way the daemon does (since, limit, type, wait), with
// every answer checked against shared/api/events.json.
#include "cli/events_command.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/command_line.h"
#include "support/temp_dir.h"
#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

using nlohmann::json;

constexpr char kToken[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

struct CliOutcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

json MakeEvent(int64_t id, const std::string& type) {
  return {{"id", id},
          {"time", 1700000000 + id},
          {"type", type},
          {"draft_id", id},
          {"recipient_id", nullptr},
          {"recipient_email", nullptr},
          {"campaign_id", nullptr},
          {"payload", {{"n", id}}}};
}

class EventsCommandTest : public testing::Test {
 protected:
  void SetUp() override {
    server_.Get("/v1/events",
                [this](const httplib::Request& req, httplib::Response& res) { Serve(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::filesystem::create_directories(dir_.path() / "data");
    { std::ofstream(dir_.path() / "data" / "token") << kToken << '\n'; }
    std::filesystem::permissions(
        dir_.path() / "data" / "token",
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    config_ = (dir_.path() / "draftbox.toml").string();
    std::ofstream(config_) << "[daemon]\nlisten = \"127.0.0.1:" << port_ << "\"\ndata_dir = \""
                           << (dir_.path() / "data").string() << "\"\n";
  }

  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  // Like the daemon: events after since of the type, at most limit; a long poll (wait) on a
  // caught-up cursor "appends" the next event of `arriving` if there is one.
  void Serve(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu_);
    requests_.push_back(req.path + "?" + Query(req));
    if (req.get_header_value("Authorization") != std::string("Bearer ") + kToken) {
      res.status = 401;
      res.set_content(R"({"error":{"code":"auth","message":"bad token"}})", "application/json");
      return;
    }
    const int64_t since = std::stoll(req.get_param_value("since"));
    const int64_t limit = std::stoll(req.get_param_value("limit"));
    const std::string type = req.get_param_value("type");
    json page = Page(since, limit, type);
    if (page["events"].empty() && req.has_param("wait") && !arriving_.empty()) {
      log_.push_back(arriving_.front());
      arriving_.erase(arriving_.begin());
      page = Page(since, limit, type);
    }
    if (req.has_param("wait") && arriving_.empty()) follow_done_ = true;
    std::string body = page.dump();
    EXPECT_EQ(test::SchemaViolations("events.json", body), "");
    res.set_content(body, "application/json");
  }

  json Page(int64_t since, int64_t limit, const std::string& type) {
    json events = json::array();
    int64_t last = since;
    for (const json& e : log_) {
      if (e["id"].get<int64_t>() <= since) continue;
      if (!type.empty() && e["type"] != type) continue;
      if (static_cast<int64_t>(events.size()) == limit) break;
      events.push_back(e);
      last = e["id"];
    }
    if (static_cast<int64_t>(events.size()) < limit && !log_.empty()) {
      last = std::max(last, log_.back()["id"].get<int64_t>());
    }
    return {{"events", events}, {"last_id", last}};
  }

  static std::string Query(const httplib::Request& req) {
    std::string q;
    for (const char* name : {"since", "limit", "type", "wait"}) {
      if (!req.has_param(name)) continue;
      q += (q.empty() ? "" : "&") + std::string(name) + "=" + req.get_param_value(name);
    }
    return q;
  }

  void AddEvents(int64_t count, const std::string& type = "draft_placed") {
    std::lock_guard lock(mu_);
    for (int64_t i = 0; i < count; ++i) {
      log_.push_back(MakeEvent(static_cast<int64_t>(log_.size()) + 1, type));
    }
  }

  CliOutcome Events(std::vector<std::string> args) {
    args.insert(args.begin(), "events");
    args.push_back("--config");
    args.push_back(config_);
    std::ostringstream out;
    std::ostringstream err;
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<EventsCommand>([this] {
      std::lock_guard lock(mu_);
      return follow_done_;
    }));
    CommandLine line(std::move(commands), CliEnvironment{out, err, nullptr});
    CliOutcome outcome;
    outcome.exit_code = line.Run(args);
    outcome.out = out.str();
    outcome.err = err.str();
    return outcome;
  }

  static std::vector<json> Lines(const std::string& out) {
    std::vector<json> lines;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) lines.push_back(json::parse(line));
    return lines;
  }

  std::vector<std::string> Requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

  test::TempDir dir_{"draftbox-events-cli"};
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::string config_;
  std::mutex mu_;
  std::vector<json> log_;
  std::vector<json> arriving_;
  bool follow_done_ = false;
  std::vector<std::string> requests_;
};

TEST_F(EventsCommandTest, PrintsEveryEventAsOneJsonLinePagingThroughAll) {
  AddEvents(2500);
  CliOutcome run = Events({"--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<json> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 2500u);
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSERT_EQ(lines[i]["id"], static_cast<int64_t>(i) + 1);
  }
  EXPECT_EQ(lines[0], MakeEvent(1, "draft_placed"));
  std::vector<std::string> requests = Requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0], "/v1/events?since=0&limit=1000");
  EXPECT_EQ(requests[1], "/v1/events?since=1000&limit=1000");
  EXPECT_EQ(requests[2], "/v1/events?since=2000&limit=1000");
}

TEST_F(EventsCommandTest, SinceTypeAndLimitReachTheDaemon) {
  AddEvents(3, "draft_placed");
  AddEvents(3, "engagement_signal");
  CliOutcome run =
      Events({"--since", "1", "--type", "engagement_signal", "--limit", "2", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<json> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["id"], 4);
  EXPECT_EQ(lines[1]["id"], 5);
  EXPECT_EQ(Requests().at(0), "/v1/events?since=1&limit=2&type=engagement_signal");
}

TEST_F(EventsCommandTest, WithoutJsonEachEventIsOneLineForPeople) {
  AddEvents(2, "draft_placed");
  CliOutcome run = Events({});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 2);
  EXPECT_EQ(run.out.find('{'), std::string::npos) << run.out;  // not JSON
  EXPECT_NE(run.out.find("draft_placed"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("(draft 2)"), std::string::npos) << run.out;
}

TEST_F(EventsCommandTest, UnknownTypeIsAUsageErrorNamingTheKnownTypes) {
  CliOutcome run = Events({"--type", "draft_sent"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown event type 'draft_sent'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("draft_edit_signal"), std::string::npos) << run.err;
  EXPECT_TRUE(Requests().empty());
}

TEST_F(EventsCommandTest, EmptyLogPrintsNothingAndSucceeds) {
  CliOutcome run = Events({});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");
}

TEST_F(EventsCommandTest, FollowLongPollsAndPrintsEventsAsTheyArrive) {
  AddEvents(2);
  {
    std::lock_guard lock(mu_);
    arriving_ = {MakeEvent(3, "engagement_signal"), MakeEvent(4, "suppression_addition")};
  }
  CliOutcome run = Events({"--follow", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<json> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[2]["type"], "engagement_signal");
  EXPECT_EQ(lines[3]["id"], 4);
  std::vector<std::string> requests = Requests();
  ASSERT_GE(requests.size(), 3u);
  EXPECT_EQ(requests[0], "/v1/events?since=0&limit=1000");
  EXPECT_EQ(requests[1], "/v1/events?since=2&limit=1000&wait=30");
  EXPECT_EQ(requests[2], "/v1/events?since=3&limit=1000&wait=30");
}

TEST_F(EventsCommandTest, UnreachableDaemonIsOneErrorLineAndExit1) {
  server_.stop();
  thread_.join();
  CliOutcome run = Events({});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("cannot reach the daemon"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
}

TEST_F(EventsCommandTest, WrongTokenIsReportedAsAuthError) {
  { std::ofstream(dir_.path() / "data" / "token") << std::string(64, 'f') << '\n'; }
  CliOutcome run = Events({});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("draftbox: "), std::string::npos);
  EXPECT_EQ(run.out, "");
}

TEST_F(EventsCommandTest, BadSinceLimitOrTypeIsUsageError) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--since", "-1"},
                                               {"--since", "x"},
                                               {"--limit", "0"},
                                               {"--type", "Bad Type"},
                                               {"--type", "draft_sent"}}) {
    CliOutcome run = Events(args);
    EXPECT_EQ(run.exit_code, 2) << args[0] << " " << args[1];
    EXPECT_TRUE(Requests().empty());
  }
}

}  // namespace
}  // namespace draftbox
