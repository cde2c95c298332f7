#include "core/text.h"

#include <cstdint>
#include <cstdio>

namespace draftbox {

size_t DecodeUtf8At(std::string_view text, size_t pos, char32_t* code_point) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(pos + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(pos + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *code_point = cp;
  return length;
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    out += kReplacementChar;
  } else if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool IsValidUtf8(std::string_view text) {
  char32_t cp = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t n = DecodeUtf8At(text, i, &cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string ToValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char32_t cp = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t n = DecodeUtf8At(text, i, &cp);
    if (n == 0) {
      out += kReplacementChar;
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  char32_t cp = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    const size_t n = DecodeUtf8At(text, i, &cp);
    i += n == 0 ? 1 : n;
  }
  return count;
}

std::string_view TruncateUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  const auto is_continuation = [&](size_t k) {
    return (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80;
  };
  size_t end = max_bytes;
  if (!is_continuation(end)) return text.substr(0, end);  // the cut falls between characters
  // A character may straddle the cut: find its lead byte (at most three continuation bytes
  // back) and drop the whole character when it is valid UTF-8 that runs past the cut.
  size_t lead = end;
  while (lead > 0 && end - lead < 3 && is_continuation(lead - 1)) --lead;
  if (lead == 0) return text.substr(0, end);
  --lead;
  char32_t cp = 0;
  const size_t n = DecodeUtf8At(text, lead, &cp);
  if (n != 0 && lead + n > end) end = lead;
  return text.substr(0, end);
}

std::string TruncateUtf8WithEllipsis(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  const size_t room = max_bytes >= kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  std::string out(TruncateUtf8(text, room));
  out += kEllipsis;
  return out;
}

std::string EscapeForLog(std::string_view text, size_t max_bytes) {
  const std::string_view kept = TruncateUtf8(text, max_bytes);
  std::string out;
  out.reserve(kept.size() + 8);
  char32_t cp = 0;
  char buf[16];
  for (size_t i = 0; i < kept.size();) {
    const size_t n = DecodeUtf8At(kept, i, &cp);
    if (n == 0) {
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(kept[i]));
      out += buf;
      ++i;
      continue;
    }
    if (cp == '\\') {
      out += "\\\\";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x20 || cp == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(cp));
      out += buf;
    } else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) {
      std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(kept.substr(i, n));
    }
    i += n;
  }
  if (kept.size() < text.size()) out += "\xE2\x80\xA6";
  return out;
}

bool IsControlCodePoint(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

bool HasControlCodePoint(std::string_view text) {
  char32_t cp = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t n = DecodeUtf8At(text, i, &cp);
    if (n != 0 && IsControlCodePoint(cp)) return true;
    i += n == 0 ? 1 : n;
  }
  return false;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace draftbox
