#include "compose/claim_scan.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <regex>
#include <utility>

#include "compose/text_scan.h"

namespace draftbox {
namespace {

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

}  // namespace

std::vector<ClaimScan::Claim> ClaimScan::Money(std::string_view text) {
  static const std::regex kBefore =
      Lower(std::string(kCurrencyBefore) + R"(\s?)" + kNumber + R"((?:\s?)" + kMagnitude + ")?");
  static const std::regex kAfter =
      Lower(std::string(kNumber) + R"(\s?(?:)" + kMagnitude + R"(\s?)?)" + kCurrencyAfter);
  std::vector<Claim> out;
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

std::vector<ClaimScan::Claim> ClaimScan::Percentages(std::string_view text) {
  static const std::regex kPercent = Lower(
      std::string(kNumber) +
      R"(\s?(?:%|percent(?![A-Za-z])|per cent(?![A-Za-z])|prozent(?![A-Za-z])|pour cent(?![A-Za-z])|por ciento(?![A-Za-z])))");
  std::vector<Claim> out;
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

std::vector<ClaimScan::Claim> ClaimScan::Dates(std::string_view text) {
  static const std::regex kIso(R"((?:^|[^0-9])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9]))");
  static const std::regex kDotted(
      R"((?:^|[^0-9.])([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})(?![0-9]))");
  static const std::regex kDayMonth = Lower(R"((?:^|[^0-9])([0-9]{1,2})(?:st|nd|rd|th|\.)?\s+)" +
                                            std::string(kMonth) + R"((?:,?\s+([0-9]{4}))?)");
  static const std::regex kMonthDay = Lower(
      std::string(kMonth) + R"(\s+([0-9]{1,2})(?:st|nd|rd|th)?(?![0-9])(?:,?\s+([0-9]{4}))?)");
  auto opt = [](const std::csub_match& s) { return s.matched ? s.str() : std::string(); };
  std::vector<Claim> out;
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
