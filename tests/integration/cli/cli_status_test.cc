// `draftbox status` against no daemon, a running daemon without a mailbox, and a running daemon
// with a mailbox on a throwaway Dovecot.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "cli_runner.h"
#include "support/dovecot_server.h"
#include "support/ports.h"

namespace draftbox::test {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CliStatusTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(CliRunner::Binary().empty()) << "DRAFTBOX_BINARY unset";
    port_ = FreeLoopbackPort();
    ASSERT_NE(port_, 0);
  }

  // A config listening on port_ with its data dir in the temp dir, plus `extra` TOML.
  std::filesystem::path WriteConfig(const std::string& extra = "") {
    return cli_.WriteFile("draftbox.toml",
                          "[daemon]\nlisten = \"127.0.0.1:" + std::to_string(port_) +
                              "\"\ndata_dir = \"" + data_dir().string() + "\"\n" + extra);
  }

  std::filesystem::path data_dir() const { return cli_.dir() / "data"; }

  // Starts `draftbox daemon --config file` and waits until `status` succeeds.
  void StartDaemon(const std::filesystem::path& file) {
    Result<std::unique_ptr<Subprocess>> child = Subprocess::Spawn(SubprocessOptions{
        .argv = {CliRunner::Binary(), "daemon", "--config", file.string()}, .env_add = cli_.Env()});
    ASSERT_TRUE(child.has_value()) << child.error().message;
    daemon_ = std::move(*child);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
      ASSERT_TRUE(daemon_->Running()) << "daemon exited: " << daemon_->Stderr();
      if (cli_.Run({"status", "--config", file.string()}).exit_code == 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "status never succeeded; daemon stderr: " << daemon_->Stderr();
  }

  std::string Address() const { return "127.0.0.1:" + std::to_string(port_); }

  CliRunner cli_;
  uint16_t port_ = 0;
  std::unique_ptr<Subprocess> daemon_;
};

TEST_F(CliStatusTest, NoDaemonFailsWithTheCannotReachLine) {
  const std::filesystem::path file = WriteConfig();
  RunResult result = cli_.Run({"status", "--config", file.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "draftbox: cannot reach the daemon at " + Address() +
                            " (start it with 'draftbox daemon')\n");
  EXPECT_EQ(result.out, "");
}

TEST_F(CliStatusTest, FindsTheDaemonThroughXdgConfigHome) {
  cli_.WriteFile(cli_.default_config(),
                 "[daemon]\nlisten = \"127.0.0.1:" + std::to_string(port_) + "\"\n");
  RunResult result = cli_.Run({"status"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err, "cannot reach the daemon at " + Address())) << result.err;
}

TEST_F(CliStatusTest, PrintsVersionAndMailboxLineOfARunningDaemon) {
  const std::filesystem::path file = WriteConfig();
  ASSERT_NO_FATAL_FAILURE(StartDaemon(file));
  RunResult result = cli_.Run({"status", "--config", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(Contains(result.out, "draftbox 0.1.0 at " + Address())) << result.out;
  EXPECT_TRUE(Contains(result.out, "data dir: " + data_dir().string())) << result.out;
  EXPECT_TRUE(Contains(result.out, "mailbox:  not configured")) << result.out;
  EXPECT_TRUE(Contains(result.out, "store:    ")) << result.out;
  EXPECT_EQ(result.err, "");
}

TEST_F(CliStatusTest, JsonIsTheDaemonsStatusObject) {
  const std::filesystem::path file = WriteConfig();
  ASSERT_NO_FATAL_FAILURE(StartDaemon(file));
  RunResult result = cli_.Run({"--config", file.string(), "status", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json status = nlohmann::json::parse(result.out, nullptr, false);
  ASSERT_FALSE(status.is_discarded()) << result.out;
  EXPECT_EQ(status["version"], "0.1.0");
  ASSERT_TRUE(status["mailbox"]["reachable"].is_boolean()) << result.out;
  EXPECT_FALSE(status["mailbox"]["reachable"].get<bool>());
  EXPECT_EQ(status["data_dir"], data_dir().string());
}

TEST_F(CliStatusTest, WrongTokenFailsWithAHintAboutTheTokenFile) {
  const std::filesystem::path file = WriteConfig();
  ASSERT_NO_FATAL_FAILURE(StartDaemon(file));
  const std::filesystem::path token = data_dir() / "token";
  cli_.WriteFile(token, std::string(64, 'a') + "\n");  // keeps its 0600 mode
  RunResult result = cli_.Run({"status", "--config", file.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(IsOneErrorLine(result.err)) << result.err;
  EXPECT_TRUE(Contains(result.err, token.string())) << result.err;
}

TEST_F(CliStatusTest, ShowsAReachableMailboxOnDovecot) {
  Result<std::unique_ptr<DovecotServer>> dovecot = DovecotServer::Start();
  ASSERT_TRUE(dovecot.has_value()) << dovecot.error().message;
  DovecotServer& server = **dovecot;
  const std::filesystem::path password = cli_.WriteFile("password", server.password() + "\n");
  const std::filesystem::path file = WriteConfig(
      "[mailbox]\nhost = \"127.0.0.1\"\nport = " + std::to_string(server.imaps_port()) +
      "\nsecurity = \"tls\"\nuser = \"" + server.user() + "\"\npassword_command = \"cat " +
      password.string() + "\"\nca_file = \"" + server.ca_file().string() + "\"\n");
  ASSERT_NO_FATAL_FAILURE(StartDaemon(file));

  // The daemon checks the mailbox in the background; wait for the first result.
  nlohmann::json status;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    RunResult json = cli_.Run({"status", "--json", "--config", file.string()});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    status = nlohmann::json::parse(json.out);
    if (!status["mailbox"]["last_checked"].is_null()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_TRUE(status["mailbox"]["reachable"].get<bool>()) << status.dump();

  RunResult text = cli_.Run({"status", "--config", file.string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(Contains(text.out, "mailbox:  " + server.user() + " on 127.0.0.1 (tls): reachable"))
      << text.out;
  EXPECT_TRUE(Contains(text.out, "drafts \"Drafts\"")) << text.out;
  EXPECT_TRUE(Contains(text.out, "sent \"Sent\"")) << text.out;
}

}  // namespace
}  // namespace draftbox::test
