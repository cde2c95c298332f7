// The campaign file: the shipped samples and the documented example parse; every validation
// rule reports its exact "file:line: key: reason"; several problems come back together; the
// JSON form has the contract's shape, round-trips, and is held to the same rules.
#include "campaign/campaign_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace draftbox {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<std::string> kPersonas = {"default", "enterprise"};

// Five lines that make a valid campaign; a test appends its own lines from line 6 on.
constexpr char kValid[] =
    "name = \"Q4\"\n"
    "kind = \"outreach\"\n"
    "goal = \"Book a call\"\n"
    "key_message = \"Clean data\"\n"
    "cta = \"Call next week?\"\n";

std::string ReadSource(const std::string& relative) {
  const char* root = std::getenv("DRAFTBOX_SOURCE_DIR");
  fs::path path = fs::path(root != nullptr ? root : DRAFTBOX_SOURCE_DIR_FALLBACK) / relative;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<Campaign> Parse(const std::string& text) {
  return ParseCampaignToml(text, "q4.toml", kPersonas);
}

// The error message for `text`, or a marker that fails any comparison if it parsed.
std::string ErrorOf(const std::string& text) {
  Result<Campaign> result = Parse(text);
  if (result.has_value()) return "<parsed without error>";
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  return result.error().message;
}

// kValid with the line `key = ...` replaced (or removed when `line` is empty).
std::string ValidWith(const std::string& key, const std::string& line) {
  std::string text = kValid;
  size_t start = text.find(key + " = ");
  size_t end = text.find('\n', start);
  return text.replace(start, end - start + 1, line.empty() ? "" : line + "\n");
}

std::string JsonError(const json& spec) {
  Result<Campaign> result = CampaignFromJson(spec);
  if (result.has_value()) return "<parsed without error>";
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  return result.error().message;
}

// ---- samples and the documented example ----

TEST(CampaignFileTest, DemoSampleParses) {
  Result<Campaign> campaign =
      ParseCampaignToml(ReadSource("shared/samples/campaign.toml"), "campaign.toml", {"default"});
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->intent.name, "Q4 expansion: newly funded accounts");
  EXPECT_EQ(campaign->intent.kind, CampaignKind::kOutreach);
  EXPECT_EQ(campaign->target.tags, std::vector<std::string>{"q4-funded"});
  EXPECT_EQ(campaign->target.account_states, std::vector<std::string>{"prospect"});
  EXPECT_TRUE(campaign->target.activity_types.empty());
  EXPECT_EQ(campaign->daily_cap, 50);
  EXPECT_EQ(campaign->max_open_drafts, 100);
  EXPECT_FALSE(campaign->trigger.has_value());
}

TEST(CampaignFileTest, CheckInTriggerSampleParses) {
  Result<Campaign> campaign = ParseCampaignToml(ReadSource("shared/samples/checkin-trigger.toml"),
                                                "checkin-trigger.toml", {"default"});
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->intent.kind, CampaignKind::kCheckIn);
  ASSERT_TRUE(campaign->trigger.has_value());
  EXPECT_EQ(campaign->trigger->on_activity,
            (std::vector<std::string>{"renewal", "milestone", "usage_change"}));
  EXPECT_EQ(campaign->trigger->within_days, 30);
  EXPECT_EQ(campaign->trigger->cadence_days, std::nullopt);
}

TEST(CampaignFileTest, DocumentedExampleParses) {
  Result<Campaign> campaign = ParseCampaignToml(ReadSource("docs/campaign.example.toml"),
                                                "campaign.example.toml", {"default"});
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->target.activity_within_days, 60);
  ASSERT_TRUE(campaign->trigger.has_value());
  EXPECT_EQ(campaign->trigger->within_days, 30);
}

// Every accepted key is shown in the example, set or (for the alternative that cannot be
// combined) commented out, below the right table header.
TEST(CampaignFileTest, DocumentedExampleShowsEveryKnownKey) {
  std::istringstream example(ReadSource("docs/campaign.example.toml"));
  const std::regex header(R"(^\[(\w+)\]\s*$)");
  const std::regex assignment(R"(^#?\s*(\w+)\s*=)");
  std::set<std::string> shown;
  std::string table;
  for (std::string line; std::getline(example, line);) {
    std::smatch match;
    if (std::regex_search(line, match, header)) {
      table = match[1];
    } else if (std::regex_search(line, match, assignment)) {
      shown.insert(table.empty() ? match[1].str() : table + "." + match[1].str());
    }
  }
  for (const std::string& key : KnownCampaignKeys()) {
    EXPECT_TRUE(shown.count(key)) << key << " is missing from docs/campaign.example.toml";
  }
}

TEST(CampaignFileTest, KnownKeysAreTheContractKeys) {
  EXPECT_EQ(KnownCampaignKeys(), (std::vector<std::string>{"name",
                                                           "kind",
                                                           "goal",
                                                           "key_message",
                                                           "cta",
                                                           "persona",
                                                           "language",
                                                           "text_language",
                                                           "key_message_de",
                                                           "cta_de",
                                                           "key_message_en",
                                                           "cta_en",
                                                           "daily_cap",
                                                           "max_open_drafts",
                                                           "target.tags",
                                                           "target.account_state",
                                                           "target.activity_types",
                                                           "target.activity_within_days",
                                                           "trigger.on_activity",
                                                           "trigger.within_days",
                                                           "trigger.cadence_days"}));
}

// ---- intent ----

TEST(CampaignFileTest, MinimalCampaignGetsDefaults) {
  Result<Campaign> campaign = Parse(kValid);
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->id, 0);
  EXPECT_EQ(campaign->intent.persona, "default");
  EXPECT_EQ(campaign->intent.language, "auto");
  EXPECT_EQ(campaign->target, CampaignTarget{});
  EXPECT_FALSE(campaign->trigger.has_value());
  EXPECT_FALSE(campaign->daily_cap.has_value());
  EXPECT_FALSE(campaign->max_open_drafts.has_value());
}

TEST(CampaignFileTest, TrimsTexts) {
  Result<Campaign> campaign = Parse(ValidWith("cta", "cta = \"  Call next week?\\t \""));
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->intent.cta, "Call next week?");
}

TEST(CampaignFileTest, ReadsEveryKind) {
  for (auto [name, kind] : {std::pair{"outreach", CampaignKind::kOutreach},
                            std::pair{"check_in", CampaignKind::kCheckIn},
                            std::pair{"milestone", CampaignKind::kMilestone}}) {
    Result<Campaign> campaign = Parse(ValidWith("kind", "kind = \"" + std::string(name) + "\""));
    ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
    EXPECT_EQ(campaign->intent.kind, kind) << name;
  }
}

TEST(CampaignFileTest, RequiresEachIntentKey) {
  for (const char* key : {"name", "kind", "goal", "key_message", "cta"}) {
    EXPECT_EQ(ErrorOf(ValidWith(key, "")), "q4.toml: " + std::string(key) + ": is required");
  }
}

TEST(CampaignFileTest, RejectsEmptyOrBlankText) {
  EXPECT_EQ(ErrorOf(ValidWith("cta", "cta = \"\"")), "q4.toml:5: cta: must not be empty");
  EXPECT_EQ(ErrorOf(ValidWith("name", "name = \"  \\t \"")), "q4.toml:1: name: must not be empty");
}

TEST(CampaignFileTest, RejectsLineBreaksAndControlCharacters) {
  const std::string reason = "must be one line without control characters";
  EXPECT_EQ(ErrorOf(ValidWith("name", "name = \"Q4\\nBcc: x@example.com\"")),
            "q4.toml:1: name: " + reason);
  EXPECT_EQ(ErrorOf(ValidWith("cta", "cta = \"Call?\\rBcc: x@example.com\"")),
            "q4.toml:5: cta: " + reason);
  EXPECT_EQ(ErrorOf(ValidWith("goal", "goal = \"Book\\ta call\"")), "q4.toml:3: goal: " + reason);
  EXPECT_EQ(ErrorOf(ValidWith("key_message", "key_message = \"Clean\\u007Fdata\"")),
            "q4.toml:4: key_message: " + reason);
  // C1 control NEL and the Unicode line separator break lines in some mail clients.
  EXPECT_EQ(ErrorOf(ValidWith("key_message", "key_message = \"Clean\\u0085data\"")),
            "q4.toml:4: key_message: " + reason);
  EXPECT_EQ(ErrorOf(ValidWith("goal", "goal = \"Book\\u2028a call\"")),
            "q4.toml:3: goal: " + reason);
  // A multi-line string is one line once its surrounding new lines are trimmed.
  Result<Campaign> trimmed = Parse(ValidWith("goal", "goal = \"\"\"\nBook a call\n\"\"\""));
  ASSERT_TRUE(trimmed.has_value()) << trimmed.error().message;
  EXPECT_EQ(trimmed->intent.goal, "Book a call");
}

TEST(CampaignFileTest, LimitsNameTo200Characters) {
  // Characters, not bytes: 200 two-byte letters are fine.
  std::string umlauts;
  for (int i = 0; i < 200; ++i) umlauts += "ü";
  Result<Campaign> campaign = Parse(ValidWith("name", "name = \"" + umlauts + "\""));
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->intent.name, umlauts);
  EXPECT_EQ(ErrorOf(ValidWith("name", "name = \"" + std::string(201, 'n') + "\"")),
            "q4.toml:1: name: must be at most 200 characters (got 201)");
}

TEST(CampaignFileTest, LimitsOtherTextsTo1000Characters) {
  EXPECT_TRUE(Parse(ValidWith("goal", "goal = \"" + std::string(1000, 'g') + "\"")).has_value());
  EXPECT_EQ(ErrorOf(ValidWith("goal", "goal = \"" + std::string(1001, 'g') + "\"")),
            "q4.toml:3: goal: must be at most 1000 characters (got 1001)");
  EXPECT_EQ(ErrorOf(ValidWith("key_message", "key_message = \"" + std::string(1500, 'k') + "\"")),
            "q4.toml:4: key_message: must be at most 1000 characters (got 1500)");
  EXPECT_EQ(ErrorOf(ValidWith("cta", "cta = \"" + std::string(1001, 'c') + "\"")),
            "q4.toml:5: cta: must be at most 1000 characters (got 1001)");
}

TEST(CampaignFileTest, AllowsOwnersLinkInKeyMessageAndCta) {
  Result<Campaign> campaign = Parse(
      "name = \"Q4\"\n"
      "kind = \"outreach\"\n"
      "goal = \"Book a call\"\n"
      "key_message = \"See https://example.com/team-plan for details\"\n"
      "cta = \"Pick a slot: https://example.com/book\"\n");
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->intent.key_message, "See https://example.com/team-plan for details");
  EXPECT_EQ(campaign->intent.cta, "Pick a slot: https://example.com/book");
}

TEST(CampaignFileTest, RejectsUnknownKind) {
  EXPECT_EQ(ErrorOf(ValidWith("kind", "kind = \"Outreach\"")),
            "q4.toml:2: kind: must be one of outreach, check_in, milestone (got 'Outreach')");
}

TEST(CampaignFileTest, AcceptsConfiguredPersona) {
  Result<Campaign> campaign = Parse(std::string(kValid) + "persona = \"enterprise\"\n");
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->intent.persona, "enterprise");
}

TEST(CampaignFileTest, DefaultPersonaExistsWithoutConfiguredPersonas) {
  Result<Campaign> campaign =
      ParseCampaignToml(std::string(kValid) + "persona = \"default\"\n", "q4.toml", {});
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->intent.persona, "default");
}

TEST(CampaignFileTest, RejectsPersonaTheConfigDoesNotDefine) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "persona = \"pirate\"\n"),
            "q4.toml:6: persona: unknown persona 'pirate' (the config defines: default, "
            "enterprise)");
}

TEST(CampaignFileTest, AcceptsEachLanguage) {
  for (const char* language : {"auto", "en", "de"}) {
    Result<Campaign> campaign = Parse(std::string(kValid) + "language = \"" + language + "\"\n");
    ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
    EXPECT_EQ(campaign->intent.language, language);
  }
}

TEST(CampaignFileTest, RejectsUnsupportedLanguage) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "language = \"fr\"\n"),
            "q4.toml:6: language: must be one of auto, en, de (got 'fr')");
}

TEST(CampaignFileTest, ReadsTheKeyMessageAndCtaPerLanguage) {
  Result<Campaign> campaign = Parse(std::string(kValid) +
                                    "key_message_de = \"Saubere Daten\"\n"
                                    "cta_de = \"Gespräch nächste Woche?\"\n");
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->intent.TextLanguage(), "en");
  EXPECT_EQ(campaign->intent.TextIn("de"),
            (CampaignText{"Saubere Daten", "Gespräch nächste Woche?"}));
  EXPECT_EQ(campaign->intent.TextIn("en"), (CampaignText{"Clean data", "Call next week?"}));
  json spec = CampaignToJson(*campaign);
  EXPECT_EQ(spec["key_message_de"], "Saubere Daten");
  EXPECT_EQ(spec["cta_de"], "Gespräch nächste Woche?");
  Result<Campaign> back = CampaignFromJson(spec);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(*back, *campaign);
}

TEST(CampaignFileTest, AGermanCampaignMayCarryEnglishText) {
  Result<Campaign> campaign = Parse(std::string(kValid) +
                                    "text_language = \"de\"\n"
                                    "key_message_en = \"Clean data, in English\"\n"
                                    "cta_en = \"Call?\"\n");
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->intent.TextIn("de"), (CampaignText{"Clean data", "Call next week?"}));
  EXPECT_EQ(campaign->intent.TextIn("en"), (CampaignText{"Clean data, in English", "Call?"}));
}

TEST(CampaignFileTest, ATranslationNeedsBothTextsAndAnotherLanguage) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "key_message_de = \"Saubere Daten\"\n"),
            "q4.toml:6: cta_de: is required with key_message_de: a draft in that language needs "
            "both");
  EXPECT_EQ(ErrorOf(std::string(kValid) + "key_message_en = \"x\"\ncta_en = \"y\"\n"),
            "q4.toml:6: key_message_en: key_message and cta are already in 'en'; set "
            "text_language to the language they are written in");
  EXPECT_EQ(ErrorOf(std::string(kValid) + "text_language = \"fr\"\n"),
            "q4.toml:6: text_language: must be one of en, de (got 'fr')");
}

TEST(CampaignFileTest, CapsArePositiveUpTo100000) {
  Result<Campaign> campaign =
      Parse(std::string(kValid) + "daily_cap = 1\nmax_open_drafts = 100000\n");
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->daily_cap, 1);
  EXPECT_EQ(campaign->max_open_drafts, 100000);
  EXPECT_EQ(ErrorOf(std::string(kValid) + "daily_cap = 0\n"),
            "q4.toml:6: daily_cap: must be a whole number from 1 to 100000 (got 0)");
  EXPECT_EQ(ErrorOf(std::string(kValid) + "daily_cap = -5\n"),
            "q4.toml:6: daily_cap: must be a whole number from 1 to 100000 (got -5)");
  EXPECT_EQ(ErrorOf(std::string(kValid) + "max_open_drafts = 100001\n"),
            "q4.toml:6: max_open_drafts: must be a whole number from 1 to 100000 (got 100001)");
}

TEST(CampaignFileTest, WrongTypeNamesExpectedAndGot) {
  EXPECT_EQ(ErrorOf(ValidWith("name", "name = 4")),
            "q4.toml:1: name: expected a string, got an integer");
  EXPECT_EQ(ErrorOf(ValidWith("goal", "goal = [\"a\"]")),
            "q4.toml:3: goal: expected a string, got an array");
  EXPECT_EQ(ErrorOf(std::string(kValid) + "daily_cap = \"50\"\n"),
            "q4.toml:6: daily_cap: expected an integer, got a string");
  EXPECT_EQ(ErrorOf(std::string(kValid) + "max_open_drafts = 2.5\n"),
            "q4.toml:6: max_open_drafts: expected an integer, got a floating-point number");
  EXPECT_EQ(ErrorOf(std::string(kValid) + "persona = true\n"),
            "q4.toml:6: persona: expected a string, got a boolean");
  EXPECT_EQ(ErrorOf(std::string(kValid) + "target = 2026-11-01\n"),
            "q4.toml:6: target: expected a table, got a date");
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[target]\ntags = \"q4-funded\"\n"),
            "q4.toml:7: target.tags: expected an array of strings, got a string");
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[target]\ntags = [\"q4\", 7]\n"),
            "q4.toml:7: target.tags[1]: expected a string, got an integer");
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[trigger]\ncadence_days = \"weekly\"\n"),
            "q4.toml:7: trigger.cadence_days: expected an integer, got a string");
}

// ---- unknown keys ----

TEST(CampaignFileTest, RejectsUnknownTopLevelKeyAndSuggestsTheNearestKey) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "daly_cap = 50\n"),
            "q4.toml:6: daly_cap: unknown key (did you mean 'daily_cap'?)");
}

TEST(CampaignFileTest, RejectsUnknownKeyWithoutCloseMatchPlainly) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "priority = 1\n"), "q4.toml:6: priority: unknown key");
}

TEST(CampaignFileTest, RejectsUnknownTableAndSuggestsTheNearestTable) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[targets]\ntags = [\"q4\"]\n"),
            "q4.toml:6: targets: unknown key (did you mean 'target'?)");
}

TEST(CampaignFileTest, RejectsUnknownKeyInTarget) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[target]\ntagz = [\"q4\"]\n"),
            "q4.toml:7: target.tagz: unknown key (did you mean 'target.tags'?)");
}

TEST(CampaignFileTest, RejectsUnknownKeyInTrigger) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[trigger]\ncadence_days = 7\ncadense = 7\n"),
            "q4.toml:8: trigger.cadense: unknown key");
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[trigger]\non_activities = [\"funding\"]\n"),
            "q4.toml:6: trigger: needs on_activity (with optional within_days) or cadence_days\n"
            "q4.toml:7: trigger.on_activities: unknown key (did you mean 'trigger.on_activity'?)");
}

TEST(CampaignFileTest, ExplainsTopLevelKeyWrittenBelowATable) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[target]\ntags = [\"q4\"]\ndaily_cap = 5\n"),
            "q4.toml:8: target.daily_cap: unknown key ('daily_cap' is a top-level key: write "
            "it above the first [table])");
}

TEST(CampaignFileTest, SuggestsTargetForTargetKeyAtTopLevel) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "tags = [\"q4\"]\n"),
            "q4.toml:6: tags: unknown key (did you mean 'target.tags'?)");
}

// ---- target ----

TEST(CampaignFileTest, ReadsEveryTargetFilter) {
  Result<Campaign> campaign = Parse(std::string(kValid) +
                                    "[target]\n"
                                    "tags = [\" q4-funded \", \"expansion\"]\n"
                                    "account_state = [\"prospect\", \"churned\"]\n"
                                    "activity_types = [\"funding\"]\n"
                                    "activity_within_days = 60\n");
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->target.tags, (std::vector<std::string>{"q4-funded", "expansion"}));
  EXPECT_EQ(campaign->target.account_states, (std::vector<std::string>{"prospect", "churned"}));
  EXPECT_EQ(campaign->target.activity_types, std::vector<std::string>{"funding"});
  EXPECT_EQ(campaign->target.activity_within_days, 60);
}

TEST(CampaignFileTest, RejectsEmptyTargetItem) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[target]\naccount_state = [\"prospect\", \" \"]\n"),
            "q4.toml:7: target.account_state[1]: must not be empty");
}

TEST(CampaignFileTest, RejectsActivityWithinDaysWithoutActivityTypes) {
  const std::string expected =
      "q4.toml:7: target.activity_within_days: only applies together with "
      "target.activity_types";
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[target]\nactivity_within_days = 30\n"), expected);
  EXPECT_EQ(
      ErrorOf(std::string(kValid) + "[target]\nactivity_within_days = 30\nactivity_types = []\n"),
      expected);
}

TEST(CampaignFileTest, RejectsActivityWithinDaysOutOfRange) {
  EXPECT_EQ(ErrorOf(std::string(kValid) +
                    "[target]\nactivity_types = [\"funding\"]\nactivity_within_days = 0\n"),
            "q4.toml:8: target.activity_within_days: must be a whole number from 1 to 36500 (got "
            "0)");
}

// ---- trigger ----

TEST(CampaignFileTest, TriggerOnActivityWithinDays) {
  Result<Campaign> campaign =
      Parse(std::string(kValid) + "[trigger]\non_activity = [\"renewal\"]\nwithin_days = 30\n");
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  ASSERT_TRUE(campaign->trigger.has_value());
  EXPECT_EQ(campaign->trigger->on_activity, std::vector<std::string>{"renewal"});
  EXPECT_EQ(campaign->trigger->within_days, 30);
  EXPECT_EQ(campaign->trigger->cadence_days, std::nullopt);
}

TEST(CampaignFileTest, TriggerOnCadence) {
  Result<Campaign> campaign = Parse(std::string(kValid) + "[trigger]\ncadence_days = 90\n");
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  ASSERT_TRUE(campaign->trigger.has_value());
  EXPECT_TRUE(campaign->trigger->on_activity.empty());
  EXPECT_EQ(campaign->trigger->cadence_days, 90);
}

TEST(CampaignFileTest, TriggerRejectsActivityAndCadenceTogether) {
  EXPECT_EQ(
      ErrorOf(std::string(kValid) + "[trigger]\non_activity = [\"renewal\"]\ncadence_days = 90\n"),
      "q4.toml:8: trigger.cadence_days: give either trigger.on_activity or "
      "trigger.cadence_days, not both");
}

TEST(CampaignFileTest, TriggerRejectsNeitherActivityNorCadence) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[trigger]\n"),
            "q4.toml:6: trigger: needs on_activity (with optional within_days) or cadence_days");
}

TEST(CampaignFileTest, TriggerRejectsEmptyOnActivity) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[trigger]\non_activity = []\n"),
            "q4.toml:7: trigger.on_activity: must not be empty");
}

TEST(CampaignFileTest, TriggerRejectsWithinDaysWithoutOnActivity) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[trigger]\ncadence_days = 90\nwithin_days = 30\n"),
            "q4.toml:8: trigger.within_days: only applies together with trigger.on_activity");
}

TEST(CampaignFileTest, TriggerRejectsDaysBelowOne) {
  EXPECT_EQ(ErrorOf(std::string(kValid) + "[trigger]\ncadence_days = 0\n"),
            "q4.toml:7: trigger.cadence_days: must be a whole number from 1 to 36500 (got 0)");
  EXPECT_EQ(
      ErrorOf(std::string(kValid) + "[trigger]\non_activity = [\"renewal\"]\nwithin_days = -1\n"),
      "q4.toml:8: trigger.within_days: must be a whole number from 1 to 36500 (got -1)");
}

// ---- syntax errors and many problems ----

TEST(CampaignFileTest, ReportsSyntaxErrorWithLineAndColumn) {
  std::string message = ErrorOf(std::string(kValid) + "daily_cap = = 5\n");
  EXPECT_THAT(message, ::testing::StartsWith("q4.toml:6:13: TOML syntax error: "));
  EXPECT_GT(message.size(), std::string("q4.toml:6:13: TOML syntax error: ").size());
}

TEST(CampaignFileTest, ReportsEveryProblemInLineOrder) {
  std::string text =
      "name = \"\"\n"
      "kind = \"sales\"\n"
      "cta = \"Call?\"\n"
      "daly_cap = 5\n"
      "language = \"fr\"\n"
      "[target]\n"
      "tags = [\"\"]\n"
      "activity_within_days = 3\n"
      "[trigger]\n"
      "on_activity = [\"renewal\"]\n"
      "cadence_days = 0\n";
  EXPECT_EQ(ErrorOf(text),
            "q4.toml:1: name: must not be empty\n"
            "q4.toml:2: kind: must be one of outreach, check_in, milestone (got 'sales')\n"
            "q4.toml:4: daly_cap: unknown key (did you mean 'daily_cap'?)\n"
            "q4.toml:5: language: must be one of auto, en, de (got 'fr')\n"
            "q4.toml:7: target.tags[0]: must not be empty\n"
            "q4.toml:8: target.activity_within_days: only applies together with "
            "target.activity_types\n"
            "q4.toml:11: trigger.cadence_days: must be a whole number from 1 to 36500 (got 0)\n"
            "q4.toml:11: trigger.cadence_days: give either trigger.on_activity or "
            "trigger.cadence_days, not both\n"
            "q4.toml: goal: is required\n"
            "q4.toml: key_message: is required");
}

// ---- JSON ----

TEST(CampaignFileTest, JsonHasTheContractShape) {
  Result<Campaign> campaign = Parse(std::string(kValid) +
                                    "persona = \"enterprise\"\n"
                                    "language = \"de\"\n"
                                    "daily_cap = 5\n"
                                    "max_open_drafts = 9\n"
                                    "[target]\n"
                                    "tags = [\"q4\"]\n"
                                    "activity_types = [\"funding\"]\n"
                                    "activity_within_days = 60\n"
                                    "[trigger]\n"
                                    "on_activity = [\"funding\"]\n"
                                    "within_days = 7\n");
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(CampaignToJson(*campaign), json::parse(R"({
    "name": "Q4", "kind": "outreach", "goal": "Book a call", "key_message": "Clean data",
    "cta": "Call next week?", "persona": "enterprise", "language": "de",
    "daily_cap": 5, "max_open_drafts": 9,
    "target": {"tags": ["q4"], "account_state": [], "activity_types": ["funding"],
               "activity_within_days": 60},
    "trigger": {"on_activity": ["funding"], "within_days": 7}
  })"));
}

TEST(CampaignFileTest, JsonOmitsWhatIsNotSet) {
  Result<Campaign> campaign = Parse(kValid);
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(CampaignToJson(*campaign), json::parse(R"({
    "name": "Q4", "kind": "outreach", "goal": "Book a call", "key_message": "Clean data",
    "cta": "Call next week?", "persona": "default", "language": "auto",
    "target": {"tags": [], "account_state": [], "activity_types": []}
  })"));
}

TEST(CampaignFileTest, JsonRoundTripGivesTheSameCampaign) {
  for (const auto& [file, text] :
       {std::pair{"campaign.toml", ReadSource("shared/samples/campaign.toml")},
        std::pair{"checkin-trigger.toml", ReadSource("shared/samples/checkin-trigger.toml")},
        std::pair{"campaign.example.toml", ReadSource("docs/campaign.example.toml")},
        std::pair{"cadence.toml", std::string(kValid) + "[trigger]\ncadence_days = 14\n"}}) {
    Result<Campaign> parsed = ParseCampaignToml(text, file, {"default"});
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    // Through text, as the spec is stored: no state hides in the json object.
    json stored = json::parse(CampaignToJson(*parsed).dump());
    Result<Campaign> back = CampaignFromJson(stored);
    ASSERT_TRUE(back.has_value()) << file << ": " << back.error().message;
    EXPECT_EQ(*back, *parsed) << file;
    EXPECT_EQ(CampaignToJson(*back), stored) << file;
  }
}

TEST(CampaignFileTest, FromJsonAcceptsASpecWithoutTargetOrTrigger) {
  Result<Campaign> campaign = CampaignFromJson(json::parse(R"({
    "name": "Q4", "kind": "milestone", "goal": "g", "key_message": "k", "cta": "c",
    "persona": "anyone", "language": "en", "daily_cap": null})"));
  ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
  EXPECT_EQ(campaign->intent.kind, CampaignKind::kMilestone);
  // The config's personas are unknown here: any well-formed name is kept.
  EXPECT_EQ(campaign->intent.persona, "anyone");
  EXPECT_EQ(campaign->target, CampaignTarget{});
  EXPECT_FALSE(campaign->daily_cap.has_value());
}

TEST(CampaignFileTest, FromJsonRejectsABadFieldByName) {
  Result<Campaign> valid = Parse(kValid);
  ASSERT_TRUE(valid.has_value()) << valid.error().message;
  const json base = CampaignToJson(*valid);
  auto with = [&](const json& patch) { return base.patch(patch); };

  EXPECT_EQ(JsonError(with(R"([{"op": "replace", "path": "/kind", "value": "sales"}])"_json)),
            "kind: must be one of outreach, check_in, milestone (got 'sales')");
  EXPECT_EQ(JsonError(with(R"([{"op": "remove", "path": "/goal"}])"_json)), "goal: is required");
  EXPECT_EQ(JsonError(with(R"([{"op": "add", "path": "/daily_cap", "value": 0}])"_json)),
            "daily_cap: must be a whole number from 1 to 100000 (got 0)");
  EXPECT_EQ(JsonError(with(R"([{"op": "add", "path": "/daily_cap", "value": 1e20}])"_json)),
            "daily_cap: expected an integer, got a floating-point number");
  EXPECT_EQ(JsonError(with(R"([{"op": "replace", "path": "/cta", "value": "a\r\nBcc: x"}])"_json)),
            "cta: must be one line without control characters");
  EXPECT_EQ(
      JsonError(with(R"([{"op": "replace", "path": "/target/tags", "value": ["q4", null]}])"_json)),
      "target.tags[1]: expected a string, got null");
  EXPECT_EQ(JsonError(with(R"([{"op": "replace", "path": "/target", "value": []}])"_json)),
            "target: expected a table, got an array");
  EXPECT_EQ(JsonError(with(R"([{"op": "add", "path": "/id", "value": 7}])"_json)),
            "id: unknown key");
  EXPECT_EQ(JsonError(with(R"([{"op": "add", "path": "/trigger", "value": {}}])"_json)),
            "trigger: needs on_activity (with optional within_days) or cadence_days");
  EXPECT_EQ(JsonError(json::array()), "campaign: expected a JSON object, got an array");
}

TEST(CampaignFileTest, FromJsonReportsEveryBadField) {
  EXPECT_EQ(JsonError(json::parse(R"({"name": "Q4", "kind": 3, "goal": "", "cta": "c",
                                     "key_message": "k", "language": "fr"})")),
            "kind: expected a string, got an integer\n"
            "goal: must not be empty\n"
            "language: must be one of auto, en, de (got 'fr')");
}

// ---- core kind names ----

TEST(CampaignKindTest, NamesRoundTrip) {
  for (CampaignKind kind :
       {CampaignKind::kOutreach, CampaignKind::kCheckIn, CampaignKind::kMilestone}) {
    EXPECT_EQ(ParseCampaignKind(CampaignKindName(kind)), kind);
  }
  EXPECT_EQ(CampaignKindName(CampaignKind::kCheckIn), "check_in");
  EXPECT_EQ(ParseCampaignKind("check-in"), std::nullopt);
  EXPECT_EQ(ParseCampaignKind(""), std::nullopt);
}

}  // namespace
}  // namespace draftbox
