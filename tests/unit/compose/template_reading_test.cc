// Reads the template composer's drafts as their recipients would: a campaign over every sample
// recipient (tests/data/recipients, 100+ people) per campaign kind, in English and German. The
// key message stands as a sentence of its own, never pasted after a colon; no activity note is
// quoted back at the person it describes; no sentence is glued to the next with "that reminds
// me"; drafts of one campaign differ (median pairwise word-trigram overlap below 0.35); and every
// draft passes the grounding check with each passage mapped to facts of its own recipient.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "compose/grounding_check.h"
#include "compose/template_composer.h"
#include "compose/text_scan.h"
#include "unit/compose/compose_fixtures.h"
#include "unit/compose/sample_recipients.h"

namespace draftbox {
namespace {

using testing::Intent;
using testing::Request;

struct Draft {
  const Recipient* recipient;
  ComposeRequest request;
  ComposedDraft draft;
};

struct Campaign {
  CampaignKind kind;
  std::string language;
  std::vector<Draft> drafts;
  size_t failed = 0;
};

std::string Name(const Campaign& c) {
  return std::string(FactSelector::KindName(c.kind)) + "/" + c.language;
}

// The people of the example besides the samples: notes in the third person of shapes
// the phraser does not know, which must not be quoted back.
std::vector<Recipient> NotesInTheThirdPerson() {
  std::vector<Recipient> out;
  auto add = [&out](std::string email, std::string company, Activity activity) {
    Recipient r;
    r.id = 900 + static_cast<int64_t>(out.size());
    r.email = std::move(email);
    r.first_name = "Alex";
    r.role = "VP Revenue";
    r.company = std::move(company);
    r.account_state = "prospect";
    activity.id = r.id * 10;
    r.activities = {std::move(activity)};
    out.push_back(std::move(r));
  };
  add("alex@fabrikam.example", "Fabrikam",
      {0, "job_change", "2026-11-20", "Joined Fabrikam as VP Revenue from Adatum", "linkedin"});
  add("alex@quill.example", "Quill Robotics",
      {0, "milestone", "2026-11-21", "Quill Robotics shipped its 1000th warehouse robot", "news"});
  add("alex@fjord.example", "Fjordworks",
      {0, "hiring", "2026-11-22", "Opened 8 sales roles in Oslo", "linkedin"});
  add("alex@lumen.example", "Lumen",
      {0, "product_release", "2026-11-23", "Launched Lumen Pipelines for real-time reporting",
       "news"});
  add("alex@brightline.example", "Brightline",
      {0, "funding", "2026-11-24", "Series B funding announced with Index Ventures", "news"});
  add("alex@harbor.example", "Harbor",
      {0, "news", "2026-11-25", "Moved its headquarters to Lisbon", "news"});
  return out;
}

// The fixtures' campaign of `kind`; a German campaign is written in German, as a real one is.
CampaignIntent CampaignIn(CampaignKind kind, const std::string& lang) {
  CampaignIntent intent = Intent(kind, lang);
  if (lang != "de") return intent;
  switch (kind) {
    case CampaignKind::kOutreach:
      intent.key_message =
          "Teams nach einer Finanzierungsrunde bauen ihre Pipeline mit sauberen CRM-Daten am "
          "schnellsten aus";
      intent.cta = "Passt Ihnen nächste Woche ein Gespräch von 20 Minuten?";
      break;
    case CampaignKind::kCheckIn:
      intent.key_message =
          "Wir haben Berichte zur Pipeline ergänzt, die viele Teams in ihrer Wochenrunde nutzen";
      intent.cta = "Hilft Ihnen nächste Woche ein kurzes Gespräch?";
      break;
    case CampaignKind::kMilestone:
      intent.key_message =
          "Viele Teams nutzen diesen Moment, um mit uns das nächste Quartal zu planen";
      intent.cta = "Sollen wir eine Planungsrunde vereinbaren?";
      break;
  }
  return intent;
}

class TemplateReadingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    people_ = new std::vector<Recipient>(testing::LoadCsvSamples(testing::SampleDir()));
    for (Recipient& r : NotesInTheThirdPerson()) people_->push_back(std::move(r));
    campaigns_ = new std::vector<Campaign>();
    TemplateComposer composer;
    for (auto kind : {CampaignKind::kOutreach, CampaignKind::kCheckIn, CampaignKind::kMilestone}) {
      for (const char* lang : {"en", "de"}) {
        Campaign campaign{kind, lang, {}, 0};
        uint64_t seed = 0;
        for (const Recipient& r : *people_) {
          ComposeRequest request =
              Request(r, CampaignIn(kind, lang), testing::DefaultPersona(), ++seed);
          ComposeResult result = composer.Compose(request);
          if (!result) {
            ++campaign.failed;
            continue;
          }
          campaign.drafts.push_back({&r, request, std::move(*result)});
        }
        campaigns_->push_back(std::move(campaign));
      }
    }
  }
  static void TearDownTestSuite() {
    delete campaigns_;
    delete people_;
  }

  static std::vector<Recipient>* people_;
  static std::vector<Campaign>* campaigns_;
};

std::vector<Recipient>* TemplateReadingTest::people_ = nullptr;
std::vector<Campaign>* TemplateReadingTest::campaigns_ = nullptr;

std::string KeyMessage(const Draft& d) {
  return std::string(TextScan::Trim(
      d.request.intent.TextIn(d.draft.language).value_or(CampaignText{}).key_message));
}

TEST_F(TemplateReadingTest, EveryCampaignHasFiftyDraftsOrMore) {
  for (const Campaign& c : *campaigns_) {
    EXPECT_GE(c.drafts.size(), 50u) << Name(c);
    // Only recipients with nothing usable (no activity, role or company) fail.
    EXPECT_LE(c.failed, c.drafts.size() / 10) << Name(c);
  }
}

TEST_F(TemplateReadingTest, KeyMessageStandsAsASentenceOfItsOwn) {
  for (const Campaign& c : *campaigns_) {
    for (const Draft& d : c.drafts) {
      const std::string& body = d.draft.body;
      std::string key = KeyMessage(d);
      size_t at = body.find(key);
      ASSERT_NE(at, std::string::npos) << Name(c) << "\n" << body;
      // Starts a paragraph or follows a finished sentence; never after a colon.
      bool own = at == 0 || body[at - 1] == '\n' ||
                 (at >= 2 && body[at - 1] == ' ' &&
                  std::string(".!?").find(body[at - 2]) != std::string::npos);
      EXPECT_TRUE(own) << Name(c) << "\n" << body;
      EXPECT_EQ(TextScan::LowerAscii(body).find(": " + TextScan::LowerAscii(key)),
                std::string::npos)
          << Name(c) << "\n"
          << body;
      // And it ends as a sentence.
      size_t end = at + key.size();
      ASSERT_LT(end, body.size());
      EXPECT_NE(std::string(".!?").find(body[end]), std::string::npos) << body;
    }
  }
}

// True when `quote` starts a paragraph or a sentence of `body`, or follows a colon or an
// opening quotation mark.
bool QuotedAsASentence(const std::string& body, const std::string& quote) {
  for (size_t at = body.find(quote); at != std::string::npos; at = body.find(quote, at + 1)) {
    if (at == 0 || body[at - 1] == '\n' || body[at - 1] == '"') return true;
    if (at >= 3 && body.compare(at - 3, 3, "\xE2\x80\x9E") == 0) return true;  // „
    if (at >= 2 && body[at - 1] == ' ' &&
        std::string(".!?:").find(body[at - 2]) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST_F(TemplateReadingTest, NeverQuotesAnActivityNoteBackAtItsSubject) {
  for (const Campaign& c : *campaigns_) {
    for (const Draft& d : c.drafts) {
      const std::string& body = d.draft.body;
      for (const Activity& a : d.recipient->activities) {
        std::string note(TextScan::Trim(a.summary));
        if (note.size() < 12) continue;
        // The note as written, as a sentence or quotation of its own (first words are enough:
        // "Joined Fabrikam as ..."). Inside a sentence said to the reader ("I noticed your API
        // usage grew 11x") its words are a paraphrase, not a quotation.
        EXPECT_FALSE(QuotedAsASentence(body, note.substr(0, 24)))
            << Name(c) << " quotes '" << note << "':\n"
            << body;
      }
      // No sentence after a colon that starts like a third-person note.
      for (const char* verb : {": Joined", ": Raised", ": Launched", ": Opened", ": Moved",
                               ": Posted", ": Promoted", ": Started", ": \xE2\x80\x9E"}) {
        EXPECT_EQ(body.find(verb), std::string::npos) << Name(c) << "\n" << body;
      }
    }
  }
}

TEST_F(TemplateReadingTest, NeverGluesUnrelatedSentencesWithThatRemindsMe) {
  for (const Campaign& c : *campaigns_) {
    for (const Draft& d : c.drafts) {
      std::string lower = TextScan::LowerAscii(d.draft.body);
      for (const char* glue :
           {"that reminds me", "reminds me of", "speaking of", "made me think of", "on that note",
            "erinnert mich", "apropos", "wo wir gerade"}) {
        EXPECT_EQ(lower.find(glue), std::string::npos) << Name(c) << "\n" << d.draft.body;
      }
    }
  }
}

std::set<std::string> WordTrigrams(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (c == ' ' || c == '\n' || c == '\t') {
      if (!word.empty()) words.push_back(TextScan::LowerAscii(word));
      word.clear();
    } else {
      word += c;
    }
  }
  std::set<std::string> out;
  for (size_t i = 0; i + 2 < words.size(); ++i) {
    out.insert(words[i] + " " + words[i + 1] + " " + words[i + 2]);
  }
  return out;
}

// Jaccard overlap of the two bodies' word trigrams: 1 for the same text, 0 for nothing shared.
double Overlap(const std::set<std::string>& a, const std::set<std::string>& b) {
  size_t shared = 0;
  for (const std::string& t : a) shared += b.contains(t) ? 1 : 0;
  size_t all = a.size() + b.size() - shared;
  return all == 0 ? 1.0 : static_cast<double>(shared) / static_cast<double>(all);
}

TEST_F(TemplateReadingTest, DraftsOfACampaignOverlapLittle) {
  for (const Campaign& c : *campaigns_) {
    std::vector<std::set<std::string>> trigrams;
    for (const Draft& d : c.drafts) trigrams.push_back(WordTrigrams(d.draft.body));
    std::vector<double> overlaps;
    for (size_t i = 0; i < trigrams.size(); ++i) {
      for (size_t j = i + 1; j < trigrams.size(); ++j) {
        overlaps.push_back(Overlap(trigrams[i], trigrams[j]));
      }
    }
    ASSERT_FALSE(overlaps.empty());
    std::nth_element(overlaps.begin(), overlaps.begin() + overlaps.size() / 2, overlaps.end());
    double median = overlaps[overlaps.size() / 2];
    // Every draft of a campaign shares its key message, CTA and signature: that much sameness
    // is the campaign. Above about a third, the wording around them reads like a mail merge.
    EXPECT_LT(median, 0.35) << Name(c);
    RecordProperty("median_overlap_" + Name(c), std::to_string(median));
    std::cout << "median trigram overlap " << Name(c) << ": " << median << "\n";
  }
}

TEST_F(TemplateReadingTest, EveryDraftIsGroundedAndMapsEachPassageToItsFacts) {
  for (const Campaign& c : *campaigns_) {
    for (const Draft& d : c.drafts) {
      auto problems = GroundingCheck::Check(d.request, d.draft);
      EXPECT_TRUE(problems.empty()) << Name(c) << ": " << GroundingCheck::Describe(problems) << "\n"
                                    << d.draft.body;
      std::set<std::string> cited;
      for (const SentenceFacts& s : d.draft.sentences) {
        EXPECT_NE(d.draft.body.find(s.text), std::string::npos) << s.text;
        cited.insert(s.fact_ids.begin(), s.fact_ids.end());
      }
      for (const FactUsed& f : d.draft.facts_used) {
        EXPECT_TRUE(cited.contains(f.id)) << Name(c) << " " << f.id << "\n" << d.draft.body;
        EXPECT_NE(d.draft.body.find(f.text), std::string::npos) << f.id << ": " << f.text;
        // The passage that cites a fact carries its text.
        bool carried = false;
        for (const SentenceFacts& s : d.draft.sentences) {
          bool cites = std::find(s.fact_ids.begin(), s.fact_ids.end(), f.id) != s.fact_ids.end();
          carried = carried || (cites && s.text.find(f.text) != std::string::npos);
        }
        EXPECT_TRUE(carried) << Name(c) << " " << f.id << ": " << f.text << "\n" << d.draft.body;
      }
    }
  }
}

}  // namespace
}  // namespace draftbox
