// WriteConfig as `draftbox init` uses it: what it writes loads back to the same Config, the
// file is private, and an existing file is never clobbered by accident.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "config/config.h"
#include "support/temp_dir.h"
#include "unit/config/config_test_env.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;
using test::ScopedEnv;
using test::WriteText;
using ::testing::AllOf;
using ::testing::HasSubstr;

std::string ReadText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class WriteConfigTest : public ::testing::Test {
 protected:
  WriteConfigTest()
      : home_("HOME", (dir_.path() / "home").string()),
        xdg_config_("XDG_CONFIG_HOME", std::nullopt),
        xdg_data_("XDG_DATA_HOME", std::nullopt) {
    paths_.system_file = dir_.path() / "etc/config.toml";
    paths_.user_file = file();
    paths_.user_file_explicit = true;
  }

  fs::path file() const { return dir_.path() / "home/.config/draftbox/config.toml"; }

  // A config with every key away from its default, and strings that need escaping.
  Config Unusual() const {
    Config config;
    config.daemon.listen_host = "::1";
    config.daemon.listen_port = 8123;
    config.daemon.data_dir = dir_.path() / "data dir";
    config.mailbox.host = "imap.example.com";
    config.mailbox.port = 143;
    config.mailbox.security = MailSecurity::kStartTls;
    config.mailbox.user = "dana@example.com";
    config.mailbox.oauth2_token_command = "oama access 'dana@example.com'";
    config.mailbox.drafts_folder = "[Gmail]/Entwürfe";
    config.mailbox.sent_folder = "INBOX.Sent";
    config.mailbox.ca_file = dir_.path() / "ca.pem";
    config.sender.name = "Jörg \"JJ\" Müller";
    config.sender.address = "joerg@example.de";
    config.sender.signature =
        "Jörg Müller\n\"Head of Sales\"\tExample GmbH\\Berlin\n# not a comment";
    config.composer.backend = "openai";
    config.composer.endpoint = "https://api.example.com/v1";
    config.composer.model = "gpt-4o-mini";
    config.composer.api_key_command = "pass show openai | head -1";
    config.compliance.consent_required_countries = {"DE", "AT", "CH"};
    config.compliance.cooldown_days = 0;
    config.personas["sales"] = PersonaConfig{"direct", "formal", "Dana R.", "Dana\nSales"};
    config.personas["customer success"] = PersonaConfig{};
    return config;
  }

  test::TempDir dir_{"draftbox-config-writer"};
  ScopedEnv home_;
  ScopedEnv xdg_config_;
  ScopedEnv xdg_data_;
  ConfigPaths paths_;
};

TEST_F(WriteConfigTest, RoundTripsEveryKey) {
  WriteText(dir_.path() / "ca.pem", "-----BEGIN CERTIFICATE-----\n");
  Config config = Unusual();
  Status written = WriteConfig(config, file(), false);
  ASSERT_TRUE(written.has_value()) << written.error().message;
  Result<Config> loaded = LoadConfig(paths_);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message << "\n" << ReadText(file());
  config.sources = {file()};
  EXPECT_EQ(*loaded, config) << ReadText(file());
}

TEST_F(WriteConfigTest, RoundTripsDefaultsAsCommentedLines) {
  Config config;
  config.daemon.data_dir = dir_.path() / "home/.local/share/draftbox";
  ASSERT_TRUE(WriteConfig(config, file(), false).has_value());
  Result<Config> loaded = LoadConfig(paths_);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  config.sources = {file()};
  EXPECT_EQ(*loaded, config);
  std::string text = ReadText(file());
  EXPECT_THAT(text, AllOf(HasSubstr("\n# port = 993\n"), HasSubstr("\n# backend = \"template\"\n"),
                          HasSubstr("\n# listen = \"127.0.0.1:7411\"\n")));
}

TEST_F(WriteConfigTest, DefaultsLeftCommentedStillComeFromSystemFile) {
  WriteText(paths_.system_file, "[mailbox]\nport = 1993\n");
  Config config;
  config.sender.name = "Dana Reyes";
  ASSERT_TRUE(WriteConfig(config, file(), false).has_value());
  Result<Config> loaded = LoadConfig(paths_);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_EQ(loaded->mailbox.port, 1993);
  EXPECT_EQ(loaded->sender.name, "Dana Reyes");
}

TEST_F(WriteConfigTest, CreatesParentDirectoriesAndWritesMode0600) {
  ASSERT_FALSE(fs::exists(file().parent_path()));
  ASSERT_TRUE(WriteConfig(Config{}, file(), false).has_value());
  struct stat info {};
  ASSERT_EQ(::stat(file().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  ASSERT_EQ(::stat(file().parent_path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 077, 0u) << "a directory we create holds secrets' commands";
}

TEST_F(WriteConfigTest, OverwrittenFileIsMode0600Too) {
  WriteText(file(), "# old\n");
  fs::permissions(file(), fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                              fs::perms::others_read);
  ASSERT_TRUE(WriteConfig(Config{}, file(), true).has_value());
  struct stat info {};
  ASSERT_EQ(::stat(file().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
}

TEST_F(WriteConfigTest, RefusesToOverwriteWithoutForce) {
  WriteText(file(), "# keep me\n");
  Config config;
  config.sender.name = "Dana Reyes";
  Status written = WriteConfig(config, file(), false);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, ErrorCode::kAlreadyExists);
  EXPECT_THAT(written.error().message, HasSubstr(file().string()));
  EXPECT_EQ(ReadText(file()), "# keep me\n");

  ASSERT_TRUE(WriteConfig(config, file(), true).has_value());
  EXPECT_THAT(ReadText(file()), HasSubstr("name = \"Dana Reyes\""));
}

TEST_F(WriteConfigTest, RefusesConfigThatWouldNotLoad) {
  Config config;
  config.daemon.listen_host = "0.0.0.0";
  Status written = WriteConfig(config, file(), false);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(written.error().message, HasSubstr("daemon.listen"));
  EXPECT_FALSE(fs::exists(file()));
}

TEST_F(WriteConfigTest, EveryWrittenKeyHasAComment) {
  std::string text = RenderConfig(Unusual());
  std::istringstream lines(text);
  std::string previous;
  std::string line;
  while (std::getline(lines, line)) {
    bool assignment = line.find(" = ") != std::string::npos;
    if (assignment) {
      EXPECT_EQ(previous.rfind("# ", 0), 0u) << "no comment above: " << line;
      EXPECT_EQ(previous.find(" = "), std::string::npos) << "no comment above: " << line;
    }
    previous = line;
  }
}

}  // namespace
}  // namespace draftbox
