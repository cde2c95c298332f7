// ClaimScan's hand-written matchers and TextScan::ContainsPhrase against the implementations
// they replaced, kept below as the reference: ClaimScan ran std::regex patterns, ContainsPhrase
// compared at every byte. The grounding check decides what may reach a draft, so the new code
// must find exactly what the old found: the same claims (as written, key, order) and the same
// phrases, in the test data, the compose tests' own texts, drafts of the sample recipients,
// German and Japanese text, and thousands of generated texts. A difference fails showing the text.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <random>
#include <regex>
#include <sstream>
#include <utility>

#include "compose/claim_scan.h"
#include "compose/template_composer.h"
#include "compose/text_scan.h"
#include "core/text.h"
#include "support/test_data.h"
#include "unit/compose/compose_fixtures.h"
#include "unit/compose/sample_recipients.h"

namespace draftbox {
namespace {
namespace reference {

// ---- ClaimScan as it was (daemon/compose/claim_scan.cc before the hand-written matchers) ----
// Verbatim, the key helpers (ParseNumber, MoneyKey, DateKey, ...) included although claim_scan.cc
// still has them: a reference that shared them would not see a change to them.

// Digits with thousands or decimal separators: "15", "1.2", "1,5", "1,500,000", "1'000".
constexpr const char* kNumber = R"(([0-9]+(?:[.,'][0-9]+)*))";
// Longer words first, and no letter may follow, so "m" never eats the start of "million".
constexpr const char* kMagnitude =
    R"((billions?|milliarden|milliarde|millions?|millionen|thousand|mrd\.?|mio\.?|tsd\.?|mn|bn|k|m|b)(?![A-Za-z]))";
// The patterns are matched against text folded to lower case (ASCII), so they are written in
// lower case and without std::regex::icase: libstdc++'s icase looks the locale's ctype facet up
// for every character it compares, which was a tenth of a placed draft's CPU.
constexpr const char* kCurrencyBefore = R"((€|\$|£|\b(?:eur|usd|gbp|chf)\b))";
constexpr const char* kCurrencyAfter = R"((€|\$|£|eur|usd|gbp|chf|dollars?|euros?)(?![a-z]))";
constexpr const char* kMonth =
    R"((january|february|march|april|may|june|july|august|september|october|november|december|januar|jänner|februar|märz|maerz|mai|juni|juli|oktober|dezember|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|okt|nov|dec|dez)\.?(?![A-Za-z]))";

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
  static const std::array<std::pair<const char*, int>, 32> kMonths = {{
      {"january", 1},   {"januar", 1},   {"jänner", 1},   {"jan", 1},       {"february", 2},
      {"februar", 2},   {"feb", 2},      {"march", 3},    {"märz", 3},      {"maerz", 3},
      {"mar", 3},       {"april", 4},    {"apr", 4},      {"may", 5},       {"mai", 5},
      {"june", 6},      {"juni", 6},     {"jun", 6},      {"july", 7},      {"juli", 7},
      {"jul", 7},       {"august", 8},   {"aug", 8},      {"september", 9}, {"sept", 9},
      {"sep", 9},       {"october", 10}, {"oktober", 10}, {"oct", 10},      {"okt", 10},
      {"november", 11}, {"nov", 11},
  }};
  std::string w = TextScan::LowerAscii(word);
  if (w.starts_with("m\xc3\x84")) w = "m\xc3\xa4" + w.substr(3);  // "MÄRZ"
  if (!w.empty() && w.back() == '.') w.pop_back();
  for (const auto& [name, number] : kMonths) {
    if (w == name) return number;
  }
  if (w == "december" || w == "dezember" || w == "dec" || w == "dez") return 12;
  return 0;
}

std::string DateKey(std::string_view year, int month, std::string_view day) {
  int d = std::atoi(std::string(day).c_str());
  if (month < 1 || month > 12 || d < 1 || d > 31) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "-%02d-%02d", month, d);
  return (year.empty() ? std::string("?") : std::string(year)) + buffer;
}

// Runs `pattern` over `lower` (`text` folded by TextScan::LowerAscii: same bytes at the same
// offsets but for A-Z) and adds a claim per match that `make` turns into a key and that does
// not overlap an earlier claim. `make` sees the folded text; the claim keeps `text`'s own.
template <typename Make>
void Collect(std::string_view text, std::string_view lower, const std::regex& pattern, Make make,
             std::vector<Range>* taken, std::vector<ClaimScan::Claim>* out) {
  auto begin = std::cregex_iterator(lower.data(), lower.data() + lower.size(), pattern);
  for (auto it = begin; it != std::cregex_iterator(); ++it) {
    const std::cmatch& m = *it;
    size_t from = static_cast<size_t>(m.position(0));
    size_t to = from + static_cast<size_t>(m.length(0));
    if (Overlaps(*taken, from, to)) continue;
    std::string key = make(m);
    if (key.empty()) continue;
    taken->emplace_back(from, to);
    // Every pattern's first group starts the claim; what comes before it is context.
    size_t skip = static_cast<size_t>(m.position(1)) - from;
    out->push_back({std::string(text.substr(from + skip, to - from - skip)), std::move(key)});
  }
}

// std::regex is slow, and most text holds no claim at all: cheap byte checks decide whether a
// pattern can match before it runs (every draft of a run passes through here).
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

// A pattern in lower case, matched against folded text (see kCurrencyBefore for why not icase).
std::regex Lower(const std::string& pattern) { return std::regex(pattern, std::regex::ECMAScript); }

std::vector<ClaimScan::Claim> Money(std::string_view text) {
  static const std::regex kBefore =
      Lower(std::string(kCurrencyBefore) + R"(\s?)" + kNumber + R"((?:\s?)" + kMagnitude + ")?");
  static const std::regex kAfter =
      Lower(std::string(kNumber) + R"(\s?(?:)" + kMagnitude + R"(\s?)?)" + kCurrencyAfter);
  std::vector<ClaimScan::Claim> out;
  if (!HasDigit(text)) return out;
  const std::string lower = TextScan::LowerAscii(text);
  if (!HasAnyOf(lower, {"\xe2\x82\xac", "$", "\xc2\xa3", "eur", "usd", "gbp", "chf", "dollar"})) {
    return out;
  }
  std::vector<Range> taken;
  Collect(
      text, lower, kBefore,
      [](const std::cmatch& m) {
        return MoneyKey(m.str(1), m.str(2), m[3].matched ? m.str(3) : "");
      },
      &taken, &out);
  Collect(
      text, lower, kAfter,
      [](const std::cmatch& m) {
        return MoneyKey(m.str(3), m.str(1), m[2].matched ? m.str(2) : "");
      },
      &taken, &out);
  return out;
}

std::vector<ClaimScan::Claim> Percentages(std::string_view text) {
  static const std::regex kPercent = Lower(
      std::string(kNumber) +
      R"(\s?(?:%|percent(?![A-Za-z])|per cent(?![A-Za-z])|prozent(?![A-Za-z])|pour cent(?![A-Za-z])|por ciento(?![A-Za-z])))");
  std::vector<ClaimScan::Claim> out;
  if (!HasDigit(text)) return out;
  const std::string lower = TextScan::LowerAscii(text);
  if (!HasAnyOf(lower, {"%", "percent", "per cent", "prozent", "pour cent", "por ciento"})) {
    return out;
  }
  std::vector<Range> taken;
  Collect(
      text, lower, kPercent, [](const std::cmatch& m) { return Decimal(ParseNumber(m.str(1))); },
      &taken, &out);
  return out;
}

std::vector<ClaimScan::Claim> Dates(std::string_view text) {
  static const std::regex kIso(R"((?:^|[^0-9])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9]))");
  static const std::regex kDotted(
      R"((?:^|[^0-9.])([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})(?![0-9]))");
  static const std::regex kDayMonth = Lower(R"((?:^|[^0-9])([0-9]{1,2})(?:st|nd|rd|th|\.)?\s+)" +
                                            std::string(kMonth) + R"((?:,?\s+([0-9]{4}))?)");
  static const std::regex kMonthDay = Lower(
      std::string(kMonth) + R"(\s+([0-9]{1,2})(?:st|nd|rd|th)?(?![0-9])(?:,?\s+([0-9]{4}))?)");
  auto opt = [](const std::csub_match& s) { return s.matched ? s.str() : std::string(); };
  std::vector<ClaimScan::Claim> out;
  if (!HasDigit(text)) return out;
  const std::string lower = TextScan::LowerAscii(text);
  std::vector<Range> taken;
  if (text.find('-') != std::string_view::npos) {
    Collect(
        text, lower, kIso,
        [](const std::cmatch& m) {
          return DateKey(m.str(1), std::atoi(m.str(2).c_str()), m.str(3));
        },
        &taken, &out);
  }
  if (text.find('.') != std::string_view::npos) {
    Collect(
        text, lower, kDotted,
        [](const std::cmatch& m) {
          return DateKey(m.str(3), std::atoi(m.str(2).c_str()), m.str(1));
        },
        &taken, &out);
  }
  // The stems of every month name in kMonth ("mär" for März).
  if (!HasAnyOf(lower, {"jan", "j\xc3\xa4n", "feb", "mar", "m\xc3\xa4r", "apr", "may", "mai", "jun",
                        "jul", "aug", "sep", "oct", "okt", "nov", "dec", "dez"})) {
    return out;
  }
  Collect(
      text, lower, kDayMonth,
      [&](const std::cmatch& m) { return DateKey(opt(m[3]), MonthNumber(m.str(2)), m.str(1)); },
      &taken, &out);
  Collect(
      text, lower, kMonthDay,
      [&](const std::cmatch& m) { return DateKey(opt(m[3]), MonthNumber(m.str(1)), m.str(2)); },
      &taken, &out);
  return out;
}

// ---- TextScan::ContainsPhrase as it was ----

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool ContainsPhrase(std::string_view text, std::string_view lower_phrase) {
  if (lower_phrase.empty() || lower_phrase.size() > text.size()) return false;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  auto word_byte = [](char c) {
    return IsAsciiAlnum(c) || (static_cast<unsigned char>(c) >= 0x80);
  };
  bool needs_end_boundary = word_byte(lower_phrase.back());
  bool needs_start_boundary = word_byte(lower_phrase.front());
  const char first = lower_phrase.front();
  const char first_upper =
      first >= 'a' && first <= 'z' ? static_cast<char>(first - 'a' + 'A') : first;
  for (size_t pos = 0; pos + lower_phrase.size() <= text.size(); ++pos) {
    if (text[pos] != first && text[pos] != first_upper) continue;
    if (needs_start_boundary && pos > 0 && word_byte(text[pos - 1])) continue;
    size_t k = 0;
    while (k < lower_phrase.size() && lower(text[pos + k]) == lower_phrase[k]) ++k;
    if (k != lower_phrase.size()) continue;
    size_t after = pos + k;
    if (!needs_end_boundary || after >= text.size() || !word_byte(text[after])) return true;
  }
  return false;
}

}  // namespace reference

std::string Show(const std::vector<ClaimScan::Claim>& claims) {
  std::string out;
  for (const auto& c : claims) out += "[" + EscapeForLog(c.written) + " = " + c.key + "] ";
  return out;
}

// Compares old and new on `text`; true when they agree. A difference is a test failure that
// shows the text (escaped: it may hold any byte) and both answers. Failures stop being reported
// after a few, so one bug does not print thousands.
bool SameClaims(std::string_view text) {
  static int reported = 0;
  bool same = true;
  auto compare = [&](const char* scan, const std::vector<ClaimScan::Claim>& old_claims,
                     const std::vector<ClaimScan::Claim>& new_claims) {
    bool equal = old_claims.size() == new_claims.size();
    for (size_t i = 0; equal && i < old_claims.size(); ++i) {
      equal =
          old_claims[i].written == new_claims[i].written && old_claims[i].key == new_claims[i].key;
    }
    if (equal) return;
    same = false;
    if (++reported > 20) return;
    ADD_FAILURE() << scan << " differs on text \"" << EscapeForLog(text, 4000)
                  << "\"\n  regex: " << Show(old_claims) << "\n  new:   " << Show(new_claims);
  };
  compare("Money", reference::Money(text), ClaimScan::Money(text));
  compare("Percentages", reference::Percentages(text), ClaimScan::Percentages(text));
  compare("Dates", reference::Dates(text), ClaimScan::Dates(text));
  return same;
}

bool SamePhrase(std::string_view text, std::string_view phrase) {
  static int reported = 0;
  bool old_found = reference::ContainsPhrase(text, phrase);
  bool new_found = TextScan::ContainsPhrase(text, phrase);
  if (old_found == new_found) return true;
  if (++reported <= 20) {
    ADD_FAILURE() << "ContainsPhrase(\"" << EscapeForLog(phrase) << "\") differs on text \""
                  << EscapeForLog(text, 4000) << "\": old " << old_found << ", new " << new_found;
  }
  return false;
}

// A text's paragraphs (split at blank lines): each file is read once, and a claim still meets
// its neighbours across a line break ("14\nMarch") and at a paragraph's start and end.
std::vector<std::string> Paragraphs(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t blank = text.find("\n\n", start);
    size_t end = blank == std::string::npos ? text.size() : blank + 1;
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  return all.str();
}

// The string literals of a C++ source, unescaped (\n, \t, \", \\, \xNN, octal \NNN).
std::vector<std::string> StringLiterals(const std::string& source) {
  std::vector<std::string> out;
  for (size_t i = 0; i < source.size(); ++i) {
    if (source[i] != '"' || (i > 0 && source[i - 1] == '\'')) continue;
    if (i > 0 && source[i - 1] == 'R') continue;  // raw strings hold regexes, not texts
    std::string literal;
    size_t j = i + 1;
    for (; j < source.size() && source[j] != '"' && source[j] != '\n'; ++j) {
      if (source[j] != '\\' || j + 1 >= source.size()) {
        literal += source[j];
        continue;
      }
      char e = source[++j];
      if (e == 'n') {
        literal += '\n';
      } else if (e == 't') {
        literal += '\t';
      } else if (e == 'r') {
        literal += '\r';
      } else if (e == 'x') {
        int value = 0;
        while (j + 1 < source.size() && std::isxdigit(static_cast<unsigned char>(source[j + 1]))) {
          value = value * 16 + std::stoi(std::string(1, source[++j]), nullptr, 16);
        }
        literal += static_cast<char>(value);
      } else if (e >= '0' && e <= '7') {
        int value = e - '0';
        while (j + 1 < source.size() && source[j + 1] >= '0' && source[j + 1] <= '7') {
          value = value * 8 + (source[++j] - '0');
        }
        literal += static_cast<char>(value);
      } else {
        literal += e;
      }
    }
    out.push_back(literal);
    i = j;
  }
  return out;
}

TEST(ClaimScanEquivalenceTest, SameClaimsInEveryFileOfTheTestData) {
  size_t texts = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(test::TestDataPath(""))) {
    if (!entry.is_regular_file() || entry.file_size() > 512 * 1024) continue;
    for (const std::string& text : Paragraphs(ReadFile(entry.path()))) {
      EXPECT_TRUE(SameClaims(text)) << entry.path();
      ++texts;
    }
  }
  EXPECT_GT(texts, 3000u);
}

// Every string literal of the compose tests (grounding, claim scan, composer, screening): the
// drafts, facts and intents they were written to catch.
TEST(ClaimScanEquivalenceTest, SameClaimsInTheComposeTestsTexts) {
  size_t texts = 0;
  const std::filesystem::path dir =
      test::TestDataPath("README.md").parent_path().parent_path() / "unit" / "compose";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".cc" ||
        entry.path().filename() == "claim_scan_equivalence_test.cc") {
      continue;
    }
    for (const std::string& literal : StringLiterals(ReadFile(entry.path()))) {
      EXPECT_TRUE(SameClaims(literal)) << entry.path();
      ++texts;
    }
  }
  EXPECT_GT(texts, 500u);
}

// What the check really reads: template drafts and the facts they stand on, in English and
// German, for the sample recipients.
TEST(ClaimScanEquivalenceTest, SameClaimsInSampleDraftsAndTheirFacts) {
  std::vector<Recipient> recipients = testing::LoadCsvSamples(testing::SampleDir());
  ASSERT_GT(recipients.size(), 30u);
  TemplateComposer composer;
  size_t drafts = 0;
  for (const Recipient& r : recipients) {
    for (const std::string* field : {&r.name, &r.role, &r.company, &r.plan, &r.renewal_date}) {
      EXPECT_TRUE(SameClaims(*field));
    }
    for (const Activity& a : r.activities) EXPECT_TRUE(SameClaims(a.summary + "\n" + a.date));
    for (const char* language : {"en", "de"}) {
      auto request = testing::Request(r, testing::Intent(CampaignKind::kOutreach, language));
      ComposeResult result = composer.Compose(request);
      if (!result) continue;
      EXPECT_TRUE(SameClaims(result->subject + "\n" + result->body));
      ++drafts;
    }
  }
  EXPECT_GT(drafts, 30u);
}

TEST(ClaimScanEquivalenceTest, SameClaimsInGermanAndJapaneseText) {
  for (const char* text : {
           "Am 14. März 2027 hat die Acme GmbH 1,5 Mio. € eingesammelt, 12,5 Prozent mehr als "
           "im Jänner.",
           "Laut Bericht vom 3.11.2026 stieg der Umsatz um 40 % auf 2,3 Mrd. Euro.",
           "Die Finanzierungsrunde über 15 Mio. $ (Series B) schloss am 1. Dezember 2026.",
           "MÄRZ 2027: 300k EUR, 7 Tsd. € und 1.500.000 € — zusammen 12 Prozent.",
           "Maerz 5, 2027 oder 5. Maerz 2027; Dez. 24 und 31. Dez.",
           "Sehr geehrte Frau Weber, am 02.01.2027 um 10 Uhr, 5 Millionen Euro, 9 Milliarden CHF.",
           "Ihre Verlängerung am 2027-01-15 kostet EUR 12.000 (zzgl. 19 % MwSt.).",
           "2027年3月14日に1,500万円を調達しました。前年比40%増、約$10Mです。",
           "シリーズBで€15M（1,5 Mio. €）を調達、3月14日（March 14）に発表。",
           "売上は１２％増（全角数字）、２０２７年３月１４日。",
           "株式会社アクメ: 2026-11-30 時点で 25 percent、€ 3,5 Mrd.",
           "日本語の文中の 14 March 2027 と 3 Mio. €。",
       }) {
    EXPECT_TRUE(SameClaims(text));
  }
}

// Texts glued from the pieces the patterns care about, with no space, one or several between
// them, so every piece meets every neighbour: digits with separators, month names (English,
// German, "März" and "Maerz" in several cases), currencies, magnitudes, percent words,
// ordinals, punctuation and multi-byte characters (also cut ones) at the boundaries.
TEST(ClaimScanEquivalenceTest, SameClaimsInGeneratedTexts) {
  const std::vector<std::string> pieces = {
      "1",          "3",         "14",         "03",
      "31",         "32",        "2027",       "20271",
      "123",        "1,5",       "1.2",        "12,5",
      "1.500.000",  "1,500,000", "1'000",      "300",
      "0",          "99.",       "2027-03-14", "2027-3-4",
      "14.03.2027", "1.3.2027",  "January",    "jan",
      "Jan.",       "Februar",   "feb.",       "March",
      "Mar.",       "März",      "MÄRZ",       "märz",
      "Maerz",      "MAERZ",     "Jänner",     "april",
      "May",        "Mai",       "June",       "Juni",
      "jun",        "july",      "Juli",       "Aug.",
      "Sept.",      "sept",      "sep",        "October",
      "Oktober",    "okt.",      "Nov",        "December",
      "Dez.",       "dezember",  "summary",    "marathon",
      "mayor",      "$",         "€",          "£",
      "¥",          "EUR",       "eur",        "Usd",
      "GBP",        "chf",       "dollar",     "Dollars",
      "Euro",       "euros",     "neuro",      "eure",
      "Mio.",       "Mio",       "Mrd.",       "mrd",
      "k",          "K",         "M",          "m",
      "b",          "bn",        "mn",         "million",
      "Millionen",  "billion",   "Milliarden", "Milliarde",
      "thousand",   "Tsd.",      "%",          "Prozent",
      "percent",    "per cent",  "pour cent",  "por ciento",
      "percentage", "st",        "nd",         "rd",
      "th",         "1st",       "2nd",        "3rd",
      "4th",        ".",         ",",          "-",
      "'",          "(",         ")",          ":",
      ";",          "/",         "_",          "a",
      "x",          "Z",         "ä",          "日",
      "年",         "—",         "\xc2\xa0",   "\xf0\x9f\x98\x80",
      "\xe2\x82",   "\xc3",      "\x80",       "\n",
      "\t"};
  const std::vector<std::string> gaps = {"",   "",   "",   " ",  " ",  " ",
                                         "  ", ", ", "\n", "\t", ". ", "\xc2\xa0"};
  std::mt19937 random(20261203);  // fixed: a failure names a text that comes back every run
  int differing = 0;
  for (int n = 0; n < 6000; ++n) {
    std::string text;
    size_t count = 1 + random() % 10;
    for (size_t i = 0; i < count; ++i) {
      text += pieces[random() % pieces.size()];
      text += gaps[random() % gaps.size()];
    }
    if (!SameClaims(text)) ++differing;
  }
  EXPECT_EQ(differing, 0);
}

// ContainsPhrase, old and new, for phrases cut from the texts themselves (so most are found),
// phrases the checks use, with the text's case changed at random.
TEST(ClaimScanEquivalenceTest, ContainsPhraseFindsWhatItFoundBefore) {
  std::vector<std::string> texts;
  for (const char* name : {"optouts", "replies", "recipients"}) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(test::TestDataPath(name))) {
      if (!entry.is_regular_file() || entry.file_size() > 64 * 1024) continue;
      texts.push_back(ReadFile(entry.path()));
    }
  }
  texts.push_back("As we discussed: 90% off, 90 %off; Überweisung per Login. log in, LOG-IN");
  ASSERT_GT(texts.size(), 50u);
  const std::vector<std::string> fixed = {"as we discussed",
                                          "wie besprochen",
                                          "überweisung",
                                          "Überweisung",
                                          "% off",
                                          "off",
                                          "login",
                                          "log in",
                                          "a",
                                          "i",
                                          ":",
                                          " ",
                                          "re:",
                                          "90%",
                                          "'",
                                          "ä"};
  std::mt19937 random(7);
  int differing = 0;
  for (const std::string& original : texts) {
    std::string text = original;
    for (char& c : text) {
      if (random() % 4 == 0 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    for (const std::string& phrase : fixed) differing += !SamePhrase(text, phrase);
    for (int n = 0; n < 40 && !text.empty(); ++n) {
      size_t from = random() % text.size();
      std::string phrase = TextScan::LowerAscii(text.substr(from, 1 + random() % 24));
      differing += !SamePhrase(text, phrase);
      differing += !SamePhrase(text.substr(random() % text.size()), phrase);
    }
  }
  EXPECT_EQ(differing, 0);
}

}  // namespace
}  // namespace draftbox
