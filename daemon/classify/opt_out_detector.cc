#include "classify/opt_out_detector.h"

#include <algorithm>
#include <array>

#include "classify/opt_out_phrases.h"
#include "classify/reply_text.h"
#include "classify/text_codec.h"
#include "core/text.h"

namespace draftbox {

namespace {

using Tokens = std::vector<std::string>;

// A line this long or longer is taken as wrapped by the client, so the sentence may go on on
// the next line; a shorter one ("Hi Ana,", "Tom") ends where it ends.
constexpr size_t kWrappedLineBytes = 50;
// How far back over negation_skip words a negator still reaches: "I did not ask to be
// unsubscribed" is four words.
constexpr int kNegationReach = 6;
// How far after a request an exclusion word still makes it about something else.
constexpr size_t kExclusionReach = 4;
// Sentences before a bare "stop" that are this short are greetings ("Hi Ana,").
constexpr size_t kGreetingWords = 3;

constexpr std::string_view kComma = ",";

enum class CharClass { kLetter, kApostrophe, kSentenceEnd, kClause, kSpace };

// Latin-1 letters U+00C0..U+00FF folded; "" for × and ÷.
constexpr std::array<const char*, 64> kLatin1Folded = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// What `cp` is to the tokenizer; for a letter, appends its folded form to `word`.
CharClass Fold(char32_t cp, std::string& word) {
  if (cp < 0x80) {
    const char c = static_cast<char>(cp);
    if (c >= 'A' && c <= 'Z') {
      word += static_cast<char>(c - 'A' + 'a');
      return CharClass::kLetter;
    }
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word += c;
      return CharClass::kLetter;
    }
    if (c == '\'' || c == '`') return CharClass::kApostrophe;
    if (c == '.' || c == '!' || c == '?' || c == ';') return CharClass::kSentenceEnd;
    if (c == ',' || c == ':' || c == '(' || c == ')' || c == '"' || c == '[' || c == ']') {
      return CharClass::kClause;
    }
    return CharClass::kSpace;
  }
  if (cp >= 0xC0 && cp <= 0xFF) {
    const char* folded = kLatin1Folded[cp - 0xC0];
    if (*folded == '\0') return CharClass::kSpace;
    word += folded;
    return CharClass::kLetter;
  }
  switch (cp) {
    case 0x152:  // Œ
    case 0x153:  // œ
      word += "oe";
      return CharClass::kLetter;
    case 0xB4:    // ´
    case 0x2BC:   // ʼ
    case 0x2018:  // ‘
    case 0x2019:  // ’
      return CharClass::kApostrophe;
    case 0x2026:  // …
      return CharClass::kSentenceEnd;
    case 0xAB:    // «
    case 0xBB:    // »
    case 0x201C:  // “
    case 0x201D:  // ”
    case 0x201E:  // „
      return CharClass::kClause;
    default:
      break;
  }
  // Other punctuation and spaces (NBSP, dashes, ¿, ¡, general punctuation) separate words;
  // letters of other scripts are kept as they are.
  if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F)) {
    return CharClass::kSpace;
  }
  AppendUtf8(cp, word);
  return CharClass::kLetter;
}

// Splits the reply into sentences of folded words; commas and colons stay as "," tokens so a
// negation does not reach over them.
class Tokenizer {
 public:
  std::vector<Tokens> Run(std::string_view text) {
    size_t previous_line = 0;  // length of the last non-empty line
    size_t pos = 0;
    while (pos <= text.size() && words_ < OptOutDetector::kMaxWords) {
      size_t eol = text.find('\n', pos);
      if (eol == std::string_view::npos) eol = text.size();
      std::string_view line = TrimSpace(text.substr(pos, eol - pos));
      pos = eol + 1;
      if (line.empty() || previous_line < kWrappedLineBytes) EndSentence();
      if (line.empty()) continue;
      previous_line = line.size();
      Line(line);
      EndWord();
    }
    EndSentence();
    return std::move(sentences_);
  }

 private:
  void Line(std::string_view line) {
    for (size_t i = 0; i < line.size();) {
      char32_t cp = 0xFFFD;
      size_t length = DecodeUtf8At(line, i, &cp);
      i += length == 0 ? 1 : length;
      if (length == 0) continue;  // an invalid byte: skipped
      switch (Fold(cp, word_)) {
        case CharClass::kLetter:
          break;
        case CharClass::kApostrophe:
          if (!word_.empty()) word_ += '\'';
          break;
        case CharClass::kSentenceEnd:
          EndWord();
          EndSentence();
          break;
        case CharClass::kClause:
          EndWord();
          if (!sentence_.empty() && sentence_.back() != kComma) sentence_.emplace_back(kComma);
          break;
        case CharClass::kSpace:
          EndWord();
          break;
      }
    }
  }

  // English contractions join their word ("don't" -> dont, "I'd" -> id); any other apostrophe
  // splits it, as French elision does ("m'écrire" -> m ecrire).
  void EndWord() {
    std::string word = std::move(word_);
    word_.clear();
    while (!word.empty()) {
      size_t apostrophe = word.find('\'');
      if (apostrophe == std::string::npos) {
        Add(std::move(word));
        return;
      }
      std::string_view rest = std::string_view(word).substr(apostrophe + 1);
      size_t next = rest.find('\'');
      std::string_view suffix = rest.substr(0, next);
      static constexpr std::array<std::string_view, 7> kJoined = {"t",  "d",  "s", "m",
                                                                  "ll", "re", "ve"};
      if (std::find(kJoined.begin(), kJoined.end(), suffix) != kJoined.end()) {
        word.erase(apostrophe, 1);
        continue;
      }
      Add(word.substr(0, apostrophe));
      word.erase(0, apostrophe + 1);
    }
  }

  void Add(std::string word) {
    if (word.empty() || words_ >= OptOutDetector::kMaxWords) return;
    ++words_;
    // "e-mail", "E-Mails": the hyphen split them; they are one word.
    if (word.starts_with("mail") && !sentence_.empty() && sentence_.back() == "e") {
      sentence_.back() += word;
      return;
    }
    sentence_.push_back(std::move(word));
  }

  void EndSentence() {
    while (!sentence_.empty() && sentence_.back() == kComma) sentence_.pop_back();
    if (!sentence_.empty()) sentences_.push_back(std::move(sentence_));
    sentence_.clear();
  }

  std::vector<Tokens> sentences_;
  Tokens sentence_;
  std::string word_;
  size_t words_ = 0;
};

struct Element {
  std::vector<std::string> words;
  std::vector<std::string> prefixes;  // from "word*"
  size_t max_gap_before = 0;          // from a preceding "..N"

  bool Matches(std::string_view token) const {
    if (token == kComma) return false;
    if (std::find(words.begin(), words.end(), token) != words.end()) return true;
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](const std::string& p) { return token.starts_with(p); });
  }
};

struct Pattern {
  std::string text;  // as written in the table
  bool at_start = false;
  std::vector<Element> elements;
};

using WordSets = std::vector<std::pair<std::string_view, std::string_view>>;

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(separator, pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) parts.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return parts;
}

// "a|b*|@set" -> an element; a set name the language lacks adds nothing.
Element CompileAlternatives(std::string_view alternatives, const WordSets& sets) {
  Element element;
  for (std::string_view alternative : Split(alternatives, '|')) {
    if (alternative.starts_with('@')) {
      for (const auto& [name, words] : sets) {
        if (name != alternative.substr(1)) continue;
        Element expanded = CompileAlternatives(words, sets);
        element.words.insert(element.words.end(), expanded.words.begin(), expanded.words.end());
        element.prefixes.insert(element.prefixes.end(), expanded.prefixes.begin(),
                                expanded.prefixes.end());
      }
    } else if (alternative.ends_with('*')) {
      element.prefixes.emplace_back(alternative.substr(0, alternative.size() - 1));
    } else {
      element.words.emplace_back(alternative);
    }
  }
  return element;
}

Pattern CompilePattern(std::string_view text, const WordSets& sets) {
  Pattern pattern;
  pattern.text = std::string(text);
  size_t gap = 0;
  for (std::string_view part : Split(text, ' ')) {
    if (part == "^") {
      pattern.at_start = true;
    } else if (part.starts_with("..")) {
      gap = static_cast<size_t>(std::stoul(std::string(part.substr(2))));
    } else {
      pattern.elements.push_back(CompileAlternatives(part, sets));
      pattern.elements.back().max_gap_before = gap;
      gap = 0;
    }
  }
  return pattern;
}

// Matches elements [k..] with element k at most its gap after `from`; fills `hits` with the
// token index of each element.
bool MatchRest(const Pattern& pattern, const Tokens& tokens, size_t k, size_t from,
               std::vector<size_t>& hits) {
  if (k == pattern.elements.size()) return true;
  const Element& element = pattern.elements[k];
  const size_t last = std::min(tokens.size(), from + element.max_gap_before + 1);
  for (size_t i = from; i < last; ++i) {
    if (!element.Matches(tokens[i])) continue;
    hits.push_back(i);
    if (MatchRest(pattern, tokens, k + 1, i + 1, hits)) return true;
    hits.pop_back();
  }
  return false;
}

bool MatchAt(const Pattern& pattern, const Tokens& tokens, size_t start,
             std::vector<size_t>& hits) {
  hits.clear();
  if (pattern.elements.empty() || !pattern.elements.front().Matches(tokens[start])) return false;
  hits.push_back(start);
  return MatchRest(pattern, tokens, 1, start + 1, hits);
}

bool MatchesAnywhere(const Pattern& pattern, const Tokens& tokens) {
  std::vector<size_t> hits;
  for (size_t start = 0; start < tokens.size(); ++start) {
    if (MatchAt(pattern, tokens, start, hits)) return true;
    if (pattern.at_start) break;
  }
  return false;
}

}  // namespace

struct OptOutDetector::Language {
  struct Rule {
    Pattern pattern;
    OptOutVerdict verdict;
    bool negatable;
  };
  std::string code;
  std::vector<Rule> rules;
  std::vector<Pattern> second_thoughts;
  Element negators, negation_skip, exclusions, mail_objects, bare_words, courtesy;

  // A negator between the matched words, or before the first over negation_skip words.
  bool Negated(const Tokens& tokens, const std::vector<size_t>& hits) const {
    for (size_t i = hits.front() + 1; i < hits.back(); ++i) {
      if (std::find(hits.begin(), hits.end(), i) == hits.end() && negators.Matches(tokens[i])) {
        return true;
      }
    }
    size_t i = hits.front();
    for (int steps = 0; i > 0 && steps < kNegationReach; ++steps) {
      const std::string& token = tokens[--i];
      if (negators.Matches(token)) return true;
      if (!negation_skip.Matches(token)) break;
    }
    return false;
  }

  // An exclusion word soon after the request, before any mail object: it is about that.
  bool Excluded(const Tokens& tokens, size_t end) const {
    for (size_t i = end + 1; i < tokens.size() && i <= end + kExclusionReach; ++i) {
      if (tokens[i] == kComma || mail_objects.Matches(tokens[i])) return false;
      if (exclusions.Matches(tokens[i])) return true;
    }
    return false;
  }

  // The rule's verdict if it matches somewhere in the sentence not negated nor excluded.
  OptOutVerdict Apply(const Rule& rule, const Tokens& tokens) const {
    std::vector<size_t> hits;
    for (size_t start = 0; start < tokens.size(); ++start) {
      if (MatchAt(rule.pattern, tokens, start, hits) &&
          !(rule.negatable && Negated(tokens, hits)) && !Excluded(tokens, hits.back())) {
        return rule.verdict;
      }
      if (rule.pattern.at_start) break;
    }
    return OptOutVerdict::kNone;
  }

  bool IsBare(const Tokens& tokens) const {
    const std::string* only = nullptr;
    for (const std::string& token : tokens) {
      if (token == kComma || courtesy.Matches(token)) continue;
      if (only != nullptr) return false;
      only = &token;
    }
    return only != nullptr && bare_words.Matches(*only);
  }
};

std::string_view OptOutVerdictName(OptOutVerdict verdict) {
  switch (verdict) {
    case OptOutVerdict::kNone:
      return "none";
    case OptOutVerdict::kPossible:
      return "possible";
    case OptOutVerdict::kOptOut:
      return "opt_out";
  }
  return "none";
}

OptOutDetector::OptOutDetector() {
  for (const OptOutLanguageTable& table : OptOutLanguageTables()) {
    const WordSets& sets = table.word_sets;
    Language language;
    language.code = std::string(table.code);
    language.negators = CompileAlternatives(table.negators, sets);
    language.negation_skip = CompileAlternatives(table.negation_skip, sets);
    language.exclusions = CompileAlternatives(table.exclusions, sets);
    language.mail_objects = CompileAlternatives("@mail", sets);
    language.bare_words = CompileAlternatives(table.bare_words, sets);
    language.courtesy = CompileAlternatives(table.courtesy, sets);
    for (const OptOutRuleText& rule : table.rules) {
      language.rules.push_back({CompilePattern(rule.pattern, sets), rule.verdict, rule.negatable});
    }
    for (std::string_view pattern : table.second_thoughts) {
      language.second_thoughts.push_back(CompilePattern(pattern, sets));
    }
    languages_.push_back(std::move(language));
  }
}

OptOutDetector::~OptOutDetector() = default;

const OptOutDetector& OptOutDetector::Default() {
  static const OptOutDetector kDetector;
  return kDetector;
}

OptOutFinding OptOutDetector::Detect(std::string_view reply_text) const {
  const std::vector<Tokens> sentences = Tokenizer().Run(StripSignature(reply_text));
  OptOutFinding best;
  auto consider = [&](OptOutVerdict verdict, const Language& language, std::string_view rule) {
    if (verdict <= best.verdict) return;
    best = {verdict, language.code, std::string(rule)};
  };
  bool second_thoughts = false;
  for (const Language& language : languages_) {
    bool greetings_only = true;  // every sentence so far is a greeting
    for (const Tokens& sentence : sentences) {
      for (const Language::Rule& rule : language.rules) {
        consider(language.Apply(rule, sentence), language, rule.pattern.text);
      }
      if (language.IsBare(sentence)) {
        consider(greetings_only ? OptOutVerdict::kOptOut : OptOutVerdict::kPossible, language,
                 "bare request");
      }
      greetings_only = greetings_only && sentence.size() <= kGreetingWords;
      second_thoughts =
          second_thoughts ||
          std::any_of(language.second_thoughts.begin(), language.second_thoughts.end(),
                      [&](const Pattern& p) { return MatchesAnywhere(p, sentence); });
    }
  }
  if (second_thoughts && best.verdict == OptOutVerdict::kOptOut) {
    best.verdict = OptOutVerdict::kPossible;
    best.rule += " (taken back in the same reply)";
  }
  return best;
}

}  // namespace draftbox
