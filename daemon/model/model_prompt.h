// The prompt one model request carries for one recipient (DESIGN.md "Composers"): the rules
// and the persona in the system message; the campaign intent and the recipient's screened
// facts, each with its id, in delimited data blocks in the user message. Recipient data is
// marked untrusted and only facts that passed FactScreen/FactSelector are in it; invisible
// Unicode (zero-width, bidi controls, tags) is stripped from everything and every field is
// capped, so what the model reads is what a person reading the prompt sees. Earlier drafts of
// the persona and what reps sent instead (masked: no recipient's name, company or facts) go
// into their own untrusted block, as examples of style.
// Pure: no I/O. Stateless apart from its settings; thread-safe.
#ifndef DRAFTBOX_MODEL_MODEL_PROMPT_H_
#define DRAFTBOX_MODEL_MODEL_PROMPT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "compose/composer.h"
#include "compose/fact_selector.h"

namespace draftbox {

// One fact the model may cite, by id ("activity:12", "recipient:role").
struct PromptFact {
  std::string id;
  std::string text;
};

struct ModelPrompt {
  std::string system;
  std::string user;
  std::vector<PromptFact> facts;  // the only ids an answer may cite
  std::string language;           // "en" | "de": what the draft must be written in
  std::string signature;          // the body must end with this
  // Why no request can be made (no usable facts, no signature); empty when it can.
  std::string failure;
};

class ModelPromptBuilder {
 public:
  // Caps per field, in bytes (cut at a character boundary). Campaign text is written by the
  // owner but a pasted paragraph must not crowd out the facts; a fact is already within
  // FactScreen's limits.
  static constexpr size_t kMaxIntentFieldBytes = 600;
  static constexpr size_t kMaxPersonaFieldBytes = 400;
  static constexpr size_t kMaxInstructionBytes = 200;
  static constexpr size_t kMaxFeedbackBytes = 1200;
  // More activities than this add tokens, not a better email.
  static constexpr size_t kMaxActivities = 3;
  // Reps' edits shown as examples (ComposeRequest::edit_examples, already masked): a few show
  // the style; more crowd out the recipient's facts.
  static constexpr size_t kMaxEditExamples = 3;
  static constexpr size_t kMaxEditExampleBytes = 700;

  explicit ModelPromptBuilder(int window_days = FactSelector::kDefaultWindowDays)
      : selector_(window_days) {}

  // The prompt for request.recipient. `feedback` lists why the previous answer was refused
  // (grounding problems, parse errors); it goes into its own block so the model can fix them.
  // Never fails: a request that cannot be made says why in ModelPrompt::failure.
  ModelPrompt Build(const ComposeRequest& request, const std::vector<std::string>& feedback) const;

  // `text` without zero-width characters, bidi controls, Unicode tags, soft hyphens and other
  // invisible format characters; invalid UTF-8 repaired. Exposed for the answer parser.
  static std::string StripInvisible(std::string_view text);

  // One line of outside data as every prompt carries it: invisible characters gone, line
  // breaks and control characters as spaces, no block marker ("=="), capped at `max_bytes`.
  static std::string DataLine(std::string_view raw, size_t max_bytes);

  // Appends a data block "=== BEGIN NAME (note) ===" ... "=== END NAME ===" holding `lines`
  // (each already a DataLine, '\n'-terminated) to `out`.
  static void AppendBlock(std::string& out, std::string_view name, std::string_view note,
                          const std::string& lines);

 private:
  FactSelector selector_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_MODEL_MODEL_PROMPT_H_
