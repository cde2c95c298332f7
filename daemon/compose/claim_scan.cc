#include "compose/claim_scan.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <utility>

#include "compose/text_scan.h"

// The scans below are hand-written matchers, one per form, run over the text folded to lower
// case (TextScan::LowerAscii: same bytes at the same offsets but for A-Z). They were std::regex
// patterns, and each matcher still finds exactly what its pattern found (the comment above it
// gives the pattern): tests/unit/compose/claim_scan_equivalence_test.cc holds the patterns and
// compares both on thousands of texts. std::regex ran a backtracking NFA per start position and
// was most of a placed draft's CPU.

namespace draftbox {
namespace {

constexpr size_t kNone = std::string_view::npos;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// What std::regex's \s and \w meant in the classic locale: ASCII only, so no byte of a
// multi-byte character is a space or a word character.
bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool IsWordByte(char c) { return IsLetter(c) || IsDigit(c) || c == '_'; }

size_t DigitRun(std::string_view s, size_t at) {
  size_t end = at;
  while (end < s.size() && IsDigit(s[end])) ++end;
  return end - at;
}

// \s? before something that never starts with a space.
size_t SkipOneSpace(std::string_view s, size_t at) {
  return at < s.size() && IsSpace(s[at]) ? at + 1 : at;
}

// \s+ (greedy) before something that never starts with a space; `at` when there is none.
size_t SkipSpaces(std::string_view s, size_t at) {
  while (at < s.size() && IsSpace(s[at])) ++at;
  return at;
}

// [0-9]+(?:[.,'][0-9]+)*: digits with thousands or decimal separators ("15", "1.2", "1,5",
// "1,500,000", "1'000"), as far as they go. Nothing that may follow a number in a claim starts
// with a digit or a separator, so the longest number is the only one a claim can use. kNone
// when no digit is at `at`.
size_t NumberEnd(std::string_view s, size_t at) {
  if (at >= s.size() || !IsDigit(s[at])) return kNone;
  size_t end = at + DigitRun(s, at);
  while (end + 1 < s.size() && (s[end] == '.' || s[end] == ',' || s[end] == '\'') &&
         IsDigit(s[end + 1])) {
    end += 1 + DigitRun(s, end + 1);
  }
  return end;
}

// An alternation of words, each followed by no ASCII letter: (w1|w2|...)(?![A-Za-z]). Words
// are tried in the order listed, as a regex tries its alternatives; a word with an optional
// "s" or "." is listed with it first and then without ("millions", "million").
class WordList {
 public:
  WordList(std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) by_first_[static_cast<unsigned char>(w[0])].push_back(w);
  }

  // Calls `next(end)` for each word at `at` that no letter follows, in list order, until it
  // returns true (the rest of the pattern matched after that word). True if one did.
  template <typename Next>
  bool Match(std::string_view s, size_t at, Next next) const {
    if (at >= s.size()) return false;
    for (std::string_view w : by_first_[static_cast<unsigned char>(s[at])]) {
      if (!s.substr(at).starts_with(w)) continue;
      size_t end = at + w.size();
      if (end < s.size() && IsLetter(s[end])) continue;
      if (next(end)) return true;
    }
    return false;
  }

 private:
  // Only words sharing a first byte can match at one place, so their order is all that counts.
  std::array<std::vector<std::string_view>, 256> by_first_;
};

// Longer words first, so "m" never takes the start of "million".
const WordList kMagnitudes = {"billions", "billion",   "milliarden", "milliarde", "millions",
                              "million",  "millionen", "thousand",   "mrd.",      "mrd",
                              "mio.",     "mio",       "tsd.",       "tsd",       "mn",
                              "bn",       "k",         "m",          "b"};
const WordList kCurrenciesAfter = {"\xe2\x82\xac", "$",       "\xc2\xa3", "eur",   "usd", "gbp",
                                   "chf",          "dollars", "dollar",   "euros", "euro"};
const WordList kPercentWords = {"percent", "per cent", "prozent", "pour cent", "por ciento"};
const WordList kMonths = {
    "january.",     "january",     "february.",      "february",      "march.",     "march",
    "april.",       "april",       "may.",           "may",           "june.",      "june",
    "july.",        "july",        "august.",        "august",        "september.", "september",
    "october.",     "october",     "november.",      "november",      "december.",  "december",
    "januar.",      "januar",      "j\xc3\xa4nner.", "j\xc3\xa4nner", "februar.",   "februar",
    "m\xc3\xa4rz.", "m\xc3\xa4rz", "maerz.",         "maerz",         "mai.",       "mai",
    "juni.",        "juni",        "juli.",          "juli",          "oktober.",   "oktober",
    "dezember.",    "dezember",    "jan.",           "jan",           "feb.",       "feb",
    "mar.",         "mar",         "apr.",           "apr",           "jun.",       "jun",
    "jul.",         "jul",         "aug.",           "aug",           "sept.",      "sept",
    "sep.",         "sep",         "oct.",           "oct",           "okt.",       "okt",
    "nov.",         "nov",         "dec.",           "dec",           "dez.",       "dez"};

// One form's match at one start position of the folded text: the match runs from `begin` to
// `end` (a byte of context before a date included, as the overlap check counts it), the claim
// as written from `claim` to `end`; `parts` are what the key is made of, in the order the
// form's comment names them (empty: not written).
struct Match {
  size_t begin = 0;
  size_t claim = 0;
  size_t end = 0;
  std::array<std::string_view, 3> parts;
};

// A form: its match starting exactly at `at`, if any.
using Form = std::optional<Match> (*)(std::string_view s, size_t at);

// Where a form's match may start, so the search can skip the bytes where it cannot: anywhere,
// at a digit (a number), or on the byte of context before a date's first digit (or on that
// digit at the text's start).
enum class Lead { kAnywhere, kDigit, kBeforeDigit };

// The first place from `at` on where a match led by `lead` may start (lower.size() if none).
size_t NextStart(std::string_view s, size_t at, Lead lead) {
  if (lead == Lead::kAnywhere) return at;
  if (lead == Lead::kBeforeDigit) {
    if (at == 0 && !s.empty() && IsDigit(s[0])) return 0;
    ++at;
  }
  while (at < s.size() && !IsDigit(s[at])) ++at;
  if (at >= s.size()) return s.size();
  return lead == Lead::kBeforeDigit ? at - 1 : at;
}

// Money, currency first: (€|\$|£|\b(?:eur|usd|gbp|chf)\b)\s?NUMBER(?:\s?MAGNITUDE)? —
// "$15M", "€1.2M", "EUR 300k", "$ 1,500", "usd 15 million". Parts: currency, number, magnitude.
std::optional<Match> MoneyCurrencyFirst(std::string_view s, size_t at) {
  // Tried at every byte: most bytes start no currency at all.
  if (at >= s.size() || std::string_view("\xe2$\xc2"
                                         "eugc")
                                .find(s[at]) == kNone) {
    return std::nullopt;
  }
  std::string_view rest = s.substr(at);
  size_t currency_end = kNone;
  for (std::string_view sign : {"\xe2\x82\xac", "$", "\xc2\xa3"}) {
    if (rest.starts_with(sign)) currency_end = at + sign.size();
  }
  // A code is a word of its own: not the "eur" of "neuro" nor of "eure".
  if (currency_end == kNone && (at == 0 || !IsWordByte(s[at - 1]))) {
    for (std::string_view code : {"eur", "usd", "gbp", "chf"}) {
      size_t end = at + code.size();
      if (rest.starts_with(code) && (end >= s.size() || !IsWordByte(s[end]))) currency_end = end;
    }
  }
  if (currency_end == kNone) return std::nullopt;
  size_t number = SkipOneSpace(s, currency_end);
  size_t number_end = NumberEnd(s, number);
  if (number_end == kNone) return std::nullopt;
  Match m{at,
          at,
          number_end,
          {s.substr(at, currency_end - at), s.substr(number, number_end - number), {}}};
  size_t magnitude = SkipOneSpace(s, number_end);
  kMagnitudes.Match(s, magnitude, [&](size_t end) {
    m.parts[2] = s.substr(magnitude, end - magnitude);
    m.end = end;
    return true;
  });
  return m;
}

// Money, number first: NUMBER\s?(?:MAGNITUDE\s?)?(€|\$|£|eur|usd|gbp|chf|dollars?|euros?)
// with no letter after — "15 Mio. €", "1,5 Mio €", "300k EUR", "15 dollars", "40 Mrd. Euro".
// Parts: number, magnitude, currency.
std::optional<Match> MoneyNumberFirst(std::string_view s, size_t at) {
  size_t number_end = NumberEnd(s, at);
  if (number_end == kNone) return std::nullopt;
  Match m{at, at, 0, {s.substr(at, number_end - at), {}, {}}};
  auto currency_at = [&](size_t from) {
    return kCurrenciesAfter.Match(s, from, [&](size_t end) {
      m.parts[2] = s.substr(from, end - from);
      m.end = end;
      return true;
    });
  };
  // As the regex did: each magnitude that fits, in order, while no currency follows; then none.
  size_t after = SkipOneSpace(s, number_end);
  bool found = kMagnitudes.Match(s, after, [&](size_t end) {
    m.parts[1] = s.substr(after, end - after);
    return currency_at(SkipOneSpace(s, end));
  });
  if (!found) {
    m.parts[1] = {};
    found = currency_at(after);
  }
  if (!found) return std::nullopt;
  return m;
}

// NUMBER\s?(?:%|percent|per cent|prozent|pour cent|por ciento), a word with no letter after —
// "40%", "40 %", "12,5 Prozent", "3 per cent", "10 pour cent". Parts: number.
std::optional<Match> Percentage(std::string_view s, size_t at) {
  size_t number_end = NumberEnd(s, at);
  if (number_end == kNone) return std::nullopt;
  size_t sign = SkipOneSpace(s, number_end);
  size_t end = kNone;
  if (sign < s.size() && s[sign] == '%') {
    end = sign + 1;
  } else {
    kPercentWords.Match(s, sign, [&](size_t word_end) {
      end = word_end;
      return true;
    });
  }
  if (end == kNone) return std::nullopt;
  return Match{at, at, end, {s.substr(at, number_end - at), {}, {}}};
}

// (?:^|[^0-9]) before a date (also [^.] when `no_dot`): where its first digit is for a match
// tried at `at`, at the text's start or after one byte of context; kNone if neither.
size_t DateStart(std::string_view s, size_t at, bool no_dot) {
  if (at == 0 && !s.empty() && IsDigit(s[0])) return 0;
  if (at >= s.size() || IsDigit(s[at]) || (no_dot && s[at] == '.')) return kNone;
  return at + 1;
}

// `count` digits and no more from `at` when `exact`, else 1..count.
bool DigitsAt(std::string_view s, size_t at, size_t count, bool exact = false) {
  size_t run = DigitRun(s, at);
  return exact ? run == count : run >= 1 && run <= count;
}

// (?:^|[^0-9])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9]) — "2027-03-14", "2027-3-4".
// Parts: year, month, day.
std::optional<Match> IsoDate(std::string_view s, size_t at) {
  size_t year = DateStart(s, at, false);
  if (year == kNone || !DigitsAt(s, year, 4, true) || year + 4 >= s.size() || s[year + 4] != '-') {
    return std::nullopt;
  }
  size_t month = year + 5;
  size_t month_len = DigitRun(s, month);
  if (!DigitsAt(s, month, 2) || month + month_len >= s.size() || s[month + month_len] != '-') {
    return std::nullopt;
  }
  size_t day = month + month_len + 1;
  if (!DigitsAt(s, day, 2)) return std::nullopt;
  size_t end = day + DigitRun(s, day);
  return Match{
      at, year, end, {s.substr(year, 4), s.substr(month, month_len), s.substr(day, end - day)}};
}

// (?:^|[^0-9.])([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})(?![0-9]) — "14.03.2027", "1.3.2027".
// Parts: day, month, year.
std::optional<Match> DottedDate(std::string_view s, size_t at) {
  size_t day = DateStart(s, at, true);
  if (day == kNone || !DigitsAt(s, day, 2)) return std::nullopt;
  size_t month = day + DigitRun(s, day) + 1;
  if (month > s.size() || s[month - 1] != '.' || !DigitsAt(s, month, 2)) return std::nullopt;
  size_t year = month + DigitRun(s, month) + 1;
  if (year > s.size() || s[year - 1] != '.' || !DigitsAt(s, year, 4, true)) return std::nullopt;
  return Match{
      at,
      day,
      year + 4,
      {s.substr(day, month - 1 - day), s.substr(month, year - 1 - month), s.substr(year, 4)}};
}

// (?:st|nd|rd|th) after a day's digits, or also "." when `dot`: where it ends, or `at`.
size_t OrdinalEnd(std::string_view s, size_t at, bool dot) {
  std::string_view rest = s.substr(at);
  for (std::string_view suffix : {"st", "nd", "rd", "th"}) {
    if (rest.starts_with(suffix)) return at + 2;
  }
  return dot && rest.starts_with('.') ? at + 1 : at;
}

// (?:,?\s+([0-9]{4}))? after a date without a year: ", 2027", " 2027". Takes it into `m`
// (the third part) when there; four digits, even when more follow.
void TakeYear(std::string_view s, Match* m) {
  size_t comma = m->end < s.size() && s[m->end] == ',' ? m->end + 1 : m->end;
  size_t year = SkipSpaces(s, comma);
  if (year == comma || DigitRun(s, year) < 4) return;
  m->parts[2] = s.substr(year, 4);
  m->end = year + 4;
}

std::string_view WithoutDot(std::string_view word) {
  return word.ends_with('.') ? word.substr(0, word.size() - 1) : word;
}

// (?:^|[^0-9])([0-9]{1,2})(?:st|nd|rd|th|\.)?\s+MONTH(?:,?\s+([0-9]{4}))? — "14 March",
// "14. März 2027", "1st Jan, 2027", "3 sept. 2026". MONTH: a name or abbreviation (English,
// German, Austrian "Jänner", "Maerz"), an optional ".", no letter after. Parts: day, month, year.
std::optional<Match> DayMonthDate(std::string_view s, size_t at) {
  size_t day = DateStart(s, at, false);
  if (day == kNone || !DigitsAt(s, day, 2)) return std::nullopt;
  size_t day_end = day + DigitRun(s, day);
  size_t after = OrdinalEnd(s, day_end, true);
  size_t month = SkipSpaces(s, after);
  if (month == after) return std::nullopt;
  Match m{at, day, 0, {s.substr(day, day_end - day), {}, {}}};
  bool found = kMonths.Match(s, month, [&](size_t end) {
    m.parts[1] = WithoutDot(s.substr(month, end - month));
    m.end = end;
    return true;
  });
  if (!found) return std::nullopt;
  TakeYear(s, &m);
  return m;
}

// MONTH\s+([0-9]{1,2})(?:st|nd|rd|th)?(?![0-9])(?:,?\s+([0-9]{4}))? — "March 14",
// "Sept. 3rd, 2026", "märz 5". Like the regex, MONTH needs no word boundary before it. Parts:
// month, day, year.
std::optional<Match> MonthDayDate(std::string_view s, size_t at) {
  std::optional<Match> out;
  kMonths.Match(s, at, [&](size_t month_end) {
    size_t day = SkipSpaces(s, month_end);
    if (day == month_end || !DigitsAt(s, day, 2)) return false;
    size_t day_end = day + DigitRun(s, day);
    size_t end = OrdinalEnd(s, day_end, false);
    if (end < s.size() && IsDigit(s[end])) end = day_end;  // "3rd5" is the day "3" alone
    Match m{
        at, at, end, {WithoutDot(s.substr(at, month_end - at)), s.substr(day, day_end - day), {}}};
    TakeYear(s, &m);
    out = m;
    return true;
  });
  return out;
}

using Range = std::pair<size_t, size_t>;

bool Overlaps(const std::vector<Range>& taken, size_t begin, size_t end) {
  for (const auto& [b, e] : taken) {
    if (begin < e && b < end) return true;
  }
  return false;
}

// "1,500,000" -> 1500000, "1,5" -> 1.5, "1.2" -> 1.2: a last group of exactly three digits
// reads as thousands (as a person writes "$1,500" or "15.000 €"), anything else as decimals.
long double ParseNumber(std::string_view written) {
  std::vector<std::string> groups(1);
  for (char c : written) {
    if (c >= '0' && c <= '9') {
      groups.back() += c;
    } else {
      groups.emplace_back();
    }
  }
  std::string digits;
  for (size_t i = 0; i + 1 < groups.size(); ++i) digits += groups[i];
  if (groups.size() > 1 && groups.back().size() != 3) {
    digits += "." + groups.back();
  } else {
    digits += groups.back();
  }
  return std::strtold(digits.c_str(), nullptr);
}

long double Magnitude(std::string_view word) {
  std::string w = TextScan::LowerAscii(word);
  if (!w.empty() && w.back() == '.') w.pop_back();
  if (w.empty()) return 1;
  if (w == "k" || w == "thousand" || w == "tsd") return 1e3;
  if (w == "m" || w == "mn" || w.starts_with("million") || w == "mio") return 1e6;
  return 1e9;  // b, bn, billion(s), mrd, milliarde(n)
}

std::string Currency(std::string_view word) {
  std::string w = TextScan::LowerAscii(word);
  if (w == "€" || w == "eur" || w.starts_with("euro")) return "EUR";
  if (w == "$" || w == "usd" || w.starts_with("dollar")) return "USD";
  if (w == "£" || w == "gbp") return "GBP";
  return "CHF";
}

std::string Decimal(long double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6Lg", value);
  return buffer;
}

std::string MoneyKey(std::string_view currency, std::string_view number,
                     std::string_view magnitude) {
  long double cents = ParseNumber(number) * Magnitude(magnitude) * 100;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.0Lf", std::round(cents));
  return Currency(currency) + ":" + buffer;
}

int MonthNumber(std::string_view word) {
  static const std::array<std::pair<const char*, int>, 36> kMonths = {{
      {"january", 1},   {"januar", 1},   {"jänner", 1},    {"jan", 1},       {"february", 2},
      {"februar", 2},   {"feb", 2},      {"march", 3},     {"märz", 3},      {"maerz", 3},
      {"mar", 3},       {"april", 4},    {"apr", 4},       {"may", 5},       {"mai", 5},
      {"june", 6},      {"juni", 6},     {"jun", 6},       {"july", 7},      {"juli", 7},
      {"jul", 7},       {"august", 8},   {"aug", 8},       {"september", 9}, {"sept", 9},
      {"sep", 9},       {"october", 10}, {"oktober", 10},  {"oct", 10},      {"okt", 10},
      {"november", 11}, {"nov", 11},     {"december", 12}, {"dezember", 12}, {"dec", 12},
      {"dez", 12},
  }};
  std::string w = TextScan::LowerAscii(word);
  if (w.starts_with("m\xc3\x84")) w = "m\xc3\xa4" + w.substr(3);  // "MÄRZ"
  if (!w.empty() && w.back() == '.') w.pop_back();
  for (const auto& [name, number] : kMonths) {
    if (w == name) return number;
  }
  return 0;
}

std::string DateKey(std::string_view year, int month, std::string_view day) {
  int d = std::atoi(std::string(day).c_str());
  if (month < 1 || month > 12 || d < 1 || d > 31) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "-%02d-%02d", month, d);
  return (year.empty() ? std::string("?") : std::string(year)) + buffer;
}

// Finds `form`'s matches in `lower` (`text` folded by TextScan::LowerAscii) from left to right,
// each search going on where the last match ended (as std::regex_iterator did), and adds a
// claim per match that `make` turns into a key and that does not overlap an earlier claim.
// `make` sees the folded text; the claim keeps `text`'s own.
template <typename Make>
void Collect(std::string_view text, std::string_view lower, Form form, Lead lead, Make make,
             std::vector<Range>* taken, std::vector<ClaimScan::Claim>* out) {
  size_t at = 0;
  while ((at = NextStart(lower, at, lead)) < lower.size()) {
    std::optional<Match> m = form(lower, at);
    if (!m) {
      ++at;
      continue;
    }
    at = m->end;
    if (Overlaps(*taken, m->begin, m->end)) continue;
    std::string key = make(*m);
    if (key.empty()) continue;
    taken->emplace_back(m->begin, m->end);
    out->push_back({std::string(text.substr(m->claim, m->end - m->claim)), std::move(key)});
  }
}

// Most text holds no claim at all: cheap byte checks decide whether a form can match before
// it is looked for (every draft of a run and its sources pass through here).
bool HasDigit(std::string_view text) {
  return text.find_first_of("0123456789") != std::string_view::npos;
}

// `lower` is folded already (TextScan::LowerAscii).
bool HasAnyOf(std::string_view lower, std::initializer_list<std::string_view> needles) {
  for (std::string_view needle : needles) {
    if (lower.find(needle) != std::string_view::npos) return true;
  }
  return false;
}

int ToInt(std::string_view digits) { return std::atoi(std::string(digits).c_str()); }

}  // namespace

std::vector<ClaimScan::Claim> ClaimScan::Money(std::string_view text) {
  std::vector<Claim> out;
  if (!HasDigit(text)) return out;
  const std::string lower = TextScan::LowerAscii(text);
  if (!HasAnyOf(lower, {"\xe2\x82\xac", "$", "\xc2\xa3", "eur", "usd", "gbp", "chf", "dollar"})) {
    return out;
  }
  std::vector<Range> taken;
  Collect(
      text, lower, MoneyCurrencyFirst, Lead::kAnywhere,
      [](const Match& m) { return MoneyKey(m.parts[0], m.parts[1], m.parts[2]); }, &taken, &out);
  Collect(
      text, lower, MoneyNumberFirst, Lead::kDigit,
      [](const Match& m) { return MoneyKey(m.parts[2], m.parts[0], m.parts[1]); }, &taken, &out);
  return out;
}

std::vector<ClaimScan::Claim> ClaimScan::Percentages(std::string_view text) {
  std::vector<Claim> out;
  if (!HasDigit(text)) return out;
  const std::string lower = TextScan::LowerAscii(text);
  if (!HasAnyOf(lower, {"%", "percent", "per cent", "prozent", "pour cent", "por ciento"})) {
    return out;
  }
  std::vector<Range> taken;
  Collect(
      text, lower, Percentage, Lead::kDigit,
      [](const Match& m) { return Decimal(ParseNumber(m.parts[0])); }, &taken, &out);
  return out;
}

std::vector<ClaimScan::Claim> ClaimScan::Dates(std::string_view text) {
  std::vector<Claim> out;
  if (!HasDigit(text)) return out;
  const std::string lower = TextScan::LowerAscii(text);
  std::vector<Range> taken;
  if (text.find('-') != std::string_view::npos) {
    Collect(
        text, lower, IsoDate, Lead::kBeforeDigit,
        [](const Match& m) { return DateKey(m.parts[0], ToInt(m.parts[1]), m.parts[2]); }, &taken,
        &out);
  }
  if (text.find('.') != std::string_view::npos) {
    Collect(
        text, lower, DottedDate, Lead::kBeforeDigit,
        [](const Match& m) { return DateKey(m.parts[2], ToInt(m.parts[1]), m.parts[0]); }, &taken,
        &out);
  }
  // The stems of every month name in kMonths ("mär" for März).
  if (!HasAnyOf(lower, {"jan", "j\xc3\xa4n", "feb", "mar", "m\xc3\xa4r", "apr", "may", "mai", "jun",
                        "jul", "aug", "sep", "oct", "okt", "nov", "dec", "dez"})) {
    return out;
  }
  Collect(
      text, lower, DayMonthDate, Lead::kBeforeDigit,
      [](const Match& m) { return DateKey(m.parts[2], MonthNumber(m.parts[1]), m.parts[0]); },
      &taken, &out);
  Collect(
      text, lower, MonthDayDate, Lead::kAnywhere,
      [](const Match& m) { return DateKey(m.parts[2], MonthNumber(m.parts[0]), m.parts[1]); },
      &taken, &out);
  return out;
}

bool ClaimScan::SameDate(std::string_view draft_key, std::string_view source_key) {
  size_t a = draft_key.find('-');
  size_t b = source_key.find('-');
  if (a == std::string_view::npos || b == std::string_view::npos) return false;
  if (draft_key.substr(a) != source_key.substr(b)) return false;
  std::string_view ya = draft_key.substr(0, a);
  std::string_view yb = source_key.substr(0, b);
  return ya == "?" || yb == "?" || ya == yb;
}

}  // namespace draftbox
