// LoadConfig against real files in a temp dir: defaults, XDG paths, system + user layering,
// and the error messages a person sees for a bad config (file, line, key, reason).
#include "config/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/temp_dir.h"
#include "unit/config/config_test_env.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;
using test::ScopedEnv;
using test::WriteText;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kMailbox[] =
    "[mailbox]\n"
    "host = \"imap.example.com\"\n"
    "user = \"dana@example.com\"\n"
    "password_command = \"secret-tool lookup draftbox imap\"\n";

// Every test gets its own HOME and no XDG variables, and a system file path inside the temp
// dir, so nothing from the machine running the tests leaks in.
class LoadConfigTest : public ::testing::Test {
 protected:
  LoadConfigTest()
      : home_("HOME", (dir_.path() / "home").string()),
        xdg_config_("XDG_CONFIG_HOME", std::nullopt),
        xdg_data_("XDG_DATA_HOME", std::nullopt) {
    fs::create_directories(dir_.path() / "home");
    paths_.system_file = system_file();
  }

  fs::path home() const { return dir_.path() / "home"; }
  fs::path system_file() const { return dir_.path() / "etc/draftbox/config.toml"; }
  fs::path user_file() const { return home() / ".config/draftbox/config.toml"; }

  // Writes the default user file and loads with the default paths.
  Result<Config> LoadUser(const std::string& text) {
    WriteText(user_file(), text);
    return LoadConfig(paths_);
  }

  // The error message of loading `text` as the user file; fails the test if it loads.
  std::string ErrorFor(const std::string& text) {
    Result<Config> config = LoadUser(text);
    EXPECT_FALSE(config.has_value()) << "loaded without error:\n" << text;
    if (config) return "";
    EXPECT_EQ(config.error().code, ErrorCode::kConfig);
    return config.error().message;
  }

  test::TempDir dir_{"draftbox-config"};
  ScopedEnv home_;
  ScopedEnv xdg_config_;
  ScopedEnv xdg_data_;
  ConfigPaths paths_;
};

TEST_F(LoadConfigTest, UsesDefaultsWhenNoFileExists) {
  Result<Config> config = LoadConfig(paths_);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  Config expected;
  expected.daemon.data_dir = home() / ".local/share/draftbox";
  EXPECT_EQ(*config, expected);
  EXPECT_TRUE(config->sources.empty());
  EXPECT_EQ(config->daemon.listen_host, "127.0.0.1");
  EXPECT_EQ(config->daemon.listen_port, 7411);
  EXPECT_EQ(config->composer.backend, "template");
  EXPECT_EQ(config->compliance.consent_required_countries, (std::vector<std::string>{"DE", "CA"}));
}

TEST_F(LoadConfigTest, DefaultDataDirFollowsXdgDataHome) {
  ScopedEnv data("XDG_DATA_HOME", (dir_.path() / "xdg-data").string());
  Result<Config> config = LoadConfig(paths_);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->daemon.data_dir, dir_.path() / "xdg-data/draftbox");
}

TEST_F(LoadConfigTest, RelativeXdgDataHomeIsIgnored) {
  ScopedEnv data("XDG_DATA_HOME", "relative/data");
  Result<Config> config = LoadConfig(paths_);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->daemon.data_dir, home() / ".local/share/draftbox");
}

TEST_F(LoadConfigTest, UserFileDefaultsToHomeConfig) {
  EXPECT_EQ(ResolveUserConfigPath(paths_), user_file());
}

TEST_F(LoadConfigTest, UserFileFollowsXdgConfigHome) {
  ScopedEnv config_home("XDG_CONFIG_HOME", (dir_.path() / "xdg-config").string());
  fs::path file = dir_.path() / "xdg-config/draftbox/config.toml";
  EXPECT_EQ(ResolveUserConfigPath(paths_), file);
  WriteText(file, "[sender]\nname = \"Dana Reyes\"\n");
  Result<Config> config = LoadConfig(paths_);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->sender.name, "Dana Reyes");
  EXPECT_EQ(config->sources, std::vector<fs::path>{file});
}

TEST_F(LoadConfigTest, LayersUserFileOverSystemFileKeyByKey) {
  WriteText(system_file(),
            "[mailbox]\n"
            "host = \"imap.corp.example\"\n"
            "port = 143\n"
            "security = \"starttls\"\n"
            "user = \"it-default\"\n"
            "password_command = \"secret-tool lookup draftbox imap\"\n"
            "[sender]\n"
            "name = \"Example Inc.\"\n"
            "signature = \"Example Inc.\"\n"
            "[compliance]\n"
            "consent_required_countries = [\"DE\", \"AT\", \"CA\"]\n");
  Result<Config> config = LoadUser(
      "[sender]\n"
      "name = \"Dana Reyes\"\n"
      "[mailbox]\n"
      "user = \"dana@corp.example\"\n"
      "[compliance]\n"
      "consent_required_countries = [\"FR\"]\n");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->sender.name, "Dana Reyes");          // user file wins
  EXPECT_EQ(config->sender.signature, "Example Inc.");   // system file kept
  EXPECT_EQ(config->mailbox.host, "imap.corp.example");  // system file kept
  EXPECT_EQ(config->mailbox.port, 143);
  EXPECT_EQ(config->mailbox.security, MailSecurity::kStartTls);
  EXPECT_EQ(config->mailbox.user, "dana@corp.example");
  EXPECT_EQ(config->mailbox.password_command, "secret-tool lookup draftbox imap");
  // An array is one value: the user's list replaces the system's.
  EXPECT_EQ(config->compliance.consent_required_countries, std::vector<std::string>{"FR"});
  EXPECT_EQ(config->sources, (std::vector<fs::path>{system_file(), user_file()}));
}

TEST_F(LoadConfigTest, UserFileCanSwitchFromPasswordToTokenCommand) {
  WriteText(system_file(), kMailbox);
  Result<Config> config = LoadUser(
      "[mailbox]\n"
      "password_command = \"\"\n"
      "oauth2_token_command = \"oama access dana@example.com\"\n");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->mailbox.password_command, "");
  EXPECT_EQ(config->mailbox.oauth2_token_command, "oama access dana@example.com");
}

TEST_F(LoadConfigTest, ExplicitConfigFileThatIsMissingIsAnError) {
  paths_.user_file = dir_.path() / "nowhere.toml";
  paths_.user_file_explicit = true;
  Result<Config> config = LoadConfig(paths_);
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().code, ErrorCode::kConfig);
  EXPECT_THAT(config.error().message,
              AllOf(HasSubstr((dir_.path() / "nowhere.toml").string()), HasSubstr("not found")));
}

TEST_F(LoadConfigTest, ExplicitConfigFileIsLaidOverSystemFile) {
  WriteText(system_file(), kMailbox);
  paths_.user_file = dir_.path() / "other.toml";
  paths_.user_file_explicit = true;
  WriteText(paths_.user_file, "[mailbox]\nport = 1993\n");
  Result<Config> config = LoadConfig(paths_);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->mailbox.host, "imap.example.com");
  EXPECT_EQ(config->mailbox.port, 1993);
}

// Issue case 1: a key that is required together with another.
TEST_F(LoadConfigTest, HostWithoutUserNamesFileKeyAndReason) {
  std::string message = ErrorFor(
      "[mailbox]\n"
      "host = \"imap.example.com\"\n"
      "password_command = \"secret-tool lookup draftbox imap\"\n");
  EXPECT_EQ(message,
            user_file().string() + ":2: mailbox.user: required when mailbox.host is set (missing)");
}

TEST_F(LoadConfigTest, HostWithoutPasswordCommandNamesFileKeyAndReason) {
  std::string message = ErrorFor(
      "[mailbox]\n"
      "host = \"imap.example.com\"\n"
      "user = \"dana@example.com\"\n");
  EXPECT_THAT(message, AllOf(HasSubstr(user_file().string() + ":2: "),
                             HasSubstr("mailbox.password_command: required"),
                             HasSubstr("oauth2_token_command")));
}

TEST_F(LoadConfigTest, ClearingSystemPasswordCommandNamesTheUserFile) {
  WriteText(system_file(), kMailbox);
  std::string message = ErrorFor("\n[mailbox]\npassword_command = \"\"\n");
  EXPECT_THAT(message, AllOf(HasSubstr(user_file().string() + ":3: "),
                             HasSubstr("mailbox.password_command: required")));
}

TEST_F(LoadConfigTest, PasswordAndTokenCommandTogetherAreRefused) {
  std::string message = ErrorFor(std::string(kMailbox) + "oauth2_token_command = \"oama\"\n");
  EXPECT_EQ(message, user_file().string() +
                         ":5: mailbox.oauth2_token_command: set only one of "
                         "mailbox.password_command and mailbox.oauth2_token_command");
}

// Issue case 2: wrong type.
TEST_F(LoadConfigTest, QuotedPortIsAWrongTypeError) {
  std::string message = ErrorFor(std::string(kMailbox) + "port = \"993\"\n");
  EXPECT_EQ(message, user_file().string() +
                         ":5: mailbox.port: expected an integer, got a string (write 993 "
                         "without quotes)");
}

TEST_F(LoadConfigTest, WrongTypeInSystemFileNamesSystemFile) {
  WriteText(system_file(), "[compliance]\n\ncooldown_days = true\n");
  std::string message = ErrorFor("[sender]\nname = \"Dana\"\n");
  EXPECT_EQ(message, system_file().string() +
                         ":3: compliance.cooldown_days: expected an integer, got a boolean");
}

// Issue case 3: unknown keys and tables.
TEST_F(LoadConfigTest, MisspelledKeyIsRefusedWithSuggestion) {
  std::string message = ErrorFor(
      "[mailbox]\n"
      "hots = \"imap.example.com\"\n");
  EXPECT_EQ(message,
            user_file().string() + ":2: mailbox.hots: unknown key (did you mean mailbox.host?)");
}

TEST_F(LoadConfigTest, UnknownTableIsRefused) {
  std::string message = ErrorFor(
      "[sender]\n"
      "name = \"Dana\"\n"
      "[mailboxes]\n"
      "host = \"imap.example.com\"\n");
  EXPECT_EQ(message, user_file().string() + ":3: mailboxes: unknown table (did you mean mailbox?)");
  EXPECT_EQ(ErrorFor("[smtp]\nhost = \"smtp.example.com\"\n"),
            user_file().string() + ":1: smtp: unknown table");
}

TEST_F(LoadConfigTest, UnknownTopLevelKeyIsRefused) {
  std::string message = ErrorFor("listen = \"127.0.0.1:7411\"\n");
  EXPECT_EQ(message, user_file().string() + ":1: listen: unknown key");
}

TEST_F(LoadConfigTest, UnknownKeyInsidePersonaIsRefused) {
  std::string message = ErrorFor(
      "[personas.sales]\n"
      "tone = \"direct\"\n"
      "tonality = \"warm\"\n");
  EXPECT_THAT(message, AllOf(HasSubstr(user_file().string() + ":3: "),
                             HasSubstr("personas.sales.tonality: unknown key")));
}

TEST_F(LoadConfigTest, SectionThatIsNotATableIsRefused) {
  std::string message = ErrorFor("mailbox = \"imap.example.com\"\n");
  EXPECT_EQ(message, user_file().string() + ":1: mailbox: expected a table, got a string");
}

// Issue case 4: the API must not listen beyond this machine.
TEST_F(LoadConfigTest, ListenOnAllInterfacesIsRefused) {
  std::string message = ErrorFor("[daemon]\nlisten = \"0.0.0.0:7411\"\n");
  EXPECT_THAT(message, AllOf(HasSubstr(user_file().string() + ":2: daemon.listen: "),
                             HasSubstr("must be a loopback address"), HasSubstr("\"0.0.0.0\"")));
}

TEST_F(LoadConfigTest, ListenOnLanAddressIsRefused) {
  std::string message = ErrorFor("[daemon]\nlisten = \"192.168.1.5:7411\"\n");
  EXPECT_THAT(message, AllOf(HasSubstr(user_file().string() + ":2: daemon.listen: "),
                             HasSubstr("must be a loopback address")));
}

TEST_F(LoadConfigTest, ListenWithoutPortIsRefused) {
  std::string message = ErrorFor("[daemon]\nlisten = \"127.0.0.1\"\n");
  EXPECT_THAT(message, AllOf(HasSubstr(":2: daemon.listen: "), HasSubstr("host:port")));
}

TEST_F(LoadConfigTest, ListenAcceptsLoopbackForms) {
  for (auto [text, host, port] :
       {std::tuple{"127.0.0.2:8000", "127.0.0.2", 8000}, std::tuple{"[::1]:7411", "::1", 7411},
        std::tuple{"localhost:9", "localhost", 9}}) {
    Result<Config> config = LoadUser("[daemon]\nlisten = \"" + std::string(text) + "\"\n");
    ASSERT_TRUE(config.has_value()) << text << ": " << config.error().message;
    EXPECT_EQ(config->daemon.listen_host, host);
    EXPECT_EQ(config->daemon.listen_port, port);
  }
}

// Issue case 5: clear-text IMAP to a remote server.
TEST_F(LoadConfigTest, SecurityNoneToRemoteHostIsRefused) {
  std::string message = ErrorFor(std::string(kMailbox) + "security = \"none\"\n");
  EXPECT_THAT(message, AllOf(HasSubstr(user_file().string() + ":5: mailbox.security: "),
                             HasSubstr("loopback"), HasSubstr("\"imap.example.com\"")));
}

// `draftbox init --imap-security none --imap-host imap.example.com` with nothing else: the
// clear-text password is the problem to name, not the missing user and password command.
TEST_F(LoadConfigTest, SecurityNoneToRemoteHostIsNamedBeforeMissingCompanions) {
  std::string message = ErrorFor(
      "[mailbox]\n"
      "host = \"imap.example.com\"\n"
      "security = \"none\"\n");
  EXPECT_THAT(message, AllOf(HasSubstr(user_file().string() + ":3: mailbox.security: "),
                             HasSubstr("clear text")));
}

TEST_F(LoadConfigTest, SecurityNoneToLoopbackHostIsAllowed) {
  Result<Config> config = LoadUser(
      "[mailbox]\n"
      "host = \"127.0.0.1\"\n"
      "port = 10143\n"
      "security = \"none\"\n"
      "user = \"dana\"\n"
      "password_command = \"echo secret\"\n");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->mailbox.security, MailSecurity::kNone);
  EXPECT_EQ(config->mailbox.port, 10143);
}

TEST_F(LoadConfigTest, SyntaxErrorReportsFileLineAndColumn) {
  std::string message = ErrorFor(
      "[sender]\n"
      "name = \"Dana\"\n"
      "address = = \"dana@example.com\"\n");
  EXPECT_THAT(message,
              AllOf(HasSubstr(user_file().string() + ":3:11: "), HasSubstr("TOML syntax error")));
}

TEST_F(LoadConfigTest, SyntaxErrorInSystemFileNamesSystemFile) {
  WriteText(system_file(), "[mailbox\nhost = 1\n");
  Result<Config> config = LoadConfig(paths_);
  ASSERT_FALSE(config.has_value());
  EXPECT_THAT(config.error().message, HasSubstr(system_file().string() + ":1:"));
}

TEST_F(LoadConfigTest, ReportsTheEarliestProblemFirst) {
  std::string message = ErrorFor(
      "[compliance]\n"
      "cooldown_days = \"two weeks\"\n"
      "[daemon]\n"
      "lisen = \"127.0.0.1:7411\"\n");
  EXPECT_THAT(message, HasSubstr(":2: compliance.cooldown_days: expected an integer"));
}

// Fixing one mistake only to be told of the next, one start at a time, is how a config of
// a dozen keys takes an afternoon; campaign files already listed all their problems.
TEST_F(LoadConfigTest, ReportsEveryProblemAtOnceEachWithItsLine) {
  std::string message = ErrorFor(
      "[daemon]\n"
      "lisen = \"127.0.0.1:7411\"\n"  // 2: unknown key
      "[mailbox]\n"
      "host = \"imap.example.com\"\n"
      "port = 99999\n"        // 5: out of range
      "security = \"ssl\"\n"  // 6: not a choice
      "user = \"dana@example.com\"\n"
      "password_command = \"pass imap\"\n"
      "[compliance]\n"
      "cooldown_days = \"two weeks\"\n"  // 10: wrong type
      "[composer]\n"
      "backend = \"gpt\"\n");  // 12: not a choice
  const std::string file = user_file().string();
  std::vector<std::string> lines;
  for (size_t start = 0; start <= message.size();) {
    size_t end = message.find('\n', start);
    if (end == std::string::npos) end = message.size();
    lines.push_back(message.substr(start, end - start));
    start = end + 1;
  }
  ASSERT_EQ(lines.size(), 5u) << message;
  EXPECT_THAT(lines[0], testing::StartsWith(file + ":2: daemon.lisen: unknown key"));
  EXPECT_THAT(lines[1], testing::StartsWith(file + ":5: mailbox.port: "));
  EXPECT_THAT(lines[2], testing::StartsWith(file + ":6: mailbox.security: "));
  EXPECT_THAT(lines[3], testing::StartsWith(file + ":10: compliance.cooldown_days: "));
  EXPECT_THAT(lines[4], testing::StartsWith(file + ":12: composer.backend: "));
}

// A value refused for its type is not reported a second time as missing.
TEST_F(LoadConfigTest, AKeyRefusedForItsTypeIsNotAlsoReportedMissing) {
  std::string message = ErrorFor(
      "[mailbox]\n"
      "host = \"imap.example.com\"\n"
      "user = 7\n"
      "password_command = \"pass imap\"\n");
  EXPECT_EQ(message, user_file().string() + ":3: mailbox.user: expected a string, got an integer");
}

TEST_F(LoadConfigTest, RequiredFileMissingEverywhereNamesWhereItLooked) {
  paths_.require_file = true;
  Result<Config> config = LoadConfig(paths_);
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().code, ErrorCode::kConfig);
  EXPECT_THAT(config.error().message,
              AllOf(HasSubstr("no config file found"), HasSubstr(user_file().string()),
                    HasSubstr(system_file().string()), HasSubstr("DRAFTBOX_CONFIG"),
                    HasSubstr("draftbox init")));
  // The system file alone is a config.
  WriteText(system_file(), "[sender]\nname = \"Dana\"\n");
  EXPECT_TRUE(LoadConfig(paths_).has_value());
}

TEST_F(LoadConfigTest, DataDirExpandsTilde) {
  Result<Config> config = LoadUser("[daemon]\ndata_dir = \"~/mail/draftbox\"\n");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->daemon.data_dir, home() / "mail/draftbox");
}

TEST_F(LoadConfigTest, EmptyDataDirMeansDefault) {
  Result<Config> config = LoadUser("[daemon]\ndata_dir = \"\"\n");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->daemon.data_dir, home() / ".local/share/draftbox");
}

TEST_F(LoadConfigTest, RelativeDataDirIsRefused) {
  std::string message = ErrorFor("[daemon]\ndata_dir = \"draftbox-data\"\n");
  EXPECT_EQ(message, user_file().string() +
                         ":2: daemon.data_dir: must be an absolute path or start with \"~/\", "
                         "got \"draftbox-data\"");
}

TEST_F(LoadConfigTest, CaFileMustExist) {
  std::string message = ErrorFor(std::string(kMailbox) + "ca_file = \"~/certs/imap.pem\"\n");
  EXPECT_EQ(message, user_file().string() + ":5: mailbox.ca_file: no such file: " +
                         (home() / "certs/imap.pem").string());
  WriteText(home() / "certs/imap.pem", "-----BEGIN CERTIFICATE-----\n");
  Result<Config> config = LoadConfig(paths_);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->mailbox.ca_file, home() / "certs/imap.pem");
}

TEST_F(LoadConfigTest, ReadsPersonasWithAnyName) {
  Result<Config> config = LoadUser(
      "[personas.sales]\n"
      "tone = \"direct\"\n"
      "signature = \"Dana\\nSales\"\n"
      "[personas.\"customer success\"]\n"
      "formality = \"formal\"\n"
      "[personas.quiet]\n");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  ASSERT_EQ(config->personas.size(), 3u);
  EXPECT_EQ(config->personas["sales"].tone, "direct");
  EXPECT_EQ(config->personas["sales"].formality, "plain");
  EXPECT_EQ(config->personas["sales"].signature, "Dana\nSales");
  EXPECT_EQ(config->personas["customer success"].formality, "formal");
  EXPECT_EQ(config->personas["quiet"], PersonaConfig{});
}

TEST_F(LoadConfigTest, PersonaLayersMergeFieldByField) {
  WriteText(system_file(), "[personas.sales]\ntone = \"direct\"\nsender_name = \"Sales Team\"\n");
  Result<Config> config = LoadUser("[personas.sales]\nsender_name = \"Dana\"\n");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->personas["sales"].tone, "direct");
  EXPECT_EQ(config->personas["sales"].sender_name, "Dana");
}

// One bad value per row: the message names the user file, the line, the key and the reason.
struct BadValue {
  std::string name;  // test name suffix
  std::string toml;
  std::string expected;  // everything after "<file>:"
};

class BadValueTest : public LoadConfigTest, public ::testing::WithParamInterface<BadValue> {};

TEST_P(BadValueTest, IsRefusedWithLineKeyAndReason) {
  std::string message = ErrorFor(GetParam().toml);
  EXPECT_EQ(message, user_file().string() + ":" + GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Values, BadValueTest,
    ::testing::Values(
        BadValue{"PortZero", "[mailbox]\nport = 0\n",
                 "2: mailbox.port: expected an integer 1..65535, got 0"},
        BadValue{"PortTooLarge", "[mailbox]\nport = 65536\n",
                 "2: mailbox.port: expected an integer 1..65535, got 65536"},
        BadValue{"PortFloat", "[mailbox]\nport = 993.0\n",
                 "2: mailbox.port: expected an integer, got a float"},
        BadValue{"UnknownSecurity", "[mailbox]\nsecurity = \"ssl\"\n",
                 "2: mailbox.security: expected tls | starttls | none, got \"ssl\""},
        BadValue{"HostWithScheme", "[mailbox]\nhost = \"imaps://imap.example.com\"\n",
                 "2: mailbox.host: expected a host name or address, got "
                 "\"imaps://imap.example.com\""},
        BadValue{"HostWithPort", "[mailbox]\nhost = \"imap.example.com:993\"\n",
                 "2: mailbox.host: put the port in mailbox.port, not in the host"},
        BadValue{"AddressWithoutAt", "[sender]\naddress = \"dana at example.com\"\n",
                 "2: sender.address: expected an email address like dana@example.com, got "
                 "\"dana at example.com\""},
        BadValue{"AddressWithoutDot", "[sender]\naddress = \"dana@localhost\"\n",
                 "2: sender.address: expected an email address like dana@example.com, got "
                 "\"dana@localhost\""},
        BadValue{"UnknownBackend", "[composer]\nbackend = \"gpt\"\n",
                 "2: composer.backend: expected template | openai, got \"gpt\""},
        BadValue{"EndpointWithoutScheme", "[composer]\nendpoint = \"127.0.0.1:11434/v1\"\n",
                 "2: composer.endpoint: expected an http:// or https:// URL, e.g. "
                 "\"http://127.0.0.1:11434/v1\", got \"127.0.0.1:11434/v1\""},
        BadValue{"UnknownOnUnreachable", "[composer]\non_unreachable = \"retry\"\n",
                 "2: composer.on_unreachable: expected template | hold, got \"retry\""},
        BadValue{"ZeroMaxConcurrent", "[composer]\nmax_concurrent = 0\n",
                 "2: composer.max_concurrent: expected a number of requests 1..64, got 0"},
        BadValue{"ZeroTimeout", "[composer]\ntimeout_seconds = 0\n",
                 "2: composer.timeout_seconds: expected a number of seconds 1..600, got 0"},
        BadValue{"LowerCaseCountry",
                 "[compliance]\nconsent_required_countries = [\n  \"DE\",\n  \"de\",\n]\n",
                 "4: compliance.consent_required_countries: expected two-letter upper-case "
                 "country codes (ISO 3166-1 alpha-2, e.g. \"DE\"), got \"de\""},
        BadValue{"CountriesNotArray", "[compliance]\nconsent_required_countries = \"DE\"\n",
                 "2: compliance.consent_required_countries: expected an array of strings, got "
                 "a string"},
        BadValue{"ZeroVanishGrace", "[mailbox]\nvanish_grace_seconds = 0\n",
                 "2: mailbox.vanish_grace_seconds: expected a number of seconds 1..604800, got 0"},
        BadValue{"TooManyConnections", "[mailbox]\nmax_connections = 16\n",
                 "2: mailbox.max_connections: expected a number of connections 1..15, got 16"},
        BadValue{"NegativeCooldown", "[compliance]\ncooldown_days = -1\n",
                 "2: compliance.cooldown_days: expected a number of days 0..36500, got -1"},
        BadValue{"UnknownTone", "[personas.sales]\ntone = \"pushy\"\n",
                 "2: personas.sales.tone: expected warm | neutral | direct | formal, got "
                 "\"pushy\""},
        BadValue{"UnknownFormality", "[personas.sales]\nformality = \"casual\"\n",
                 "2: personas.sales.formality: expected plain | formal | informal, got \"casual\""},
        BadValue{"PersonaNotTable", "[personas]\nsales = \"direct\"\n",
                 "2: personas.sales: expected a table [personas.sales], got a string"},
        BadValue{"TildeUserPath", "[daemon]\ndata_dir = \"~dana/draftbox\"\n",
                 "2: daemon.data_dir: \"~user\" paths are not supported; write the absolute "
                 "path"}),
    [](const ::testing::TestParamInfo<BadValue>& info) { return info.param.name; });

TEST(ParseConfigTest, ReadsTheModelComposerKeys) {
  Result<Config> config = ParseConfig(
      "[composer]\nbackend = \"openai\"\ntimeout_seconds = 30\nmax_concurrent = 8\n"
      "max_retries = 0\non_unreachable = \"template\"\n",
      "cfg");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->composer.timeout_seconds, 30);
  EXPECT_EQ(config->composer.max_concurrent, 8);
  EXPECT_EQ(config->composer.max_retries, 0);
  EXPECT_EQ(config->composer.on_unreachable, "template");
  EXPECT_EQ(ParseConfig("", "cfg")->composer.on_unreachable, "hold");
}

TEST(ParseConfigTest, MaxConnectionsIsFourUnlessSet) {
  EXPECT_EQ(ParseConfig("", "cfg")->mailbox.max_connections, 4);
  Result<Config> config = ParseConfig("[mailbox]\nmax_connections = 2\n", "cfg");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->mailbox.max_connections, 2);
}

TEST(ParseConfigTest, VanishGraceIsTenMinutesUnlessSet) {
  EXPECT_EQ(ParseConfig("", "cfg")->mailbox.vanish_grace_seconds, 600);
  Result<Config> config = ParseConfig("[mailbox]\nvanish_grace_seconds = 5\n", "cfg");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->mailbox.vanish_grace_seconds, 5);
}

TEST(ParseConfigTest, UsesNameInMessages) {
  Result<Config> config = ParseConfig("[mailbox]\nport = \"x\"\n", "init-flags");
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().message,
            "init-flags:2: mailbox.port: expected an integer, got a string");
}

TEST(ParseConfigTest, ErrorMessageNeverContainsOtherKeysValues) {
  Result<Config> config =
      ParseConfig("[mailbox]\npassword_command = \"echo hunter2\"\nhots = 1\n", "cfg");
  ASSERT_FALSE(config.has_value());
  EXPECT_THAT(config.error().message, Not(HasSubstr("hunter2")));
}

}  // namespace
}  // namespace draftbox
