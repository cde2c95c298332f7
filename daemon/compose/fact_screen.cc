#include "compose/fact_screen.h"

#include <array>

#include "compose/text_scan.h"

namespace draftbox {
namespace {

// Phrases matched on word boundaries, ASCII-case-insensitively. Broad on purpose: a false
// positive costs one fact, a false negative puts an attacker's words in the sender's mouth.
constexpr std::array kInstructionPhrases = {
    // English
    "ignore", "disregard", "forget previous", "forget all", "forget the above",
    "previous instructions", "new instruction", "instructions", "you are now", "act as", "pretend",
    "roleplay", "jailbreak", "developer mode",
    "system:", "assistant:", "user:", "developer:", "prompt", "write", "send", "click",
    "in your email", "in the email", "in this email", "in your reply", "tell the recipient",
    "tell them", "say that", "mention that", "reveal", "password", "card details", "credit card",
    "sign as", "respond with", "reply with", "include this", "</", "[inst]", "<<sys>>",
    // German
    "ignoriere", "ignorieren", "vergiss", "anweisung", "anweisungen", "du bist jetzt",
    "sie sind jetzt", "schreibe", "schreib", "schreiben sie", "sende", "senden sie", "schicke",
    "schicken sie", "klicke", "klicken", "in deiner e-mail", "in ihrer e-mail", "passwort",
    "kennwort",
    // French
    "ignorez", "oublie", "oubliez", "tu es maintenant", "vous êtes maintenant", "écris", "écrivez",
    "envoie", "envoyez", "clique", "cliquez", "mot de passe", "dans ton e-mail",
    "dans votre e-mail",
    // Spanish
    "ignora", "olvida", "instrucciones", "ahora eres", "escribe", "escriba", "envía", "envia",
    "haz clic", "contraseña", "en tu correo", "en su correo"};

size_t LimitFor(FactScreen::Field field) {
  switch (field) {
    case FactScreen::Field::kSummary:
      return FactScreen::kMaxSummaryChars;
    case FactScreen::Field::kName:
      return FactScreen::kMaxNameChars;
    case FactScreen::Field::kRole:
      return FactScreen::kMaxRoleChars;
    case FactScreen::Field::kCompany:
      return FactScreen::kMaxCompanyChars;
    case FactScreen::Field::kPlan:
      return FactScreen::kMaxPlanChars;
    case FactScreen::Field::kShortValue:
      return FactScreen::kMaxShortValueChars;
  }
  return FactScreen::kMaxShortValueChars;
}

// A name is letters, spaces, hyphens, apostrophes and dots ("Ó Súilleabháin", "O'Brien",
// "J. R."); digits or symbols mean it is something else pasted into the field.
bool LooksLikeName(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) continue;
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '-' ||
              c == '\'' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// Template syntax in a fact would survive into the draft as a "leftover placeholder" and fail
// GroundingCheck, or be expanded by a later template step: neither is wanted.
bool LooksLikePlaceholder(std::string_view text) {
  if (text.find_first_of("{}") != std::string_view::npos) return true;
  size_t open = text.find('[');
  if (open != std::string_view::npos && text.find(']', open) != std::string_view::npos) {
    return true;
  }
  // Upper-case only: Spanish "todo" is an ordinary word.
  return text.find("%s") != std::string_view::npos || text.find("TODO") != std::string_view::npos;
}

FactScreen::Verdict Drop(std::string reason) {
  return FactScreen::Verdict{false, "", std::move(reason)};
}

}  // namespace

bool FactScreen::IsInstructionLike(std::string_view text) {
  for (std::string_view phrase : kInstructionPhrases) {
    if (TextScan::ContainsPhrase(text, phrase)) return true;
  }
  return false;
}

FactScreen::Verdict FactScreen::Check(std::string_view raw, Field field) {
  std::string_view text = TextScan::Trim(raw);
  if (text.empty()) return Drop("empty");
  if (TextScan::HasControlChar(text)) return Drop("control character");
  size_t limit = LimitFor(field);
  if (TextScan::Utf8Length(text) > limit) {
    return Drop("too long (>" + std::to_string(limit) + " chars)");
  }
  if (TextScan::HasMarkup(text)) return Drop("html");
  if (!TextScan::FindEmails(text).empty()) return Drop("email address");
  if (LooksLikePlaceholder(text)) return Drop("placeholder-like");
  if (!TextScan::FindLinks(text).empty()) return Drop("link");
  if (IsInstructionLike(text)) return Drop("instruction-like");
  if (field == Field::kName && !LooksLikeName(text)) return Drop("not a name");
  return Verdict{true, std::string(text), ""};
}

}  // namespace draftbox
