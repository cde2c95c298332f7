// docs/config.example.toml is the reference for every key: it must load, and it must mention
// every key the parser accepts, so the docs cannot drift from the code.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <cstdlib>

#include "config/config.h"
#include "support/temp_dir.h"
#include "unit/config/config_test_env.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;
using test::ScopedEnv;

fs::path DocsPath(const std::string& name) {
  const char* root = std::getenv("DRAFTBOX_SOURCE_DIR");
  return fs::path(root != nullptr ? root : DRAFTBOX_SOURCE_DIR_FALLBACK) / "docs" / name;
}

fs::path ExamplePath() { return DocsPath("config.example.toml"); }

TEST(ConfigExampleTest, LoadsWithoutErrors) {
  test::TempDir dir("draftbox-config-example");
  ScopedEnv home("HOME", dir.path().string());
  ScopedEnv data("XDG_DATA_HOME", std::nullopt);
  ConfigPaths paths;
  paths.system_file = dir.path() / "no-system.toml";
  paths.user_file = ExamplePath();
  paths.user_file_explicit = true;
  Result<Config> config = LoadConfig(paths);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->daemon.data_dir, dir.path() / ".local/share/draftbox");
  EXPECT_EQ(config->mailbox.host, "imap.example.com");
  EXPECT_EQ(config->sender.signature, "Dana Reyes\nAccount Executive");
  EXPECT_EQ(config->personas.count("enterprise"), 1u);
}

TEST(ConfigExampleTest, SetsEveryKnownKey) {
  toml::table root = toml::parse_file(ExamplePath().string());
  const toml::table* personas = root["personas"].as_table();
  ASSERT_NE(personas, nullptr) << "the example shows no [personas.NAME]";
  for (const std::string& key : KnownConfigKeys()) {
    // Only a system file may lock keys: docs/managed.example.toml shows [managed].
    if (key.starts_with("managed.")) continue;
    if (key.starts_with("personas.*.")) {
      std::string field = key.substr(std::string("personas.*.").size());
      bool found = false;
      for (auto&& [name, persona] : *personas) {
        found = found || (persona.is_table() && persona.as_table()->contains(field));
      }
      EXPECT_TRUE(found) << key << " is missing from " << ExamplePath();
      continue;
    }
    EXPECT_TRUE(root.at_path(key)) << key << " is missing from " << ExamplePath();
  }
}

TEST(ConfigExampleTest, KnownKeysIncludeTheContractKeys) {
  const std::vector<std::string>& keys = KnownConfigKeys();
  for (const char* key : {"daemon.listen",
                          "daemon.data_dir",
                          "mailbox.host",
                          "mailbox.port",
                          "mailbox.security",
                          "mailbox.user",
                          "mailbox.password_command",
                          "mailbox.oauth2_token_command",
                          "mailbox.drafts_folder",
                          "mailbox.sent_folder",
                          "mailbox.ca_file",
                          "sender.name",
                          "sender.address",
                          "sender.signature",
                          "composer.backend",
                          "composer.endpoint",
                          "composer.model",
                          "composer.api_key_command",
                          "compliance.consent_required_countries",
                          "compliance.cooldown_days"}) {
    EXPECT_THAT(keys, ::testing::Contains(std::string(key)));
  }
}

// docs/managed.example.toml is what IT starts /etc/draftbox/config.toml from: it loads as the
// system file, and it locks what the docs say it does.
TEST(ConfigExampleTest, ManagedExampleLoadsAsTheSystemFileAndLocksKeys) {
  test::TempDir dir("draftbox-managed-example");
  ScopedEnv home("HOME", dir.path().string());
  ScopedEnv data("XDG_DATA_HOME", std::nullopt);
  ConfigPaths paths;
  paths.system_file = DocsPath("managed.example.toml");
  paths.user_file = dir.path() / "no-user.toml";
  Result<Config> config = LoadConfig(paths);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  for (const char* key : {"composer.backend", "composer.endpoint", "composer.model",
                          "suppression.sources", "compliance.cooldown_days"}) {
    EXPECT_TRUE(IsLockedKey(config->managed, key)) << key;
  }
  EXPECT_FALSE(IsLockedKey(config->managed, "sender.name"));
  EXPECT_EQ(config->managed.file, paths.system_file);
}

}  // namespace
}  // namespace draftbox
