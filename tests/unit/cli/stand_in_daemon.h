// A stand-in daemon for CLI command tests: a real HTTP server on a free loopback port that
// answers each "METHOD /path" from a queue of canned responses (checked against their schema in
// shared/api/), records every request, and a config pointing the CLI at it with a token.
// Not thread-safe beyond what the server needs: one test owns one fixture.
#ifndef DRAFTBOX_TESTS_UNIT_CLI_STAND_IN_DAEMON_H_
#define DRAFTBOX_TESTS_UNIT_CLI_STAND_IN_DAEMON_H_

#include <gtest/gtest.h>
#include <httplib.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/command.h"
#include "cli/command_line.h"
#include "support/temp_dir.h"
#include "unit/api/schema_check.h"

namespace draftbox::test {

using nlohmann::json;

constexpr char kToken[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

struct SeenRequest {
  std::string method;
  std::string path;
  std::multimap<std::string, std::string> params;
  std::string body;
};

struct CliOutcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A stand-in daemon: each "METHOD /path" answers from its queue of canned responses (the last
// one repeats), and every request is recorded.
class StandInDaemonTest : public testing::Test {
 protected:
  void SetUp() override {
    auto handle = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      seen_.push_back({req.method, req.path, {req.params.begin(), req.params.end()}, req.body});
      auto it = answers_.find(req.method + " " + req.path);
      if (it == answers_.end() || it->second.empty()) {
        res.status = 404;
        res.set_content(R"({"error":{"code":"not_found","message":"no route in the fake"}})",
                        "application/json");
        return;
      }
      const auto [status, body] = it->second.front();
      if (it->second.size() > 1) it->second.pop_front();
      res.status = status;
      res.set_content(body, "application/json");
    };
    server_.Get(".*", handle);
    server_.Post(".*", handle);
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

    std::filesystem::create_directories(dir_.path() / "data");
    { std::ofstream(dir_.path() / "data" / "token") << kToken << '\n'; }
    std::filesystem::permissions(
        dir_.path() / "data" / "token",
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    config_ = (dir_.path() / "draftbox.toml").string();
    std::ofstream(config_) << "[daemon]\nlisten = \"127.0.0.1:" << port_ << "\"\ndata_dir = \""
                           << (dir_.path() / "data").string() << "\"\n";
  }

  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  // Queues an answer for "METHOD /path". A 2xx body must satisfy shared/api/<schema>.
  void Answer(const std::string& route, int status, const json& body, const char* schema) {
    if (schema != nullptr) {
      EXPECT_EQ(test::SchemaViolations(schema, body.dump()), "") << route;
    }
    std::lock_guard lock(mu_);
    answers_[route].emplace_back(status, body.dump());
  }

  void AnswerError(const std::string& route, int status, const char* code,
                   const std::string& message) {
    json body = {{"error", {{"code", code}, {"message", message}}}};
    EXPECT_EQ(test::SchemaViolations("error.json", body.dump()), "");
    std::lock_guard lock(mu_);
    answers_[route].emplace_back(status, body.dump());
  }

  // `draftbox <args>... --config FILE` with only `command` registered, in-process.
  CliOutcome RunCommand(std::unique_ptr<Command> command, std::vector<std::string> args) {
    args.push_back("--config");
    args.push_back(config_);
    std::ostringstream out;
    std::ostringstream err;
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::move(command));
    CommandLine line(std::move(commands), CliEnvironment{out, err, nullptr});
    CliOutcome outcome;
    outcome.exit_code = line.Run(args);
    outcome.out = out.str();
    outcome.err = err.str();
    return outcome;
  }

  std::vector<SeenRequest> Seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::filesystem::path file = dir_.path() / name;
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }

  test::TempDir dir_{"cli-stand-in"};
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::string config_;
  std::mutex mu_;
  std::map<std::string, std::deque<std::pair<int, std::string>>> answers_;
  std::vector<SeenRequest> seen_;
};

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_UNIT_CLI_STAND_IN_DAEMON_H_
