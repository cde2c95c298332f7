#include "cli/event_lines.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace draftbox {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class EventLinesTest : public testing::Test {
 protected:
  // Local time is the reader's: pin it so the expected lines hold on any machine.
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    saved_tz_ = tz ? std::optional<std::string>(tz) : std::nullopt;
    setenv("TZ", "Europe/Berlin", 1);
    tzset();
  }
  void TearDown() override {
    if (saved_tz_) {
      setenv("TZ", saved_tz_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

  static json Event(const std::string& type, json payload, const std::string& email = "") {
    return {{"id", 1},           {"time", 1764770400},  // 2025-12-03 14:00:00 UTC
            {"type", type},      {"draft_id", 7},
            {"recipient_id", 3}, {"recipient_email", email.empty() ? json(nullptr) : json(email)},
            {"campaign_id", 2},  {"payload", std::move(payload)}};
  }

  std::optional<std::string> saved_tz_;
};

TEST_F(EventLinesTest, APlacedDraftSaysWhenWhoWhereAndWhichDraft) {
  EXPECT_EQ(
      EventLine(Event("draft_placed", {{"folder", "Drafts"}, {"uid", 12}}, "anna@fabrikam.de")),
      "2025-12-03 15:00:00  draft_placed            anna@fabrikam.de  placed in Drafts, "
      "UID 12 (draft 7, campaign 2)");
}

TEST_F(EventLinesTest, SignalsReadAsWhatHappened) {
  EXPECT_THAT(EventLine(Event("engagement_signal",
                              {{"kind", "reply"}, {"reply_excerpt", "Gerne, Dienstag passt."}},
                              "j\xC3\xBCrgen@example.de")),
              HasSubstr("j\xC3\xBCrgen@example.de  reply: \"Gerne, Dienstag passt.\""));
  EXPECT_THAT(
      EventLine(Event("engagement_signal",
                      {{"kind", "bounce_hard"}, {"status", "5.1.1"}, {"reason", "user unknown"}})),
      HasSubstr("bounced (permanent) 5.1.1: user unknown"));
  EXPECT_THAT(EventLine(Event("engagement_signal", {{"kind", "no_reply"}, {"days_waited", 14}})),
              HasSubstr("no reply after 14 days"));
  EXPECT_THAT(EventLine(Event("draft_edit_signal", {{"words_added", 5},
                                                    {"words_removed", 3},
                                                    {"edit_ratio", 0.126},
                                                    {"subject_changed", true}})),
              HasSubstr("sent with 5 words added, 3 removed (13 % changed), subject rewritten"));
  EXPECT_THAT(
      EventLine(Event("suppression_addition",
                      {{"address", "x@y.com"}, {"reason", "opt_out"}, {"source", "message:abc"}})),
      HasSubstr("suppressed x@y.com: opt_out (source message:abc)"));
}

TEST_F(EventLinesTest, WithoutARecipientTheSuppressedAddressIsWho) {
  json event = Event("suppression_removal", {{"domain", "example.org"}, {"reason", "manual"}});
  event["draft_id"] = nullptr;
  event["campaign_id"] = nullptr;
  EXPECT_THAT(EventLine(event), HasSubstr("example.org  no longer suppressed example.org: manual"));
  EXPECT_THAT(EventLine(event), Not(HasSubstr("(draft")));
}

TEST_F(EventLinesTest, TextFromOutsideStaysOnOneShortLine) {
  const std::string excerpt = "Bitte\r\nBcc: evil@x.com\x1b[2J " + std::string(400, 'a');
  const std::string line = EventLine(
      Event("engagement_signal", {{"kind", "reply"}, {"reply_excerpt", excerpt}}, "a@b.de"));
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\r'), std::string::npos);
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_LT(line.size(), 300u);
  EXPECT_THAT(line, HasSubstr("\xE2\x80\xA6"));  // shortened, and says so
}

TEST_F(EventLinesTest, ATypeItDoesNotKnowShowsItsPayload) {
  EXPECT_THAT(EventLine(Event("draft_teleported", {{"to", "Mars"}})),
              HasSubstr("draft_teleported        -  {\"to\":\"Mars\"}"));
}

TEST_F(EventLinesTest, AMalformedEventDoesNotThrow) {
  EXPECT_THAT(EventLine(json::array()), HasSubstr("?"));
  EXPECT_THAT(EventLine(json{{"type", 5}, {"payload", "x"}, {"time", "soon"}}), HasSubstr("-"));
}

}  // namespace
}  // namespace draftbox
