#include "campaign/campaign_runner.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace draftbox {
namespace {

TEST(FactsJsonTest, ListsTheSentencesThatRestOnEachFact) {
  std::vector<FactUsed> facts = {{"activity:3", "$15M Series B"}, {"recipient:role", "CTO"}};
  std::vector<SentenceFacts> sentences = {
      {"Congratulations on the $15M Series B.", {"activity:3"}},
      {"As CTO you will know the pain.", {"recipient:role", "activity:3"}},
      {"Would a call work?", {}}};
  auto stored = nlohmann::json::parse(FactsJson(facts, sentences));
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0]["id"], "activity:3");
  EXPECT_EQ(stored[0]["sentences"], nlohmann::json({"Congratulations on the $15M Series B.",
                                                    "As CTO you will know the pain."}));
  EXPECT_EQ(stored[1]["sentences"], nlohmann::json({"As CTO you will know the pain."}));
}

TEST(FactsJsonTest, LeavesSentencesOutWhenTheComposerGaveNone) {
  auto stored = nlohmann::json::parse(FactsJson({{"activity:3", "$15M Series B"}}));
  EXPECT_EQ(stored, nlohmann::json::parse(R"([{"id": "activity:3", "text": "$15M Series B"}])"));
}

}  // namespace
}  // namespace draftbox
