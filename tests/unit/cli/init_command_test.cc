// How `draftbox init` flags map onto a Config (the file itself is tested in
// tests/integration/cli).
#include "cli/init_command.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

TEST(InitFlagsTest, NoFlagsGiveTheBuiltInDefaults) {
  Result<Config> config = ConfigFromInitFlags(InitFlags{});
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(*config, Config{});
}

TEST(InitFlagsTest, EveryFlagLandsInItsKey) {
  InitFlags flags;
  flags.imap_host = "imap.example.com";
  flags.imap_port = 143;
  flags.imap_security = "starttls";
  flags.imap_user = "dana@example.com";
  flags.password_command = "secret-tool lookup draftbox imap";
  flags.drafts_folder =
      "Entw\xc3\xbc"
      "rfe";
  flags.sent_folder = "Gesendet";
  flags.ca_file = "/etc/ssl/imap.pem";
  flags.sender_name = "Dana Reyes";
  flags.sender_address = "dana@example.com";
  flags.signature = "Dana Reyes";
  flags.listen = "127.0.0.1:7500";
  flags.data_dir = "/var/tmp/draftbox";

  Result<Config> config = ConfigFromInitFlags(flags);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  const MailboxConfig& m = config->mailbox;
  EXPECT_EQ(m.host, "imap.example.com");
  EXPECT_EQ(m.port, 143);
  EXPECT_EQ(m.security, MailSecurity::kStartTls);
  EXPECT_EQ(m.user, "dana@example.com");
  EXPECT_EQ(m.password_command, "secret-tool lookup draftbox imap");
  EXPECT_EQ(m.oauth2_token_command, "");
  EXPECT_EQ(m.drafts_folder,
            "Entw\xc3\xbc"
            "rfe");
  EXPECT_EQ(m.sent_folder, "Gesendet");
  EXPECT_EQ(m.ca_file, "/etc/ssl/imap.pem");
  EXPECT_EQ(config->sender.name, "Dana Reyes");
  EXPECT_EQ(config->sender.address, "dana@example.com");
  EXPECT_EQ(config->sender.signature, "Dana Reyes");
  EXPECT_EQ(config->daemon.listen_host, "127.0.0.1");
  EXPECT_EQ(config->daemon.listen_port, 7500);
  EXPECT_EQ(config->daemon.data_dir, "/var/tmp/draftbox");
}

TEST(InitFlagsTest, OAuth2CommandLandsInItsKey) {
  InitFlags flags;
  flags.oauth2_token_command = "oauth2l fetch";
  Result<Config> config = ConfigFromInitFlags(flags);
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->mailbox.oauth2_token_command, "oauth2l fetch");
  EXPECT_EQ(config->mailbox.password_command, "");
}

TEST(InitFlagsTest, SecurityNamesMapToModes) {
  for (auto [name, mode] :
       {std::pair{"tls", MailSecurity::kTls}, std::pair{"starttls", MailSecurity::kStartTls},
        std::pair{"none", MailSecurity::kNone}}) {
    InitFlags flags;
    flags.imap_security = name;
    Result<Config> config = ConfigFromInitFlags(flags);
    ASSERT_TRUE(config.has_value()) << name;
    EXPECT_EQ(config->mailbox.security, mode) << name;
  }
}

TEST(InitFlagsTest, BackslashNInSignatureBecomesALineBreak) {
  InitFlags flags;
  flags.signature = "Dana Reyes\\nAccount Executive";
  Result<Config> config = ConfigFromInitFlags(flags);
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->sender.signature, "Dana Reyes\nAccount Executive");
}

TEST(InitFlagsTest, ListenAcceptsBracketedIpv6) {
  InitFlags flags;
  flags.listen = "[::1]:7412";
  Result<Config> config = ConfigFromInitFlags(flags);
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->daemon.listen_host, "::1");
  EXPECT_EQ(config->daemon.listen_port, 7412);
}

TEST(InitFlagsTest, ListenWithoutPortIsRefusedNamingTheFlag) {
  InitFlags flags;
  flags.listen = "127.0.0.1";
  Result<Config> config = ConfigFromInitFlags(flags);
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(config.error().message.find("--listen"), std::string::npos);
}

TEST(InitFlagsTest, UnknownSecurityIsRefusedNamingTheFlag) {
  InitFlags flags;
  flags.imap_security = "ssl";
  Result<Config> config = ConfigFromInitFlags(flags);
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error().message.find("--imap-security"), std::string::npos);
}

}  // namespace
}  // namespace draftbox
