// `draftbox suppress add|import|list|remove` with the real binary against a real daemon on a free
// loopback port; --json answers are checked against shared/api/.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cctype>
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

class SuppressCliTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(CliRunner::Binary().empty()) << "DRAFTBOX_BINARY unset";
    port_ = FreeLoopbackPort();
    ASSERT_NE(port_, 0);
    config_ = cli_.WriteDaemonConfig(port_);
  }

  // Starts `draftbox daemon` and waits until `status` succeeds.
  void StartDaemon() { cli_.StartDaemon(config_, &daemon_); }

  // `draftbox suppress args... --config FILE`.
  RunResult Suppress(std::vector<std::string> args) {
    args.insert(args.begin(), "suppress");
    args.push_back("--config");
    args.push_back(config_.string());
    return cli_.Run(args);
  }

  CliRunner cli_;
  uint16_t port_ = 0;
  std::filesystem::path config_;
  std::unique_ptr<Subprocess> daemon_;
};

TEST_F(SuppressCliTest, AddThenListShowsTheEntryAsTextAndSchemaValidJson) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  RunResult added =
      Suppress({"add", "Ana@Acme.com", "--reason", "unsubscribed", "--source", "crm"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_TRUE(added.out.starts_with("added ana@acme.com (unsubscribed, ")) << added.out;
  ASSERT_EQ(Suppress({"add", "@Acme.io", "--reason", "customer freeze"}).exit_code, 0);

  RunResult text = Suppress({"list"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(Contains(text.out, "ana@acme.com")) << text.out;
  EXPECT_TRUE(Contains(text.out, "@acme.io")) << text.out;
  EXPECT_TRUE(Contains(text.out, "customer freeze")) << text.out;

  RunResult json = Suppress({"list", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(SchemaViolations("suppressions_list.json", json.out), "");
  nlohmann::json body = nlohmann::json::parse(json.out);
  ASSERT_EQ(body["count"], 2);
  EXPECT_EQ(body["suppressions"][0]["target"], "ana@acme.com");
  EXPECT_EQ(body["suppressions"][0]["source"], "crm");
  EXPECT_EQ(body["suppressions"][1]["kind"], "domain");
  EXPECT_EQ(body["suppressions"][1]["source"], "manual");

  RunResult domains = Suppress({"list", "--json", "--kind", "domain"});
  ASSERT_EQ(domains.exit_code, 0) << domains.err;
  EXPECT_EQ(nlohmann::json::parse(domains.out)["count"], 1);
}

TEST_F(SuppressCliTest, DuplicateAddKeepsTheFirstReason) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  ASSERT_EQ(Suppress({"add", "ana@acme.com", "--reason", "unsubscribed"}).exit_code, 0);
  RunResult again = Suppress({"add", "ANA@acme.com", "--reason", "bounce_hard"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(again.out.starts_with("already present: ana@acme.com (unsubscribed, ")) << again.out;
  nlohmann::json body = nlohmann::json::parse(Suppress({"list", "--json"}).out);
  EXPECT_EQ(body["count"], 1);
}

TEST_F(SuppressCliTest, ImportsTheSampleFile) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  const std::string file = test::TestDataPath("recipients/suppressions.csv").string();
  RunResult imported = Suppress({"import", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  // The sample's six rows are all usable (see suppression_store_test.cc).
  EXPECT_EQ(imported.out, "added 6, already present 0, refused 0\n");
  EXPECT_EQ(imported.err, "");

  RunResult json = Suppress({"import", file, "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(SchemaViolations("suppressions_import_response.json", json.out), "");
  EXPECT_EQ(nlohmann::json::parse(json.out)["already_present"], 6);
}

TEST_F(SuppressCliTest, ImportReportsBadRowsAsFileLineFieldAndExitsOne) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  const std::string file = cli_.WriteFile("bad.csv",
                                          "address,reason,date,source\n"
                                          "ok@acme.com,unsubscribed,2026-10-01,crm\n"
                                          "no-at-sign,unsubscribed,2026-10-01,crm\n")
                               .string();
  RunResult imported = Suppress({"import", file});
  EXPECT_EQ(imported.exit_code, 1);
  EXPECT_EQ(imported.out, "added 1, already present 0, refused 1\n");
  EXPECT_EQ(imported.err, file + ":3: address: missing '@'\n");
}

TEST_F(SuppressCliTest, RemoveTakesTheEntryOffAndGuardsGdprObjections) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  ASSERT_EQ(Suppress({"add", "@acme.io", "--reason", "freeze"}).exit_code, 0);
  RunResult removed = Suppress({"remove", "@ACME.io"});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_TRUE(removed.out.starts_with("removed @acme.io (freeze, ")) << removed.out;
  EXPECT_EQ(nlohmann::json::parse(Suppress({"list", "--json"}).out)["count"], 0);

  RunResult missing = Suppress({"remove", "@acme.io"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "draftbox: @acme.io is not on the suppression list\n");

  ASSERT_EQ(Suppress({"add", "x@acme.com", "--reason", "gdpr_objection"}).exit_code, 0);
  RunResult refused = Suppress({"remove", "x@acme.com"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(IsOneErrorLine(refused.err)) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "never expires")) << refused.err;
  EXPECT_EQ(Suppress({"remove", "x@acme.com", "--force"}).exit_code, 0);
}

// The endpoints the CLI does not use: DELETE with an encoded '@', and the API's own refusals.
TEST_F(SuppressCliTest, ApiDeletesByEncodedTargetAndRefusesBadRequests) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  ASSERT_EQ(Suppress({"add", "@acme.io", "--reason", "freeze"}).exit_code, 0);
  std::string token = CliRunner::ReadFile(cli_.dir() / "data" / "token");
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  ASSERT_FALSE(token.empty());
  httplib::Client client("127.0.0.1", port_);
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};

  auto removed = client.Delete("/v1/suppressions/%40ACME.io", auth);
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 200) << removed->body;
  EXPECT_EQ(SchemaViolations("suppression_remove_response.json", removed->body), "");
  auto again = client.Delete("/v1/suppressions/%40acme.io", auth);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 404);
  EXPECT_EQ(SchemaViolations("error.json", again->body), "");

  auto no_reason = client.Post("/v1/suppressions", auth, R"({"target":"a@acme.com","reason":""})",
                               "application/json");
  ASSERT_TRUE(no_reason);
  EXPECT_EQ(no_reason->status, 400);
  EXPECT_TRUE(Contains(no_reason->body, "reason is required")) << no_reason->body;

  auto bad_kind = client.Get("/v1/suppressions?kind=person", auth);
  ASSERT_TRUE(bad_kind);
  EXPECT_EQ(bad_kind->status, 400);

  auto wrong_method = client.Get("/v1/suppressions/import", auth);
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->status, 405);
}

TEST_F(SuppressCliTest, MissingOrEmptyReasonIsBadUsage) {
  // No daemon needed: usage is checked before the daemon is asked.
  RunResult missing = Suppress({"add", "ana@acme.com"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(IsOneErrorLine(missing.err)) << missing.err;
  EXPECT_TRUE(Contains(missing.err, "--reason")) << missing.err;

  RunResult empty = Suppress({"add", "ana@acme.com", "--reason", " "});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_TRUE(IsOneErrorLine(empty.err)) << empty.err;
}

TEST_F(SuppressCliTest, BadTargetIsBadUsage) {
  RunResult bad = Suppress({"add", "not-an-address", "--reason", "x"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "draftbox: not-an-address: missing '@'; run 'draftbox suppress add --help'\n");
}

TEST_F(SuppressCliTest, EverySubcommandHasHelp) {
  for (const char* sub : {"add", "import", "list", "remove"}) {
    RunResult help = cli_.Run({"suppress", sub, "--help"});
    EXPECT_EQ(help.exit_code, 0) << sub;
    EXPECT_TRUE(Contains(help.out, "Usage: draftbox suppress " + std::string(sub))) << help.out;
  }
}

TEST_F(SuppressCliTest, NoDaemonFailsWithOneLine) {
  RunResult result = Suppress({"list"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(IsOneErrorLine(result.err)) << result.err;
  EXPECT_TRUE(Contains(result.err, "cannot reach the daemon")) << result.err;
}

}  // namespace
}  // namespace draftbox::test
