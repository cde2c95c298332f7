// OpenAiComposer over real HTTP against tests/support/model-double, a separate process that
// speaks the OpenAI-compatible chat-completions API on loopback, scripted per test: a good
// answer, invented facts, malformed JSON, slow answers, 429 then success, a refused
// connection, an answer cut mid-body, a server without json_schema support.
#include "model/openai_composer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "compose/template_composer.h"
#include "model/http_chat_transport.h"
#include "support/model_double.h"
#include "support/ports.h"
#include "unit/model/model_fixtures.h"

namespace draftbox {
namespace {

using nlohmann::json;
using test::ModelDouble;

json Step(const json& answer) { return {{"answer", answer}}; }

class OpenAiComposerTest : public ::testing::Test {
 protected:
  void StartDouble(const std::vector<json>& steps) {
    Result<std::unique_ptr<ModelDouble>> started = ModelDouble::Start(steps);
    ASSERT_TRUE(started) << started.error().ToString();
    double_ = std::move(*started);
    endpoint_ = double_->endpoint();
  }

  std::unique_ptr<OpenAiComposer> ModelComposer(OpenAiComposerOptions options = {},
                                                int timeout_seconds = 10) {
    Result<HttpChatTransport> transport =
        HttpChatTransport::Create(endpoint_, "sk-test", std::chrono::seconds(timeout_seconds));
    EXPECT_TRUE(transport) << transport.error().ToString();
    options.model = "double";
    // Real waits, kept short; the Retry-After test waits what the server asks.
    options.chat.initial_backoff = std::chrono::milliseconds(50);
    return std::make_unique<OpenAiComposer>(
        std::make_unique<HttpChatTransport>(std::move(*transport)),
        std::make_unique<TemplateComposer>(), options);
  }

  ComposeResult Compose(OpenAiComposerOptions options = {}, int timeout_seconds = 10) {
    return ModelComposer(options, timeout_seconds)->Compose(testing::FundedRequest(recipient_));
  }

  Recipient recipient_ = testing::FundedRecipient();
  std::unique_ptr<ModelDouble> double_;
  std::string endpoint_;
};

TEST_F(OpenAiComposerTest, GoodAnswerBecomesADraftWithTheExactPromptSent) {
  StartDouble({Step(testing::Answer())});
  ComposeResult draft = Compose();
  ASSERT_TRUE(draft) << draft.error().reason;
  EXPECT_EQ(draft->body, testing::GoodBody());
  ASSERT_EQ(draft->facts_used.size(), 1u);
  EXPECT_EQ(draft->facts_used[0].id, "activity:#0");
  const std::vector<json> requests = double_->Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["path"], "/v1/chat/completions");
  EXPECT_EQ(requests[0]["authorization"], "Bearer sk-test");
  EXPECT_EQ(json::parse(draft->prompt), requests[0]["body"]);
  EXPECT_FALSE(requests[0]["body"].contains("tools"));
}

TEST_F(OpenAiComposerTest, InventedFactsAreRetriedWithFeedbackThenHeld) {
  StartDouble({Step(testing::InventedAnswer())});
  ComposeResult draft = Compose();
  ASSERT_FALSE(draft);
  EXPECT_FALSE(draft.error().unreachable);
  EXPECT_NE(draft.error().reason.find("failed the grounding check"), std::string::npos)
      << draft.error().reason;
  EXPECT_NE(draft.error().reason.find("3 answers from the model, none usable"), std::string::npos);
  const std::vector<json> requests = double_->Requests();
  ASSERT_EQ(requests.size(), 3u);  // the first answer and two retries with feedback
  const std::string retry = requests[1]["body"]["messages"][1]["content"];
  EXPECT_NE(retry.find("PROBLEMS WITH YOUR PREVIOUS ANSWER"), std::string::npos);
  EXPECT_NE(retry.find("40"), std::string::npos) << retry;
}

TEST_F(OpenAiComposerTest, AGroundedRetryIsAccepted) {
  StartDouble({Step(testing::InventedAnswer()), Step(testing::Answer())});
  ComposeResult draft = Compose();
  ASSERT_TRUE(draft) << draft.error().reason;
  EXPECT_EQ(double_->Requests().size(), 2u);
  EXPECT_NE(draft->prompt.find("PROBLEMS WITH YOUR PREVIOUS ANSWER"), std::string::npos);
}

TEST_F(OpenAiComposerTest, MalformedJsonIsHeldWithItsReason) {
  StartDouble({{{"content", "{\"subject\": \"Hi\", \"body\": \"unfinished"}}});
  ComposeResult draft = Compose();
  ASSERT_FALSE(draft);
  EXPECT_NE(draft.error().reason.find("answer is not valid JSON"), std::string::npos)
      << draft.error().reason;
  EXPECT_EQ(double_->Requests().size(), 3u);
}

TEST_F(OpenAiComposerTest, ASlowAnswerTimesOutAndTheDraftIsHeld) {
  StartDouble({{{"delay", 3}, {"answer", testing::Answer()}}});
  OpenAiComposerOptions options;
  options.chat.max_retries = 1;
  ComposeResult draft = Compose(options, /*timeout_seconds=*/1);
  ASSERT_FALSE(draft);
  EXPECT_TRUE(draft.error().unreachable);
  EXPECT_NE(draft.error().reason.find("no whole answer within 1 s"), std::string::npos)
      << draft.error().reason;
  EXPECT_NE(draft.error().reason.find("held (composer.on_unreachable = \"hold\")"),
            std::string::npos);
  EXPECT_EQ(double_->Requests().size(), 2u);
}

TEST_F(OpenAiComposerTest, A429IsRetriedAfterTheServersRetryAfter) {
  StartDouble({{{"status", 429},
                {"raw", "{\"error\":\"rate limited\"}"},
                {"headers", {{"Retry-After", "1"}}}},
               Step(testing::Answer())});
  ComposeResult draft = Compose();
  ASSERT_TRUE(draft) << draft.error().reason;
  const std::vector<json> requests = double_->Requests();
  ASSERT_EQ(requests.size(), 2u);
  // The backoff alone would have retried after 50 ms.
  EXPECT_GE(requests[1]["time"].get<double>() - requests[0]["time"].get<double>(), 0.95);
}

TEST_F(OpenAiComposerTest, ARefusedConnectionFallsBackToTheTemplateComposer) {
  endpoint_ = "http://127.0.0.1:" + std::to_string(test::FreeLoopbackPort()) + "/v1";
  OpenAiComposerOptions options;
  options.fallback_to_template = true;
  options.chat.max_retries = 0;
  ComposeResult draft = Compose(options);
  ASSERT_TRUE(draft) << draft.error().reason;
  EXPECT_NE(draft->fallback_reason.find("model endpoint unreachable"), std::string::npos);
  EXPECT_NE(draft->fallback_reason.find("written by the template composer"), std::string::npos);
  EXPECT_TRUE(draft->prompt.empty());
}

TEST_F(OpenAiComposerTest, ARefusedConnectionHoldsTheDraftWhenSoConfigured) {
  endpoint_ = "http://127.0.0.1:" + std::to_string(test::FreeLoopbackPort()) + "/v1";
  OpenAiComposerOptions options;
  options.chat.max_retries = 0;
  ComposeResult draft = Compose(options);
  ASSERT_FALSE(draft);
  EXPECT_TRUE(draft.error().unreachable);
  EXPECT_NE(draft.error().reason.find("cannot connect to http://127.0.0.1:"), std::string::npos)
      << draft.error().reason;
}

TEST_F(OpenAiComposerTest, AnAnswerCutMidBodyIsRetried) {
  StartDouble({{{"cut", true}, {"answer", testing::Answer()}}, Step(testing::Answer())});
  ComposeResult draft = Compose();
  ASSERT_TRUE(draft) << draft.error().reason;
  EXPECT_EQ(double_->Requests().size(), 2u);
}

TEST_F(OpenAiComposerTest, AServerWithoutJsonSchemaGetsJsonMode) {
  StartDouble({{{"refuse_json_schema", true}, {"answer", testing::Answer()}}});
  std::unique_ptr<OpenAiComposer> composer = ModelComposer();
  ASSERT_TRUE(composer->Compose(testing::FundedRequest(recipient_)));
  ASSERT_TRUE(composer->Compose(testing::FundedRequest(recipient_)));
  const std::vector<json> requests = double_->Requests();
  ASSERT_EQ(requests.size(), 3u);  // refused once, then JSON mode from then on
  EXPECT_EQ(requests[0]["body"]["response_format"]["type"], "json_schema");
  EXPECT_EQ(requests[1]["body"]["response_format"]["type"], "json_object");
  EXPECT_EQ(requests[2]["body"]["response_format"]["type"], "json_object");
}

TEST_F(OpenAiComposerTest, AWrongKeyIsHeldWithoutRetryOrFallback) {
  StartDouble({{{"status", 401}, {"raw", "{\"error\":\"invalid api key\"}"}}});
  OpenAiComposerOptions options;
  options.fallback_to_template = true;
  ComposeResult draft = Compose(options);
  ASSERT_FALSE(draft);
  EXPECT_FALSE(draft.error().unreachable);
  EXPECT_NE(draft.error().reason.find("HTTP 401"), std::string::npos) << draft.error().reason;
  EXPECT_EQ(double_->Requests().size(), 1u);
}

}  // namespace
}  // namespace draftbox
