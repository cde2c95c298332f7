// A second reader for a reply the rules call "possible" (OptOutDetector, kPossible): with a
// model configured, the model is asked whether the reply asks to stop being written to. The
// rules always read first and a clear verdict never reaches a second reader; what comes back
// may only escalate (docs/optouts.md "A model's second opinion"): "yes" suppresses the sender,
// "no" and "unclear" leave the review pending with the view recorded, and a failure leaves the
// rule's result standing. Implementations say whether they are thread-safe.
#ifndef DRAFTBOX_CLASSIFY_OPT_OUT_SECOND_OPINION_H_
#define DRAFTBOX_CLASSIFY_OPT_OUT_SECOND_OPINION_H_

#include <expected>
#include <string>
#include <string_view>

namespace draftbox {

enum class OptOutOpinionAnswer { kYes, kNo, kUnclear };

// "yes" | "no" | "unclear": the names in the model's answer, the database and the API.
constexpr std::string_view OptOutOpinionAnswerName(OptOutOpinionAnswer answer) {
  switch (answer) {
    case OptOutOpinionAnswer::kYes:
      return "yes";
    case OptOutOpinionAnswer::kNo:
      return "no";
    case OptOutOpinionAnswer::kUnclear:
      return "unclear";
  }
  return "unclear";
}

struct OptOutOpinion {
  OptOutOpinionAnswer answer = OptOutOpinionAnswer::kUnclear;
  std::string reason;  // the reader's one-line why, valid UTF-8, capped
};

class OptOutSecondOpinion {
 public:
  virtual ~OptOutSecondOpinion() = default;

  // The view on `reply_text` (the reply's own text: no quote, no signature). An error (the
  // reader unreachable, too slow, or its answer malformed) says why, for the log; the caller
  // then keeps the rule's result. Must return within a bounded time: the INBOX watcher waits.
  virtual std::expected<OptOutOpinion, std::string> Ask(std::string_view reply_text) = 0;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CLASSIFY_OPT_OUT_SECOND_OPINION_H_
