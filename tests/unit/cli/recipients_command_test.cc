// `draftbox recipients import` in-process, against a real HTTP server on a free loopback port
// that plays the daemon: a background import answered 202, then polled to its end. Canned
// answers are checked against their schemas in shared/api/.
#include "cli/recipients_command.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "cli/command_line.h"
#include "support/temp_dir.h"
#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

using nlohmann::json;

constexpr char kToken[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

struct CliOutcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

json Summary(int64_t imported) {
  return {{"imported", imported},    {"updated", 0},
          {"activities_added", 0},   {"merged", 0},
          {"errors", json::array()}, {"notices", json::array()}};
}

json Job(const std::string& state, int64_t done, const json& result = nullptr,
         const std::string& error = "") {
  return {{"import_id", 3}, {"state", state}, {"done", done},
          {"total", 12000}, {"error", error}, {"result", result}};
}

// A stand-in daemon: the POST answers once, each GET of /v1/imports/3 takes the next queued
// job (the last one repeats); every request is recorded.
class RecipientsCommandTest : public testing::Test {
 protected:
  void SetUp() override {
    server_.Post("/v1/recipients/import",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   std::lock_guard lock(mu_);
                   posted_.push_back(req.body);
                   res.status = post_status_;
                   res.set_content(post_body_, "application/json");
                 });
    server_.Get("/v1/imports/3", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mu_);
      ++polls_;
      res.set_content(jobs_.front().dump(), "application/json");
      if (jobs_.size() > 1) jobs_.pop_front();
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

    std::filesystem::create_directories(dir_.path() / "data");
    std::ofstream(dir_.path() / "data" / "token") << kToken << '\n';
    std::filesystem::permissions(
        dir_.path() / "data" / "token",
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    config_ = (dir_.path() / "draftbox.toml").string();
    std::ofstream(config_) << "[daemon]\nlisten = \"127.0.0.1:" << port_ << "\"\ndata_dir = \""
                           << (dir_.path() / "data").string() << "\"\n";
    csv_ = (dir_.path() / "people.csv").string();
    std::ofstream(csv_) << "email\na@example.com\n";
  }

  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  void AnswerPost(int status, const json& body, const char* schema) {
    EXPECT_EQ(test::SchemaViolations(schema, body.dump()), "");
    post_status_ = status;
    post_body_ = body.dump();
  }

  void QueueJob(const json& job) {
    EXPECT_EQ(test::SchemaViolations("recipients_import_job.json", job.dump()), "");
    jobs_.push_back(job);
  }

  CliOutcome Import(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"recipients", "import", csv_, "--config", config_};
    args.insert(args.end(), extra.begin(), extra.end());
    std::ostringstream out;
    std::ostringstream err;
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<RecipientsCommand>());
    CommandLine line(std::move(commands), CliEnvironment{out, err, nullptr});
    CliOutcome outcome;
    outcome.exit_code = line.Run(args);
    outcome.out = out.str();
    outcome.err = err.str();
    return outcome;
  }

  test::TempDir dir_{"cli-recipients"};
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::string config_;
  std::string csv_;
  std::mutex mu_;
  int post_status_ = 500;
  std::string post_body_;
  std::deque<json> jobs_;
  std::vector<std::string> posted_;
  int polls_ = 0;
};

TEST_F(RecipientsCommandTest, AsksForABackgroundImportAndPollsItToTheEnd) {
  AnswerPost(202, Job("running", 0), "recipients_import_job.json");
  QueueJob(Job("running", 5000));
  QueueJob(Job("running", 10000));
  QueueJob(Job("finished", 12000, Summary(12000)));
  CliOutcome outcome = Import();
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out,
            "imported 12000 new, 0 updated, 0 activities added (0 rows merged, 0 rows refused)\n");
  EXPECT_EQ(outcome.err, "");  // not a terminal: no bar
  std::lock_guard lock(mu_);
  EXPECT_EQ(polls_, 3);
  ASSERT_EQ(posted_.size(), 1u);
  const json request = json::parse(posted_[0]);
  EXPECT_EQ(test::SchemaViolations("recipients_import_request.json", posted_[0]), "");
  EXPECT_EQ(request["async"], true);
  EXPECT_EQ(request["recipients_text"], "email\na@example.com\n");
}

TEST_F(RecipientsCommandTest, JsonPrintsTheFinishedImportsResult) {
  AnswerPost(202, Job("running", 0), "recipients_import_job.json");
  QueueJob(Job("finished", 12000, Summary(7)));
  CliOutcome outcome = Import({"--json"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(json::parse(outcome.out), Summary(7));
}

TEST_F(RecipientsCommandTest, FailedImportExitsOneWithTheDaemonsReason) {
  AnswerPost(202, Job("running", 0), "recipients_import_job.json");
  QueueJob(Job("failed", 5000, nullptr, "database or disk is full"));
  CliOutcome outcome = Import();
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(outcome.err, "draftbox: import 3 failed: database or disk is full\n");
}

TEST_F(RecipientsCommandTest, ADaemonThatStoresWithinTheRequestIsReportedAsBefore) {
  AnswerPost(200, Summary(1), "recipients_import_response.json");
  CliOutcome outcome = Import();
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out,
            "imported 1 new, 0 updated, 0 activities added (0 rows merged, 0 rows refused)\n");
  std::lock_guard lock(mu_);
  EXPECT_EQ(polls_, 0);
}

TEST_F(RecipientsCommandTest, BusyDaemonIsOneErrorLine) {
  AnswerPost(409,
             {{"error",
               {{"code", "conflict"},
                {"message",
                 "import 2 is still running (5000 of 9000 stored); try again when it "
                 "has finished"}}}},
             "error.json");
  CliOutcome outcome = Import();
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err,
            "draftbox: import 2 is still running (5000 of 9000 stored); try again when it has "
            "finished\n");
}

}  // namespace
}  // namespace draftbox
