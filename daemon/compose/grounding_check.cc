#include "compose/grounding_check.h"

#include <cctype>
#include <set>
#include <string_view>

#include "compose/fact_screen.h"
#include "compose/text_scan.h"

namespace draftbox {
namespace {

// Capitalised words any writer may use without them coming from the inputs: pronouns, months,
// weekdays, and (German) the everyday nouns and sentence words of a short business email.
const std::set<std::string>& Dictionary() {
  static const std::set<std::string> kWords = {
      // English
      "i", "i'm", "i've", "i'd", "i'll", "ok", "okay", "january", "february", "march", "april",
      "may", "june", "july", "august", "september", "october", "november", "december", "monday",
      "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "ceo", "cto", "cfo",
      "api", "crm", "ai", "faq", "q1", "q2", "q3", "q4", "eu", "us", "uk",
      // German
      "januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "montag",
      "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "ich", "sie", "ihnen",
      "ihr", "ihre", "ihrer", "ihrem", "ihren", "ihres", "du", "dir", "dich", "dein", "deine",
      "deiner", "deinem", "deinen", "euer", "eure", "eurer", "eurem", "euren", "euch", "wir", "uns",
      "mein", "meine", "meiner", "meinem", "meinen", "unser", "unsere", "unserer", "unserem", "mir",
      "mich", "es", "das", "der", "die", "den", "dem", "des", "ein", "eine", "einer", "einem",
      "einen", "da", "falls", "wenn", "und", "oder", "aber", "mit", "von", "zu", "zum", "zur",
      "vor", "nach", "seit", "im", "in", "bei", "auf", "für", "diesen", "dieser", "diesem",
      "dieses", "ganz", "kurz", "kurze", "kurzer", "kurzes", "kurzen", "deshalb", "schon", "gerade",
      "jetzt", "etwas", "viele", "vielen", "beste", "besten", "liebe", "lieber", "herzliche",
      "herzlichen", "freundlichen", "guten", "hallo", "hi", "tag", "grüße", "grüßen", "glückwunsch",
      "dank", "danke", "sehr", "geehrte", "geehrter", "team", "teams", "büro", "vortrag", "vertrag",
      "plan", "rolle", "finanzierungsrunde", "veröffentlichung", "launch", "release", "nutzung",
      "verlängerung", "aufnahme", "liste", "nutzer", "nutzern", "stellen", "personen", "leute",
      "jahr", "jahre", "jahren", "monat", "monate", "monaten", "quartal", "unternehmen", "zahl",
      "hintergrund", "hinweis", "seite", "gedanke", "anlass", "gespräch", "telefonat", "interesse",
      "lust", "beförderung", "schritt", "vertrauen", "fache", "update", "nachricht", "frage",
      "anlass", "zusammen", "ende", "woche", "wochen", "termin", "zeit", "thema", "idee",
      "beispiel", "kunde", "kunden", "daten", "ergebnis", "ergebnisse", "mir", "ist", "sind", "war",
      "hat", "haben", "wollen", "hättest", "hätten", "passt", "schön", "ein", "wie", "was", "wo",
      "warum", "folgendes", "mail", "e-mail", "anruf", "call", "demo", "angebot", "grüß", "moin",
      "servus", "mfg", "vg", "lg"};
  return kWords;
}

const std::set<std::string>& Titles() {
  static const std::set<std::string> kTitles = {"herr", "herrn", "frau", "dr",  "prof", "mr",
                                                "mrs",  "ms",    "mx",   "sir", "madam"};
  return kTitles;
}

// The text a draft may draw on: screened facts, the intent, the persona.
struct Sources {
  std::string facts_intent_persona;  // for numbers and names
  std::string intent_persona;        // for links and addresses
};

Sources CollectSources(const ComposeRequest& request) {
  Sources s;
  auto add_screened = [&](std::string_view value, FactScreen::Field field) {
    auto verdict = FactScreen::Check(value, field);
    if (verdict.usable) s.facts_intent_persona += verdict.text + "\n";
  };
  if (request.recipient != nullptr) {
    const Recipient& r = *request.recipient;
    add_screened(r.name, FactScreen::Field::kName);
    add_screened(r.first_name, FactScreen::Field::kName);
    add_screened(r.last_name, FactScreen::Field::kName);
    add_screened(r.role, FactScreen::Field::kRole);
    add_screened(r.company, FactScreen::Field::kCompany);
    add_screened(r.plan, FactScreen::Field::kPlan);
    add_screened(r.account_state, FactScreen::Field::kShortValue);
    add_screened(r.renewal_date, FactScreen::Field::kShortValue);
    for (const Activity& a : r.activities) add_screened(a.summary, FactScreen::Field::kSummary);
  }
  const CampaignIntent& i = request.intent;
  const Persona& p = request.persona;
  s.intent_persona = i.name + "\n" + i.goal + "\n" + i.key_message + "\n" + i.cta + "\n" +
                     p.sender_name + "\n" + p.sender_address + "\n" + p.signature + "\n";
  s.facts_intent_persona += s.intent_persona;
  return s;
}

// A bracketed run of 1..max_inner name-like characters: "{company}", "[Name]", "<first_name>".
bool FindBracketed(std::string_view text, char open, char close, size_t max_inner, bool any_inner,
                   std::string* found) {
  for (size_t i = text.find(open); i != std::string_view::npos; i = text.find(open, i + 1)) {
    size_t j = i + 1;
    while (j < text.size() && j - i - 1 <= max_inner && text[j] != close && text[j] != '\n') {
      char c = text[j];
      bool namey = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ' ' ||
                   c == '.' || c == '-';
      if (!any_inner && !namey) break;
      ++j;
    }
    if (j < text.size() && text[j] == close && j > i + 1 && j - i - 1 <= max_inner) {
      *found = std::string(text.substr(i, j - i + 1));
      return true;
    }
  }
  return false;
}

bool IsPlaceholder(std::string_view text, std::string* found) {
  if (FindBracketed(text, '{', '}', 40, true, found)) return true;
  if (FindBracketed(text, '[', ']', 30, false, found)) return true;
  if (FindBracketed(text, '<', '>', 30, false, found)) return true;
  for (std::string_view token : {"{{", "}}", "%s", "%d", "%(", "${"}) {
    if (text.find(token) != std::string_view::npos) {
      *found = std::string(token);
      return true;
    }
  }
  // Upper-case only: Spanish "todo" is an ordinary word.
  for (std::string_view word : {"TODO", "FIXME", "TBD", "Lorem ipsum", "lorem ipsum"}) {
    for (size_t pos = text.find(word); pos != std::string_view::npos;
         pos = text.find(word, pos + 1)) {
      size_t end = pos + word.size();
      bool start_ok = pos == 0 || !std::isalnum(static_cast<unsigned char>(text[pos - 1]));
      bool end_ok = end >= text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
      if (start_ok && end_ok) {
        *found = std::string(word);
        return true;
      }
    }
  }
  return false;
}

// "Hi ," is a name that was substituted empty. "Dear," / "Liebe," / "Sehr geehrte," need a name
// by their nature; "Hello," / "Hallo," / "Guten Tag," are complete without one.
bool HasEmptyGreeting(std::string_view body, std::string* found) {
  static const std::set<std::string> kGreetings = {"hi",
                                                   "hello",
                                                   "hey",
                                                   "dear",
                                                   "hallo",
                                                   "guten tag",
                                                   "moin",
                                                   "liebe",
                                                   "lieber",
                                                   "sehr geehrte",
                                                   "sehr geehrter",
                                                   "bonjour",
                                                   "hola",
                                                   "sehr geehrte frau",
                                                   "sehr geehrter herr",
                                                   "good morning",
                                                   "good afternoon"};
  static const std::set<std::string> kNeedName = {"dear",
                                                  "liebe",
                                                  "lieber",
                                                  "sehr geehrte",
                                                  "sehr geehrter",
                                                  "sehr geehrte frau",
                                                  "sehr geehrter herr"};
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = TextScan::Trim(body.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line.back() != ',') continue;
    std::string_view before = line.substr(0, line.size() - 1);
    bool space_before_comma = !before.empty() && (before.back() == ' ' || before.back() == '\t');
    std::string word = TextScan::LowerAscii(TextScan::Trim(before));
    if (!kGreetings.contains(word)) continue;
    if (space_before_comma || kNeedName.contains(word)) {
      *found = std::string(line);
      return true;
    }
  }
  return false;
}

void CheckLinks(std::string_view text, const Sources& sources, std::vector<GroundingProblem>* out) {
  std::string allowed = TextScan::LowerAscii(sources.intent_persona);
  for (const auto& email : TextScan::FindEmails(text)) {
    if (allowed.find(email) == std::string::npos) out->push_back({"foreign_link", email});
  }
  for (const auto& link : TextScan::FindLinks(text)) {
    // The domain part of an allowed address ("dana@example.com") is not a link of its own.
    if (allowed.find(TextScan::LowerAscii(link)) == std::string::npos) {
      out->push_back({"foreign_link", link});
    }
  }
}

void CheckNumbers(std::string_view text, const Sources& sources,
                  std::vector<GroundingProblem>* out) {
  std::set<std::string> allowed;
  for (auto& n : TextScan::Numbers(sources.facts_intent_persona)) allowed.insert(n);
  std::set<std::string> reported;
  for (const auto& n : TextScan::Numbers(text)) {
    if (!allowed.contains(n) && reported.insert(n).second) out->push_back({"foreign_number", n});
  }
}

void CheckNames(std::string_view text, bool german, const Sources& sources,
                std::vector<GroundingProblem>* out) {
  std::set<std::string> allowed;
  for (const auto& w : TextScan::Words(sources.facts_intent_persona)) {
    allowed.insert(TextScan::LowerAscii(w.text));
  }
  auto words = TextScan::Words(text);
  auto known = [&](const TextScan::Word& w) {
    std::string lower = TextScan::LowerAscii(w.text);
    return allowed.contains(lower) || Dictionary().contains(lower) || !w.capitalised;
  };
  std::set<std::string> reported;
  auto report = [&](const std::string& word) {
    if (reported.insert(word).second) out->push_back({"foreign_name", word});
  };
  for (size_t i = 0; i < words.size(); ++i) {
    const auto& w = words[i];
    if (known(w)) continue;
    bool after_title =
        i > 0 && Titles().contains(TextScan::LowerAscii(words[i - 1].text)) && !w.sentence_start;
    if (after_title) {
      report(w.text);
      continue;
    }
    if (!german) {
      if (!w.sentence_start) report(w.text);
      continue;
    }
    // German: a run of two unknown capitalised words ("Acme Holding", "Lisa Berger").
    bool next_unknown =
        i + 1 < words.size() && !words[i + 1].sentence_start && !known(words[i + 1]);
    bool prev_unknown = i > 0 && !w.sentence_start && !known(words[i - 1]);
    if (next_unknown || prev_unknown) report(w.text);
  }
}

}  // namespace

std::vector<GroundingProblem> GroundingCheck::Check(const ComposeRequest& request,
                                                    const ComposedDraft& draft) {
  std::vector<GroundingProblem> out;
  const std::string& subject = draft.subject;
  const std::string& body = draft.body;
  if (TextScan::Trim(subject).empty()) out.push_back({"subject_empty", ""});
  if (TextScan::Utf8Length(subject) > kMaxSubjectChars) {
    out.push_back({"subject_too_long", std::to_string(TextScan::Utf8Length(subject)) + " chars"});
  }
  if (subject.find_first_of("\r\n") != std::string::npos) {
    out.push_back({"subject_line_break", "CR or LF in subject"});
  }
  if (TextScan::Trim(body).empty()) out.push_back({"body_empty", ""});

  std::string body_lines;  // body without its '\n' so the control check sees only the rest
  for (char c : body) body_lines += c == '\n' ? ' ' : c;
  if (TextScan::HasControlChar(body_lines) || TextScan::HasControlChar(subject)) {
    out.push_back({"control_char", "control character in subject or body"});
  }
  std::string found;
  for (const std::string* text : {&subject, &body}) {
    if (IsPlaceholder(*text, &found)) out.push_back({"placeholder", found});
    if (TextScan::HasMarkup(*text)) out.push_back({"html", "markup in subject or body"});
  }
  if (HasEmptyGreeting(body, &found)) out.push_back({"empty_greeting", found});

  Sources sources = CollectSources(request);
  std::string all = subject + "\n" + body;
  CheckLinks(all, sources, &out);
  CheckNumbers(all, sources, &out);
  CheckNames(subject, draft.language == "de", sources, &out);
  CheckNames(body, draft.language == "de", sources, &out);

  std::string signature;
  for (char c : request.persona.signature) {
    if (c != '\r') signature += c;
  }
  std::string_view expected = TextScan::Trim(signature);
  if (expected.empty()) expected = TextScan::Trim(request.persona.sender_name);
  if (expected.empty()) {
    out.push_back({"no_signature", "the persona has no signature or sender name"});
  } else if (body.find(expected) == std::string::npos) {
    out.push_back({"no_signature", "signature missing from body"});
  }
  return out;
}

std::string GroundingCheck::Describe(const std::vector<GroundingProblem>& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += "; ";
    out += p.code;
    if (!p.text.empty()) out += ": " + p.text;
  }
  return out;
}

}  // namespace draftbox
