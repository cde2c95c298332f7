#include "cli/report_command.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace draftbox {
namespace {

using nlohmann::json;

TEST(ReportCommandTest, EncodesThePersonaForTheQuery) {
  EXPECT_EQ(QueryValue("sales-eu_2.x~"), "sales-eu_2.x~");
  EXPECT_EQ(QueryValue("a b&c=d/ü"), "a%20b%26c%3Dd%2F%C3%BC");
}

TEST(ReportCommandTest, RendersEveryListAndSaysNoneForAnEmptyOne) {
  json report = {{"persona", "sales"},
                 {"sends", 4},
                 {"median_ratio", 0.125},
                 {"removed", {{{"text", "I hope this finds you well."}, {"sends", 3}}}},
                 {"added", json::array()},
                 {"subject_rewrites", {{{"from", "Hi\x1b[31m"}, {"to", "Hello"}, {"sends", 2}}}},
                 {"weeks", {{{"week", "2026-11-23"}, {"sends", 4}, {"median_ratio", 0.125}}}}};
  const std::string text = RenderEditReport(report);
  EXPECT_NE(text.find("persona sales: 4 sends, median edit ratio 0.12"), std::string::npos) << text;
  EXPECT_NE(text.find("phrases removed\n  SENDS  PHRASE\n  3      I hope this finds you well.\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("phrases added\n  (none)\n"), std::string::npos) << text;
  // A subject is untrusted text: no escape sequence reaches the terminal.
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_NE(text.find("2026-11-23  4      0.12"), std::string::npos) << text;
}

TEST(ReportCommandTest, SaysWhenNothingWasCapturedYet) {
  const std::string text = RenderEditReport(
      json{{"persona", nullptr}, {"sends", 0}, {"median_ratio", 0}, {"removed", json::array()}});
  EXPECT_NE(text.find("every persona: 0 sends"), std::string::npos) << text;
  EXPECT_NE(text.find("no sent drafts with their text yet"), std::string::npos) << text;
}

}  // namespace
}  // namespace draftbox
