// The real daemon binary over a real socket: who may talk to it, and what it answers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "integration/daemon/daemon_process.h"
#include "support/ports.h"
#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

class DaemonApiTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(test::Ok(daemon_.Start())); }

  // A raw GET with the given header lines (each ending in \r\n).
  std::string RawGet(const std::string& path, const std::string& header_lines) {
    return daemon_.Raw("GET " + path + " HTTP/1.1\r\n" + header_lines + "Authorization: Bearer " +
                       daemon_.token() + "\r\nConnection: close\r\n\r\n");
  }

  static int StatusOf(const std::string& raw_response) {
    if (!raw_response.starts_with("HTTP/1.1 ") || raw_response.size() < 12) return -1;
    return std::stoi(raw_response.substr(9, 3));
  }

  static void ExpectNoCors(const std::string& what, const httplib::Headers& headers) {
    for (const auto& [name, value] : headers) {
      EXPECT_FALSE(std::string_view(name).starts_with("Access-Control-"))
          << what << ": " << name << ": " << value;
    }
  }

  test::DaemonProcess daemon_;
};

TEST_F(DaemonApiTest, HealthWithTokenIs200AndMatchesItsSchema) {
  auto res = daemon_.Client().Get("/v1/health", daemon_.AuthHeaders());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(test::SchemaViolations("health.json", res->body), "");
}

TEST_F(DaemonApiTest, StatusWithoutMailboxSaysNotConfiguredAndMatchesItsSchema) {
  auto res = daemon_.Client().Get("/v1/status", daemon_.AuthHeaders());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(test::SchemaViolations("status.json", res->body), "");
  auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["mailbox"]["configured"], false);
  EXPECT_EQ(body["mailbox"]["reachable"], false);
  EXPECT_EQ(body["data_dir"], daemon_.data_dir().string());
  EXPECT_GE(body["store"]["schema_version"].get<int>(), 1);
}

TEST_F(DaemonApiTest, NoTokenIs401WithBearerChallenge) {
  auto res = daemon_.Client().Get("/v1/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(test::SchemaViolations("error.json", res->body), "");
}

TEST_F(DaemonApiTest, WrongTokenIs401) {
  std::string wrong = daemon_.token();
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  auto res = daemon_.Client().Get("/v1/status", {{"Authorization", "Bearer " + wrong}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], "auth");
}

TEST_F(DaemonApiTest, ForeignHostIs403) {
  const std::string port = std::to_string(daemon_.port());
  const std::string other_port = std::to_string(test::FreeLoopbackPort());
  const std::pair<std::string, std::string> kCases[] = {
      {"rebound name", "Host: evil.example:" + port + "\r\n"},
      {"other port", "Host: 127.0.0.1:" + other_port + "\r\n"},
      {"empty", "Host: \r\n"},
      {"missing", ""},
      {"twice", "Host: 127.0.0.1:" + port + "\r\nHost: evil.example:" + port + "\r\n"},
  };
  for (const auto& [name, header] : kCases) {
    std::string response = RawGet("/v1/health", header);
    EXPECT_EQ(StatusOf(response), 403) << name << ":\n" << response;
    EXPECT_NE(response.find("\"forbidden\""), std::string::npos) << name;
  }
}

TEST_F(DaemonApiTest, LoopbackHostNamesAre200) {
  const std::string port = std::to_string(daemon_.port());
  for (const std::string& host : {"127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port}) {
    EXPECT_EQ(StatusOf(RawGet("/v1/health", "Host: " + host + "\r\n")), 200) << host;
  }
}

TEST_F(DaemonApiTest, ForeignOriginIs403) {
  httplib::Headers headers = daemon_.AuthHeaders();
  headers.emplace("Origin", "https://evil.example");
  auto res = daemon_.Client().Get("/v1/health", headers);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(test::SchemaViolations("error.json", res->body), "");
}

TEST_F(DaemonApiTest, ExtensionOriginIs200) {
  httplib::Headers headers = daemon_.AuthHeaders();
  headers.emplace("Origin", "moz-extension://abc");
  auto res = daemon_.Client().Get("/v1/health", headers);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(DaemonApiTest, UnknownPathIs404AndWrongMethodIs405AsJson) {
  auto missing = daemon_.Client().Get("/v1/nope", daemon_.AuthHeaders());
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(test::SchemaViolations("error.json", missing->body), "");
  auto wrong = daemon_.Client().Delete("/v1/status", daemon_.AuthHeaders());
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(test::SchemaViolations("error.json", wrong->body), "");
}

TEST_F(DaemonApiTest, WrongMethodOnEveryResourceIs405WithAllow) {
  const std::pair<const char*, const char*> kCases[] = {
      {"/v1/recipients", "GET"},
      {"/v1/recipients/7", "GET"},
      // Also matches GET /v1/recipients/{id|email} (a lookup that finds no "import").
      {"/v1/recipients/import", "POST, GET"},
      {"/v1/suppressions", "GET, POST"},
  };
  for (const auto& [path, allowed] : kCases) {
    auto res = daemon_.Client().Put(path, daemon_.AuthHeaders(), "{}", "application/json");
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 405) << path;
    EXPECT_EQ(res->get_header_value("Allow"), allowed) << path;
    EXPECT_EQ(test::SchemaViolations("error.json", res->body), "") << path;
  }
}

TEST_F(DaemonApiTest, ErrorsFromEveryModuleAreNeitherCachedNorSniffed) {
  httplib::Client client = daemon_.Client();
  const std::pair<std::string, httplib::Result> kResponses[] = {
      {"unknown recipient", client.Get("/v1/recipients/999", daemon_.AuthHeaders())},
      {"bad suppression",
       client.Post("/v1/suppressions", daemon_.AuthHeaders(), "[]", "application/json")},
      {"unknown path", client.Get("/v1/nope", daemon_.AuthHeaders())},
  };
  for (const auto& [what, res] : kResponses) {
    ASSERT_TRUE(res) << what;
    EXPECT_GE(res->status, 400) << what;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store") << what;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << what;
    EXPECT_EQ(test::SchemaViolations("error.json", res->body), "") << what;
  }
}

TEST_F(DaemonApiTest, NoResponseCarriesCorsHeaders) {
  httplib::Client client = daemon_.Client();
  httplib::Headers page = {{"Origin", "https://evil.example"},
                           {"Access-Control-Request-Method", "GET"},
                           {"Authorization", "Bearer " + daemon_.token()}};
  httplib::Headers extension = daemon_.AuthHeaders();
  extension.emplace("Origin", "moz-extension://abc");
  const std::pair<std::string, httplib::Result> kResponses[] = {
      {"health", client.Get("/v1/health", daemon_.AuthHeaders())},
      {"status", client.Get("/v1/status", extension)},
      {"no token", client.Get("/v1/status")},
      {"page preflight", client.Options("/v1/status", page)},
      {"extension preflight", client.Options("/v1/status", extension)},
      {"page get", client.Get("/v1/status", page)},
      {"not found", client.Get("/v1/nope", daemon_.AuthHeaders())},
  };
  for (const auto& [name, res] : kResponses) {
    ASSERT_TRUE(res) << name;
    ExpectNoCors(name, res->headers);
  }
}

}  // namespace
}  // namespace draftbox
