// The opt-out detector measured on tests/data/optouts/: replies written as mail clients write
// them, each quoting an outreach email whose own footer says "stop" and "unsubscribe". Prints
// recall and false opt-outs per language and every miss, and fails below 95 % recall
// (`possible` counts as caught: a person sees it before anyone is written to again) or above
// 5 % false opt-outs (a reply that asks nothing taken for a request and suppressed).
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "classify/message_classifier.h"
#include "support/test_data.h"

namespace draftbox {
namespace {

struct Label {
  std::string file;
  std::string language;
  std::string expected;  // opt_out, possible or none
  std::string note;
};

std::vector<Label> ReadLabels() {
  std::vector<Label> labels;
  std::istringstream in(test::ReadTestData("optouts/labels.jsonl"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line);
    labels.push_back({j.at("file"), j.at("language"), j.at("expected"), j.at("note")});
  }
  return labels;
}

struct Tally {
  int requests = 0;
  int caught = 0;
  int others = 0;
  int false_opt_outs = 0;
  int false_possibles = 0;
};

TEST(OptOutCorpusTest, EveryFileIsLabelledAndTheCorpusCoversFourLanguages) {
  std::vector<Label> labels = ReadLabels();
  std::set<std::string> labelled;
  std::map<std::string, std::pair<int, int>> per_language;  // requests, others
  for (const Label& label : labels) {
    ASSERT_TRUE(label.expected == "opt_out" || label.expected == "possible" ||
                label.expected == "none")
        << label.file << ": expected: " << label.expected;
    EXPECT_TRUE(labelled.insert(label.file).second) << label.file << ": labelled twice";
    auto& [requests, others] = per_language[label.language];
    (label.expected == "none" ? others : requests)++;
  }
  for (const auto& entry : std::filesystem::directory_iterator(test::TestDataPath("optouts"))) {
    if (entry.path().extension() != ".eml") continue;
    EXPECT_TRUE(labelled.contains(entry.path().filename().string()))
        << entry.path() << ": not in labels.jsonl";
  }
  int requests = 0;
  int others = 0;
  for (const char* language : {"en", "de", "fr", "es"}) {
    EXPECT_GE(per_language[language].first, 5) << language;
    EXPECT_GE(per_language[language].second, 5) << language;
    requests += per_language[language].first;
    others += per_language[language].second;
  }
  EXPECT_GE(requests, 30);
  EXPECT_GE(others, 30);
}

TEST(OptOutCorpusTest, CatchesRequestsInFourLanguagesWithFewFalseOptOuts) {
  std::map<std::string, Tally> tallies;  // per language, and "all"
  for (const Label& label : ReadLabels()) {
    Classification c = ClassifyMessage(test::ReadTestData("optouts/" + label.file));
    ASSERT_EQ(c.kind, MessageKind::kReply) << label.file;
    const std::string_view got = OptOutVerdictName(c.opt_out);
    for (const std::string& key : {label.language, std::string("all")}) {
      Tally& t = tallies[key];
      if (label.expected == "none") {
        ++t.others;
        if (c.opt_out == OptOutVerdict::kOptOut) ++t.false_opt_outs;
        if (c.opt_out == OptOutVerdict::kPossible) ++t.false_possibles;
      } else {
        ++t.requests;
        if (c.opt_out != OptOutVerdict::kNone) ++t.caught;
      }
    }
    if (got != label.expected) {
      std::cout << "  " << label.file << ": expected " << label.expected << ", got " << got << " ("
                << label.note << "): \"" << c.reply_text.substr(0, 120) << "\"\n";
    }
  }
  for (const auto& [language, t] : tallies) {
    std::cout << language << ": recall " << t.caught << "/" << t.requests << " ("
              << 100.0 * t.caught / t.requests << " %), false opt-outs " << t.false_opt_outs << "/"
              << t.others << " (" << 100.0 * t.false_opt_outs / t.others
              << " %), possible on a non-request " << t.false_possibles << "/" << t.others << "\n";
  }
  const Tally& all = tallies["all"];
  EXPECT_GE(all.caught * 100, all.requests * 95) << "recall below 95 %";
  EXPECT_LE(all.false_opt_outs * 100, all.others * 5) << "false opt-outs above 5 %";
}

}  // namespace
}  // namespace draftbox
