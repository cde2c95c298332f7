#include "compose/compose_style.h"

#include <initializer_list>

#include "compose/text_scan.h"

namespace draftbox {
namespace {

bool AnyOf(std::string_view text, std::initializer_list<std::string_view> phrases) {
  for (auto phrase : phrases) {
    if (TextScan::ContainsPhrase(text, phrase)) return true;
  }
  return false;
}

ComposeStyle::Tone ParseTone(std::string_view tone) {
  std::string t = TextScan::LowerAscii(TextScan::Trim(tone));
  if (t == "neutral") return ComposeStyle::Tone::kNeutral;
  if (t == "direct") return ComposeStyle::Tone::kDirect;
  if (t == "formal") return ComposeStyle::Tone::kFormal;
  return ComposeStyle::Tone::kWarm;
}

}  // namespace

ComposeStyle ComposeStyle::Resolve(const ComposeRequest& request) {
  ComposeStyle style;
  std::string lang = TextScan::LowerAscii(TextScan::Trim(request.intent.language));
  std::string recipient_lang =
      request.recipient ? TextScan::LowerAscii(TextScan::Trim(request.recipient->language)) : "";
  if (lang == "de" || ((lang == "auto" || lang.empty()) && recipient_lang.starts_with("de"))) {
    style.language_ = "de";
  }
  style.tone_ = ParseTone(request.persona.tone);
  style.formal_ = TextScan::LowerAscii(TextScan::Trim(request.persona.formality)) == "formal" ||
                  style.tone_ == Tone::kFormal;
  style.ApplyInstruction(request.instruction);
  return style;
}

void ComposeStyle::ApplyInstruction(std::string_view instruction) {
  if (TextScan::Trim(instruction).empty()) return;
  if (AnyOf(instruction, {"shorter", "short", "brief", "briefer", "concise", "kürzer", "kurz",
                          "knapper", "plus court", "más corto"})) {
    shorter_ = true;
  }
  // "less formal" must be tested before "formal".
  if (AnyOf(instruction, {"less formal", "informal", "casual", "more casual", "lockerer", "locker",
                          "duzen", "du-form", "weniger förmlich"})) {
    formal_ = false;
    if (tone_ == Tone::kFormal) tone_ = Tone::kNeutral;
  } else if (AnyOf(instruction, {"more formal", "formal", "formeller", "förmlicher", "förmlich",
                                 "siezen", "sie-form", "plus formel"})) {
    formal_ = true;
  }
  if (AnyOf(instruction,
            {"warmer", "friendlier", "more friendly", "freundlicher", "wärmer", "herzlicher"})) {
    tone_ = Tone::kWarm;
  } else if (AnyOf(instruction, {"more direct", "to the point", "direkter", "sachlicher"})) {
    tone_ = Tone::kDirect;
  }
  if (AnyOf(instruction, {"in german", "german", "auf deutsch", "deutsch"})) {
    language_ = "de";
  } else if (AnyOf(instruction, {"in english", "english", "auf englisch", "englisch"})) {
    language_ = "en";
  }
}

}  // namespace draftbox
