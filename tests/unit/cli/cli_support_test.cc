// Which config file a command reads: --config FILE, else $DRAFTBOX_CONFIG, else the XDG
// default, each a real file in a temp dir with a port of its own so the winner shows.
#include "cli/cli_support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "support/temp_dir.h"
#include "unit/config/config_test_env.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;
using test::ScopedEnv;
using test::WriteText;
using testing::HasSubstr;

class ConfigPathsForTest : public testing::Test {
 protected:
  ConfigPathsForTest()
      : home_("HOME", (dir_.path() / "home").string()),
        xdg_("XDG_CONFIG_HOME", (dir_.path() / "xdg").string()),
        env_("DRAFTBOX_CONFIG", std::nullopt) {
    WriteText(flag_file(), "[daemon]\nlisten = \"127.0.0.1:1001\"\n");
    WriteText(env_file(), "[daemon]\nlisten = \"127.0.0.1:1002\"\n");
    WriteText(xdg_file(), "[daemon]\nlisten = \"127.0.0.1:1003\"\n");
  }

  fs::path flag_file() const { return dir_.path() / "flag.toml"; }
  fs::path env_file() const { return dir_.path() / "env.toml"; }
  fs::path xdg_file() const { return dir_.path() / "xdg/draftbox/config.toml"; }

  // The port of the config a command with `flag` (empty: no --config) would load.
  int PortLoaded(const std::string& flag) {
    GlobalOptions global;
    global.config_file = flag;
    ConfigPaths paths = ConfigPathsFor(global);
    paths.system_file = dir_.path() / "no-system.toml";
    Result<Config> config = LoadConfig(paths);
    if (!config) {
      ADD_FAILURE() << config.error().message;
      return 0;
    }
    return config->daemon.listen_port;
  }

  test::TempDir dir_{"draftbox-config-paths"};
  ScopedEnv home_;
  ScopedEnv xdg_;
  ScopedEnv env_;
};

TEST_F(ConfigPathsForTest, ConfigFlagWinsOverEnvironmentAndXdg) {
  ScopedEnv env("DRAFTBOX_CONFIG", env_file().string());
  EXPECT_EQ(PortLoaded(flag_file().string()), 1001);
}

TEST_F(ConfigPathsForTest, DraftboxConfigWinsOverXdg) {
  ScopedEnv env("DRAFTBOX_CONFIG", env_file().string());
  EXPECT_EQ(PortLoaded(""), 1002);
}

TEST_F(ConfigPathsForTest, XdgDefaultWhenNeitherIsGiven) { EXPECT_EQ(PortLoaded(""), 1003); }

TEST_F(ConfigPathsForTest, EmptyDraftboxConfigCountsAsUnset) {
  ScopedEnv env("DRAFTBOX_CONFIG", "");
  EXPECT_EQ(PortLoaded(""), 1003);
}

TEST_F(ConfigPathsForTest, MissingFileNamedByDraftboxConfigIsAnErrorNamingIt) {
  ScopedEnv env("DRAFTBOX_CONFIG", (dir_.path() / "gone.toml").string());
  GlobalOptions global;
  ConfigPaths paths = ConfigPathsFor(global);
  Result<Config> config = LoadConfig(paths);
  ASSERT_FALSE(config);
  EXPECT_THAT(config.error().message, HasSubstr("gone.toml: config file not found (named by "
                                                "DRAFTBOX_CONFIG)"));
}

TEST_F(ConfigPathsForTest, NoConfigAnywhereNamesWhereItLooked) {
  fs::remove(xdg_file());
  GlobalOptions global;
  ConfigPaths paths = ConfigPathsFor(global);
  paths.system_file = dir_.path() / "no-system.toml";
  Result<Config> config = LoadConfig(paths);
  ASSERT_FALSE(config);
  EXPECT_THAT(config.error().message, HasSubstr(xdg_file().string()));
  EXPECT_THAT(config.error().message, HasSubstr("draftbox init"));
}

TEST_F(ConfigPathsForTest, EveryConfigProblemIsPrintedOnALineOfItsOwn) {
  WriteText(flag_file(), "[mailbox]\nport = 0\n[composer]\nbackend = \"gpt\"\n");
  GlobalOptions global;
  global.config_file = flag_file().string();
  std::ostringstream err;
  EXPECT_FALSE(LoadConfigOrReport(global, err));
  const std::string file = flag_file().string();
  EXPECT_THAT(err.str(), testing::MatchesRegex("draftbox: " + file +
                                               ":2: mailbox.port: [^\n]*\ndraftbox: " + file +
                                               ":4: composer.backend: [^\n]*\n"));
}

}  // namespace
}  // namespace draftbox
