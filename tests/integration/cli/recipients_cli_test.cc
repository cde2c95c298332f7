// `draftbox recipients import|list|show` with the real binary against a real daemon on a free
// loopback port, importing the shared sample set and a generated 20k-row file; the background
// import is also driven over HTTP. --json answers are checked against shared/api/.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_runner.h"
#include "support/ports.h"
#include "support/test_data.h"
#include "unit/api/schema_check.h"

namespace draftbox::test {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::filesystem::path SampleDir() { return test::TestDataPath("recipients"); }

// A CSV of `rows` people; every 1000th address from the 500th is bad (refused) and the last row
// repeats the first in upper case (merged).
std::string PeopleCsv(int rows) {
  std::string csv = "email,name,company\n";
  for (int i = 1; i <= rows; ++i) {
    const std::string email = i % 1000 == 500 ? "bad" + std::to_string(i)
                              : i == rows     ? "PERSON1@EXAMPLE.COM"
                                              : "person" + std::to_string(i) + "@example.com";
    csv += email + ",Person " + std::to_string(i) + ",Acme\n";
  }
  return csv;
}

// `method` `path` on the daemon at 127.0.0.1:`port`, with the token it wrote into `data_dir`.
httplib::Result CallApi(uint16_t port, const std::filesystem::path& data_dir,
                        const std::string& method, const std::string& path,
                        const nlohmann::json& body) {
  const std::string token = CliRunner::ReadFile(data_dir / "token");
  const httplib::Headers auth = {
      {"Authorization", "Bearer " + token.substr(0, token.find_first_of("\r\n"))}};
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(std::chrono::seconds(60));
  if (method == "GET") return client.Get(path, auth);
  return client.Post(path, auth, body.dump(), "application/json");
}

class RecipientsCliTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(CliRunner::Binary().empty()) << "DRAFTBOX_BINARY unset";
    samples_ = SampleDir();
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

  // This test's daemon's own API.
  httplib::Result Api(const std::string& method, const std::string& path,
                      const nlohmann::json& body = nullptr) {
    return CallApi(port_, cli_.dir() / "data", method, path, body);
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

TEST_F(RecipientsCliTest, Latin1FileIsRefusedNamingTheLineAndImportsWithEncoding) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  const std::string file = (samples_ / "latin1-german.csv").string();
  RunResult refused = Recipients({"import", file});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Contains(refused.err, "latin1-german.csv:2: not valid UTF-8")) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "--encoding windows-1252")) << refused.err;

  RunResult imported = Recipients({"import", file, "--encoding", "latin1"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.out,
            "imported 3 new, 0 updated, 0 activities added (0 rows merged, 0 rows "
            "refused)\n");
  RunResult show = Recipients({"show", "joerg.mueller@baeckerei-gross.example"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(Contains(show.out, "name:           Jörg Müller\n")) << show.out;
  EXPECT_TRUE(Contains(show.out, "company:        Bäckerei Groß GmbH\n")) << show.out;
}

TEST_F(RecipientsCliTest, GermanExcelCsvGetsTheSemicolonHintAndCountsNoRefusedRow) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  RunResult result = Recipients(
      {"import", (samples_ / "excel-de-semicolon.csv").string(), "--encoding", "windows-1252"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out,
            "imported 0 new, 0 updated, 0 activities added (0 rows merged, 0 rows refused)\n");
  EXPECT_TRUE(Contains(result.err,
                       "excel-de-semicolon.csv:1: email: no email column in the "
                       "header (the file is separated by ';'"))
      << result.err;
  EXPECT_TRUE(Contains(result.err, "the file was refused")) << result.err;
}

TEST_F(RecipientsCliTest, ListAndShowGiveTextAndSchemaValidJson) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  ASSERT_EQ(ImportSample().exit_code, 0);

  RunResult list = Recipients({"list", "--limit", "2"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out,
            "ID  EMAIL                    NAME           COMPANY            ACCOUNT STATE\n"
            "1   lmller0@coralreef.media  Lena Müller   Coral Reef Media   churned\n"
            "2   fdubois1@bluefjord.no    Farhan Dubois  Bluefjord Systems  churned\n"
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
  EXPECT_EQ(result.err, "draftbox: " + file.string() +
                            ":2: not valid UTF-8; a file saved by Excel on Windows or an older "
                            "system is most likely Windows-1252: import it with --encoding "
                            "windows-1252 (or latin1), or save it as UTF-8\n");
}

TEST_F(RecipientsCliTest, LargeImportWhenPipedPrintsTheReportAndNoProgressBar) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  const std::filesystem::path file = cli_.WriteFile("people.csv", PeopleCsv(20000));
  RunResult result = cli_.Run({"recipients", "import", file.string(), "--config", config_.string()},
                              std::chrono::seconds(120));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "imported 19979 new, 0 updated, 0 activities added (1 row merged, 20 rows refused)\n");
  for (const std::string& text : {result.out, result.err}) {
    EXPECT_FALSE(Contains(text, "\r")) << text;
    EXPECT_FALSE(Contains(text, "import [")) << text;
    EXPECT_FALSE(Contains(text, "#")) << text;
  }
  EXPECT_TRUE(Contains(result.err, file.string() + ":501: email: bad email address")) << result.err;
  const std::string list = Recipients({"list", "--limit", "1"}).out;
  EXPECT_EQ(list.substr(list.find('\n') + 1, 2), "1 ") << list;
}

TEST_F(RecipientsCliTest, AsyncImportOverHttpFinishesWithTheCountsOfASyncImport) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  const std::string csv = PeopleCsv(20000);
  nlohmann::json request = {{"format", "csv"},
                            {"recipients_file", "people.csv"},
                            {"recipients_text", csv},
                            {"async", true}};
  EXPECT_EQ(SchemaViolations("recipients_import_request.json", request.dump()), "");
  httplib::Result started = Api("POST", "/v1/recipients/import", request);
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, 202) << started->body;
  EXPECT_EQ(SchemaViolations("recipients_import_job.json", started->body), "");
  nlohmann::json job = nlohmann::json::parse(started->body);
  EXPECT_EQ(job["state"], "running");
  EXPECT_EQ(job["done"], 0);
  EXPECT_EQ(job["total"], 19979);

  const std::string path = "/v1/imports/" + std::to_string(job["import_id"].get<int64_t>());
  int64_t last_done = 0;
  bool saw_between = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (job["state"] == "running" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    httplib::Result polled = Api("GET", path);
    ASSERT_TRUE(polled);
    ASSERT_EQ(polled->status, 200) << polled->body;
    job = nlohmann::json::parse(polled->body);
    const int64_t done = job["done"].get<int64_t>();
    EXPECT_LE(last_done, done);
    saw_between = saw_between || (done > 0 && done < job["total"].get<int64_t>());
    last_done = done;
  }
  ASSERT_EQ(job["state"], "finished") << job.dump();
  EXPECT_EQ(SchemaViolations("recipients_import_job.json", job.dump()), "");
  EXPECT_EQ(job["done"], job["total"]);
  // Four batches of 5000 leave the bar somewhere in between on most runs; not asserted, since a
  // fast machine may store a batch between two polls.
  RecordProperty("progress_seen_between", saw_between ? "yes" : "no");

  // The same file stored within the request, into a second daemon of its own.
  CliRunner other_cli;
  const uint16_t other_port = FreeLoopbackPort();
  std::unique_ptr<Subprocess> other_daemon;
  ASSERT_NO_FATAL_FAILURE(
      other_cli.StartDaemon(other_cli.WriteDaemonConfig(other_port), &other_daemon));
  request["async"] = false;
  httplib::Result sync =
      CallApi(other_port, other_cli.dir() / "data", "POST", "/v1/recipients/import", request);
  ASSERT_TRUE(sync);
  ASSERT_EQ(sync->status, 200) << sync->body;
  EXPECT_EQ(job["result"], nlohmann::json::parse(sync->body));
}

TEST_F(RecipientsCliTest, ImportApiAnswers404ForAnUnknownIdAnd405ForAPost) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  httplib::Result unknown = Api("GET", "/v1/imports/99");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(SchemaViolations("error.json", unknown->body), "");
  httplib::Result post = Api("POST", "/v1/imports/99", nlohmann::json::object());
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET");
}

TEST_F(RecipientsCliTest, AsyncImportOfAMalformedRequestFailsAtOnce) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  httplib::Result res = Api("POST", "/v1/recipients/import",
                            {{"format", "xml"}, {"recipients_text", "email\n"}, {"async", true}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(SchemaViolations("error.json", res->body), "");
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
