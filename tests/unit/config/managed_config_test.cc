// The system file's [managed] locks: a user file that sets a locked key does not load, and the
// message names both files, both lines and the key; the lock list itself is checked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config/config.h"
#include "support/temp_dir.h"
#include "unit/config/config_test_env.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;
using test::ScopedEnv;
using test::WriteText;
using ::testing::HasSubstr;

// Line numbers below count from 1 in this text.
constexpr char kSystem[] =
    "[composer]\n"                                      // 1
    "backend = \"openai\"\n"                            // 2
    "endpoint = \"https://llm.corp.example/v1\"\n"      // 3
    "[managed]\n"                                       // 4
    "locked = [\n"                                      // 5
    "  \"composer.endpoint\",\n"                        // 6
    "  \"compliance.*\",\n"                             // 7
    "  \"suppression.sources\",\n"                      // 8
    "]\n"                                               // 9
    "[suppression]\n"                                   // 10
    "sources = [\"/srv/lists/do-not-contact.csv\"]\n";  // 11

class ManagedConfigTest : public ::testing::Test {
 protected:
  ManagedConfigTest()
      : home_("HOME", (dir_.path() / "home").string()),
        xdg_config_("XDG_CONFIG_HOME", std::nullopt),
        xdg_data_("XDG_DATA_HOME", std::nullopt) {
    fs::create_directories(home());
    paths_.system_file = system_file();
  }

  fs::path home() const { return dir_.path() / "home"; }
  fs::path system_file() const { return dir_.path() / "etc/draftbox/config.toml"; }
  fs::path user_file() const { return home() / ".config/draftbox/config.toml"; }

  Result<Config> Load(const std::string& system, const std::string& user) {
    WriteText(system_file(), system);
    WriteText(user_file(), user);
    return LoadConfig(paths_);
  }

  std::string ErrorFor(const std::string& system, const std::string& user) {
    Result<Config> config = Load(system, user);
    EXPECT_FALSE(config.has_value()) << "loaded without error:\n" << user;
    return config ? "" : config.error().message;
  }

  test::TempDir dir_{"draftbox-managed"};
  ScopedEnv home_;
  ScopedEnv xdg_config_;
  ScopedEnv xdg_data_;
  ConfigPaths paths_;
};

TEST_F(ManagedConfigTest, UserFileSettingALockedKeyNamesBothFilesAndTheKey) {
  std::string message = ErrorFor(kSystem,
                                 "[sender]\n"
                                 "name = \"Dana\"\n"
                                 "[composer]\n"
                                 "endpoint = \"http://127.0.0.1:11434/v1\"\n");
  EXPECT_EQ(message, user_file().string() + ":4: composer.endpoint: locked by " +
                         system_file().string() +
                         ":6 ([managed] locked = \"composer.endpoint\"): IT sets it there; "
                         "remove it from this file");
}

TEST_F(ManagedConfigTest, ATableLockRefusesEveryKeyOfTheTable) {
  std::string message = ErrorFor(kSystem,
                                 "[compliance]\n"
                                 "cooldown_days = 3\n"
                                 "consent_required_countries = []\n"
                                 "[suppression]\n"
                                 "sources = []\n");
  EXPECT_THAT(message, HasSubstr(user_file().string() + ":2: compliance.cooldown_days: locked by " +
                                 system_file().string() + ":7"));
  EXPECT_THAT(message, HasSubstr(user_file().string() +
                                 ":3: compliance.consent_required_countries: locked by"));
  EXPECT_THAT(message, HasSubstr(user_file().string() + ":5: suppression.sources: locked by " +
                                 system_file().string() + ":8"));
}

TEST_F(ManagedConfigTest, LockedKeysKeepTheSystemValuesAndAreListed) {
  Result<Config> config = Load(kSystem,
                               "[composer]\n"
                               "model = \"mistral\"\n"
                               "[sender]\n"
                               "name = \"Dana\"\n");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->composer.endpoint, "https://llm.corp.example/v1");
  EXPECT_EQ(config->composer.model, "mistral");  // not locked: the user's choice
  EXPECT_EQ(config->suppression.sources, std::vector<fs::path>{"/srv/lists/do-not-contact.csv"});
  EXPECT_EQ(config->managed.locked,
            (std::vector<std::string>{"composer.endpoint", "compliance.*", "suppression.sources"}));
  EXPECT_EQ(config->managed.file, system_file());
  EXPECT_TRUE(IsLockedKey(config->managed, "compliance.cooldown_days"));
  EXPECT_TRUE(IsLockedKey(config->managed, "composer.endpoint"));
  EXPECT_FALSE(IsLockedKey(config->managed, "composer.model"));
  EXPECT_FALSE(IsLockedKey(config->managed, "composer.endpoint_x"));
}

TEST_F(ManagedConfigTest, ALockedNameThatIsNoKeyIsAnErrorAtTheSystemFileLine) {
  std::string message = ErrorFor(
      "[managed]\n"
      "locked = [\"composer.endpont\",\n"
      "          \"mailbox.*\", \"managed.locked\"]\n",
      "[sender]\nname = \"Dana\"\n");
  EXPECT_EQ(message,
            system_file().string() +
                ":2: managed.locked: \"composer.endpont\" is not a key or table Draftbox knows "
                "(did you mean composer.endpoint?); name a key (\"composer.endpoint\") or a "
                "whole table (\"compliance.*\")\n" +
                system_file().string() +
                ":3: managed.locked: \"managed.locked\" is not a key or table Draftbox knows; "
                "name a key (\"composer.endpoint\") or a whole table (\"compliance.*\")");
}

TEST_F(ManagedConfigTest, ManagedTableInAUserFileIsAnError) {
  std::string message = ErrorFor("[sender]\nname = \"Example Inc.\"\n", "[managed]\nlocked = []\n");
  EXPECT_THAT(message, HasSubstr(user_file().string() + ":1: managed: only the system file"));
}

TEST_F(ManagedConfigTest, PersonasLockRefusesAPersonaOfTheUser) {
  std::string message =
      ErrorFor("[managed]\nlocked = [\"personas.*\"]\n[personas.sales]\ntone = \"direct\"\n",
               "[personas.mine]\ntone = \"warm\"\n");
  EXPECT_THAT(message, HasSubstr(user_file().string() + ":1: personas.mine: locked by " +
                                 system_file().string() + ":2"));
}

TEST_F(ManagedConfigTest, SuppressionSourcesMustBeAbsoluteOrUnderHome) {
  Result<Config> config =
      Load("", "[suppression]\nsources = [\"~/lists/a.csv\", \"/srv/b.csv\"]\n");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->suppression.sources,
            (std::vector<fs::path>{home() / "lists/a.csv", "/srv/b.csv"}));
  std::string message = ErrorFor("", "[suppression]\nsources = [\n\"lists/a.csv\"]\n");
  EXPECT_THAT(message, HasSubstr(user_file().string() +
                                 ":3: suppression.sources: must be an absolute path"));
}

TEST_F(ManagedConfigTest, SystemFileComesFromTheEnvironmentWhenNamed) {
  {
    ScopedEnv named("DRAFTBOX_SYSTEM_CONFIG", "/opt/draftbox/etc/config.toml");
    EXPECT_EQ(SystemConfigPath(), fs::path("/opt/draftbox/etc/config.toml"));
  }
  ScopedEnv unset("DRAFTBOX_SYSTEM_CONFIG", std::nullopt);
  EXPECT_EQ(SystemConfigPath(), fs::path("/etc/draftbox/config.toml"));
}

TEST_F(ManagedConfigTest, RenderedUserFileLeavesLockedKeysCommentedOut) {
  Config config;
  config.managed = ManagedConfig{{"mailbox.host", "composer.*"}, "/etc/draftbox/config.toml"};
  config.mailbox.host = "imap.corp.example";
  config.composer.model = "mistral";
  config.sender.name = "Dana";
  std::string text = RenderConfig(config);
  EXPECT_THAT(text, HasSubstr("# Managed: /etc/draftbox/config.toml sets this key for everyone.\n"
                              "# host = \"imap.corp.example\"\n"));
  EXPECT_THAT(text, HasSubstr("# model = \"mistral\"\n"));
  EXPECT_THAT(text, HasSubstr("\nname = \"Dana\"\n"));
}

TEST_F(ManagedConfigTest, SystemFileAloneMayLeaveTheLoginToTheUser) {
  WriteText(system_file(), "[mailbox]\nhost = \"imap.corp.example\"\n");
  Result<Config> system = LoadSystemConfig(paths_);
  ASSERT_TRUE(system.has_value()) << system.error().message;
  EXPECT_EQ(system->mailbox.host, "imap.corp.example");
  // The pair the daemon runs with is still checked whole.
  std::string message = ErrorFor("[mailbox]\nhost = \"imap.corp.example\"\n", "");
  EXPECT_THAT(message, HasSubstr("mailbox.user: required when mailbox.host is set"));
}

TEST_F(ManagedConfigTest, WriteConfigChecksTheTextOverTheSystemFile) {
  // The system file names the server; the user's file adds only the login: together they load.
  WriteText(system_file(),
            "[mailbox]\nhost = \"imap.corp.example\"\n[managed]\nlocked = [\"mailbox.host\"]\n");
  Result<Config> system = LoadSystemConfig(paths_);
  ASSERT_TRUE(system.has_value()) << system.error().message;
  Config config;
  config.managed = system->managed;
  config.mailbox.user = "dana";
  config.mailbox.password_command = "pass show imap";
  ASSERT_TRUE(WriteConfig(config, user_file(), false, system_file()));
  Result<Config> loaded = LoadConfig(paths_);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_EQ(loaded->mailbox.host, "imap.corp.example");
  EXPECT_EQ(loaded->mailbox.user, "dana");
  // The system file's host needs a password command in the pair; its lack is refused before
  // anything is written.
  config.mailbox.password_command.clear();
  Status refused = WriteConfig(config, dir_.path() / "other.toml", false, system_file());
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message, HasSubstr("mailbox.password_command"));
  EXPECT_FALSE(fs::exists(dir_.path() / "other.toml"));
}

}  // namespace
}  // namespace draftbox
