// `draftbox classify FILE.eml...` run as a user would: offline (no daemon, no config), one JSON
// line per file in order, an unreadable file named on stderr with exit 1 while the rest print.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.h"
#include "support/test_data.h"

namespace draftbox::test {
namespace {

std::filesystem::path Data(const std::string& relative) { return TestDataPath(relative); }

std::vector<nlohmann::json> Lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(ClassifyCliTest, PrintsOneJsonLinePerFileWithoutADaemon) {
  CliRunner cli;
  RunResult result =
      cli.Run({"classify", Data("bounces/lhost-postfix-06.eml").string(),
               Data("replies/yahoo.eml").string(), Data("bounces/rfc3834-02.eml").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<nlohmann::json> lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["kind"], "bounce");
  EXPECT_TRUE(lines[0]["permanent"].is_boolean());
  EXPECT_TRUE(lines[0]["recipient"].is_string());
  EXPECT_TRUE(lines[0]["reply_text"].is_null());
  EXPECT_EQ(lines[1]["kind"], "reply");
  EXPECT_EQ(lines[1]["reply_text"], "Hello");
  EXPECT_EQ(lines[1]["opt_out"], false);
  EXPECT_EQ(lines[1]["in_reply_to"], "1333374262.7063.15.camel@mg5");
  EXPECT_TRUE(lines[1]["permanent"].is_null());
  EXPECT_EQ(lines[2]["kind"], "auto_reply");
  for (const char* field :
       {"file", "kind", "permanent", "recipient", "status", "reason", "reply_text", "opt_out"}) {
    EXPECT_TRUE(lines[2].contains(field)) << field;
  }
}

// opt_out is true for a clear request, "possible" for an unclear one, false otherwise.
TEST(ClassifyCliTest, PrintsOptOutAsTrueFalseOrPossible) {
  CliRunner cli;
  RunResult result = cli.Run({"classify", Data("optouts/de-keine-emails-mehr.eml").string(),
                              Data("optouts/en-not-interested.eml").string(),
                              Data("optouts/en-neg-dont-unsubscribe.eml").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<nlohmann::json> lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["opt_out"], true);
  EXPECT_EQ(lines[0]["reply_text"], "Bitte keine E-Mails mehr.\n\nVon meinem iPhone gesendet");
  EXPECT_EQ(lines[1]["opt_out"], "possible");
  EXPECT_EQ(lines[2]["opt_out"], false);
}

TEST(ClassifyCliTest, NamesAnUnreadableFileAndStillPrintsTheOthers) {
  CliRunner cli;
  std::string missing = (cli.dir() / "missing.eml").string();
  RunResult result =
      cli.Run({"classify", missing, Data("replies/gmail.eml").string(), cli.dir().string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find(missing), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(cli.dir().string() + ": cannot read"), std::string::npos) << result.err;
  std::vector<nlohmann::json> lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["kind"], "reply");
}

TEST(ClassifyCliTest, RequiresAtLeastOneFile) {
  CliRunner cli;
  RunResult result = cli.Run({"classify"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("classify"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace draftbox::test
