#include "compose/edit_masker.h"

#include <algorithm>
#include <set>
#include <utility>

#include "compose/text_scan.h"

namespace draftbox {
namespace {

// Letters, digits and every byte of a multi-byte character count as word characters, so
// "Jörg" is one word and "Ann" is not found inside "Annual".
bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Replaces every occurrence of `needle` in `text` on word boundaries, ASCII case folded.
void ReplaceWord(std::string& text, std::string_view needle, std::string_view with) {
  std::string trimmed(TextScan::Trim(needle));
  if (trimmed.size() < 2) return;  // one letter would match initials everywhere
  const std::string lower_needle = TextScan::LowerAscii(trimmed);
  std::string lower = TextScan::LowerAscii(text);
  size_t at = 0;
  while ((at = lower.find(lower_needle, at)) != std::string::npos) {
    const size_t end = at + lower_needle.size();
    const bool starts = at == 0 || !IsWordByte(text[at - 1]) || !IsWordByte(text[at]);
    const bool ends = end == text.size() || !IsWordByte(text[end]) || !IsWordByte(text[end - 1]);
    if (!starts || !ends) {
      ++at;
      continue;
    }
    text.replace(at, lower_needle.size(), with);
    lower.replace(at, lower_needle.size(), with);
    at += with.size();
  }
}

// Legal forms say nothing about who the company is; masking them would eat ordinary words.
bool IsLegalForm(const std::string& word) {
  static const std::set<std::string> kForms = {"inc",  "ltd", "llc", "gmbh", "ag", "co",
                                               "corp", "plc", "sa",  "bv",   "kg", "se"};
  return kForms.contains(TextScan::LowerAscii(word));
}

// Words whose presence after masking means the recipient may still be recognisable.
struct Telltales {
  std::set<std::string> any_case;  // name and company words: found case-insensitively
  std::set<std::string> exact;     // capitalised words of facts
  std::set<std::string> numbers;   // numbers of facts ("15" of "$15M"), as TextScan::Numbers
};

Telltales TelltalesOf(const RecipientStrings& who) {
  Telltales t;
  for (const std::string* s : {&who.first_name, &who.last_name, &who.full_name, &who.company}) {
    for (const TextScan::Word& w : TextScan::Words(*s)) {
      if (w.text.size() >= 2 && !IsLegalForm(w.text))
        t.any_case.insert(TextScan::LowerAscii(w.text));
    }
  }
  for (const std::string& fact : who.facts) {
    for (std::string& n : TextScan::Numbers(fact)) t.numbers.insert(std::move(n));
    for (const TextScan::Word& w : TextScan::Words(fact)) {
      if (w.text.size() < 2) continue;
      const bool has_digit =
          std::any_of(w.text.begin(), w.text.end(), [](char c) { return c >= '0' && c <= '9'; });
      // A capitalised word at a sentence start is often "We" or "The"; the name-like ones
      // ("Series", "Berlin") stand inside a sentence.
      if (has_digit || (w.capitalised && !w.sentence_start)) t.exact.insert(w.text);
    }
  }
  return t;
}

}  // namespace

std::string EditMasker::Mask(std::string_view text, const RecipientStrings& who) {
  std::string out(text);
  // Passages and facts first, longest first, so a sentence about the recipient goes whole; a
  // fact that is only their company or name ("recipient:company") gets that placeholder below.
  const std::string company = TextScan::LowerAscii(TextScan::Trim(who.company));
  std::vector<std::string> facts = who.passages;
  for (const std::string& fact : who.facts) {
    const std::string lower = TextScan::LowerAscii(TextScan::Trim(fact));
    if (lower != company && lower != TextScan::LowerAscii(TextScan::Trim(who.full_name))) {
      facts.push_back(fact);
    }
  }
  std::sort(facts.begin(), facts.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& fact : facts) ReplaceWord(out, fact, kFact);
  ReplaceWord(out, who.email, kEmail);
  ReplaceWord(out, who.full_name, std::string(kFirstName) + " " + std::string(kLastName));
  ReplaceWord(out, who.company, kCompany);
  ReplaceWord(out, who.company_domain, kCompany);
  ReplaceWord(out, who.last_name, kLastName);
  ReplaceWord(out, who.first_name, kFirstName);
  for (const TextScan::Word& w : TextScan::Words(who.company)) {
    if (w.capitalised && w.text.size() >= 3 && !IsLegalForm(w.text)) {
      ReplaceWord(out, w.text, kCompany);
    }
  }
  // "[company] [company]" from "Acme Robotics" after its words were masked one by one.
  const std::string twice = std::string(kCompany) + " " + std::string(kCompany);
  for (size_t at = out.find(twice); at != std::string::npos; at = out.find(twice, at)) {
    out.replace(at, twice.size(), kCompany);
  }
  return out;
}

std::optional<std::string> EditMasker::MaskReliably(std::string_view text,
                                                    const RecipientStrings& who) {
  std::string masked = Mask(text, who);
  if (!TextScan::FindEmails(masked).empty()) return std::nullopt;
  const Telltales telltales = TelltalesOf(who);
  for (const TextScan::Word& w : TextScan::Words(masked)) {
    if (telltales.exact.contains(w.text)) return std::nullopt;
    if (telltales.any_case.contains(TextScan::LowerAscii(w.text))) return std::nullopt;
  }
  for (const std::string& n : TextScan::Numbers(masked)) {
    if (telltales.numbers.contains(n)) return std::nullopt;
  }
  return masked;
}

std::optional<std::string> EditMasker::Fill(std::string_view masked, const RecipientStrings& who) {
  if (masked.find(kFact) != std::string_view::npos) return std::nullopt;
  std::string out(masked);
  const std::pair<std::string_view, const std::string*> slots[] = {{kFirstName, &who.first_name},
                                                                   {kLastName, &who.last_name},
                                                                   {kCompany, &who.company},
                                                                   {kEmail, &who.email}};
  for (const auto& [placeholder, value] : slots) {
    if (out.find(placeholder) == std::string::npos) continue;
    std::string_view v = TextScan::Trim(*value);
    if (v.empty()) return std::nullopt;
    for (size_t at = out.find(placeholder); at != std::string::npos;
         at = out.find(placeholder, at + v.size())) {
      out.replace(at, placeholder.size(), v);
    }
  }
  return out;
}

}  // namespace draftbox
