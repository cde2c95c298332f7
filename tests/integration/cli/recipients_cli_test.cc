// `draftbox recipients import|list|show` with the real binary against a real daemon on a free
// loopback port, importing the shared sample set; --json answers are checked against
// shared/api/.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_runner.h"
#include "support/ports.h"
#include "unit/api/schema_check.h"

namespace draftbox::test {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The sample data lives beside the repo (../shared) or inside it (shared/).
std::filesystem::path SampleDir() {
  const char* root = std::getenv("DRAFTBOX_SOURCE_DIR");
  if (root == nullptr) return {};
  for (auto dir : {std::filesystem::path(root) / ".." / "shared" / "data" / "recipients",
                   std::filesystem::path(root) / "shared" / "data" / "recipients"}) {
    if (std::filesystem::exists(dir / "recipients.csv")) return dir;
  }
  return {};
}

class RecipientsCliTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(CliRunner::Binary().empty()) << "DRAFTBOX_BINARY unset";
    samples_ = SampleDir();
    ASSERT_FALSE(samples_.empty()) << "sample data not found";
    port_ = FreeLoopbackPort();
    ASSERT_NE(port_, 0);
    config_ = cli_.WriteDaemonConfig(port_);
  }

  // Starts `draftbox daemon` and waits until `status` succeeds.
  void StartDaemon() { cli_.StartDaemon(config_, &daemon_); }

  // `draftbox recipients args... --config FILE`.
  RunResult Recipients(std::vector<std::string> args) {
    args.insert(args.begin(), "recipients");
    args.push_back("--config");
    args.push_back(config_.string());
    return cli_.Run(args);
  }

  RunResult ImportSample() {
    return Recipients({"import", (samples_ / "recipients.csv").string(), "--activities",
                       (samples_ / "activities.csv").string()});
  }

  CliRunner cli_;
  std::filesystem::path samples_;
  uint16_t port_ = 0;
  std::filesystem::path config_;
  std::unique_ptr<Subprocess> daemon_;
};

TEST_F(RecipientsCliTest, ImportOfTheSamplePrintsSummaryAndEachBadRowAsFileLine) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  RunResult result = ImportSample();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "imported 119 new, 0 updated, 177 activities added (5 rows merged, 3 rows refused)\n");
  const std::string csv = (samples_ / "recipients.csv").string();
  const std::string activities = (samples_ / "activities.csv").string();
  EXPECT_TRUE(Contains(result.err, csv + ":28: email: bad email address: more than one '@'\n"))
      << result.err;
  EXPECT_TRUE(Contains(result.err, activities + ":39: email: bad email address"));
  EXPECT_TRUE(Contains(result.err, activities + ":137: summary: longer than 1000 characters"));
  EXPECT_TRUE(Contains(result.err, csv + ":125: note: email: same address as line 18"));
}

TEST_F(RecipientsCliTest, ReimportAsJsonUpdatesAndAddsNoActivitiesTwice) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  ASSERT_EQ(ImportSample().exit_code, 0);
  RunResult again = Recipients({"import", (samples_ / "recipients.jsonl").string(), "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(SchemaViolations("recipients_import_response.json", again.out), "");
  nlohmann::json body = nlohmann::json::parse(again.out);
  EXPECT_EQ(body["imported"], 0);
  EXPECT_EQ(body["updated"], 119);
  EXPECT_EQ(body["activities_added"], 0);  // the JSONL holds the same facts as the CSV pair
  EXPECT_EQ(body["errors"].size(), 2u);
}

TEST_F(RecipientsCliTest, ListAndShowGiveTextAndSchemaValidJson) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  ASSERT_EQ(ImportSample().exit_code, 0);

  RunResult list = Recipients({"list", "--limit", "2"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out,
            "1  lmller0@coralreef.media  Lena Müller  Coral Reef Media  churned\n"
            "2  fdubois1@bluefjord.no  Farhan Dubois  Bluefjord Systems  churned\n"
            "2 of 119 recipients\n");
  RunResult list_json = Recipients({"list", "--json", "--limit", "1000"});
  ASSERT_EQ(list_json.exit_code, 0) << list_json.err;
  EXPECT_EQ(SchemaViolations("recipients_list.json", list_json.out), "");
  EXPECT_EQ(nlohmann::json::parse(list_json.out)["recipients"].size(), 119u);

  RunResult show = Recipients({"show", "DUBOIS10@kestrelrobotics.io"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(Contains(show.out, "name:           Eve Bcc: victim@example.net Dubois\n"))
      << show.out;
  EXPECT_TRUE(Contains(show.out, "job_change: Promoted to Chief Marketing Officer")) << show.out;

  RunResult show_json = Recipients({"show", "1", "--json"});
  ASSERT_EQ(show_json.exit_code, 0) << show_json.err;
  EXPECT_EQ(SchemaViolations("recipient.json", show_json.out), "");
  nlohmann::json one = nlohmann::json::parse(show_json.out);
  EXPECT_EQ(one["email"], "lmller0@coralreef.media");
  EXPECT_EQ(one["activities"].size(), 3u);
  EXPECT_EQ(one["activities"][0]["date"], "2026-11-15");  // newest first
}

TEST_F(RecipientsCliTest, ShowOfAnUnknownRecipientFailsWithOneLine) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  RunResult result = Recipients({"show", "42"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "draftbox: no recipient with id 42\n");
}

TEST_F(RecipientsCliTest, MissingFileFailsWithOneClearLine) {
  RunResult result = Recipients({"import", (cli_.dir() / "nope.csv").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(IsOneErrorLine(result.err)) << result.err;
  EXPECT_TRUE(Contains(result.err, "cannot read " + (cli_.dir() / "nope.csv").string()))
      << result.err;
}

TEST_F(RecipientsCliTest, FileWithOnlyBadRowsExitsOne) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  const std::filesystem::path file = cli_.WriteFile("bad.csv", "email,name\nnot-an-address,X\n");
  RunResult result = Recipients({"import", file.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err, file.string() + ":2: email: bad email address")) << result.err;
  EXPECT_TRUE(Contains(result.err, "draftbox: nothing imported from " + file.string()));
}

TEST_F(RecipientsCliTest, FileThatIsNotUtf8IsRefusedNamingItsLine) {
  const std::filesystem::path file = cli_.WriteFile("latin1.csv", "email,name\na@b.de,J\xFCrgen\n");
  RunResult result = Recipients({"import", file.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err,
            "draftbox: " + file.string() + ":2: not valid UTF-8 (save the file as UTF-8)\n");
}

TEST_F(RecipientsCliTest, BadUsageExitsTwo) {
  EXPECT_EQ(Recipients({"import"}).exit_code, 2);
  EXPECT_EQ(Recipients({"import", "x.csv", "--format", "xml"}).exit_code, 2);
  EXPECT_EQ(Recipients({"list", "--limit", "0"}).exit_code, 2);
  EXPECT_EQ(Recipients({"show"}).exit_code, 2);
  EXPECT_EQ(Recipients({}).exit_code, 2);
}

}  // namespace
}  // namespace draftbox::test
