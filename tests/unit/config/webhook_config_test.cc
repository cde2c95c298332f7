// The [webhook] keys: url (https anywhere, http only to a loopback host, no credentials in it),
// secret_command (required with a url), errors with file:line: key: reason, and the round trip
// through the config writer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config/config.h"
#include "support/temp_dir.h"
#include "unit/config/config_test_env.h"

namespace draftbox {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// ParseConfig needs a data dir default: HOME points into a temp dir for every test.
class WebhookConfigTest : public ::testing::Test {
 protected:
  WebhookConfigTest()
      : home_("HOME", dir_.path().string()),
        xdg_data_("XDG_DATA_HOME", std::nullopt),
        xdg_config_("XDG_CONFIG_HOME", std::nullopt) {}

  std::string ErrorFor(const std::string& text) {
    Result<Config> config = ParseConfig(text, "test.toml");
    EXPECT_FALSE(config.has_value()) << "loaded without error:\n" << text;
    return config ? "" : config.error().message;
  }

  test::TempDir dir_{"draftbox-webhook-config"};
  test::ScopedEnv home_;
  test::ScopedEnv xdg_data_;
  test::ScopedEnv xdg_config_;
};

TEST_F(WebhookConfigTest, OffByDefault) {
  Result<Config> config = ParseConfig("", "test.toml");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->webhook.url, "");
  EXPECT_EQ(config->webhook.secret_command, "");
}

TEST_F(WebhookConfigTest, AcceptsHttpsAnywhereAndHttpToLoopback) {
  for (const std::string url :
       {"https://hooks.example.com/draftbox", "https://10.0.0.5:8443/x?y=1",
        "http://127.0.0.1:9000/hook", "http://localhost/hook", "http://[::1]:8080/"}) {
    Result<Config> config = ParseConfig(
        "[webhook]\nurl = \"" + url + "\"\nsecret_command = \"echo key\"\n", "test.toml");
    ASSERT_TRUE(config) << url << ": " << config.error().message;
    EXPECT_EQ(config->webhook.url, url);
    EXPECT_EQ(config->webhook.secret_command, "echo key");
  }
}

TEST_F(WebhookConfigTest, RefusesClearTextToAnotherHostNamingLineAndKey) {
  std::string message =
      ErrorFor("[webhook]\nsecret_command = \"echo k\"\nurl = \"http://hooks.example.com/x\"\n");
  EXPECT_THAT(message, StartsWith("test.toml:3: webhook.url: "));
  EXPECT_THAT(message, HasSubstr("loopback"));
  EXPECT_THAT(message, HasSubstr("\"hooks.example.com\""));
}

TEST_F(WebhookConfigTest, RefusesWhatIsNotAnHttpUrl) {
  for (const std::string url :
       {"ftp://example.com/x", "hooks.example.com", "https://", "https:// x"}) {
    std::string message =
        ErrorFor("[webhook]\nurl = \"" + url + "\"\nsecret_command = \"echo k\"\n");
    EXPECT_THAT(message, StartsWith("test.toml:2: webhook.url: expected an https:// URL")) << url;
  }
}

TEST_F(WebhookConfigTest, RefusesCredentialsInTheUrl) {
  std::string message =
      ErrorFor("[webhook]\nurl = \"https://user:pw@hooks.example.com/\"\nsecret_command = \"x\"\n");
  EXPECT_THAT(message, StartsWith("test.toml:2: webhook.url: must not hold a user name"));
}

TEST_F(WebhookConfigTest, UrlWithoutSecretCommandIsAnError) {
  std::string message = ErrorFor("[webhook]\nurl = \"https://hooks.example.com/\"\n");
  EXPECT_THAT(message,
              StartsWith("test.toml:2: webhook.secret_command: required when webhook.url"));
}

TEST_F(WebhookConfigTest, SecretCommandAloneIsFine) {
  Result<Config> config = ParseConfig("[webhook]\nsecret_command = \"echo k\"\n", "test.toml");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->webhook.url, "");
}

TEST_F(WebhookConfigTest, UnknownKeyInWebhookIsAnErrorWithSuggestion) {
  std::string message = ErrorFor("[webhook]\nuri = \"https://x.example/\"\n");
  EXPECT_THAT(message, StartsWith("test.toml:2: webhook.uri: unknown key"));
  EXPECT_THAT(message, HasSubstr("did you mean webhook.url?"));
}

TEST_F(WebhookConfigTest, WrongTypeIsAnError) {
  std::string message = ErrorFor("[webhook]\nurl = 5\n");
  EXPECT_THAT(message, StartsWith("test.toml:2: webhook.url: expected a string"));
}

TEST_F(WebhookConfigTest, KnownKeysListBoth) {
  const std::vector<std::string>& keys = KnownConfigKeys();
  EXPECT_NE(std::find(keys.begin(), keys.end(), "webhook.url"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "webhook.secret_command"), keys.end());
}

TEST_F(WebhookConfigTest, WriterRoundTripsTheWebhookKeys) {
  Config config;
  config.daemon.data_dir = dir_.path() / "data";
  config.webhook.url = "https://hooks.example.com/draftbox";
  config.webhook.secret_command = "pass show draftbox/webhook | head -1";
  std::string text = RenderConfig(config);
  EXPECT_THAT(text, HasSubstr("[webhook]\n"));
  Result<Config> loaded = ParseConfig(text, "rendered.toml");
  ASSERT_TRUE(loaded) << loaded.error().message << "\n" << text;
  EXPECT_EQ(loaded->webhook, config.webhook);
}

TEST_F(WebhookConfigTest, WriterLeavesAnUnsetWebhookCommentedOut) {
  Config config;
  config.daemon.data_dir = dir_.path() / "data";
  std::string text = RenderConfig(config);
  EXPECT_THAT(text, HasSubstr("\n# url = \"\"\n"));
  EXPECT_THAT(text, HasSubstr("\n# secret_command = \"\"\n"));
}

}  // namespace
}  // namespace draftbox
