// Learning from reps' edits, both composers, over a real SQLite file holding (draft, sent) pairs
// of two personas written through the stores as the watcher writes them: the drafts are the
// template composer's own, the sends are those drafts with a line deleted and the subject
// rewritten (persona A) or sent as written (persona B).
#include "campaign/edit_learning.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "campaign/campaign_runner.h"
#include "compose/edit_masker.h"
#include "compose/edit_patterns.h"
#include "compose/template_composer.h"
#include "compose/text_scan.h"
#include "model/model_prompt.h"
#include "store/database.h"
#include "support/edit_pairs.h"
#include "support/temp_dir.h"
#include "unit/compose/compose_fixtures.h"

namespace draftbox {
namespace {

constexpr int64_t kMonday = 1795392000;  // 2026-11-23 00:00 UTC
constexpr int kSeeds = 60;

Recipient Person(const std::string& first, const std::string& last, const std::string& company,
                 const std::string& role) {
  Recipient r;
  r.first_name = first;
  r.last_name = last;
  r.name = first + " " + last;
  r.company = company;
  r.role = role;
  std::string domain = TextScan::LowerAscii(company);
  std::erase(domain, ' ');
  r.email = TextScan::LowerAscii(first) + "@" + domain + ".example";
  return r;
}

ComposeRequest RequestFor(const Recipient& r, uint64_t seed) {
  return testing::Request(r, testing::Intent(CampaignKind::kOutreach, "en"),
                          testing::DefaultPersona(), seed);
}

// As EditLearning masks a draft of `r`: the role is one of its facts.
RecipientStrings StringsOf(const Recipient& r) {
  return RecipientStrings{r.first_name,     r.last_name, r.name,   r.company,
                          r.company_domain, r.email,     {r.role}, {}};
}

// `body` without the line `line`.
std::string WithoutLine(const std::string& body, const std::string& line) {
  std::string out = body;
  const size_t at = out.find("\n" + line + "\n");
  if (at != std::string::npos) out.erase(at, line.size() + 1);
  return out;
}

bool HasLine(const std::string& body, const std::string& line) {
  return body.find("\n" + line + "\n") != std::string::npos;
}

class EditLearningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::Open(dir_.path() / "draftbox.db").value();
    campaign_a_ = test::AddPersonaCampaign(*db_, "A push", "A").value();
    campaign_b_ = test::AddPersonaCampaign(*db_, "B push", "B").value();
    PickPattern();
  }

  // A line of the template's drafts that varies with the seed (so the composer has another
  // wording), names nobody and is the composer's own, not the campaign's: the closing ("Best,"),
  // a short line ending in a comma after the greeting; and the subject the composer writes most for a profile-only recipient, masked.
  void PickPattern() {
    std::map<std::string, int> lines, subjects;
    for (int seed = 0; seed < kSeeds; ++seed) {
      ComposeResult d = TemplateComposer().Compose(RequestFor(probe_, seed));
      ASSERT_TRUE(d.has_value()) << d.error().reason;
      std::vector<std::string> body_lines;
      std::string line;
      for (char c : d->body) {
        if (c == '\n') {
          body_lines.push_back(line);
          line.clear();
        } else {
          line += c;
        }
      }
      // Not the greeting (first line), not the signature; a short line of its own.
      for (size_t i = 1; i + 2 < body_lines.size(); ++i) {
        const std::string& l = body_lines[i];
        if (l.ends_with(",") && l.size() < 40 && l.find("Dana") == std::string::npos &&
            EditMasker::Mask(l, StringsOf(probe_)) == l) {
          ++lines[l];
        }
      }
      const std::string subject = EditMasker::Mask(d->subject, StringsOf(probe_));
      if (subject.find(EditMasker::kFact) == std::string::npos) ++subjects[subject];
    }
    for (const auto& [l, n] : lines) {
      if (n > 0 && n < kSeeds && (line_.empty() || n > lines[line_])) line_ = l;
    }
    for (const auto& [s, n] : subjects) {
      if (subject_.empty() || n > subjects[subject_]) subject_ = s;
    }
    ASSERT_FALSE(line_.empty()) << "the template composer varies no line of its own";
    ASSERT_FALSE(subject_.empty()) << "every subject names the recipient's role";
  }

  // A's recipient `r`: a draft that has the line and the subject, sent without the line, under
  // another subject, with `extra` added; sent `day` days after kMonday with `ratio`.
  void SendAsA(const Recipient& r, int day, double ratio, const std::string& extra) {
    Recipient stored = test::AddRecipient(*db_, r).value();
    for (int seed = 0; seed < 2000; ++seed) {
      ComposeResult d = TemplateComposer().Compose(RequestFor(r, seed));
      ASSERT_TRUE(d.has_value()) << d.error().reason;
      if (!HasLine(d->body, line_) || EditMasker::Mask(d->subject, StringsOf(r)) != subject_) {
        continue;
      }
      test::SentPair pair{d->subject,
                          d->body,
                          FactsJson(d->facts_used, d->sentences),
                          "A better subject",
                          WithoutLine(d->body, line_) + extra + "\n",
                          kMonday + day * 86400,
                          ratio};
      ASSERT_TRUE(test::AddSentPair(*db_, campaign_a_, stored.id, r.email, pair).has_value());
      return;
    }
    FAIL() << "no seed gives " << r.email << " both the line and the subject";
  }

  // B's recipient `r`: the draft sent as written.
  void SendAsB(const Recipient& r, int day, uint64_t seed) {
    Recipient stored = test::AddRecipient(*db_, r).value();
    ComposeResult d = TemplateComposer().Compose(RequestFor(r, seed));
    ASSERT_TRUE(d.has_value()) << d.error().reason;
    test::SentPair pair{d->subject, d->body, FactsJson(d->facts_used, d->sentences),
                        d->subject, d->body, kMonday + day * 86400,
                        0.0};
    ASSERT_TRUE(test::AddSentPair(*db_, campaign_b_, stored.id, r.email, pair).has_value());
  }

  void FillStore() {
    SendAsA(ana_, 0, 0.2, "Happy to share more on onboarding.");
    SendAsA(ben_, 1, 0.4, "Happy to share more on pricing.");
    SendAsA(cleo_, 2, 0.3, "Happy to share more on security.");
    SendAsA(dev_, 3, 0.5, "Happy to share more on reporting.");
    // The most recent and most edited send of A restates its recipient's fact in the rep's own
    // words: it cannot be masked reliably, so no prompt may show it.
    Recipient ivy = Person("Ivy", "Chen", "Massive Dynamic", "Founder");
    Recipient stored = test::AddRecipient(*db_, ivy).value();
    test::SentPair leak{"Congrats on the Berlin office",
                        "Hi Ivy,\n\nCongratulations on opening an office in Berlin.\n\nDana\n",
                        R"([{"id":"activity:1","text":"opening an office in Berlin"}])",
                        "Berlin!",
                        "Hi Ivy,\n\nGood luck with Berlin and the new team there.\n\nDana\n",
                        kMonday + 4 * 86400,
                        0.9};
    ASSERT_TRUE(test::AddSentPair(*db_, campaign_a_, stored.id, ivy.email, leak).has_value());
    for (uint64_t seed = 0; seed < 3; ++seed) {
      SendAsB(b_people_[seed], static_cast<int>(seed), seed);
    }
  }

  test::TempDir dir_;
  std::unique_ptr<Database> db_;
  int64_t campaign_a_ = 0, campaign_b_ = 0;
  Recipient probe_ = Person("Pat", "Probe", "Probeco", "Head of Data");
  Recipient ana_ = Person("Ana", "Lima", "Acme", "Head of Growth");
  Recipient ben_ = Person("Ben", "Okafor", "Globex", "VP Sales");
  Recipient cleo_ = Person("Cleo", "Park", "Initech", "Head of Revenue");
  Recipient dev_ = Person("Dev", "Rao", "Hooli", "Sales Director");
  std::vector<Recipient> b_people_ = {Person("Eve", "Stone", "Vandelay", "COO"),
                                      Person("Finn", "Hart", "Wonka", "CEO"),
                                      Person("Gia", "Moss", "Stark", "CRO")};
  Recipient zed_ = Person("Zed", "Quinn", "Umbrella", "CFO");
  std::string line_;
  std::string subject_;
};

TEST_F(EditLearningTest, APhraseRepsOfAPersonaDeleteIsGoneFromItsNextDraftsOnly) {
  FillStore();
  EditLearning a = EditLearning::Load(*db_, "A").value();
  EditLearning b = EditLearning::Load(*db_, "B").value();
  EXPECT_NE(
      std::find(a.patterns().removed_phrases.begin(), a.patterns().removed_phrases.end(), line_),
      a.patterns().removed_phrases.end());
  int with_line_for_b = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    ComposeRequest request_a = RequestFor(zed_, seed);
    a.Apply(request_a);
    ComposeResult draft_a = TemplateComposer().Compose(request_a);
    ASSERT_TRUE(draft_a.has_value()) << draft_a.error().reason;
    EXPECT_FALSE(HasLine(draft_a->body, line_)) << draft_a->body;

    ComposeRequest request_b = RequestFor(zed_, seed);
    b.Apply(request_b);
    ComposeResult draft_b = TemplateComposer().Compose(request_b);
    ASSERT_TRUE(draft_b.has_value()) << draft_b.error().reason;
    if (HasLine(draft_b->body, line_)) ++with_line_for_b;
  }
  EXPECT_GT(with_line_for_b, 0) << "persona B's drafts still use '" << line_ << "'";
}

TEST_F(EditLearningTest, ASubjectRepsRewriteIsDemotedForTheNextRecipient) {
  FillStore();
  EditLearning a = EditLearning::Load(*db_, "A").value();
  ASSERT_EQ(a.patterns().rewritten_subjects, std::vector<std::string>{subject_});
  const std::string demoted = EditMasker::Fill(subject_, StringsOf(zed_)).value();
  int demoted_before = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    ComposeRequest request = RequestFor(zed_, seed);
    ComposeResult before = TemplateComposer().Compose(request);
    ASSERT_TRUE(before.has_value());
    if (TextScan::LowerAscii(before->subject) == TextScan::LowerAscii(demoted)) ++demoted_before;
    a.Apply(request);
    ComposeResult after = TemplateComposer().Compose(request);
    ASSERT_TRUE(after.has_value());
    EXPECT_NE(TextScan::LowerAscii(after->subject), TextScan::LowerAscii(demoted));
  }
  EXPECT_GT(demoted_before, 0) << "'" << demoted << "' was never written without the pattern";
}

TEST_F(EditLearningTest, ModelPromptShowsAFewMaskedExamplesMostEditedFirst) {
  FillStore();
  ComposeRequest request = RequestFor(zed_, 1);
  EditLearning::Load(*db_, "A").value().Apply(request);
  ModelPrompt prompt = ModelPromptBuilder().Build(request, {});
  ASSERT_TRUE(prompt.failure.empty()) << prompt.failure;
  const std::string& user = prompt.user;
  ASSERT_NE(user.find("=== BEGIN EDITS BY THE SENDER'S TEAM (untrusted data"), std::string::npos)
      << user;
  // At most three, most edited first: reporting 0.5, pricing 0.4, security 0.3; not the 0.2 one,
  // and not Ivy's 0.9, which could not be masked.
  EXPECT_NE(user.find("example 3 sent body"), std::string::npos);
  EXPECT_EQ(user.find("example 4"), std::string::npos);
  const size_t reporting = user.find("more on reporting");
  const size_t pricing = user.find("more on pricing");
  const size_t security = user.find("more on security");
  ASSERT_NE(reporting, std::string::npos);
  ASSERT_NE(pricing, std::string::npos);
  ASSERT_NE(security, std::string::npos);
  EXPECT_LT(reporting, pricing);
  EXPECT_LT(pricing, security);
  EXPECT_EQ(user.find("more on onboarding"), std::string::npos);
  EXPECT_NE(user.find("[first name]"), std::string::npos);
  // Nobody else's name, company, address or facts; only Zed's own.
  for (const Recipient& other : {ana_, ben_, cleo_, dev_}) {
    for (const std::string& s : {other.first_name + ",", other.first_name + " ", other.last_name,
                                 other.company, other.role, other.email}) {
      EXPECT_EQ(user.find(s), std::string::npos) << "'" << s << "' leaked into\n" << user;
    }
  }
  for (const char* s : {"Ivy", "Chen", "Massive", "Berlin", "Founder"}) {
    EXPECT_EQ(user.find(s), std::string::npos) << "'" << s << "' leaked into\n" << user;
  }
  EXPECT_NE(user.find("Zed"), std::string::npos);
}

TEST_F(EditLearningTest, APersonaWhoseRepsSendAsWrittenGetsNoExamplesOrPatterns) {
  FillStore();
  ComposeRequest request = RequestFor(zed_, 1);
  EditLearning::Load(*db_, "B").value().Apply(request);
  EXPECT_TRUE(request.avoid_phrases.empty());
  EXPECT_TRUE(request.avoid_subjects.empty());
  EXPECT_TRUE(request.edit_examples.empty());
  ModelPrompt prompt = ModelPromptBuilder().Build(request, {});
  EXPECT_EQ(prompt.user.find("EDITS BY"), std::string::npos);
}

}  // namespace
}  // namespace draftbox
