// ChatAnswer: strict parsing of a chat completion into a draft, each refusal with its reason.
#include "model/chat_answer.h"

#include <gtest/gtest.h>

#include <string>

#include "unit/model/model_fixtures.h"

namespace draftbox {
namespace {

using testing::Answer;
using testing::Completion;

class ChatAnswerTest : public ::testing::Test {
 protected:
  std::expected<ComposedDraft, std::string> Parse(const std::string& http_body) {
    return ChatAnswer::Parse(http_body, prompt_);
  }
  std::string Refusal(const std::string& http_body) {
    auto parsed = Parse(http_body);
    return parsed ? "(accepted)" : parsed.error();
  }

  Recipient recipient_ = testing::FundedRecipient();
  ModelPrompt prompt_ = ModelPromptBuilder().Build(testing::FundedRequest(recipient_), {});
};

TEST_F(ChatAnswerTest, ReadsSubjectBodyAndFactsPerSentence) {
  auto draft = Parse(Completion(Answer().dump()));
  ASSERT_TRUE(draft) << draft.error();
  EXPECT_EQ(draft->subject, "Your Series B");
  EXPECT_EQ(draft->body, testing::GoodBody());
  EXPECT_EQ(draft->language, "en");
  ASSERT_EQ(draft->facts_used.size(), 1u);
  EXPECT_EQ(draft->facts_used[0].id, "activity:#0");
  EXPECT_EQ(draft->facts_used[0].text, testing::kGoodSentence);
}

TEST_F(ChatAnswerTest, RefusesMalformedJson) {
  EXPECT_EQ(Refusal(Completion("{\"subject\": \"Hi\", \"body\": ")), "answer is not valid JSON");
  EXPECT_EQ(Refusal("<html>502</html>"), "the response is not the API's JSON");
  EXPECT_EQ(Refusal("{\"choices\": []}"), "the response has no choices");
}

TEST_F(ChatAnswerTest, RefusesMissingFields) {
  nlohmann::json answer = Answer();
  answer.erase("subject");
  EXPECT_EQ(Refusal(Completion(answer.dump())), "answer has no \"subject\" string");
  answer = Answer();
  answer["sentences"] = "none";
  EXPECT_EQ(Refusal(Completion(answer.dump())), "answer has no \"sentences\" array");
  answer = Answer();
  answer["sentences"][0].erase("fact_ids");
  EXPECT_EQ(Refusal(Completion(answer.dump())), "sentence 1 has no \"fact_ids\" array");
}

TEST_F(ChatAnswerTest, RefusesUnknownFactIds) {
  EXPECT_EQ(Refusal(Completion(
                Answer(testing::GoodBody(), testing::kGoodSentence, "activity:99").dump())),
            "sentence 1 cites unknown fact id \"activity:99\"");
}

TEST_F(ChatAnswerTest, RefusesASentenceThatIsNotInTheBody) {
  EXPECT_EQ(Refusal(Completion(Answer(testing::GoodBody(), "We met at the conference.").dump())),
            "sentence 1 is not in the body");
}

TEST_F(ChatAnswerTest, RefusesOverlongText) {
  nlohmann::json answer = Answer();
  answer["subject"] = std::string(ChatAnswer::kMaxSubjectChars + 1, 's');
  EXPECT_EQ(Refusal(Completion(answer.dump())), "subject is longer than 120 characters");
  answer = Answer(testing::GoodBody() + std::string(ChatAnswer::kMaxBodyChars, 'b'));
  EXPECT_EQ(Refusal(Completion(answer.dump())), "body is longer than 4000 characters");
}

TEST_F(ChatAnswerTest, RefusesAnAnswerCutAtTheTokenLimit) {
  EXPECT_EQ(Refusal(Completion(Answer().dump(), "length")),
            "the answer was cut at the token limit");
}

TEST_F(ChatAnswerTest, RefusesAnAnswerCitingNoFact) {
  nlohmann::json answer = Answer();
  answer["sentences"] = nlohmann::json::array();
  EXPECT_EQ(Refusal(Completion(answer.dump())), "no sentence cites a fact");
}

TEST_F(ChatAnswerTest, StripsInvisibleCharactersFromTheDraft) {
  nlohmann::json answer = Answer();
  answer["subject"] = "Your\u200B Series B\u202E";
  auto draft = Parse(Completion(answer.dump()));
  ASSERT_TRUE(draft) << draft.error();
  EXPECT_EQ(draft->subject, "Your Series B");
}

}  // namespace
}  // namespace draftbox
