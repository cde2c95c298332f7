// `draftbox init` as a roll-out script runs it, with the real binary: answers from flags and
// DRAFTBOX_INIT_* variables, nothing asked, the documented exit codes, the system file's locks
// respected, and --check logging in to a real Dovecot before anything is written. Also the
// managed configuration as every command loads it: a user file that sets a locked key stops
// the daemon and the client alike, and `status` lists the locked keys.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "cli_runner.h"
#include "config/config.h"
#include "support/dovecot_server.h"
#include "support/ports.h"

namespace draftbox::test {
namespace {

namespace fs = std::filesystem;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class InitRolloutTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(CliRunner::Binary().empty()) << "DRAFTBOX_BINARY unset"; }

  // The user file as the daemon will read it: over the test's system file.
  Result<Config> LoadWritten(const fs::path& file) const {
    return LoadConfig(ConfigPaths{
        .system_file = cli_.system_config(), .user_file = file, .user_file_explicit = true});
  }

  CliRunner cli_;
};

TEST_F(InitRolloutTest, EveryAnswerCanComeFromTheEnvironmentAndAFlagWins) {
  const fs::path file = cli_.dir() / "draftbox.toml";
  cli_.AddEnv("DRAFTBOX_INIT_IMAP_HOST=imap.corp.example");
  cli_.AddEnv("DRAFTBOX_INIT_IMAP_PORT=143");
  cli_.AddEnv("DRAFTBOX_INIT_IMAP_SECURITY=starttls");
  cli_.AddEnv("DRAFTBOX_INIT_IMAP_USER=dana");
  cli_.AddEnv("DRAFTBOX_INIT_PASSWORD_COMMAND=pass show imap");
  cli_.AddEnv("DRAFTBOX_INIT_SENDER_NAME=From The Environment");
  cli_.AddEnv("DRAFTBOX_INIT_SENDER_ADDRESS=dana@corp.example");
  RunResult result =
      cli_.Run({"init", "--no-input", "--config", file.string(), "--sender-name", "Dana Reyes"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  Result<Config> config = LoadWritten(file);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->mailbox.host, "imap.corp.example");
  EXPECT_EQ(config->mailbox.port, 143);
  EXPECT_EQ(config->mailbox.security, MailSecurity::kStartTls);
  EXPECT_EQ(config->mailbox.user, "dana");
  EXPECT_EQ(config->mailbox.password_command, "pass show imap");
  EXPECT_EQ(config->sender.name, "Dana Reyes");
  EXPECT_EQ(config->sender.address, "dana@corp.example");
}

TEST_F(InitRolloutTest, ExitCodesTellAScriptWhatHappened) {
  const fs::path file = cli_.dir() / "draftbox.toml";
  ASSERT_EQ(cli_.Run({"init", "--yes", "--config", file.string(), "--sender-name", "A"}).exit_code,
            0);
  const std::string first = CliRunner::ReadFile(file);

  RunResult exists = cli_.Run({"init", "--config", file.string(), "--sender-name", "B"});
  EXPECT_EQ(exists.exit_code, 3);
  EXPECT_TRUE(IsOneErrorLine(exists.err)) << exists.err;
  EXPECT_TRUE(Contains(exists.err, file.string() + " already exists")) << exists.err;
  EXPECT_EQ(CliRunner::ReadFile(file), first);
  RunResult forced = cli_.Run({"init", "--config", file.string(), "--force", "--sender-name", "B"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;

  // A config the flags make invalid is bad usage, like a bad flag value; nothing is written.
  const fs::path other = cli_.dir() / "other.toml";
  RunResult invalid = cli_.Run({"init", "--config", other.string(), "--imap-host", "imap.x"});
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_TRUE(Contains(invalid.err, "mailbox.user: required")) << invalid.err;
  RunResult bad_value =
      cli_.Run({"init", "--config", other.string(), "--imap-security", "ssl-please"});
  EXPECT_EQ(bad_value.exit_code, 2);
  cli_.AddEnv("DRAFTBOX_INIT_LISTEN=not-a-port");
  RunResult bad_env = cli_.Run({"init", "--config", other.string()});
  EXPECT_EQ(bad_env.exit_code, 2);
  EXPECT_TRUE(Contains(bad_env.err, "--listen")) << bad_env.err;
  EXPECT_FALSE(fs::exists(other));
}

TEST_F(InitRolloutTest, AFlagForALockedKeyIsRefusedAndLockedKeysStayOutOfTheFile) {
  cli_.WriteFile(cli_.system_config(),
                 "[mailbox]\n"
                 "host = \"imap.corp.example\"\n"
                 "[managed]\n"
                 "locked = [\"mailbox.host\", \"composer.*\"]\n");
  const fs::path file = cli_.dir() / "draftbox.toml";
  RunResult refused = cli_.Run({"init", "--config", file.string(), "--imap-host", "imap.other",
                                "--imap-user", "dana", "--password-command", "pass imap"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(IsOneErrorLine(refused.err)) << refused.err;
  EXPECT_TRUE(Contains(refused.err,
                       "--imap-host (or DRAFTBOX_INIT_IMAP_HOST) sets mailbox.host, "
                       "which " +
                           cli_.system_config().string() + " locks"))
      << refused.err;
  EXPECT_FALSE(fs::exists(file));

  // The login alone is the user's part: with the system file underneath it is complete.
  RunResult written = cli_.Run({"init", "--config", file.string(), "--imap-user", "dana",
                                "--password-command", "pass imap"});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  const std::string text = CliRunner::ReadFile(file);
  EXPECT_TRUE(Contains(text, "# Managed: " + cli_.system_config().string())) << text;
  EXPECT_FALSE(Contains(text, "\nhost =")) << text;
  EXPECT_FALSE(Contains(text, "\nendpoint =")) << text;
  Result<Config> config = LoadWritten(file);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->mailbox.host, "imap.corp.example");
  EXPECT_EQ(config->mailbox.user, "dana");
}

TEST_F(InitRolloutTest, CheckLogsInToTheMailboxBeforeWritingAndWritesNothingWhenItCannot) {
  Result<std::unique_ptr<DovecotServer>> dovecot = DovecotServer::Start();
  ASSERT_TRUE(dovecot.has_value()) << dovecot.error().message;
  DovecotServer& server = **dovecot;
  const fs::path good = cli_.WriteFile("good-password", server.password() + "\n");
  const fs::path wrong = cli_.WriteFile("wrong-password", "not-" + server.password() + "\n");
  auto init = [&](const fs::path& file, const fs::path& password) {
    return cli_.Run({"init", "--check", "--config", file.string(), "--imap-host", "127.0.0.1",
                     "--imap-port", std::to_string(server.imaps_port()), "--imap-user",
                     server.user(), "--password-command", "cat " + password.string(), "--ca-file",
                     server.ca_file().string()});
  };

  const fs::path refused_file = cli_.dir() / "refused.toml";
  RunResult refused = init(refused_file, wrong);
  EXPECT_EQ(refused.exit_code, 4) << refused.err;
  EXPECT_TRUE(IsOneErrorLine(refused.err)) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "--check: ")) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "nothing written")) << refused.err;
  EXPECT_FALSE(fs::exists(refused_file));

  const fs::path file = cli_.dir() / "draftbox.toml";
  RunResult checked = init(file, good);
  ASSERT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_TRUE(Contains(checked.out, "mailbox checked: drafts \"Drafts\", sent \"Sent\""))
      << checked.out;
  EXPECT_TRUE(fs::exists(file));
}

TEST_F(InitRolloutTest, AUserFileSettingALockedKeyStopsTheDaemonAndTheClientNamingBothFiles) {
  cli_.WriteFile(cli_.system_config(),
                 "[composer]\nendpoint = \"https://llm.corp.example/v1\"\n"
                 "[managed]\nlocked = [\"composer.endpoint\"]\n");
  const fs::path file = cli_.WriteFile(
      "draftbox.toml", "[daemon]\ndata_dir = \"" + (cli_.dir() / "data").string() +
                           "\"\n[composer]\nendpoint = \"http://127.0.0.1:11434/v1\"\n");
  const std::string expected =
      file.string() + ":4: composer.endpoint: locked by " + cli_.system_config().string() + ":4";
  for (const char* command : {"daemon", "status"}) {
    RunResult result = cli_.Run({command, "--config", file.string()});
    EXPECT_EQ(result.exit_code, 1) << command;
    EXPECT_TRUE(Contains(result.err, expected)) << command << ": " << result.err;
  }
  EXPECT_FALSE(fs::exists(cli_.dir() / "data/draftbox.db"));
}

TEST_F(InitRolloutTest, StatusListsTheKeysTheSystemFileLocks) {
  cli_.WriteFile(cli_.system_config(), "[managed]\nlocked = [\"compliance.*\"]\n");
  const fs::path file = cli_.WriteDaemonConfig(FreeLoopbackPort());
  std::unique_ptr<Subprocess> daemon;
  ASSERT_NO_FATAL_FAILURE(cli_.StartDaemon(file, &daemon));
  RunResult status = cli_.Run({"status", "--config", file.string()});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(
      Contains(status.out, "config:   " + cli_.system_config().string() + ", " + file.string()))
      << status.out;
  EXPECT_TRUE(Contains(status.out, "managed:  compliance.* (locked by the system file)"))
      << status.out;
}

}  // namespace
}  // namespace draftbox::test
