// Whether the new text of a reply asks Draftbox to stop writing to its sender: a detector of the
// request (an intent such as stop / no more / remove / take off / do not contact / unsubscribe,
// with its object, and its negation), not of keywords, in every language of
// classify/opt_out_phrases.cc (English, German, French, Spanish). Text is compared case- and
// accent-insensitively, sentence by sentence; the signature is left out. Thread-safe: a built
// detector is immutable.
#ifndef DRAFTBOX_CLASSIFY_OPT_OUT_DETECTOR_H_
#define DRAFTBOX_CLASSIFY_OPT_OUT_DETECTOR_H_

#include <string>
#include <string_view>
#include <vector>

namespace draftbox {

// kOptOut: a clear request; the sender is suppressed at once. kPossible: a refusal or a
// request whose object is unclear ("not interested", "please stop." among other sentences, a
// request taken back in the same reply); a person confirms or dismisses it. kNone: no request.
enum class OptOutVerdict { kNone, kPossible, kOptOut };

// "none", "possible", "opt_out".
std::string_view OptOutVerdictName(OptOutVerdict verdict);

struct OptOutFinding {
  OptOutVerdict verdict = OptOutVerdict::kNone;
  std::string language;  // of the rule that decided ("en", "de", ...); empty for kNone
  std::string rule;      // that rule's pattern, for logs and tests; empty for kNone
};

class OptOutDetector {
 public:
  // Compiles the tables of opt_out_phrases.cc. A pattern naming a word set the language lacks
  // is a programming error caught by the unit tests (the element then matches nothing).
  OptOutDetector();
  ~OptOutDetector();
  OptOutDetector(const OptOutDetector&) = delete;
  OptOutDetector& operator=(const OptOutDetector&) = delete;

  // The one detector the classifier uses, built on first use.
  static const OptOutDetector& Default();

  // The verdict for `reply_text` (UTF-8, the reply without its quote; invalid bytes are
  // skipped). Looks at the text before the signature only, and at most its first
  // kMaxWords words. Never fails.
  OptOutFinding Detect(std::string_view reply_text) const;

  // A longer reply is cut here: a request to stop is made early, and this bounds the work.
  static constexpr size_t kMaxWords = 2000;

 private:
  struct Language;  // one table of opt_out_phrases.cc, compiled
  std::vector<Language> languages_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CLASSIFY_OPT_OUT_DETECTOR_H_
