// The opt-out detector on single replies: requests in four languages whatever their case and
// accents, their negations, what is not a request though it shares the words, the three
// outcomes, and the signature left out.
#include "classify/opt_out_detector.h"

#include <gtest/gtest.h>

#include <string>

#include "classify/opt_out_phrases.h"
#include "classify/reply_text.h"

namespace draftbox {
namespace {

OptOutVerdict Verdict(std::string_view reply) {
  return OptOutDetector::Default().Detect(reply).verdict;
}

TEST(OptOutDetectorTest, FindsRequestsInFourLanguages) {
  for (const char* reply :
       {"bitte keine E-Mails mehr", "merci de ne plus m'écrire",
        "por favor dejen de enviarme correos", "désabonnez-moi", "take me off your list",
        "please don't contact me again", "I'd like to be removed from your records",
        "Stop contacting me.", "Remove me from your distribution list, please.",
        "Bitte melden Sie mich ab.", "Bitte nehmen Sie mich aus Ihrem Verteiler.",
        "Ne me contactez plus.", "Denme de baja, por favor.", "No me contacten más.", "unsubscribe",
        "STOP"}) {
    EXPECT_EQ(Verdict(reply), OptOutVerdict::kOptOut) << reply;
  }
}

TEST(OptOutDetectorTest, IgnoresCaseAndAccents) {
  for (const char* reply :
       {"DÉSABONNEZ-MOI", "desabonnez-moi", "Désabonnez‑moi", "MERCI DE NE PLUS M’ÉCRIRE",
        "LÖSCHEN SIE MEINE DATEN", "loschen sie meine daten", "ELIMÍNENME DE SU LISTA"}) {
    EXPECT_EQ(Verdict(reply), OptOutVerdict::kOptOut) << reply;
  }
}

TEST(OptOutDetectorTest, TakesANegatedRequestForNone) {
  for (const char* reply :
       {"Don't unsubscribe me, I still read these.", "Please do not remove me.",
        "I didn't ask to be unsubscribed.", "Bitte melden Sie mich nicht ab.",
        "Bitte nicht abmelden.", "Surtout ne me désabonnez pas.", "No me den de baja.",
        "No dejen de enviarme las novedades.", "Don't stop sending these."}) {
    EXPECT_EQ(Verdict(reply), OptOutVerdict::kNone) << reply;
  }
}

TEST(OptOutDetectorTest, TakesTheSameWordsAboutSomethingElseForNone) {
  for (const char* reply :
       {"Stop by our booth on Thursday.", "Could you remove the second attendee?",
        "Not now, maybe in spring.", "Please stop the meeting reminder for the old slot.",
        "Stop sending me the reminder for the old slot, we moved.", "Don't hesitate to contact me.",
        "Je ne peux plus assister à la réunion.", "Keine Sorge, ich lese Ihre Mails gerne.",
        "Estoy de baja hasta el lunes.", "Let's remove the blockers."}) {
    EXPECT_EQ(Verdict(reply), OptOutVerdict::kNone) << reply;
  }
}

// A refusal is not an objection to being written to, and "stop" after other sentences has no
// clear object: a person decides. A request taken back in the same reply is unclear too.
TEST(OptOutDetectorTest, CallsUnclearRequestsPossible) {
  for (const char* reply :
       {"Not interested.", "Kein Interesse, danke.", "Pas intéressé.", "No me interesa.",
        "We get a dozen of these a week. Please stop.", "Leave me alone.",
        "I clicked unsubscribe by mistake, please keep me on the list.",
        "Please remove my old address and use this one from now on."}) {
    EXPECT_EQ(Verdict(reply), OptOutVerdict::kPossible) << reply;
  }
}

TEST(OptOutDetectorTest, LeavesTheSignatureOut) {
  const std::string footer =
      "-- \nTom Becker | Acme\nTo stop receiving our newsletter, unsubscribe at acme.example.";
  EXPECT_EQ(Verdict("Thursday works.\n\n" + footer), OptOutVerdict::kNone);
  EXPECT_EQ(Verdict("Unsubscribe me.\n\n" + footer), OptOutVerdict::kOptOut);
  EXPECT_EQ(Verdict("STOP\n\nSent from my iPhone"), OptOutVerdict::kOptOut);
  EXPECT_EQ(StripSignature("Gerne.\n\nVon meinem iPhone gesendet"), "Gerne.");
  EXPECT_EQ(StripSignature("Parfait.\n--\nHélène"), "Parfait.");
}

TEST(OptOutDetectorTest, NamesTheLanguageAndRuleThatDecided) {
  OptOutFinding finding = OptOutDetector::Default().Detect("Bitte keine E-Mails mehr.");
  EXPECT_EQ(finding.verdict, OptOutVerdict::kOptOut);
  EXPECT_EQ(finding.language, "de");
  EXPECT_FALSE(finding.rule.empty());
  OptOutFinding none = OptOutDetector::Default().Detect("Sounds good.");
  EXPECT_TRUE(none.language.empty());
  EXPECT_TRUE(none.rule.empty());
}

// A table naming a word set it does not define would silently match nothing.
TEST(OptOutDetectorTest, EveryTableNamesOnlyItsOwnWordSets) {
  for (const OptOutLanguageTable& table : OptOutLanguageTables()) {
    std::vector<std::string_view> patterns(table.second_thoughts.begin(),
                                           table.second_thoughts.end());
    for (const OptOutRuleText& rule : table.rules) patterns.push_back(rule.pattern);
    for (std::string_view pattern : patterns) {
      for (size_t at = pattern.find('@'); at != std::string_view::npos;
           at = pattern.find('@', at + 1)) {
        size_t end = pattern.find_first_of(" |", at);
        std::string_view name = pattern.substr(
            at + 1, end == std::string_view::npos ? std::string_view::npos : end - at - 1);
        bool defined = false;
        for (const auto& [set, words] : table.word_sets) defined = defined || set == name;
        EXPECT_TRUE(defined) << table.code << ": " << pattern << ": @" << name;
      }
    }
  }
}

TEST(OptOutDetectorTest, ReadsInvalidUtf8AndLongTextWithoutFailing) {
  EXPECT_EQ(Verdict("\xff\xfe unsubscribe \xc3"), OptOutVerdict::kOptOut);
  std::string long_text;
  for (int i = 0; i < 20000; ++i) long_text += "word, ";
  EXPECT_EQ(Verdict(long_text + "unsubscribe"), OptOutVerdict::kNone);  // past kMaxWords
  EXPECT_EQ(Verdict(""), OptOutVerdict::kNone);
}

}  // namespace
}  // namespace draftbox
