// The human form of GET /v1/status (the request itself is tested in tests/integration/cli).
#include "cli/status_command.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

nlohmann::json SampleStatus() {
  return nlohmann::json::parse(R"({
    "version": "0.1.0", "uptime_s": 3725, "data_dir": "/home/d/.local/share/draftbox",
    "config_sources": ["/etc/draftbox/config.toml", "/home/d/.config/draftbox/config.toml"],
    "store": {"schema_version": 3, "counts": {"drafts": 4, "recipients": 12}},
    "mailbox": {"configured": true, "reachable": true, "host": "imap.example.com",
                "user": "dana@example.com", "security": "tls",
                "folders": {"drafts": "Drafts", "sent": "Sent", "inbox": "INBOX"},
                "last_error": null, "last_checked": 1700000000}
  })");
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(RenderStatusTextTest, ShowsVersionUptimeDataDirAndConfigFiles) {
  std::string text = RenderStatusText(SampleStatus(), "127.0.0.1:7411");
  EXPECT_TRUE(Contains(text, "draftbox 0.1.0 at 127.0.0.1:7411, up 1h 2m")) << text;
  EXPECT_TRUE(Contains(text, "data dir: /home/d/.local/share/draftbox")) << text;
  EXPECT_TRUE(Contains(text, "/etc/draftbox/config.toml, /home/d/.config/draftbox/config.toml"))
      << text;
}

TEST(RenderStatusTextTest, ShowsTheKeysTheSystemFileLocksOnlyWhenThereAreAny) {
  nlohmann::json status = SampleStatus();
  EXPECT_FALSE(Contains(RenderStatusText(status, "127.0.0.1:7411"), "managed:"));
  status["config_managed"] = {"composer.endpoint", "compliance.*"};
  std::string text = RenderStatusText(status, "127.0.0.1:7411");
  EXPECT_TRUE(
      Contains(text, "managed:  composer.endpoint, compliance.* (locked by the system file)\n"))
      << text;
}

TEST(RenderStatusTextTest, ShowsReachableMailboxFoldersAndCounts) {
  std::string text = RenderStatusText(SampleStatus(), "127.0.0.1:7411");
  EXPECT_TRUE(Contains(text, "mailbox:  dana@example.com on imap.example.com (tls): reachable"))
      << text;
  EXPECT_TRUE(Contains(text, "drafts \"Drafts\", sent \"Sent\", inbox \"INBOX\"")) << text;
  EXPECT_TRUE(Contains(text, "4 drafts, 12 recipients")) << text;
}

TEST(RenderStatusTextTest, ShowsTheLastErrorOfAnUnreachableMailbox) {
  nlohmann::json status = SampleStatus();
  status["mailbox"]["reachable"] = false;
  status["mailbox"]["last_error"] = "login refused";
  status["mailbox"]["folders"]["sent"] = nullptr;
  std::string text = RenderStatusText(status, "127.0.0.1:7411");
  EXPECT_TRUE(Contains(text, "(tls): unreachable: login refused")) << text;
  EXPECT_TRUE(Contains(text, "sent not found")) << text;
}

TEST(RenderStatusTextTest, SaysLoginRejectedWithTheNextAttemptRatherThanUnreachable) {
  nlohmann::json status = SampleStatus();
  status["mailbox"]["reachable"] = false;
  status["mailbox"]["last_error"] = "auth: login rejected (server said: NO)";
  status["mailbox"]["login_rejected"] = true;
  status["mailbox"]["next_login_attempt"] = 1700000300;  // 2023-11-14 22:18:20 UTC
  std::string text = RenderStatusText(status, "127.0.0.1:7411");
  EXPECT_TRUE(Contains(text, "(tls): login rejected, next attempt 2023-11-14 22:18 UTC")) << text;
  EXPECT_FALSE(Contains(text, "unreachable")) << text;
}

TEST(RenderStatusTextTest, SaysWhenTheMailboxWasNotCheckedYet) {
  nlohmann::json status = SampleStatus();
  status["mailbox"]["reachable"] = false;
  status["mailbox"]["last_checked"] = nullptr;
  EXPECT_TRUE(Contains(RenderStatusText(status, "a"), "not checked yet"));
}

TEST(RenderStatusTextTest, SaysWhenNoMailboxIsConfigured) {
  nlohmann::json status = SampleStatus();
  status["mailbox"] = {{"configured", false}};
  std::string text = RenderStatusText(status, "a");
  EXPECT_TRUE(Contains(text, "mailbox:  not configured")) << text;
  EXPECT_FALSE(Contains(text, "folders:")) << text;
}

TEST(RenderStatusTextTest, SurvivesMissingAndMistypedFields) {
  nlohmann::json status = {{"version", 7}, {"mailbox", "x"}, {"store", nullptr}};
  std::string text = RenderStatusText(status, "a");
  EXPECT_TRUE(Contains(text, "draftbox unknown at a, up unknown")) << text;
  EXPECT_TRUE(Contains(RenderStatusText(nlohmann::json::array(), "a"), "unknown"));
}

TEST(RenderStatusTextTest, ListsMessagesThatCouldNotBeHandledWithTheirErrorEscaped) {
  nlohmann::json status = SampleStatus();
  status["watch"] = {{"failed_messages", 2},
                     {"recent_failures",
                      {{{"time", 1700000000},
                        {"role", "inbox"},
                        {"folder", "INBOX"},
                        {"uid_validity", 7},
                        {"uid", 42},
                        {"message_id", "<m1@x.example>"},
                        {"error", "internal: exception: bad\n\x1b[31mred"}}}}};
  std::string text = RenderStatusText(status, "a");
  EXPECT_TRUE(Contains(text, "messages: 2 could not be handled")) << text;
  EXPECT_TRUE(
      Contains(text, "INBOX uid 42 <m1@x.example>: internal: exception: bad\\n\\x1B[31mred"))
      << text;
}

TEST(RenderStatusTextTest, SaysNothingAboutMessagesWhenAllWereHandled) {
  nlohmann::json status = SampleStatus();
  status["watch"] = {{"failed_messages", 0}, {"recent_failures", nlohmann::json::array()}};
  EXPECT_FALSE(Contains(RenderStatusText(status, "a"), "messages:"));
}

TEST(FormatUptimeTest, PicksTheTwoLargestUnits) {
  EXPECT_EQ(FormatUptime(0), "0s");
  EXPECT_EQ(FormatUptime(59), "59s");
  EXPECT_EQ(FormatUptime(61), "1m 1s");
  EXPECT_EQ(FormatUptime(3725), "1h 2m");
  EXPECT_EQ(FormatUptime(2 * 86400 + 5 * 3600 + 7), "2d 5h");
}

}  // namespace
}  // namespace draftbox
