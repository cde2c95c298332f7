#include "api/api_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>

#include "support/ports.h"
#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

const std::string kToken(64, 'c');

class FakeStatusService : public StatusService {
 public:
  Result<DaemonStatus> GetStatus() override {
    ++calls;
    if (fail) return Fail(ErrorCode::kStore, "database is locked");
    DaemonStatus status;
    status.version = "9.9.9";
    status.uptime_s = 12;
    status.data_dir = "/data";
    status.config_sources = {"/etc/draftbox/config.toml"};
    status.store.schema_version = 3;
    status.store.counts = {{"drafts", 2}, {"recipients", 5}};
    status.mailbox.configured = true;
    status.mailbox.reachable = true;
    status.mailbox.host = "127.0.0.1";
    status.mailbox.user = "dana";
    status.mailbox.security = "tls";
    status.mailbox.drafts_folder = "Drafts";
    status.mailbox.sent_folder = "Sent";
    status.mailbox.inbox_folder = "INBOX";
    status.mailbox.last_checked_unix = 1700000000;
    return status;
  }
  std::atomic<int> calls = 0;
  std::atomic<bool> fail = false;
};

class ApiServerTest : public testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ApiServer>(
        ApiServerOptions{.host = "127.0.0.1", .port = 0, .token = kToken, .threads = 2}, service_);
    Status started = server_->Start();
    ASSERT_TRUE(started) << started.error().ToString();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  httplib::Headers Auth() { return {{"Authorization", "Bearer " + kToken}}; }

  static void ExpectNoCors(const httplib::Result& res) {
    for (const auto& [name, value] : res->headers) {
      EXPECT_FALSE(name.starts_with("Access-Control-")) << name << ": " << value;
    }
  }

  FakeStatusService service_;
  std::unique_ptr<ApiServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ApiServerTest, HealthAnswersOkWithVersion) {
  auto res = client_->Get("/v1/health", Auth());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(test::SchemaViolations("health.json", res->body), "");
  EXPECT_EQ(nlohmann::json::parse(res->body)["ok"], true);
  ExpectNoCors(res);
}

TEST_F(ApiServerTest, StatusReportsWhatTheServiceSays) {
  auto res = client_->Get("/v1/status", Auth());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(test::SchemaViolations("status.json", res->body), "");
  auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["store"]["counts"]["recipients"], 5);
  EXPECT_EQ(body["mailbox"]["folders"]["drafts"], "Drafts");
  EXPECT_TRUE(body["mailbox"]["last_error"].is_null());
}

TEST_F(ApiServerTest, ServiceErrorBecomesItsStatusAndErrorBody) {
  service_.fail = true;
  auto res = client_->Get("/v1/status", Auth());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  EXPECT_EQ(test::SchemaViolations("error.json", res->body), "");
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], "store");
}

TEST_F(ApiServerTest, MissingTokenIs401WithChallengeAndNeverReachesTheService) {
  auto res = client_->Get("/v1/status");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(test::SchemaViolations("error.json", res->body), "");
  EXPECT_EQ(service_.calls, 0);
}

TEST_F(ApiServerTest, ForeignHostIs403) {
  httplib::Headers headers = Auth();
  headers.emplace("Host", "evil.example:" + std::to_string(server_->port()));
  auto res = client_->Get("/v1/health", headers);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], "forbidden");
  ExpectNoCors(res);
}

TEST_F(ApiServerTest, UnknownPathIs404Json) {
  auto res = client_->Get("/v1/nothing-here", Auth());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(test::SchemaViolations("error.json", res->body), "");
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], "not_found");
}

TEST_F(ApiServerTest, UnknownPathWithoutTokenIs401NotA404) {
  auto res = client_->Get("/v1/nothing-here");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
}

TEST_F(ApiServerTest, WrongMethodIs405JsonWithAllow) {
  auto res = client_->Post("/v1/health", Auth(), "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Allow"), "GET");
  EXPECT_EQ(test::SchemaViolations("error.json", res->body), "");
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], "method_not_allowed");
}

TEST_F(ApiServerTest, PreflightFromAPageGetsNoCorsHeaders) {
  httplib::Headers headers = {{"Origin", "https://evil.example"},
                              {"Access-Control-Request-Method", "GET"}};
  auto res = client_->Options("/v1/health", headers);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  ExpectNoCors(res);
}

TEST_F(ApiServerTest, StopIsIdempotentAndClosesThePort) {
  uint16_t port = server_->port();
  server_->Stop();
  server_->Stop();
  httplib::Client late("127.0.0.1", port);
  late.set_connection_timeout(std::chrono::seconds(1));
  EXPECT_FALSE(late.Get("/v1/health", Auth()));
}

TEST_F(ApiServerTest, IdleKeepAliveConnectionDoesNotHoldUpStop) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server_->port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string request =
      "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server_->port()) +
      "\r\nAuthorization: Bearer " + kToken + "\r\n\r\n";
  ASSERT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  char buf[512];
  ASSERT_GT(recv(fd, buf, sizeof buf, 0), 0);  // answered; the connection stays open

  auto before = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(2500));
  close(fd);
}

TEST(ApiServerStartTest, SecondServerOnTheSamePortFailsNamingTheAddress) {
  FakeStatusService service;
  ApiServer first(ApiServerOptions{.host = "127.0.0.1", .port = 0, .token = kToken}, service);
  ASSERT_TRUE(first.Start());
  ApiServer second(ApiServerOptions{.host = "127.0.0.1", .port = first.port(), .token = kToken},
                   service);
  Status started = second.Start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(started.error().message.find("127.0.0.1:" + std::to_string(first.port())),
            std::string::npos)
      << started.error().message;
}

TEST(ApiServerStartTest, RefusesANonLoopbackListenAddress) {
  FakeStatusService service;
  ApiServer server(ApiServerOptions{.host = "0.0.0.0", .port = 0, .token = kToken}, service);
  Status started = server.Start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace draftbox
