#include "classify/reply_text.h"

#include <algorithm>
#include <vector>

#include "classify/text_codec.h"

namespace draftbox {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    pos = eol + 1;
  }
  return lines;
}

bool IsQuoted(std::string_view line) { return TrimSpace(line).starts_with('>'); }

bool StartsWithAny(std::string_view text, std::initializer_list<const char*> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const char* p) { return text.starts_with(p); });
}

bool ContainsAny(std::string_view text, std::initializer_list<const char*> needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](const char* n) { return text.find(n) != std::string_view::npos; });
}

// "On <date>, <name> wrote:" and its translations; `line` is lower-case and may be two source
// lines joined, since clients wrap long attributions.
bool IsAttribution(std::string_view line) {
  line = TrimSpace(line);
  if (!line.ends_with(':') && !line.ends_with(": ")) return false;
  if (line.starts_with("on ") && ContainsAny(line, {"wrote:", "writes:"})) return true;
  if (line.starts_with("am ") && ContainsAny(line, {"schrieb", "geschrieben"})) return true;
  if (line.starts_with("le ") && ContainsAny(line, {"a écrit", "a ecrit"})) return true;
  if (line.starts_with("el ") && ContainsAny(line, {"escribió", "escribio"})) return true;
  return false;
}

bool IsSeparator(std::string_view line) {
  if (ContainsAny(line, {"original message", "ursprüngliche nachricht", "message d'origine",
                         "mensaje original", "forwarded message", "begin forwarded message",
                         "nachricht weitergeleitet"}) &&
      (line.starts_with("-") || line.starts_with("begin"))) {
    return true;
  }
  return line.size() >= 20 && line.find_first_not_of('_') == std::string_view::npos;
}

// Outlook's header block: "From: ..." followed within four lines by Sent/Date/To/Subject.
bool IsHeaderBlock(const std::vector<std::string>& lower, size_t i) {
  if (!StartsWithAny(lower[i], {"from:", "von:", "de :", "de:"})) return false;
  for (size_t k = i + 1; k < lower.size() && k <= i + 4; ++k) {
    if (StartsWithAny(lower[k],
                      {"sent:", "date:", "to:", "subject:", "gesendet:", "an:", "betreff:",
                       "envoyé :", "envoyé:", "objet :", "enviado:", "asunto:", "para:"})) {
      return true;
    }
  }
  return false;
}

// Index of the first line of the quoted message's header, or lines.size() if there is none.
size_t FindQuoteStart(const std::vector<std::string_view>& lines) {
  std::vector<std::string> lower;
  lower.reserve(lines.size());
  for (std::string_view line : lines) lower.push_back(AsciiLower(TrimSpace(line)));
  for (size_t i = 0; i < lines.size(); ++i) {
    if (IsQuoted(lines[i])) continue;
    if (IsAttribution(lower[i]) || IsSeparator(lower[i]) || IsHeaderBlock(lower, i)) return i;
    if (i + 1 < lines.size() && lower[i].starts_with("on ") &&
        IsAttribution(lower[i] + " " + lower[i + 1])) {
      return i;
    }
    // Any other language: a line ending in ':' (perhaps wrapped over two) right above the
    // quoted lines is their attribution.
    for (size_t end = i; end <= i + 1 && end < lines.size(); ++end) {
      if (lower[end].empty() || IsQuoted(lines[end]) || !lower[end].ends_with(':') ||
          (end > i && lower[i].empty())) {
        continue;
      }
      size_t next = end + 1;
      while (next < lines.size() && lower[next].empty()) ++next;
      if (next < lines.size() && IsQuoted(lines[next])) return i;
    }
  }
  return lines.size();
}

std::string JoinUnquoted(const std::vector<std::string_view>& lines, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (IsQuoted(lines[i])) continue;
    out.append(lines[i]);
    out += '\n';
  }
  return std::string(TrimSpace(out));
}

}  // namespace

std::string ExtractReplyText(std::string_view body) {
  std::vector<std::string_view> lines = SplitLines(body);
  size_t quote = FindQuoteStart(lines);
  std::string above = JoinUnquoted(lines, 0, quote);
  if (!above.empty() || quote >= lines.size()) return above;
  // Nothing above the quote: the reply was written beneath it (bottom-posting). Skip the
  // attribution line (two if it was wrapped) and keep what is not quoted.
  size_t start = quote + 1;
  if (start < lines.size() && !IsQuoted(lines[start]) &&
      AsciiLower(TrimSpace(lines[quote])).starts_with("on ") &&
      !TrimSpace(lines[quote]).ends_with(':')) {
    ++start;
  }
  return JoinUnquoted(lines, start, lines.size());
}

std::string_view StripSignature(std::string_view reply_text) {
  // Lower-case line starts; AsciiLower keeps "é", so the accented forms are written as such.
  static constexpr std::initializer_list<const char*> kSignatureStarts = {
      "sent from my ",        "sent from mail for windows",
      "get outlook for ",     "von meinem ",
      "gesendet von meinem ", "envoyé de mon ",
      "envoyé depuis mon ",   "envoye de mon ",
      "enviado desde mi ",    "obtener outlook para "};
  size_t pos = 0;
  while (pos < reply_text.size()) {
    size_t eol = reply_text.find('\n', pos);
    if (eol == std::string_view::npos) eol = reply_text.size();
    std::string_view line = TrimSpace(reply_text.substr(pos, eol - pos));
    if (pos > 0 && (line == "--" || StartsWithAny(AsciiLower(line), kSignatureStarts))) {
      return TrimSpace(reply_text.substr(0, pos));
    }
    pos = eol + 1;
  }
  return TrimSpace(reply_text);
}

std::string HtmlToText(std::string_view html) {
  const std::string lower_html = AsciiLower(html);  // one copy, so tag searches stay linear
  std::string out;
  int quote_depth = 0;
  bool line_start = true;
  size_t i = 0;
  auto newline = [&] {
    out += '\n';
    line_start = true;
  };
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      size_t close = html.find('>', i);
      if (close == std::string_view::npos) break;
      std::string tag = AsciiLower(html.substr(i + 1, std::min<size_t>(close - i - 1, 20)));
      std::string name = tag.substr(0, tag.find_first_of(" \t\n/>"));
      if (tag.starts_with("/")) name = "/" + tag.substr(1, tag.find_first_of(" \t\n>", 1) - 1);
      if (name == "style" || name == "script" || name == "head") {
        size_t end = lower_html.find("</" + name, close);
        i = end == std::string::npos ? html.size() : end;
        continue;
      }
      if (name == "blockquote") ++quote_depth;
      if (name == "/blockquote" && quote_depth > 0) --quote_depth;
      if (name == "br" || name == "p" || name == "/p" || name == "div" || name == "/div" ||
          name == "tr" || name == "li" || name == "blockquote" || name == "/blockquote") {
        newline();
      }
      i = close + 1;
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (!line_start) out += ' ';
      ++i;
      continue;
    }
    if (line_start && quote_depth > 0) out += "> ";
    line_start = false;
    if (c == '&') {
      static const std::pair<const char*, const char*> kEntities[] = {
          {"&nbsp;", " "},  {"&amp;", "&"}, {"&lt;", "<"},  {"&gt;", ">"},
          {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"}};
      bool matched = false;
      for (const auto& [entity, replacement] : kEntities) {
        if (html.substr(i).starts_with(entity)) {
          out += replacement;
          i += std::string_view(entity).size();
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace draftbox
