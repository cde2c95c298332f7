#include "cli/readable_text.h"

#include "classify/text_codec.h"
#include "core/text.h"

namespace draftbox {
namespace {

bool IsUpperHex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

// Strict on purpose: plain text with an "=" of its own ("a=b", "2+2=4") is left alone, since
// decoding it would change what the rep wrote.
bool LooksQuotedPrintable(std::string_view text) {
  size_t escapes = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') continue;
    std::string_view rest = text.substr(i + 1);
    if (rest.empty() || rest.starts_with("\n") || rest.starts_with("\r\n")) {
      ++escapes;
    } else if (rest.size() >= 2 && IsUpperHex(rest[0]) && IsUpperHex(rest[1])) {
      ++escapes;
      i += 2;
    } else {
      return false;
    }
  }
  return escapes > 0;
}

bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// One block of base64 lines (RFC 2045: at most 76 characters each) and nothing else. Text a
// person wrote has spaces or punctuation, so it never passes.
bool LooksBase64(std::string_view text) {
  text = TrimSpace(text);
  size_t chars = 0;
  size_t line = 0;
  size_t padding = 0;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      line = 0;
      continue;
    }
    if (++line > 76) return false;
    if (c == '=') {
      ++padding;
    } else if (!IsBase64Char(c) || padding > 0) {
      return false;
    }
    ++chars;
  }
  return chars >= 8 && chars % 4 == 0 && padding <= 2;
}

// Decoded bytes are only taken when they are text: valid UTF-8 without controls but line ends
// and tabs.
bool IsText(std::string_view bytes) {
  if (!IsValidUtf8(bytes)) return false;
  for (char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\r' && c != '\t') || u == 0x7f) return false;
  }
  return true;
}

// `text` as valid UTF-8 with each control character (escape sequences, CR) dropped, or made a
// space when `as_space`; line breaks and tabs are kept unless `as_space`.
std::string WithoutControls(std::string_view text, bool as_space) {
  std::string valid = ToValidUtf8(text);
  std::string out;
  out.reserve(valid.size());
  for (size_t i = 0; i < valid.size();) {
    char32_t cp = 0;
    size_t n = DecodeUtf8At(valid, i, &cp);
    if (n == 0) n = 1;
    const bool layout = !as_space && (cp == '\n' || cp == '\t');
    if (layout || !IsControlCodePoint(cp)) {
      out.append(valid, i, n);
    } else if (as_space) {
      out += ' ';
    }
    i += n;
  }
  return out;
}

}  // namespace

std::string ReadableHeader(std::string_view value) {
  // One line: every control character (a line break too) becomes a space.
  return WithoutControls(DecodeHeaderWords(value), /*as_space=*/true);
}

std::string ReadableBody(std::string_view body) {
  std::string decoded(body);
  if (LooksQuotedPrintable(body)) {
    // Controls a QP text hides are dropped below, like any others; only bytes that are not
    // UTF-8 (another charset, unknown here) keep it as stored.
    std::string qp = DecodeQuotedPrintable(body);
    if (IsValidUtf8(qp)) decoded = std::move(qp);
  } else if (LooksBase64(body)) {
    std::string b64 = DecodeBase64(body);
    if (IsText(b64)) decoded = std::move(b64);
  }
  return WithoutControls(decoded, /*as_space=*/false);
}

}  // namespace draftbox
