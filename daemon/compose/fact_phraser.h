// Turns one screened activity into the sentences a careful writer would open with, in English
// or German, and into short subject lines. Known summary shapes ("Raised a $15M Series B led by
// Index Ventures", "Promoted to CFO after 8 years at the company", ...) are paraphrased from
// their own parts; nothing is added that the summary does not say (no numbers, names or claims
// of our own). Anything else is named by its type and the structured fields ("Congratulations
// on the new role.", "the Series B"), never quoted back at the reader in the third person.
// Thread-safe (a mutex guards the cache of compiled patterns).
#ifndef DRAFTBOX_COMPOSE_FACT_PHRASER_H_
#define DRAFTBOX_COMPOSE_FACT_PHRASER_H_

#include <string>
#include <string_view>
#include <vector>

#include "compose/fact_selector.h"

namespace draftbox {

struct PhraseContext {
  bool german = false;
  bool formal = false;    // formal register; in German also "Sie"
  bool casual_ok = true;  // warm/neutral tone: "Congrats", "Glückwunsch an das Team"
  std::string company;    // screened company name, "" if none: "Coral Reef Media opened ..."
};

struct PhraseVariant {
  std::string text;       // one or more full sentences
  std::string fact_text;  // the part of `text` that carries the fact (for FactUsed)
};

struct PhrasedFact {
  std::vector<PhraseVariant> openers;  // never empty
  std::vector<std::string> subjects;   // never empty; may exceed the subject limit
};

class FactPhraser {
 public:
  static PhrasedFact Phrase(const SelectedFact& activity, const PhraseContext& context);

  // "2027-03-14" -> "14 March 2027" / "14. März 2027"; other text is returned unchanged.
  static std::string FormatDate(std::string_view iso, bool german);
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_FACT_PHRASER_H_
