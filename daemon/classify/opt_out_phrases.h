// The opt-out detector's language tables, all in opt_out_phrases.cc: adding a language is adding
// one table there. Words are written folded, as the detector compares them: lower-case, accents
// dropped (é→e, ä→a, ß→ss, ñ→n), "n't"/"'d"/"'m" joined to their word ("don't"→dont,
// "I'd"→id), other apostrophes and hyphens splitting words ("m'écrire"→m ecrire,
// "désabonnez-moi"→desabonnez moi), "e-mail"→email.
//
// Pattern syntax, one sentence at a time: words separated by spaces; "a|b|c" alternatives;
// "word*" any word starting so; "@name" a word set of the language ("mail" also names the
// objects that keep a request alive when an exclusion word follows it); "..N" up to N other
// words (a comma counts as one) before the next element; a leading "^" anchors the pattern at
// the start of a sentence. Pure data, thread-safe.
#ifndef DRAFTBOX_CLASSIFY_OPT_OUT_PHRASES_H_
#define DRAFTBOX_CLASSIFY_OPT_OUT_PHRASES_H_

#include <string_view>
#include <utility>
#include <vector>

#include "classify/opt_out_detector.h"

namespace draftbox {

struct OptOutRuleText {
  std::string_view pattern;
  OptOutVerdict verdict;
  // A negator right before the match (over negation_skip words) or between its words turns
  // it into no request: "don't unsubscribe me", "melden Sie mich nicht ab".
  bool negatable;
};

struct OptOutLanguageTable {
  std::string_view code;                                                 // ISO 639-1
  std::vector<std::pair<std::string_view, std::string_view>> word_sets;  // name, "a|b*|c"
  std::vector<OptOutRuleText> rules;
  // The writer wants to stay or means another address ("keep me on the list", "by mistake",
  // "my new address"): an opt_out in the same reply becomes possible.
  std::vector<std::string_view> second_thoughts;
  std::string_view negators;       // "not|dont|never"
  std::string_view negation_skip;  // words between a negator and the request ("want|to|be")
  // Nouns right after a request that make it about something else: "stop sending me the
  // reminder for the old slot".
  std::string_view exclusions;
  // A sentence of only one of these (and courtesy words) is a request: opt_out as the reply's
  // first sentence ("STOP", the footer's own instruction), possible after others.
  std::string_view bare_words;
  std::string_view courtesy;  // "please|thanks"
};

// Every language, in a fixed order; built on first use.
const std::vector<OptOutLanguageTable>& OptOutLanguageTables();

}  // namespace draftbox

#endif  // DRAFTBOX_CLASSIFY_OPT_OUT_PHRASES_H_
