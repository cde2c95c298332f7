#include "compose/text_scan.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/text.h"

namespace draftbox {
namespace {

// Decodes one UTF-8 code point at text[i]; sets `len`. Invalid bytes decode as themselves.
uint32_t DecodeAt(std::string_view text, size_t i, size_t* len) {
  char32_t cp = 0;
  *len = DecodeUtf8At(text, i, &cp);
  if (*len != 0) return cp;
  *len = 1;
  return static_cast<unsigned char>(text[i]);
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsWordCodePoint(uint32_t cp) {
  if (cp < 0x80) return IsAsciiAlnum(static_cast<char>(cp));
  if (cp == 0xD7 || cp == 0xF7) return false;
  return (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x370 && cp <= 0x52F);
}

bool IsUpperCodePoint(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return true;
  if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
  // Latin Extended-A pairs upper/lower by parity, with the parity flipping at 0x139.
  if (cp >= 0x100 && cp <= 0x137) return cp % 2 == 0;
  if (cp >= 0x139 && cp <= 0x148) return cp % 2 == 1;
  if (cp >= 0x14A && cp <= 0x177) return cp % 2 == 0;
  return cp == 0x178 || cp == 0x179 || cp == 0x17B || cp == 0x17D;
}

bool IsDomainChar(char c) { return IsAsciiAlnum(c) || c == '-' || c == '.'; }

bool IsTrailingPunct(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
         c == '"' || c == '\'';
}

// A host "a.b.tld": at least two non-empty labels, the last one 2-24 letters.
bool LooksLikeHost(std::string_view host) {
  size_t dot = host.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= host.size()) return false;
  std::string_view tld = host.substr(dot + 1);
  if (tld.size() < 2 || tld.size() > 24) return false;
  for (char c : tld) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  size_t start = 0;
  while (start <= dot) {
    size_t next = host.find('.', start);
    if (next == start) return false;  // empty label
    start = next + 1;
    if (next == dot) break;
  }
  return true;
}

size_t ExtendToSpace(std::string_view text, size_t i) {
  while (i < text.size() && text[i] != ' ' && text[i] != '\n' && text[i] != '\t' &&
         text[i] != '\r' && text[i] != '<' && text[i] != '>') {
    ++i;
  }
  return i;
}

std::string_view TrimTrailingPunct(std::string_view s) {
  while (!s.empty() && IsTrailingPunct(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string TextScan::LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view TextScan::Trim(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

size_t TextScan::Utf8Length(std::string_view text) { return CountCodePoints(text); }

bool TextScan::HasControlChar(std::string_view text) {
  for (size_t i = 0, len = 0; i < text.size(); i += len) {
    uint32_t cp = DecodeAt(text, i, &len);
    if (IsControlCodePoint(cp)) return true;
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return true;
  }
  return false;
}

bool TextScan::HasMarkup(std::string_view text) {
  std::string lower = LowerAscii(text);
  auto tag_start = [](char c) { return (c >= 'a' && c <= 'z') || c == '/' || c == '!'; };
  for (size_t i = 0; i < lower.size(); ++i) {
    if (lower[i] == '<' && i + 1 < lower.size() && tag_start(lower[i + 1])) return true;
    if (lower.compare(i, 4, "&lt;") == 0 && i + 4 < lower.size() && tag_start(lower[i + 4])) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> TextScan::FindLinks(std::string_view text) {
  std::vector<std::string> links;
  std::string lower = LowerAscii(text);
  size_t i = 0;
  while (i < text.size()) {
    bool boundary = i == 0 || !(IsDomainChar(text[i - 1]) || text[i - 1] == '@' ||
                                text[i - 1] == '/' || text[i - 1] == ':');
    size_t scheme = lower.compare(i, 3, "://") == 0 ? i : std::string_view::npos;
    if (boundary && (lower.compare(i, 7, "http://") == 0 || lower.compare(i, 8, "https://") == 0 ||
                     lower.compare(i, 4, "www.") == 0)) {
      size_t end = ExtendToSpace(text, i);
      links.emplace_back(TrimTrailingPunct(text.substr(i, end - i)));
      i = end;
      continue;
    }
    if (scheme != std::string_view::npos) {  // other schemes: ftp://, javascript://
      size_t end = ExtendToSpace(text, i);
      links.emplace_back(TrimTrailingPunct(text.substr(i, end - i)));
      i = end;
      continue;
    }
    if (!boundary || !IsAsciiAlnum(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsDomainChar(text[end])) ++end;
    std::string_view host = text.substr(i, end - i);
    while (!host.empty() && (host.back() == '.' || host.back() == '-')) host.remove_suffix(1);
    bool followed_ok = i + host.size() >= text.size() || text[i + host.size()] != '@';
    if (LooksLikeHost(host) && followed_ok) {
      size_t stop = i + host.size();
      if (stop < text.size() && (text[stop] == '/' || text[stop] == ':')) {
        stop = ExtendToSpace(text, stop);
      }
      links.emplace_back(TrimTrailingPunct(text.substr(i, stop - i)));
      i = stop;
      continue;
    }
    i = end;
  }
  return links;
}

std::vector<std::string> TextScan::FindEmails(std::string_view text) {
  std::vector<std::string> emails;
  auto local_char = [](char c) {
    return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
  };
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    size_t begin = at;
    while (begin > 0 && local_char(text[begin - 1])) --begin;
    size_t end = at + 1;
    while (end < text.size() && IsDomainChar(text[end])) ++end;
    std::string_view domain = text.substr(at + 1, end - at - 1);
    while (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
    if (begin == at || !LooksLikeHost(domain)) continue;
    emails.push_back(LowerAscii(text.substr(begin, at + 1 + domain.size() - begin)));
  }
  return emails;
}

bool TextScan::ContainsPhrase(std::string_view text, std::string_view lower_phrase) {
  if (lower_phrase.empty() || lower_phrase.size() > text.size()) return false;
  // Compared in place: this runs for every phrase list entry on every fact and every draft, so
  // no copies. memchr finds where the first byte (in either case) is, many bytes at a time;
  // most texts hold few of them.
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  auto word_byte = [](char c) {
    return IsAsciiAlnum(c) || (static_cast<unsigned char>(c) >= 0x80);
  };
  bool needs_end_boundary = word_byte(lower_phrase.back());
  bool needs_start_boundary = word_byte(lower_phrase.front());
  const char first = lower_phrase.front();
  const char first_upper =
      first >= 'a' && first <= 'z' ? static_cast<char>(first - 'a' + 'A') : first;
  constexpr size_t kNone = std::string_view::npos;
  const size_t last = text.size() - lower_phrase.size();  // the last place the phrase fits
  auto next = [&](char c, size_t from) {
    if (from > last) return kNone;
    const void* hit = std::memchr(text.data() + from, c, last - from + 1);
    return hit == nullptr ? kNone
                          : static_cast<size_t>(static_cast<const char*>(hit) - text.data());
  };
  size_t next_lower = next(first, 0);
  size_t next_upper = first_upper == first ? kNone : next(first_upper, 0);
  while (next_lower != kNone || next_upper != kNone) {
    size_t pos = std::min(next_lower, next_upper);
    if (pos == next_lower) {
      next_lower = next(first, pos + 1);
    } else {
      next_upper = next(first_upper, pos + 1);
    }
    if (needs_start_boundary && pos > 0 && word_byte(text[pos - 1])) continue;
    size_t k = 0;
    while (k < lower_phrase.size() && lower(text[pos + k]) == lower_phrase[k]) ++k;
    if (k != lower_phrase.size()) continue;
    size_t after = pos + k;
    if (!needs_end_boundary || after >= text.size() || !word_byte(text[after])) return true;
  }
  return false;
}

std::string TextScan::OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : Trim(text)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::vector<TextScan::Word> TextScan::Words(std::string_view text) {
  std::vector<Word> words;
  bool at_start = true;
  size_t i = 0;
  while (i < text.size()) {
    size_t len = 0;
    uint32_t cp = DecodeAt(text, i, &len);
    if (!IsWordCodePoint(cp)) {
      if (cp == '\n' || cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == '"' ||
          cp == 0x201E || cp == 0x201C || cp == '(') {
        at_start = true;
      }
      i += len;
      continue;
    }
    size_t begin = i;
    bool upper = IsUpperCodePoint(cp);
    while (i < text.size()) {
      uint32_t c = DecodeAt(text, i, &len);
      if (IsWordCodePoint(c)) {
        i += len;
        continue;
      }
      // An apostrophe inside a word ("I'm", "O'Brien") keeps the word together.
      size_t next_len = 0;
      bool apostrophe = c == '\'' || c == 0x2019;
      if (apostrophe && i + len < text.size() &&
          IsWordCodePoint(DecodeAt(text, i + len, &next_len))) {
        i += len;
        continue;
      }
      break;
    }
    std::string word(text.substr(begin, i - begin));
    for (std::string_view suffix : {"'s", "\xE2\x80\x99s"}) {
      if (word.size() > suffix.size() + 1 && word.ends_with(suffix)) {
        word.resize(word.size() - suffix.size());
      }
    }
    words.push_back(Word{std::move(word), at_start, upper});
    at_start = false;
  }
  return words;
}

std::vector<std::string> TextScan::Numbers(std::string_view text) {
  std::vector<std::string> numbers;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9') {
      ++i;
      continue;
    }
    size_t begin = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    std::string_view run = text.substr(begin, i - begin);
    while (run.size() > 1 && run.front() == '0') run.remove_prefix(1);
    numbers.emplace_back(run);
  }
  return numbers;
}

std::string TextScan::CapitaliseFirst(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

std::string TextScan::LowerFirstWord(std::string_view text) {
  std::string out(text);
  if (out.size() >= 2 && out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'a' && out[1] <= 'z') {
    out[0] = static_cast<char>(out[0] + 32);
  }
  return out;
}

}  // namespace draftbox
