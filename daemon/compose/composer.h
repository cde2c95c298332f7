// The interface every composer implements (DESIGN.md "Composers"): the embedded `template`
// composer here, the `openai` one later. A composer turns one recipient's facts and the sender's
// intent into a draft, or says clearly why it cannot; it never falls back to a generic email.
// Whatever a composer returns is checked by GroundingCheck before it may be placed.
// Implementations say whether they are thread-safe; the request is read-only.
#ifndef DRAFTBOX_COMPOSE_COMPOSER_H_
#define DRAFTBOX_COMPOSE_COMPOSER_H_

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "core/campaign.h"
#include "core/recipient.h"

namespace draftbox {

// One earlier draft of the same persona and what the rep sent instead, with its recipient
// masked out (EditMasker::MaskReliably): "[first name]", "[company]", "[fact]".
struct EditExample {
  std::string draft_subject;
  std::string draft_body;
  std::string sent_subject;
  std::string sent_body;
};

struct ComposeRequest {
  const Recipient* recipient = nullptr;  // not owned; must outlive the Compose call
  CampaignIntent intent;
  Persona persona;
  // From Regenerate, optional and untrusted: it may only turn safe knobs ("shorter",
  // "more formal", "in German", "kürzer"); it is never copied into the email.
  std::string instruction;
  std::string today;            // "YYYY-MM-DD"; injected so tests do not depend on the clock
  uint64_t variation_seed = 0;  // e.g. a hash of the draft id: Regenerate passes another one
  // Phrases and subjects reps of this persona delete or rewrite in most sends
  // (EditPatternFinder), chosen by the caller; the template composer picks other wordings where
  // it has any. Empty: no preference.
  std::vector<std::string> avoid_phrases;
  // Subjects reps of this persona rewrite in most sends; the template composer prefers other
  // subject wordings where it has any.
  std::vector<std::string> avoid_subjects;
  // Recent sends of this persona, most recent and most edited first, bounded by the caller
  // (campaign/EditLearning); the model composer shows them as examples of the reps' style.
  std::vector<EditExample> edit_examples;
};

// One fact a draft stands on. `id` names where it came from so the add-on can show it beside the
// draft: "activity:<id>" (or "activity:#<index>" for an activity not yet stored, index into
// Recipient::activities), "recipient:role", "recipient:company", "recipient:account_state",
// "recipient:plan". `text` is the fact as it appears in the draft's body.
struct FactUsed {
  std::string id;
  std::string text;
};

// A passage of the body (one sentence, or the few sentences one fact carries) and the ids of the
// facts it rests on, as in FactUsed::id. `text` is copied from the body exactly, so a reader can
// find it there; a passage resting on the intent or persona alone has no fact ids.
struct SentenceFacts {
  std::string text;
  std::vector<std::string> fact_ids;
};

struct ComposedDraft {
  std::string subject;               // one line, no CR/LF
  std::string body;                  // plain text, '\n' line ends, signature included
  std::string language;              // "en" | "de": the language actually written
  std::vector<FactUsed> facts_used;  // never empty for a successful draft
  // Which passage rests on which fact; may be empty when a composer cannot say. Checked by
  // GroundingCheck (each passage in the body, each id a fact of this recipient) and stored with
  // facts_used so `drafts show` and the add-on can show it.
  std::vector<SentenceFacts> sentences;
  // What the composer could not do of a Regenerate instruction, in words for the rep, e.g.
  // "could not honour: 'add a joke'"; empty when all was honoured or there was no instruction.
  std::string instruction_note;
  // Exactly what was sent to a model for this draft (the request body of the accepted answer);
  // empty when no model was asked. Stored with the draft for `drafts show --prompt`.
  std::string prompt;
  // Set when a model composer could not reach its endpoint and another composer wrote the
  // draft instead (composer.on_unreachable = "template"): why, for the run's result.
  std::string fallback_reason;
};

// Why no draft was written; the draft becomes needs_attention with this reason.
struct ComposeFailure {
  std::string reason;  // e.g. "no usable facts: 2 activities dropped (link, instruction-like)"
  // True when the composer's model endpoint could not be reached and the draft is held
  // (composer.on_unreachable = "hold"), so the run can say why.
  bool unreachable = false;
};

using ComposeResult = std::expected<ComposedDraft, ComposeFailure>;

class Composer {
 public:
  virtual ~Composer() = default;

  // The draft for request.recipient, or a ComposeFailure naming the reason (no usable facts,
  // missing signature, backend unreachable, ...). Never returns a draft without facts_used.
  virtual ComposeResult Compose(const ComposeRequest& request) = 0;

  // Short backend name as in the config ("template", "openai").
  virtual std::string Name() const = 0;
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_COMPOSER_H_
