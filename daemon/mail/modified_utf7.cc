#include "mail/modified_utf7.h"

#include <cstdint>
#include <vector>

namespace draftbox {
namespace {

// RFC 3501 replaces '/' of base64 by ',' so that names stay free of a common separator.
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

bool IsDirect(unsigned char c) { return c >= 0x20 && c <= 0x7e; }

int Base64Value(char c) {
  const size_t pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Decodes one UTF-8 sequence at `pos`; returns false for malformed or overlong input.
bool NextCodePoint(std::string_view s, size_t& pos, char32_t& cp) {
  const auto lead = static_cast<unsigned char>(s[pos]);
  int extra = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    cp = lead;
  } else if ((lead & 0xe0) == 0xc0) {
    cp = lead & 0x1f, extra = 1, min = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    cp = lead & 0x0f, extra = 2, min = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    cp = lead & 0x07, extra = 3, min = 0x10000;
  } else {
    return false;
  }
  if (pos + extra >= s.size() && extra > 0) return false;
  for (int i = 1; i <= extra; ++i) {
    const auto c = static_cast<unsigned char>(s[pos + i]);
    if ((c & 0xc0) != 0x80) return false;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (extra > 0 && cp < min) return false;
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
  pos += extra + 1;
  return true;
}

void FlushShifted(const std::vector<uint16_t>& units, std::string& out) {
  out += '&';
  uint32_t bits = 0;
  int nbits = 0;
  for (uint16_t u : units) {
    bits = (bits << 16) | u;
    nbits += 16;
    while (nbits >= 6) {
      nbits -= 6;
      out += kAlphabet[(bits >> nbits) & 0x3f];
    }
  }
  if (nbits > 0) out += kAlphabet[(bits << (6 - nbits)) & 0x3f];
  out += '-';
}

Result<std::string> DecodeShifted(std::string_view b64) {
  std::vector<uint16_t> units;
  uint32_t bits = 0;
  int nbits = 0;
  for (char c : b64) {
    const int v = Base64Value(c);
    if (v < 0) return Fail(ErrorCode::kInvalidArgument, "bad character in modified UTF-7");
    bits = (bits << 6) | static_cast<uint32_t>(v);
    nbits += 6;
    if (nbits >= 16) {
      nbits -= 16;
      units.push_back(static_cast<uint16_t>(bits >> nbits));
    }
  }
  // Leftover bits are padding and must be zero (RFC 2152).
  if (nbits >= 6 || (bits & ((1u << nbits) - 1)) != 0 || units.empty())
    return Fail(ErrorCode::kInvalidArgument, "bad padding in modified UTF-7");
  std::string out;
  for (size_t i = 0; i < units.size(); ++i) {
    char32_t cp = units[i];
    if (cp >= 0xd800 && cp <= 0xdbff) {
      if (i + 1 >= units.size() || units[i + 1] < 0xdc00 || units[i + 1] > 0xdfff)
        return Fail(ErrorCode::kInvalidArgument, "broken surrogate pair in modified UTF-7");
      cp = 0x10000 + ((cp - 0xd800) << 10) + (units[++i] - 0xdc00);
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      return Fail(ErrorCode::kInvalidArgument, "broken surrogate pair in modified UTF-7");
    } else if (IsDirect(static_cast<unsigned char>(cp)) && cp < 0x80) {
      return Fail(ErrorCode::kInvalidArgument, "modified UTF-7 encodes printable ASCII");
    }
    AppendUtf8(cp, out);
  }
  return out;
}

}  // namespace

Result<std::string> EncodeModifiedUtf7(std::string_view utf8) {
  std::string out;
  std::vector<uint16_t> pending;
  size_t pos = 0;
  while (pos < utf8.size()) {
    char32_t cp = 0;
    if (!NextCodePoint(utf8, pos, cp))
      return Fail(ErrorCode::kInvalidArgument, "folder name is not valid UTF-8");
    if (cp < 0x80 && IsDirect(static_cast<unsigned char>(cp))) {
      if (!pending.empty()) FlushShifted(pending, out), pending.clear();
      out += cp == '&' ? std::string("&-") : std::string(1, static_cast<char>(cp));
      continue;
    }
    if (cp >= 0x10000) {
      pending.push_back(static_cast<uint16_t>(0xd800 + ((cp - 0x10000) >> 10)));
      pending.push_back(static_cast<uint16_t>(0xdc00 + ((cp - 0x10000) & 0x3ff)));
    } else {
      pending.push_back(static_cast<uint16_t>(cp));
    }
  }
  if (!pending.empty()) FlushShifted(pending, out);
  return out;
}

Result<std::string> DecodeModifiedUtf7(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (!IsDirect(c))
      return Fail(ErrorCode::kInvalidArgument, "raw non-ASCII byte in modified UTF-7 name");
    if (c != '&') {
      out += static_cast<char>(c);
      ++pos;
      continue;
    }
    const size_t end = text.find('-', pos + 1);
    if (end == std::string_view::npos)
      return Fail(ErrorCode::kInvalidArgument, "unterminated '&' in modified UTF-7 name");
    if (end == pos + 1) {
      out += '&';
    } else {
      auto decoded = DecodeShifted(text.substr(pos + 1, end - pos - 1));
      if (!decoded) return std::unexpected(decoded.error());
      out += *decoded;
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace draftbox
