// DaemonClient against a real HTTP server on a loopback port, standing in for the daemon.
#include "cli/daemon_client.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <mutex>
#include <thread>

#include "support/ports.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

constexpr char kToken[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

class DaemonClientTest : public testing::Test {
 protected:
  void SetUp() override {
    server_.Get("/ok", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      seen_auth_ = req.get_header_value("Authorization");
      seen_host_ = req.get_header_value("Host");
      res.set_content(R"({"answer":42})", "application/json");
    });
    server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "application/json");
    });
    server_.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content(R"({"error":{"code":"not_found","message":"no draft 7"}})",
                      "application/json");
    });
    server_.Get("/denied", [](const httplib::Request&, httplib::Response& res) {
      res.status = 401;
      res.set_content(R"({"error":{"code":"unauthorized","message":"wrong bearer token"}})",
                      "application/json");
    });
    server_.Get("/html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html>hi</html>", "text/html");
    });
    server_.Get("/broken", [](const httplib::Request&, httplib::Response& res) {
      res.status = 500;
      res.set_content("oops", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // So that TearDown's stop() always finds a running server to stop.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  DaemonClient Client() {
    return DaemonClient("127.0.0.1", static_cast<uint16_t>(port_), kToken, "/data/token");
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::string seen_auth_;
  std::string seen_host_;
};

TEST_F(DaemonClientTest, GetSendsBearerTokenAndHostAndReturnsTheJson) {
  Result<nlohmann::json> body = Client().Get("/ok");
  ASSERT_TRUE(body.has_value()) << body.error().message;
  EXPECT_EQ((*body)["answer"], 42);
  std::lock_guard lock(mu_);
  EXPECT_EQ(seen_auth_, std::string("Bearer ") + kToken);
  EXPECT_EQ(seen_host_, "127.0.0.1:" + std::to_string(port_));
}

TEST_F(DaemonClientTest, PostSendsTheJsonBody) {
  Result<nlohmann::json> body = Client().Post("/echo", {{"limit", 3}});
  ASSERT_TRUE(body.has_value()) << body.error().message;
  EXPECT_EQ((*body)["limit"], 3);
}

TEST_F(DaemonClientTest, ErrorBodyBecomesItsCodeAndMessage) {
  Result<nlohmann::json> body = Client().Get("/missing");
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(body.error().message, "no draft 7");
}

TEST_F(DaemonClientTest, UnauthorizedIsAuthWithAHintAboutTheTokenFile) {
  Result<nlohmann::json> body = Client().Get("/denied");
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::kAuth);
  EXPECT_NE(body.error().message.find("/data/token"), std::string::npos) << body.error().message;
  EXPECT_NE(body.error().message.find("--config"), std::string::npos) << body.error().message;
}

TEST_F(DaemonClientTest, MissingTokenFileIsNamedOnUnauthorized) {
  test::TempDir data("cli-token");
  Config config;
  config.daemon.listen_port = static_cast<uint16_t>(port_);
  config.daemon.data_dir = data.path();
  Result<nlohmann::json> body = DaemonClient::ForConfig(config).Get("/denied");
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::kAuth);
  EXPECT_NE(body.error().message.find((data.path() / "token").string()), std::string::npos)
      << body.error().message;
}

TEST_F(DaemonClientTest, ForConfigReadsTheTokenFromTheDataDir) {
  test::TempDir data("cli-token");
  { std::ofstream(data.path() / "token") << kToken << '\n'; }
  std::filesystem::permissions(data.path() / "token", std::filesystem::perms::owner_read |
                                                          std::filesystem::perms::owner_write);
  Config config;
  config.daemon.listen_port = static_cast<uint16_t>(port_);
  config.daemon.data_dir = data.path();
  Result<nlohmann::json> body = DaemonClient::ForConfig(config).Get("/ok");
  ASSERT_TRUE(body.has_value()) << body.error().message;
  std::lock_guard lock(mu_);
  EXPECT_EQ(seen_auth_, std::string("Bearer ") + kToken);
}

TEST_F(DaemonClientTest, NonJsonSuccessIsAnInternalError) {
  Result<nlohmann::json> body = Client().Get("/html");
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::kInternal);
}

TEST_F(DaemonClientTest, ServerErrorWithoutJsonBodyNamesTheStatus) {
  Result<nlohmann::json> body = Client().Get("/broken");
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::kInternal);
  EXPECT_NE(body.error().message.find("500"), std::string::npos);
}

TEST(DaemonClientNoServerTest, NothingListeningIsUnavailableWithTheStartHint) {
  const uint16_t port = test::FreeLoopbackPort();
  ASSERT_NE(port, 0);
  DaemonClient client("127.0.0.1", port, kToken);
  Result<nlohmann::json> body = client.Get("/v1/status");
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(body.error().message, "cannot reach the daemon at 127.0.0.1:" + std::to_string(port) +
                                      " (start it with 'draftbox daemon')");
}

TEST(DaemonClientAddressTest, BracketsIpv6) {
  EXPECT_EQ(DaemonClient("::1", 7411, "").Address(), "[::1]:7411");
  EXPECT_EQ(DaemonClient("127.0.0.1", 7411, "").Address(), "127.0.0.1:7411");
}

}  // namespace
}  // namespace draftbox
