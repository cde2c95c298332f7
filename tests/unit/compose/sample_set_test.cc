// The template composer over every sample recipient (tests/data/recipients) × campaign kind ×
// language: each draft passes GroundingCheck or is a failure with a reason, stands only on facts
// of its own recipient, and the set as a whole is varied enough not to read like a mail merge.
#include <gtest/gtest.h>

#include <set>

#include "compose/fact_screen.h"
#include "compose/grounding_check.h"
#include "compose/template_composer.h"
#include "unit/compose/compose_fixtures.h"
#include "unit/compose/sample_recipients.h"

namespace draftbox {
namespace {

using testing::Intent;
using testing::Request;

struct Composed {
  const Recipient* recipient;
  CampaignKind kind;
  std::string language;
  ComposeResult result;
};

class SampleSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path dir = testing::SampleDir();
    csv_ = testing::LoadCsvSamples(dir);
    jsonl_ = testing::LoadJsonlSamples(dir);
    ASSERT_GT(csv_.size(), 30u);
    ASSERT_GT(jsonl_.size(), 30u);
  }

  std::vector<Composed> ComposeAll(const std::vector<Recipient>& recipients, uint64_t seed = 1) {
    std::vector<Composed> out;
    TemplateComposer composer;
    for (const auto& r : recipients) {
      for (auto kind :
           {CampaignKind::kOutreach, CampaignKind::kCheckIn, CampaignKind::kMilestone}) {
        for (const char* lang : {"en", "de"}) {
          auto req = Request(r, Intent(kind, lang), testing::DefaultPersona(), seed);
          out.push_back({&r, kind, lang, composer.Compose(req)});
        }
      }
    }
    return out;
  }

  std::vector<Recipient> csv_;
  std::vector<Recipient> jsonl_;
};

std::string Describe(const Composed& c) {
  return c.recipient->email + " kind=" + std::to_string(static_cast<int>(c.kind)) +
         " lang=" + c.language;
}

// Activity summaries that FactScreen refuses: their words must never reach a draft.
std::vector<std::string> RefusedSummaries(const Recipient& r) {
  std::vector<std::string> out;
  for (const auto& a : r.activities) {
    if (!FactScreen::Check(a.summary, FactScreen::Field::kSummary).usable) out.push_back(a.summary);
  }
  return out;
}

void CheckDraft(const Composed& c, const std::vector<Recipient>& all) {
  SCOPED_TRACE(Describe(c));
  if (!c.result) {
    EXPECT_FALSE(c.result.error().reason.empty());
    EXPECT_NE(c.result.error().reason.find("no usable facts"), std::string::npos)
        << c.result.error().reason;
    return;
  }
  const ComposedDraft& d = *c.result;
  const Recipient& r = *c.recipient;
  auto req = Request(r, Intent(c.kind, c.language));
  auto problems = GroundingCheck::Check(req, d);
  EXPECT_TRUE(problems.empty()) << GroundingCheck::Describe(problems) << "\n" << d.body;
  EXPECT_EQ(d.language, c.language);

  std::string all_text = d.subject + "\n" + d.body;
  for (const char* bad : {"http",        "www.",
                          "evil",        "phish",
                          "<",           ">",
                          "{",           "}",
                          "[",           "]",
                          "%s",          "TODO",
                          "Hi ,",        "Hallo ,",
                          "Dear ,",      "victim",
                          "Bcc",         "\r",
                          "instruction", "SYSTEM",
                          "password",    "card details",
                          "90%"}) {
    EXPECT_EQ(all_text.find(bad), std::string::npos) << "'" << bad << "' in\n" << all_text;
  }
  for (const auto& refused : RefusedSummaries(r)) {
    EXPECT_EQ(all_text.find(refused.substr(0, 30)), std::string::npos) << refused;
  }

  // Grounded: every fact is this recipient's, and its text is in the body.
  ASSERT_FALSE(d.facts_used.empty());
  std::set<std::string> own_ids = {"recipient:role", "recipient:company", "recipient:account_state",
                                   "recipient:plan"};
  for (const auto& a : r.activities) own_ids.insert("activity:" + std::to_string(a.id));
  for (const auto& f : d.facts_used) {
    EXPECT_TRUE(own_ids.contains(f.id)) << f.id;
    EXPECT_FALSE(f.text.empty()) << f.id;
    EXPECT_NE(d.body.find(f.text), std::string::npos) << f.id << ": '" << f.text << "'";
  }

  // Nothing about another recipient: not their company, not their name.
  for (const auto& other : all) {
    if (other.email == r.email) continue;
    if (!other.company.empty() && other.company != r.company) {
      EXPECT_EQ(all_text.find(other.company), std::string::npos) << other.company;
    }
    std::string other_name = other.first_name + " " + other.last_name;
    // The sender (Dana Reyes) is also a sample recipient; her name belongs in the signature.
    bool is_sender = testing::DefaultPersona().signature.find(other_name) != std::string::npos;
    if (other.first_name.size() > 1 && other.last_name.size() > 1 && !is_sender &&
        other_name != r.first_name + " " + r.last_name) {
      EXPECT_EQ(all_text.find(other_name), std::string::npos) << other_name;
    }
  }
  EXPECT_LE(d.subject.size(), 3 * TemplateComposer::kMaxSubjectChars);  // bytes, UTF-8
  EXPECT_FALSE(d.subject.empty());
}

TEST_F(SampleSetTest, EveryCsvDraftIsGroundedOrAFailureWithReason) {
  auto drafts = ComposeAll(csv_);
  size_t ok = 0;
  for (const auto& c : drafts) {
    CheckDraft(c, csv_);
    if (c.result) ++ok;
  }
  // Almost every sample recipient has a role or company; only a handful may fail.
  EXPECT_GT(ok, drafts.size() * 9 / 10);
}

TEST_F(SampleSetTest, EveryJsonlDraftIsGroundedOrAFailureWithReason) {
  auto drafts = ComposeAll(jsonl_, 7);
  for (const auto& c : drafts) CheckDraft(c, jsonl_);
}

TEST_F(SampleSetTest, HeaderInjectionNamesAreNeverUsed) {
  size_t seen = 0;
  for (const auto& c : ComposeAll(csv_)) {
    if (c.recipient->first_name.find("Bcc") == std::string::npos || !c.result) continue;
    ++seen;
    EXPECT_TRUE(c.result->body.starts_with("Hi there,") || c.result->body.starts_with("Hello,") ||
                c.result->body.starts_with("Hallo,") || c.result->body.starts_with("Guten Tag,"))
        << c.result->body;
  }
  EXPECT_GT(seen, 0u);
}

std::string FirstSentenceAfterGreeting(const std::string& body) {
  size_t start = body.find("\n\n");
  if (start == std::string::npos) return "";
  start += 2;
  size_t end = body.find_first_of(".!?\n", start);
  return body.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Variety over the first 30 recipients of one outreach campaign, per language. Recipients share
// companies and fact shapes, so some sameness is honest; a mail merge would give ~1 distinct
// opener per fact type (9 types) and one subject per type. We require at least two thirds of
// openers and half of the subjects to be distinct, and greetings/closings to vary too.
TEST_F(SampleSetTest, DraftsAcrossRecipientsAreVaried) {
  for (const char* lang : {"en", "de"}) {
    std::set<std::string> openers, subjects, greetings, closings;
    size_t n = 0;
    TemplateComposer composer;
    for (const auto& r : csv_) {
      if (n == 30) break;
      auto result = composer.Compose(Request(r, Intent(CampaignKind::kOutreach, lang)));
      if (!result) continue;
      ++n;
      openers.insert(FirstSentenceAfterGreeting(result->body));
      subjects.insert(result->subject);
      greetings.insert(result->body.substr(0, result->body.find_first_of(" ,")));
      size_t sig = result->body.rfind("\nDana Reyes");
      size_t closing = result->body.rfind("\n\n", sig);
      closings.insert(result->body.substr(closing, sig - closing));
    }
    ASSERT_EQ(n, 30u) << lang;
    EXPECT_GE(openers.size(), 20u) << lang;
    EXPECT_GE(subjects.size(), 15u) << lang;
    EXPECT_GE(greetings.size(), 2u) << lang;
    EXPECT_GE(closings.size(), 2u) << lang;
  }
}

TEST_F(SampleSetTest, AnotherSeedGivesOtherWordingForEveryRecipient) {
  TemplateComposer composer;
  size_t compared = 0;
  for (const auto& r : csv_) {
    for (const char* lang : {"en", "de"}) {
      auto a = composer.Compose(
          Request(r, Intent(CampaignKind::kOutreach, lang), testing::DefaultPersona(), 1));
      auto b = composer.Compose(
          Request(r, Intent(CampaignKind::kOutreach, lang), testing::DefaultPersona(), 2));
      auto c = composer.Compose(
          Request(r, Intent(CampaignKind::kOutreach, lang), testing::DefaultPersona(), 3));
      if (!a || !b || !c) continue;
      ++compared;
      EXPECT_TRUE(a->body != b->body || a->body != c->body) << r.email << " " << lang;
    }
  }
  EXPECT_GT(compared, 100u);
}

TEST(SampleCsvTest, ParsesQuotedFieldsAcrossLines) {
  auto rows = testing::ParseCsv("a,b\n\"x\r\ny\",\"say \"\"hi\"\"\"\nlast,row");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], "x\r\ny");
  EXPECT_EQ(rows[1][1], "say \"hi\"");
  EXPECT_EQ(rows[2][1], "row");
}

}  // namespace
}  // namespace draftbox
