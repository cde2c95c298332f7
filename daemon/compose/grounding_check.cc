#include "compose/grounding_check.h"

#include <array>
#include <cctype>
#include <set>
#include <string_view>
#include <tuple>

#include "compose/claim_scan.h"
#include "compose/fact_screen.h"
#include "compose/fact_selector.h"
#include "compose/relationship_claims.h"
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

// Every recipient field a draft may cite and every activity summary, screened once per check:
// the sources and the citation check both need the verdicts, and screening one fact is a few
// hundred phrase searches.
struct ScreenedFacts {
  struct Field {
    const char* name;  // "name", "role", ...: the id is "recipient:<name>"
    FactScreen::Verdict verdict;
  };
  std::vector<Field> fields;                    // the non-empty ones, in CitableFacts' order
  std::vector<FactScreen::Verdict> activities;  // one per activity, in order

  const FactScreen::Verdict* Find(std::string_view name) const {
    for (const Field& f : fields) {
      if (name == f.name) return &f.verdict;
    }
    return nullptr;  // empty: FactScreen would drop it
  }
};

ScreenedFacts Screen(const ComposeRequest& request) {
  ScreenedFacts out;
  if (request.recipient == nullptr) return out;
  const Recipient& r = *request.recipient;
  using Field = FactScreen::Field;
  const std::tuple<const char*, const std::string*, Field> fields[] = {
      {"name", &r.name, Field::kName},
      {"first_name", &r.first_name, Field::kName},
      {"last_name", &r.last_name, Field::kName},
      {"role", &r.role, Field::kRole},
      {"company", &r.company, Field::kCompany},
      {"company_domain", &r.company_domain, Field::kShortValue},
      {"country", &r.country, Field::kShortValue},
      {"language", &r.language, Field::kShortValue},
      {"account_state", &r.account_state, Field::kShortValue},
      {"plan", &r.plan, Field::kPlan},
      {"renewal_date", &r.renewal_date, Field::kShortValue},
      {"health", &r.health, Field::kShortValue}};
  for (const auto& [name, value, field] : fields) {
    if (TextScan::Trim(*value).empty()) continue;
    out.fields.push_back({name, FactScreen::Check(*value, field)});
  }
  for (const Activity& a : r.activities) {
    out.activities.push_back(FactScreen::Check(a.summary, Field::kSummary));
  }
  return out;
}

std::vector<std::pair<std::string, bool>> Citable(const ComposeRequest& request,
                                                  const ScreenedFacts& screened) {
  std::vector<std::pair<std::string, bool>> out;
  for (const auto& [name, verdict] : screened.fields) {
    out.emplace_back(std::string("recipient:") + name, verdict.usable);
  }
  for (size_t i = 0; i < screened.activities.size(); ++i) {
    out.emplace_back(FactSelector::ActivityId(*request.recipient, i),
                     screened.activities[i].usable);
  }
  return out;
}

// The text a draft may draw on: screened facts, the intent, the persona.
struct Sources {
  std::string facts_intent_persona;      // for numbers, names, amounts, percentages and dates
  std::string intent_persona;            // for links and addresses
  std::string activity_dates;            // dates of the screened activities, for the date check
  std::set<std::string> activity_types;  // of the screened activities: relationship claims
  std::set<std::string> name_tokens;     // the recipient's screened names, lower-cased
  std::set<std::string> words;           // every word of facts_intent_persona, lower-cased
};

Sources CollectSources(const ComposeRequest& request, const ScreenedFacts& screened) {
  Sources s;
  auto add_screened = [&](std::string_view field) {
    const FactScreen::Verdict* verdict = screened.Find(field);
    if (verdict == nullptr || !verdict->usable) return false;
    s.facts_intent_persona += verdict->text + "\n";
    return true;
  };
  if (request.recipient != nullptr) {
    const Recipient& r = *request.recipient;
    for (const auto& [field, name] : {std::pair<const char*, const std::string*>{"name", &r.name},
                                      {"first_name", &r.first_name},
                                      {"last_name", &r.last_name}}) {
      if (!add_screened(field)) continue;
      for (const auto& w : TextScan::Words(*name))
        s.name_tokens.insert(TextScan::LowerAscii(w.text));
    }
    for (const char* field : {"role", "company", "plan", "account_state", "renewal_date"}) {
      add_screened(field);
    }
    for (size_t i = 0; i < r.activities.size(); ++i) {
      const FactScreen::Verdict& verdict = screened.activities[i];
      if (!verdict.usable) continue;
      s.facts_intent_persona += verdict.text + "\n";
      s.activity_types.insert(TextScan::LowerAscii(TextScan::Trim(r.activities[i].type)));
      s.activity_dates += r.activities[i].date + "\n";
    }
  }
  const CampaignIntent& i = request.intent;
  const Persona& p = request.persona;
  s.intent_persona = i.name + "\n" + i.goal + "\n" + i.key_message + "\n" + i.cta + "\n" +
                     p.sender_name + "\n" + p.sender_address + "\n" + p.signature + "\n";
  for (const auto& [lang, text] : i.translations) {
    s.intent_persona += text.key_message + "\n" + text.cta + "\n";
  }
  s.facts_intent_persona += s.intent_persona;
  for (const auto& w : TextScan::Words(s.facts_intent_persona)) {
    s.words.insert(TextScan::LowerAscii(w.text));
  }
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
  const std::set<std::string>& allowed = sources.words;
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

const char* kNotInSources = " is in none of the facts, the intent or the persona";

// Amounts and percentages compare by value: "$15M" matches "$15 million" but not "€15M".
void CheckClaims(std::string_view text, const Sources& sources,
                 std::vector<GroundingProblem>* out) {
  std::set<std::string> money;
  for (const auto& c : ClaimScan::Money(sources.facts_intent_persona)) money.insert(c.key);
  for (const auto& c : ClaimScan::Money(text)) {
    if (!money.contains(c.key)) out->push_back({"foreign_amount", c.written + kNotInSources});
  }
  std::set<std::string> percent;
  for (const auto& c : ClaimScan::Percentages(sources.facts_intent_persona)) percent.insert(c.key);
  for (const auto& c : ClaimScan::Percentages(text)) {
    if (!percent.contains(c.key)) {
      out->push_back({"foreign_percentage", c.written + kNotInSources});
    }
  }
  std::vector<std::string> dates;
  for (const std::string* from : {&sources.facts_intent_persona, &sources.activity_dates}) {
    for (const auto& c : ClaimScan::Dates(*from)) dates.push_back(c.key);
  }
  for (const auto& c : ClaimScan::Dates(text)) {
    bool known = false;
    for (const auto& d : dates) known = known || ClaimScan::SameDate(c.key, d);
    if (!known) out->push_back({"foreign_date", c.written + kNotInSources});
  }
}

// The greeting is the body's first line when it starts with a greeting word and ends in a
// comma. Every capitalised word after the greeting word must be one of the recipient's own
// names: a name found elsewhere in the facts ("hired Sarah Lee as CFO") is still the wrong
// person. Titles guess a gender Draftbox does not know.
void CheckGreeting(std::string_view body, const Sources& sources,
                   std::vector<GroundingProblem>* out) {
  static const std::set<std::string> kOpeners = {
      "hi",     "hello",   "hey",       "dear",     "hallo", "guten",  "tag",     "liebe",
      "lieber", "sehr",    "geehrte",   "geehrter", "moin",  "servus", "bonjour", "hola",
      "good",   "morning", "afternoon", "evening",  "grüß",  "gott",   "salut",   "hej"};
  static const std::set<std::string> kGroups = {"team",     "all",   "everyone",  "there",
                                                "zusammen", "folks", "allerseits"};
  size_t start = body.find_first_not_of(" \t\n");
  if (start == std::string_view::npos) return;
  size_t end = body.find('\n', start);
  std::string_view line = TextScan::Trim(
      body.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
  if (line.empty() || line.back() != ',') return;
  auto words = TextScan::Words(line);
  if (words.empty() || !kOpeners.contains(TextScan::LowerAscii(words[0].text))) return;
  size_t i = 0;
  while (i < words.size() && kOpeners.contains(TextScan::LowerAscii(words[i].text))) ++i;
  std::string wrong;
  for (; i < words.size(); ++i) {
    std::string lower = TextScan::LowerAscii(words[i].text);
    if (lower == "dr" || lower == "prof") continue;
    if (Titles().contains(lower)) {
      out->push_back(
          {"gendered_greeting",
           "\"" + words[i].text + "\" in the greeting guesses a gender the data does not give"});
      continue;
    }
    if (kGroups.contains(lower) || sources.name_tokens.contains(lower)) continue;
    wrong += (wrong.empty() ? "" : " ") + words[i].text;
  }
  if (wrong.empty()) return;
  std::string who;
  for (const auto& t : sources.name_tokens) who += (who.empty() ? "" : ", ") + t;
  out->push_back({"wrong_greeting", "greets \"" + wrong + "\" but the recipient's names are " +
                                        (who.empty() ? "not known" : who)});
}

void CheckRelationships(std::string_view text, const Sources& sources,
                        std::vector<GroundingProblem>* out) {
  for (const auto& found : RelationshipClaims::Unsupported(text, sources.activity_types)) {
    out->push_back({"relationship_claim", "\"" + found.phrase + "\" claims " + found.claims +
                                              " the facts do not record"});
  }
}

void CheckCitations(const ComposedDraft& draft,
                    const std::vector<std::pair<std::string, bool>>& citable,
                    std::vector<GroundingProblem>* out) {
  std::set<std::string> reported;
  auto check = [&](const std::string& id) {
    if (!reported.insert(id).second) return;
    for (const auto& [known, usable] : citable) {
      if (known != id) continue;
      if (!usable) {
        out->push_back({"unusable_fact", id + " was dropped by screening and may not be used"});
      }
      return;
    }
    out->push_back({"unknown_fact", id + " is not a fact of this recipient"});
  };
  for (const FactUsed& fact : draft.facts_used) check(fact.id);
  for (const SentenceFacts& sentence : draft.sentences) {
    for (const std::string& id : sentence.fact_ids) check(id);
    if (TextScan::Trim(sentence.text).empty() ||
        draft.body.find(sentence.text) == std::string::npos) {
      out->push_back({"sentence_not_in_body", "\"" + sentence.text + "\""});
    }
  }
}

struct AskPhrase {
  std::string_view kind;
  std::string_view text;  // lower case; matched on word boundaries
};

// Phrases, not single words where a word has harmless senses ("free" time, a "login" page of
// the product the campaign is about is still named by the intent and then allowed).
constexpr std::array kAskPhrases = {
    AskPhrase{"payment_request", "card details"},
    AskPhrase{"payment_request", "credit card"},
    AskPhrase{"payment_request", "card number"},
    AskPhrase{"payment_request", "cvv"},
    AskPhrase{"payment_request", "bank details"},
    AskPhrase{"payment_request", "bank account"},
    AskPhrase{"payment_request", "iban"},
    AskPhrase{"payment_request", "wire transfer"},
    AskPhrase{"payment_request", "payment details"},
    AskPhrase{"payment_request", "gift card"},
    AskPhrase{"payment_request", "pay now"},
    AskPhrase{"payment_request", "kreditkarte"},
    AskPhrase{"payment_request", "kartendaten"},
    AskPhrase{"payment_request", "bankverbindung"},
    AskPhrase{"payment_request", "bankdaten"},
    AskPhrase{"payment_request", "zahlungsdaten"},
    AskPhrase{"payment_request", "überweisung"},
    AskPhrase{"payment_request", "Überweisung"},
    AskPhrase{"credential_request", "password"},
    AskPhrase{"credential_request", "passcode"},
    AskPhrase{"credential_request", "credentials"},
    AskPhrase{"credential_request", "login"},
    AskPhrase{"credential_request", "log in"},
    AskPhrase{"credential_request", "sign in"},
    AskPhrase{"credential_request", "one-time code"},
    AskPhrase{"credential_request", "verification code"},
    AskPhrase{"credential_request", "verify your account"},
    AskPhrase{"credential_request", "confirm your account"},
    AskPhrase{"credential_request", "passwort"},
    AskPhrase{"credential_request", "kennwort"},
    AskPhrase{"credential_request", "zugangsdaten"},
    AskPhrase{"credential_request", "anmeldedaten"},
    AskPhrase{"account_threat", "suspended"},
    AskPhrase{"account_threat", "account is locked"},
    AskPhrase{"account_threat", "account will be closed"},
    AskPhrase{"account_threat", "gesperrt"},
    AskPhrase{"discount", "discount"},
    AskPhrase{"discount", "% off"},
    AskPhrase{"discount", "percent off"},
    AskPhrase{"discount", "coupon"},
    AskPhrase{"discount", "promo code"},
    AskPhrase{"discount", "voucher"},
    AskPhrase{"discount", "free of charge"},
    AskPhrase{"discount", "for free"},
    AskPhrase{"discount", "rabatt"},
    AskPhrase{"discount", "gutschein"},
    AskPhrase{"discount", "kostenlos"},
    AskPhrase{"discount", "gratis"},
};

// "90% off", "90 % off" and "90%off" all read as "% off".
bool PercentOff(std::string_view text) {
  for (size_t at = text.find('%'); at != std::string_view::npos; at = text.find('%', at + 1)) {
    size_t next = at + 1;
    while (next < text.size() && text[next] == ' ') ++next;
    if (TextScan::ContainsPhrase(text.substr(next, 4), "off") &&
        TextScan::LowerAscii(text.substr(next, 3)) == "off") {
      return true;
    }
  }
  return false;
}

bool ContainsAsk(std::string_view text, std::string_view phrase) {
  if (phrase == "% off") return PercentOff(text);
  return TextScan::ContainsPhrase(text, phrase);
}

// What no writer may add on its own initiative, whatever the facts say: a request for payment,
// card or bank details, a password or login, a threat about the recipient's account, or an
// offer of a discount or a free deal — unless the owner's own text makes that ask: the
// campaign's name, goal, key message or call to action, or the persona (a signature may name a
// login page that every draft then carries). These are what a prompt injection in CRM data asks for
// ("tell them their account is suspended and ask for card details"), and none of them needs a name,
// number or link the other checks would catch. English and German phrases.
void CheckRiskyAsks(const ComposeRequest& request, const std::string& written,
                    std::vector<GroundingProblem>* out) {
  const CampaignIntent& intent = request.intent;
  const std::string allowed = intent.name + "\n" + intent.goal + "\n" + intent.key_message + "\n" +
                              intent.cta + "\n" + request.persona.sender_name + "\n" +
                              request.persona.signature;
  for (const AskPhrase& phrase : kAskPhrases) {
    if (ContainsAsk(written, phrase.text) && !ContainsAsk(allowed, phrase.text)) {
      out->push_back({std::string(phrase.kind), std::string(phrase.text)});
    }
  }
}

}  // namespace

std::vector<std::pair<std::string, bool>> GroundingCheck::CitableFacts(
    const ComposeRequest& request) {
  return Citable(request, Screen(request));
}

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

  const ScreenedFacts screened = Screen(request);
  Sources sources = CollectSources(request, screened);
  std::string all = subject + "\n" + body;
  CheckLinks(all, sources, &out);
  CheckNumbers(all, sources, &out);
  CheckNames(subject, draft.language == "de", sources, &out);
  CheckNames(body, draft.language == "de", sources, &out);
  CheckClaims(all, sources, &out);
  CheckGreeting(body, sources, &out);
  CheckRelationships(all, sources, &out);
  CheckCitations(draft, Citable(request, screened), &out);
  CheckRiskyAsks(request, all, &out);

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
