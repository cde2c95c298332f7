// The real `draftbox` binary: usage errors, --help, `init` writing config files, and a bad
// config at start.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cli_runner.h"
#include "config/config.h"

namespace draftbox::test {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CliBinaryTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(CliRunner::Binary().empty()) << "DRAFTBOX_BINARY unset"; }

  CliRunner cli_;
};

TEST_F(CliBinaryTest, HelpOfEverySubcommandExitsZeroAndNamesItsOptions) {
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> mentions;
  };
  const std::vector<Case> cases = {
      {{"--help"}, {"daemon", "init", "status", "--config", "--version"}},
      {{"daemon", "--help"}, {"--config"}},
      {{"init", "--help"}, {"--config", "--imap-host", "--imap-security", "--force"}},
      {{"status", "--help"}, {"--config", "--json"}},
  };
  for (const Case& c : cases) {
    RunResult result = cli_.Run(c.args);
    EXPECT_EQ(result.exit_code, 0) << c.args.front() << ": " << result.err;
    for (const std::string& mention : c.mentions) {
      EXPECT_TRUE(Contains(result.out, mention)) << c.args.front() << " lacks " << mention;
    }
  }
}

TEST_F(CliBinaryTest, UnknownSubcommandExitsTwoWithOneLine) {
  RunResult result = cli_.Run({"frobnicate"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "draftbox: unknown command 'frobnicate'; run 'draftbox --help'\n");
}

TEST_F(CliBinaryTest, UnknownOptionOfASubcommandExitsTwo) {
  RunResult result = cli_.Run({"status", "--frobnicate"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(IsOneErrorLine(result.err)) << result.err;
  EXPECT_TRUE(Contains(result.err, "--frobnicate")) << result.err;
}

TEST_F(CliBinaryTest, VersionPrintsTheVersion) {
  RunResult result = cli_.Run({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "draftbox 0.1.0\n");
}

TEST_F(CliBinaryTest, InitWritesAPrivateConfigThatLoadsBackWithTheGivenValues) {
  const std::filesystem::path file = cli_.dir() / "conf" / "draftbox.toml";
  RunResult result = cli_.Run({"init",
                               "--config",
                               file.string(),
                               "--imap-host",
                               "imap.example.com",
                               "--imap-port",
                               "143",
                               "--imap-security",
                               "starttls",
                               "--imap-user",
                               "dana@example.com",
                               "--password-command",
                               "secret-tool lookup draftbox imap",
                               "--drafts-folder",
                               "Entwürfe",
                               "--sender-name",
                               "Dana Reyes",
                               "--sender-address",
                               "dana@example.com",
                               "--signature",
                               "Dana Reyes\\nAccount Executive",
                               "--listen",
                               "127.0.0.1:7500",
                               "--data-dir",
                               (cli_.dir() / "data").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(Contains(result.out, "wrote " + file.string())) << result.out;
  EXPECT_TRUE(Contains(result.out, "start it with: draftbox daemon")) << result.out;

  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  Result<Config> config = LoadConfig(ConfigPaths{
      .system_file = cli_.dir() / "no-system.toml", .user_file = file, .user_file_explicit = true});
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->mailbox.host, "imap.example.com");
  EXPECT_EQ(config->mailbox.port, 143);
  EXPECT_EQ(config->mailbox.security, MailSecurity::kStartTls);
  EXPECT_EQ(config->mailbox.user, "dana@example.com");
  EXPECT_EQ(config->mailbox.password_command, "secret-tool lookup draftbox imap");
  EXPECT_EQ(config->mailbox.drafts_folder, "Entwürfe");
  EXPECT_EQ(config->sender.name, "Dana Reyes");
  EXPECT_EQ(config->sender.address, "dana@example.com");
  EXPECT_EQ(config->sender.signature, "Dana Reyes\nAccount Executive");
  EXPECT_EQ(config->daemon.listen_port, 7500);
  EXPECT_EQ(config->daemon.data_dir, cli_.dir() / "data");
}

TEST_F(CliBinaryTest, InitWithoutForceLeavesAnExistingFileUnchanged) {
  const std::filesystem::path file = cli_.dir() / "draftbox.toml";
  ASSERT_EQ(cli_.Run({"init", "--config", file.string(), "--sender-name", "First"}).exit_code, 0);
  const std::string before = CliRunner::ReadFile(file);

  RunResult again = cli_.Run({"init", "--config", file.string(), "--sender-name", "Second"});
  EXPECT_EQ(again.exit_code, 3);
  EXPECT_TRUE(IsOneErrorLine(again.err)) << again.err;
  EXPECT_TRUE(Contains(again.err, file.string())) << again.err;
  EXPECT_TRUE(Contains(again.err, "--force")) << again.err;
  EXPECT_EQ(CliRunner::ReadFile(file), before);
}

TEST_F(CliBinaryTest, InitWithForceOverwrites) {
  const std::filesystem::path file = cli_.dir() / "draftbox.toml";
  ASSERT_EQ(cli_.Run({"init", "--config", file.string(), "--sender-name", "First"}).exit_code, 0);
  RunResult again =
      cli_.Run({"init", "--config", file.string(), "--sender-name", "Second", "--force"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  Result<Config> config = LoadConfig(ConfigPaths{
      .system_file = cli_.dir() / "no-system.toml", .user_file = file, .user_file_explicit = true});
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->sender.name, "Second");
}

TEST_F(CliBinaryTest, InitRefusesNoTlsToARemoteHostNamingSecurity) {
  const std::filesystem::path file = cli_.dir() / "draftbox.toml";
  RunResult result =
      cli_.Run({"init", "--config", file.string(), "--imap-security", "none", "--imap-host",
                "imap.example.com", "--imap-user", "dana", "--password-command", "echo x"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(IsOneErrorLine(result.err)) << result.err;
  EXPECT_TRUE(Contains(result.err, "security")) << result.err;
  EXPECT_FALSE(std::filesystem::exists(file));
}

TEST_F(CliBinaryTest, InitWithoutConfigWritesUnderXdgConfigHome) {
  RunResult result = cli_.Run({"init", "--sender-name", "Dana"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::exists(cli_.default_config()));
  EXPECT_TRUE(Contains(result.out, cli_.default_config().string())) << result.out;
}

TEST_F(CliBinaryTest, InitJsonNamesTheFile) {
  const std::filesystem::path file = cli_.dir() / "draftbox.toml";
  RunResult result = cli_.Run({"init", "--json", "--config", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(Contains(result.out, "\"config_file\": \"" + file.string() + "\"")) << result.out;
}

TEST_F(CliBinaryTest, BadConfigFailsAtStartNamingFileKeyAndReason) {
  const std::filesystem::path file =
      cli_.WriteFile("bad.toml",
                     "[mailbox]\nhost = \"imap.example.com\"\nport = \"x\"\nuser = \"dana\"\n"
                     "password_command = \"pass imap\"\n");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"daemon", "--config", file.string()},
        std::vector<std::string>{"status", "--config", file.string()},
        std::vector<std::string>{"--config", file.string(), "status", "--json"}}) {
    RunResult result = cli_.Run(args);
    EXPECT_EQ(result.exit_code, 1) << args.front();
    EXPECT_TRUE(IsOneErrorLine(result.err)) << result.err;
    EXPECT_TRUE(Contains(result.err, file.string() + ":3")) << result.err;
    EXPECT_TRUE(Contains(result.err, "mailbox.port")) << result.err;
    EXPECT_TRUE(Contains(result.err, "integer")) << result.err;
    EXPECT_EQ(result.out, "");
  }
}

TEST_F(CliBinaryTest, BadConfigUnderXdgConfigHomeIsFound) {
  cli_.WriteFile(cli_.default_config(), "[daemon]\nlisten = \"0.0.0.0:7411\"\n");
  RunResult result = cli_.Run({"status"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err, cli_.default_config().string())) << result.err;
  EXPECT_TRUE(Contains(result.err, "daemon.listen")) << result.err;
}

}  // namespace
}  // namespace draftbox::test
