// The writing knobs of one draft: language, German address form, register, tone and length.
// Resolved from the campaign intent, the persona, the recipient and the optional Regenerate
// instruction. The instruction is untrusted: it can only turn these knobs (known phrases such as
// "shorter", "longer", "more formal", "in German", "kürzer", "mention the renewal"); each part
// that turns none is reported back as not honoured, and none of it is ever copied into a draft.
// Plain value type; thread-safe.
#ifndef DRAFTBOX_COMPOSE_COMPOSE_STYLE_H_
#define DRAFTBOX_COMPOSE_COMPOSE_STYLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "compose/composer.h"

namespace draftbox {

class ComposeStyle {
 public:
  enum class Tone { kWarm, kNeutral, kDirect, kFormal };

  // Never fails: unknown tones read as warm, unknown languages as English.
  static ComposeStyle Resolve(const ComposeRequest& request);

  // The language a draft for `recipient` (may be null) under `intent` is written in before any
  // instruction: "de" when the campaign says "de", or "auto" and the recipient's language is
  // German; else "en". The one rule both the composer and `campaign create` use.
  static std::string DraftLanguage(const CampaignIntent& intent, const Recipient* recipient);

  // True when the sender knows `recipient` personally: the recipient's account owner is the
  // persona's sender (address or name). German drafts to anyone else say "Sie".
  static bool SenderKnows(const Recipient& recipient, const Persona& persona);

  const std::string& language() const { return language_; }  // "en" | "de"
  bool german() const { return language_ == "de"; }
  // Formal register: "Dear"/"Kind regards" in English, "Sie" in German. Set by
  // persona.formality == "formal" or persona.tone == "formal"; in German also whenever the
  // sender does not know the recipient, unless persona.formality is "informal" or the
  // instruction asks for less formality.
  bool formal() const { return formal_; }
  Tone tone() const { return tone_; }
  bool shorter() const { return shorter_; }
  bool longer() const { return longer_; }
  // Activity types the instruction asks to mention ("renewal", "funding", ...), in order.
  const std::vector<std::string>& mention() const { return mention_; }
  // The parts of the instruction that turned no knob, as written (cut to a readable length).
  const std::vector<std::string>& not_honoured() const { return not_honoured_; }

 private:
  void ApplyInstruction(std::string_view instruction);

  std::string language_ = "en";
  bool formal_ = false;
  bool less_formal_ = false;  // the instruction asked for it: German "du" even to a stranger
  Tone tone_ = Tone::kWarm;
  bool shorter_ = false;
  bool longer_ = false;
  std::string language_clause_;  // the part of the instruction that asked for a language
  std::vector<std::string> mention_;
  std::vector<std::string> not_honoured_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_COMPOSE_STYLE_H_
