// A real daemon against a throwaway Dovecot, with a [sender] so campaigns can run, and the API
// calls the campaign tests make: import recipients, create a campaign, run it to the end, list
// what sits in Drafts. Not thread-safe: one test owns one fixture.
#ifndef DRAFTBOX_TESTS_INTEGRATION_CAMPAIGN_CAMPAIGN_FIXTURE_H_
#define DRAFTBOX_TESTS_INTEGRATION_CAMPAIGN_CAMPAIGN_FIXTURE_H_

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "integration/daemon/daemon_process.h"
#include "support/dovecot_server.h"

namespace draftbox::test {

struct ApiAnswer {
  int status = 0;  // 0 when the request did not get an answer
  nlohmann::json body;
};

class CampaignFixture : public testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<DovecotServer>> server = DovecotServer::Start(dovecot_options_);
    ASSERT_TRUE(server) << server.error().ToString();
    dovecot_ = std::move(*server);
    daemon_ = std::make_unique<DaemonProcess>(
        TestMailbox{.host = "127.0.0.1",
                    .port = dovecot_->imaps_port(),
                    .security = "tls",
                    .user = dovecot_->user(),
                    .password_command = "printf " + dovecot_->password(),
                    .ca_file = dovecot_->ca_file().string(),
                    .max_connections = max_connections_},
        0,
        "[sender]\nname = \"Dana Reyes\"\naddress = \"" + dovecot_->user() +
            "\"\nsignature = \"Dana Reyes\\nAccount Executive\"\n"
            "[compliance]\nconsent_required_countries = [\"DE\"]\ncooldown_days = " +
            std::to_string(cooldown_days_) + "\n" + extra_config_);
    ASSERT_TRUE(Ok(daemon_->Start()));
  }

  ApiAnswer Call(const std::string& method, const std::string& path,
                 const nlohmann::json& body = nullptr) {
    httplib::Client client = daemon_->Client();
    client.set_read_timeout(std::chrono::seconds(60));
    httplib::Result res =
        method == "GET" ? client.Get(path, daemon_->AuthHeaders())
                        : client.Post(path, daemon_->AuthHeaders(),
                                      body.is_null() ? "{}" : body.dump(), "application/json");
    if (!res) {
      // No answer at all: say why, and whether the daemon is still there (a crash's report is
      // the end of its stderr), so the failure can be read from the test's output alone.
      const bool running = daemon_->child().Running();
      std::string err = running ? "" : daemon_->child().Stderr();
      if (err.size() > 6000) err = err.substr(err.size() - 6000);
      return {0,
              {{"transport_error", httplib::to_string(res.error())},
               {"daemon_running", running},
               {"daemon_stderr_tail", err}}};
    }
    return {res->status, nlohmann::json::parse(res->body, nullptr, false)};
  }

  // Imports CSV texts; fails the test unless the daemon accepts them.
  void Import(const std::string& recipients_csv, const std::string& activities_csv = "") {
    nlohmann::json body = {{"format", "csv"},
                           {"recipients_file", "recipients.csv"},
                           {"recipients_text", recipients_csv}};
    if (!activities_csv.empty()) {
      body["activities_file"] = "activities.csv";
      body["activities_text"] = activities_csv;
    }
    ApiAnswer answer = Call("POST", "/v1/recipients/import", body);
    ASSERT_EQ(answer.status, 200) << answer.body.dump();
  }

  // Creates a campaign from TOML text and returns its id (0 and a test failure otherwise).
  int64_t CreateCampaign(const std::string& toml) {
    ApiAnswer answer = Call("POST", "/v1/campaigns", {{"file", "test.toml"}, {"toml", toml}});
    EXPECT_EQ(answer.status, 201) << answer.body.dump();
    return answer.status == 201 ? answer.body["id"].get<int64_t>() : 0;
  }

  // Starts a run and returns its id (0 and a test failure otherwise).
  int64_t StartRun(int64_t campaign_id, bool dry_run = false) {
    ApiAnswer answer = Call("POST", "/v1/campaigns/" + std::to_string(campaign_id) + "/runs",
                            {{"dry_run", dry_run}});
    EXPECT_EQ(answer.status, 202) << answer.body.dump();
    return answer.status == 202 ? answer.body["id"].get<int64_t>() : 0;
  }

  // Polls the run until `until(run)` holds (default: it is no longer running); the last answer.
  nlohmann::json WaitRun(int64_t run_id,
                         const std::function<bool(const nlohmann::json&)>& until = {},
                         std::chrono::seconds timeout = std::chrono::seconds(240)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    nlohmann::json run;
    while (std::chrono::steady_clock::now() < deadline) {
      ApiAnswer answer = Call("GET", "/v1/runs/" + std::to_string(run_id));
      if (answer.status == 200) {
        run = answer.body;
        if (until ? until(run) : run["state"] != "running") return run;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "run " << run_id << " did not get there; last: " << run.dump();
    return run;
  }

  nlohmann::json RunToEnd(int64_t campaign_id, bool dry_run = false) {
    int64_t run_id = StartRun(campaign_id, dry_run);
    if (run_id == 0) return nullptr;
    return WaitRun(run_id);
  }

  // What sits in the Drafts folder now, read by doveadm (not through Draftbox).
  std::vector<StoredMessage> DraftsFolder() {
    Result<std::vector<StoredMessage>> list = dovecot_->List(dovecot_->user(), "Drafts");
    EXPECT_TRUE(list) << list.error().ToString();
    return list.value_or(std::vector<StoredMessage>{});
  }

  // Every draft of `campaign_id` in `state`, through the API.
  std::vector<nlohmann::json> Drafts(int64_t campaign_id, const std::string& state) {
    ApiAnswer answer = Call(
        "GET", "/v1/drafts?limit=1000&campaign=" + std::to_string(campaign_id) + "&state=" + state);
    EXPECT_EQ(answer.status, 200) << answer.body.dump();
    std::vector<nlohmann::json> out;
    if (answer.status == 200) {
      for (const auto& d : answer.body["drafts"]) out.push_back(d);
    }
    return out;
  }

  // [compliance] cooldown_days of the daemon's config; a subclass may set it before SetUp.
  int cooldown_days_ = 14;
  // [mailbox] max_connections of the daemon's config, 0 for the default; set before SetUp.
  int max_connections_ = 0;
  // More of the daemon's config (whole TOML tables, e.g. [composer]); set before SetUp.
  std::string extra_config_;
  // The throwaway Dovecot's options (e.g. the capabilities it advertises); set before SetUp.
  DovecotOptions dovecot_options_;
  std::unique_ptr<DovecotServer> dovecot_;
  std::unique_ptr<DaemonProcess> daemon_;
};

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_INTEGRATION_CAMPAIGN_CAMPAIGN_FIXTURE_H_
