// Parsing of `draftbox ...` command lines: exit codes, one-line errors, --help and --config
// wherever it appears. The daemon's main loop is replaced by a recorder; nothing is started.
#include "cli/command_line.h"

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_registry.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::optional<Config> daemon_config;  // set when the daemon would have been started
};

Outcome RunCli(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  Outcome outcome;
  CliEnvironment env{out, err, [&outcome](const Config& config) {
                       outcome.daemon_config = config;
                       return 0;
                     }};
  CommandLine command_line(BuiltinCommands(), env);
  outcome.exit_code = command_line.Run(args);
  outcome.out = out.str();
  outcome.err = err.str();
  return outcome;
}

bool IsOneErrorLine(const std::string& err) {
  return err.starts_with("draftbox: ") && err.ends_with("\n") && err.find('\n') == err.size() - 1;
}

struct UsageCase {
  std::vector<std::string> args;
  std::string expected_in_error;
};

void PrintTo(const UsageCase& c, std::ostream* os) {
  *os << "draftbox";
  for (const std::string& arg : c.args) *os << ' ' << arg;
}

class CommandLineUsageTest : public testing::TestWithParam<UsageCase> {};

TEST_P(CommandLineUsageTest, ExitsTwoWithOneLineNamingTheProblemAndTheHelp) {
  const UsageCase& c = GetParam();
  Outcome outcome = RunCli(c.args);
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_TRUE(IsOneErrorLine(outcome.err)) << outcome.err;
  EXPECT_NE(outcome.err.find(c.expected_in_error), std::string::npos) << outcome.err;
  EXPECT_NE(outcome.err.find("--help'"), std::string::npos) << outcome.err;
  EXPECT_EQ(outcome.out, "");
  EXPECT_FALSE(outcome.daemon_config.has_value());
}

INSTANTIATE_TEST_SUITE_P(
    BadUsage, CommandLineUsageTest,
    testing::Values(
        UsageCase{{}, "a command is required; run 'draftbox --help'"},
        UsageCase{{"frobnicate"}, "unknown command 'frobnicate'; run 'draftbox --help'"},
        UsageCase{{"--bogus"}, "unknown option '--bogus'"},
        UsageCase{{"status", "--bogus"}, "unknown option '--bogus'; run 'draftbox status --help'"},
        UsageCase{{"daemon", "extra"}, "unexpected argument 'extra'"},
        UsageCase{{"daemon", "--config"}, "--config"}, UsageCase{{"daemon", "--json"}, "--json"},
        UsageCase{{"init", "--imap-port", "x"}, "--imap-port"},
        UsageCase{{"init", "--imap-port", "0"}, "--imap-port"},
        UsageCase{{"init", "--imap-port", "65536"}, "--imap-port"},
        UsageCase{{"init", "--imap-security", "ssl"}, "--imap-security"},
        UsageCase{{"init", "--imap-host"}, "--imap-host"},
        UsageCase{{"init", "--password-command", "a", "--oauth2-token-command", "b"},
                  "--oauth2-token-command"}));

class CommandLineHelpTest : public testing::TestWithParam<std::vector<std::string>> {};

TEST_P(CommandLineHelpTest, PrintsUsageToStdoutAndExitsZero) {
  Outcome outcome = RunCli(GetParam());
  EXPECT_EQ(outcome.exit_code, kExitOk);
  EXPECT_NE(outcome.out.find("Usage: draftbox"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("--config"), std::string::npos) << outcome.out;
  EXPECT_EQ(outcome.err, "");
}

INSTANTIATE_TEST_SUITE_P(EverySubcommand, CommandLineHelpTest,
                         testing::Values(std::vector<std::string>{"--help"},
                                         std::vector<std::string>{"-h"},
                                         std::vector<std::string>{"daemon", "--help"},
                                         std::vector<std::string>{"init", "--help"},
                                         std::vector<std::string>{"status", "--help"},
                                         std::vector<std::string>{"--help", "status"}));

TEST(CommandLineTest, VersionPrintsNameAndVersion) {
  Outcome outcome = RunCli({"--version"});
  EXPECT_EQ(outcome.exit_code, kExitOk);
  EXPECT_EQ(outcome.out, "draftbox 0.1.0\n");
}

TEST(CommandLineTest, TopLevelHelpListsEverySubcommand) {
  Outcome outcome = RunCli({"--help"});
  for (const char* name : {"daemon", "init", "status"}) {
    EXPECT_NE(outcome.out.find(name), std::string::npos) << name;
  }
}

TEST(CommandLineTest, InitHelpNamesItsFlags) {
  Outcome outcome = RunCli({"init", "--help"});
  for (const char* flag :
       {"--imap-host", "--imap-port", "--imap-security", "--imap-user", "--password-command",
        "--oauth2-token-command", "--drafts-folder", "--sent-folder", "--ca-file", "--sender-name",
        "--sender-address", "--signature", "--listen", "--data-dir", "--force"}) {
    EXPECT_NE(outcome.out.find(flag), std::string::npos) << flag;
  }
}

class CommandLineConfigTest : public testing::Test {
 protected:
  void SetUp() override {
    file_ = dir_.path() / "draftbox.toml";
    std::ofstream(file_) << "[daemon]\nlisten = \"127.0.0.1:17999\"\ndata_dir = \""
                         << (dir_.path() / "data").string() << "\"\n";
  }

  test::TempDir dir_{"cli-config"};
  std::filesystem::path file_;
};

TEST_F(CommandLineConfigTest, ConfigBeforeTheSubcommandIsUsed) {
  Outcome outcome = RunCli({"--config", file_.string(), "daemon"});
  ASSERT_EQ(outcome.exit_code, kExitOk) << outcome.err;
  ASSERT_TRUE(outcome.daemon_config.has_value());
  EXPECT_EQ(outcome.daemon_config->daemon.listen_port, 17999);
}

TEST_F(CommandLineConfigTest, ConfigAfterTheSubcommandIsUsed) {
  Outcome outcome = RunCli({"daemon", "--config", file_.string()});
  ASSERT_EQ(outcome.exit_code, kExitOk) << outcome.err;
  ASSERT_TRUE(outcome.daemon_config.has_value());
  EXPECT_EQ(outcome.daemon_config->daemon.listen_port, 17999);
}

TEST_F(CommandLineConfigTest, ConfigWithEqualsSignIsUsed) {
  Outcome outcome = RunCli({"daemon", "--config=" + file_.string()});
  ASSERT_EQ(outcome.exit_code, kExitOk) << outcome.err;
  ASSERT_TRUE(outcome.daemon_config.has_value());
  EXPECT_EQ(outcome.daemon_config->daemon.listen_port, 17999);
}

TEST_F(CommandLineConfigTest, MissingExplicitConfigFailsWithOneLineNamingTheFile) {
  const std::string missing = (dir_.path() / "nope.toml").string();
  Outcome outcome = RunCli({"daemon", "--config", missing});
  EXPECT_EQ(outcome.exit_code, kExitFailure);
  EXPECT_TRUE(IsOneErrorLine(outcome.err)) << outcome.err;
  EXPECT_NE(outcome.err.find(missing), std::string::npos) << outcome.err;
  EXPECT_FALSE(outcome.daemon_config.has_value());
}

TEST_F(CommandLineConfigTest, BadConfigFailsWithFileKeyAndReason) {
  std::ofstream(file_) << "[mailbox]\nport = \"x\"\n";
  for (const char* command : {"daemon", "status"}) {
    Outcome outcome = RunCli({command, "--config", file_.string()});
    EXPECT_EQ(outcome.exit_code, kExitFailure) << command;
    EXPECT_TRUE(IsOneErrorLine(outcome.err)) << outcome.err;
    EXPECT_NE(outcome.err.find(file_.string()), std::string::npos) << outcome.err;
    EXPECT_NE(outcome.err.find("mailbox.port"), std::string::npos) << outcome.err;
    EXPECT_FALSE(outcome.daemon_config.has_value());
  }
}

}  // namespace
}  // namespace draftbox
