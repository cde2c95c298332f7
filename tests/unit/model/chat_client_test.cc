// ChatClient's retry policy against a scripted transport (no network, no waiting: the sleeps
// are recorded): backoff, Retry-After, JSON-mode fallback, and which failures count as the
// endpoint being unreachable.
#include "model/chat_client.h"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "unit/model/model_fixtures.h"

namespace draftbox {
namespace {

using std::chrono::milliseconds;

class ScriptedTransport : public ChatTransport {
 public:
  explicit ScriptedTransport(std::deque<ChatReply> replies) : replies_(std::move(replies)) {}
  ChatReply Post(const std::string& body) override {
    bodies.push_back(nlohmann::json::parse(body));
    ChatReply reply = replies_.front();
    if (replies_.size() > 1) replies_.pop_front();
    return reply;
  }
  std::string Target() const override { return "http://double/v1/chat/completions"; }

  std::vector<nlohmann::json> bodies;

 private:
  std::deque<ChatReply> replies_;
};

ChatReply Ok() {
  return ChatReply{200, testing::Completion(testing::Answer().dump()), "", "", false};
}
ChatReply Status(int status, std::string retry_after = "") {
  return ChatReply{status, "{\"error\":\"busy\"}", std::move(retry_after), "", false};
}

class ChatClientTest : public ::testing::Test {
 protected:
  std::expected<ChatExchange, ChatFailure> Send(std::deque<ChatReply> replies,
                                                ChatClientOptions options = {}) {
    transport_ = std::make_unique<ScriptedTransport>(std::move(replies));
    ChatClient client(*transport_, "llama3.1:8b", options,
                      [this](milliseconds d) { sleeps_.push_back(d); });
    return client.Send(prompt_);
  }

  Recipient recipient_ = testing::FundedRecipient();
  ModelPrompt prompt_ = ModelPromptBuilder().Build(testing::FundedRequest(recipient_), {});
  std::unique_ptr<ScriptedTransport> transport_;
  std::vector<milliseconds> sleeps_;
};

TEST_F(ChatClientTest, AsksForTheDraftSchemaWithNoTools) {
  ASSERT_TRUE(Send({Ok()}));
  const nlohmann::json& body = transport_->bodies.at(0);
  EXPECT_EQ(body["model"], "llama3.1:8b");
  EXPECT_FALSE(body.contains("tools"));
  EXPECT_EQ(body["stream"], false);
  EXPECT_EQ(body["response_format"]["type"], "json_schema");
  const nlohmann::json& ids = body["response_format"]["json_schema"]["schema"]["properties"]
                                  ["sentences"]["items"]["properties"]["fact_ids"]["items"]["enum"];
  EXPECT_EQ(ids[0], "activity:#0");
  EXPECT_EQ(body["messages"][1]["content"], prompt_.user);
}

TEST_F(ChatClientTest, RetriesServerErrorsWithGrowingBackoff) {
  auto sent = Send({Status(503), Status(502), Ok()});
  ASSERT_TRUE(sent) << sent.error().reason;
  EXPECT_EQ(transport_->bodies.size(), 3u);
  EXPECT_EQ(sleeps_, (std::vector<milliseconds>{milliseconds(1000), milliseconds(2000)}));
}

TEST_F(ChatClientTest, HonoursRetryAfterOn429) {
  auto sent = Send({Status(429, "7"), Ok()});
  ASSERT_TRUE(sent) << sent.error().reason;
  EXPECT_EQ(sleeps_, (std::vector<milliseconds>{milliseconds(7000)}));
}

TEST_F(ChatClientTest, ReadsRetryAfterAsAnHttpDate) {
  // 1994-11-06 08:49:37 UTC is 784111777.
  EXPECT_EQ(ChatClient::RetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784111770), milliseconds(7000));
  EXPECT_EQ(ChatClient::RetryAfter("soon", 0), std::nullopt);
  EXPECT_EQ(ChatClient::RetryAfter("", 0), std::nullopt);
}

TEST_F(ChatClientTest, GivesUpAsUnreachableWhenRetryAfterIsTooLong) {
  auto sent = Send({Status(429, "3600"), Ok()});
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ChatFailure::kUnreachable);
  EXPECT_NE(sent.error().reason.find("Retry-After 3600"), std::string::npos);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(ChatClientTest, TimeoutsAndCutAnswersAreRetriedThenUnreachable) {
  ChatReply cut{0, "", "", "connection closed mid-answer", false};
  auto sent = Send({cut}, ChatClientOptions{.max_retries = 2});
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ChatFailure::kUnreachable);
  EXPECT_EQ(transport_->bodies.size(), 3u);
  EXPECT_NE(sent.error().reason.find("after 3 attempts"), std::string::npos) << sent.error().reason;
}

TEST_F(ChatClientTest, FallsBackToJsonModeWhenTheSchemaIsRefused) {
  auto sent = Send({Status(400), Ok()});
  ASSERT_TRUE(sent) << sent.error().reason;
  ASSERT_EQ(transport_->bodies.size(), 2u);
  EXPECT_EQ(transport_->bodies[0]["response_format"]["type"], "json_schema");
  EXPECT_EQ(transport_->bodies[1]["response_format"]["type"], "json_object");
  EXPECT_TRUE(sleeps_.empty());
  EXPECT_EQ(nlohmann::json::parse(sent->request_body), transport_->bodies[1]);
}

TEST_F(ChatClientTest, OtherClientErrorsAreRejectedAtOnce) {
  auto sent = Send({Status(401)});
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ChatFailure::kRejected);
  EXPECT_NE(sent.error().reason.find("HTTP 401"), std::string::npos);
  EXPECT_EQ(transport_->bodies.size(), 1u);
}

}  // namespace
}  // namespace draftbox
