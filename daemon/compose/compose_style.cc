#include "compose/compose_style.h"

#include <initializer_list>
#include <set>
#include <utility>

#include "compose/text_scan.h"
#include "core/text.h"

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

// The instruction in parts a rep would separate: "shorter, mention the renewal and add a joke"
// is three requests, each honoured or reported on its own.
std::vector<std::string> Clauses(std::string_view instruction) {
  std::string text(instruction);
  for (const char* joiner : {" and ", " und ", " then ", " dann ", " & ", " plus "}) {
    for (size_t pos = TextScan::LowerAscii(text).find(joiner); pos != std::string::npos;
         pos = TextScan::LowerAscii(text).find(joiner, pos + 1)) {
      text.replace(pos, std::string_view(joiner).size(), ",");
    }
  }
  // Politeness around a request is not a request of its own.
  static const std::set<std::string> kFiller = {"please", "bitte", "thanks",    "thank you",
                                                "danke",  "merci", "por favor", "pls"};
  std::vector<std::string> out;
  std::string current;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    // A full stop ends a clause only before a space or the end: "promo.example" is one word.
    bool stop = c == '.' && (i + 1 == text.size() || text[i + 1] == ' ');
    if (c == ',' || c == ';' || stop || c == '!' || c == '\n' || c == '\r') {
      if (!TextScan::Trim(current).empty()) out.emplace_back(TextScan::Trim(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!TextScan::Trim(current).empty()) out.emplace_back(TextScan::Trim(current));
  std::erase_if(out,
                [](const std::string& c) { return kFiller.contains(TextScan::LowerAscii(c)); });
  return out;
}

// Words that name a fact type, for "mention the renewal" / "erwähne die Finanzierung".
const std::vector<std::pair<std::string_view, std::string_view>>& FactTypeWords() {
  static const std::vector<std::pair<std::string_view, std::string_view>> kWords = {
      {"renewal", "renewal"},
      {"verlängerung", "renewal"},
      {"funding", "funding"},
      {"raise", "funding"},
      {"round", "funding"},
      {"series", "funding"},
      {"finanzierung", "funding"},
      {"finanzierungsrunde", "funding"},
      {"hiring", "hiring"},
      {"hires", "hiring"},
      {"open roles", "hiring"},
      {"stellen", "hiring"},
      {"new role", "job_change"},
      {"job change", "job_change"},
      {"promotion", "job_change"},
      {"neue rolle", "job_change"},
      {"release", "product_release"},
      {"launch", "product_release"},
      {"product", "product_release"},
      {"usage", "usage_change"},
      {"nutzung", "usage_change"},
      {"milestone", "milestone"},
      {"anniversary", "milestone"},
      {"meilenstein", "milestone"},
      {"event", "event"},
      {"news", "news"},
  };
  return kWords;
}

}  // namespace

std::string ComposeStyle::DraftLanguage(const CampaignIntent& intent, const Recipient* recipient) {
  std::string lang = TextScan::LowerAscii(TextScan::Trim(intent.language));
  std::string recipient_lang =
      recipient ? TextScan::LowerAscii(TextScan::Trim(recipient->language)) : "";
  if (lang == "de" || ((lang == "auto" || lang.empty()) && recipient_lang.starts_with("de"))) {
    return "de";
  }
  return "en";
}

bool ComposeStyle::SenderKnows(const Recipient& recipient, const Persona& persona) {
  std::string owner = TextScan::LowerAscii(TextScan::Trim(recipient.owner));
  if (owner.empty()) return false;
  for (const std::string* sender : {&persona.sender_address, &persona.sender_name}) {
    if (owner == TextScan::LowerAscii(TextScan::Trim(*sender))) return true;
  }
  return false;
}

ComposeStyle ComposeStyle::Resolve(const ComposeRequest& request) {
  ComposeStyle style;
  style.tone_ = ParseTone(request.persona.tone);
  std::string formality = TextScan::LowerAscii(TextScan::Trim(request.persona.formality));
  style.formal_ = formality == "formal" || style.tone_ == Tone::kFormal;
  style.ApplyInstruction(request.instruction);
  // A language switch needs the campaign's text in that language: else the draft would mix
  // two languages, so the switch is refused and said so.
  std::string base = style.language_;
  style.language_ = DraftLanguage(request.intent, request.recipient);
  if (!style.language_clause_.empty()) {
    if (request.intent.TextIn(base)) {
      style.language_ = base;
    } else {
      style.not_honoured_.push_back(style.language_clause_ + " (the campaign has no " +
                                    (base == "de" ? "German" : "English") +
                                    " key message and call to action)");
    }
  }
  // German to a stranger is "Sie": "du" in a cold email reads as presumptuous. Decided after
  // the instruction, which may have switched the language or asked for less formality.
  bool stranger = request.recipient == nullptr || !SenderKnows(*request.recipient, request.persona);
  if (style.german() && stranger && formality != "informal" && !style.less_formal_) {
    style.formal_ = true;
  }
  return style;
}

void ComposeStyle::ApplyInstruction(std::string_view instruction) {
  // Longest first where one phrase contains another ("less formal" before "formal").
  for (const std::string& clause : Clauses(instruction)) {
    bool honoured = false;
    if (AnyOf(clause, {"shorter", "short", "brief", "briefer", "concise", "kürzer", "kurz",
                       "knapper", "plus court", "más corto"})) {
      shorter_ = true;
      longer_ = false;
      honoured = true;
    } else if (AnyOf(clause, {"longer", "more detail", "more details", "länger", "ausführlicher",
                              "plus long", "más largo"})) {
      longer_ = true;
      honoured = true;
    }
    if (AnyOf(clause, {"less formal", "informal", "casual", "more casual", "lockerer", "locker",
                       "duzen", "du-form", "weniger förmlich"})) {
      formal_ = false;
      less_formal_ = true;
      if (tone_ == Tone::kFormal) tone_ = Tone::kNeutral;
      honoured = true;
    } else if (AnyOf(clause, {"more formal", "formal", "formeller", "förmlicher", "förmlich",
                              "siezen", "sie-form", "plus formel"})) {
      formal_ = true;
      less_formal_ = false;
      honoured = true;
    }
    if (AnyOf(clause,
              {"warmer", "friendlier", "more friendly", "freundlicher", "wärmer", "herzlicher"})) {
      tone_ = Tone::kWarm;
      honoured = true;
    } else if (AnyOf(clause, {"more direct", "to the point", "direkter", "sachlicher"})) {
      tone_ = Tone::kDirect;
      honoured = true;
    }
    if (AnyOf(clause, {"in german", "german", "auf deutsch", "deutsch"})) {
      language_ = "de";
      language_clause_ = TruncateUtf8WithEllipsis(clause, 80);
      honoured = true;
    } else if (AnyOf(clause, {"in english", "english", "auf englisch", "englisch"})) {
      language_ = "en";
      language_clause_ = TruncateUtf8WithEllipsis(clause, 80);
      honoured = true;
    }
    if (AnyOf(clause, {"mention", "talk about", "refer to", "lead with", "erwähne", "erwähnen",
                       "eingehen auf", "sprich"})) {
      for (const auto& [word, type] : FactTypeWords()) {
        if (!TextScan::ContainsPhrase(clause, word)) continue;
        mention_.emplace_back(type);
        honoured = true;
        break;
      }
    }
    // 80 bytes is enough to recognise one's own request; the rest of a pasted paragraph is not
    // worth echoing back.
    if (!honoured) not_honoured_.push_back(TruncateUtf8WithEllipsis(clause, 80));
  }
}

}  // namespace draftbox
