// The writing knobs of one draft: language, German address form, register, tone and length.
// Resolved from the campaign intent, the persona, the recipient's language and the optional
// Regenerate instruction. The instruction is untrusted: it can only turn these knobs (known
// phrases such as "shorter", "more formal", "in German", "kürzer"); anything else is ignored and
// none of it is ever copied into a draft. Plain value type; thread-safe.
#ifndef DRAFTBOX_COMPOSE_COMPOSE_STYLE_H_
#define DRAFTBOX_COMPOSE_COMPOSE_STYLE_H_

#include <string>
#include <string_view>

#include "compose/composer.h"

namespace draftbox {

class ComposeStyle {
 public:
  enum class Tone { kWarm, kNeutral, kDirect, kFormal };

  // Never fails: unknown tones read as warm, unknown languages as English.
  static ComposeStyle Resolve(const ComposeRequest& request);

  const std::string& language() const { return language_; }  // "en" | "de"
  bool german() const { return language_ == "de"; }
  // Formal register: "Dear"/"Kind regards" in English, "Sie" in German. Set by
  // persona.formality == "formal" or persona.tone == "formal".
  bool formal() const { return formal_; }
  Tone tone() const { return tone_; }
  bool shorter() const { return shorter_; }

 private:
  void ApplyInstruction(std::string_view instruction);

  std::string language_ = "en";
  bool formal_ = false;
  Tone tone_ = Tone::kWarm;
  bool shorter_ = false;
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_COMPOSE_STYLE_H_
