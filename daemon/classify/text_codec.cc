#include "classify/text_codec.h"

#include <iconv.h>

#include <cerrno>
#include <cstdint>

namespace draftbox {
namespace {

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;  // '-' and '_' are the URL-safe alphabet some senders use
  if (c == '/' || c == '_') return 63;
  return -1;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool IsUtf8Name(std::string_view lower) {
  return lower.empty() || lower == "utf-8" || lower == "utf8" || lower == "us-ascii" ||
         lower == "ascii" || lower == "unknown-8bit" || lower == "x-unknown";
}

// Converts with iconv; returns false when the charset is unknown or the bytes do not convert.
bool IconvToUtf8(std::string_view bytes, const std::string& charset, std::string& out) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out.clear();
  out.reserve(bytes.size() * 2 + 16);
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char buffer[4096];
  bool ok = true;
  while (in_left > 0) {
    char* dst = buffer;
    size_t dst_left = sizeof(buffer);
    size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
    out.append(buffer, static_cast<size_t>(dst - buffer));
    if (rc != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    if (errno == EILSEQ && in_left > 0) {  // skip one bad byte, mark it, go on
      out += "\xEF\xBF\xBD";
      ++in;
      --in_left;
      continue;
    }
    ok = errno != EINVAL || in_left == 0;
    break;
  }
  char* dst = buffer;
  size_t dst_left = sizeof(buffer);
  iconv(cd, nullptr, nullptr, &dst, &dst_left);  // flush a shift state (ISO-2022-JP)
  out.append(buffer, static_cast<size_t>(dst - buffer));
  iconv_close(cd);
  return ok;
}

// Decodes one encoded word's payload; returns false if `encoding` is neither B nor Q.
bool DecodeWord(std::string_view charset, char encoding, std::string_view payload,
                std::string& out) {
  std::string bytes;
  if (encoding == 'B' || encoding == 'b') {
    bytes = DecodeBase64(payload);
  } else if (encoding == 'Q' || encoding == 'q') {
    for (size_t i = 0; i < payload.size(); ++i) {
      char c = payload[i];
      if (c == '_') {
        bytes += ' ';
      } else if (c == '=' && i + 2 < payload.size() && HexValue(payload[i + 1]) >= 0 &&
                 HexValue(payload[i + 2]) >= 0) {
        bytes += static_cast<char>(HexValue(payload[i + 1]) * 16 + HexValue(payload[i + 2]));
        i += 2;
      } else {
        bytes += c;
      }
    }
  } else {
    return false;
  }
  // RFC 2231 allows "charset*language"; the language is of no use here.
  std::string_view name = charset.substr(0, charset.find('*'));
  out += ToUtf8(bytes, name);
  return true;
}

}  // namespace

std::string_view TrimSpace(std::string_view text) {
  const char* kSpace = " \t\r\n";
  size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

std::string DecodeBase64(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t group = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    int value = Base64Value(c);
    if (value < 0) continue;
    group = (group << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((group >> bits) & 0xFF);
    }
  }
  return out;
}

std::string DecodeQuotedPrintable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '=') {
      out += c;
      continue;
    }
    if (i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
      continue;
    }
    // A soft line break: "=" then optional trailing white space, then the line end.
    size_t j = i + 1;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    if (j < text.size() && text[j] == '\r') ++j;
    if (j < text.size() && text[j] == '\n') {
      i = j;
      continue;
    }
    out += c;
  }
  return out;
}

std::string ToUtf8(std::string_view bytes, std::string_view charset) {
  std::string lower = AsciiLower(TrimSpace(charset));
  if (!lower.empty() && lower.front() == '"') lower.erase(0, 1);
  if (!lower.empty() && lower.back() == '"') lower.pop_back();
  if (IsUtf8Name(lower) || lower.size() > 40) return ToValidUtf8(bytes);
  std::string converted;
  if (IconvToUtf8(bytes, lower, converted)) return ToValidUtf8(converted);
  return ToValidUtf8(bytes);
}

std::string DecodeHeaderWords(std::string_view value) {
  std::string out;
  std::string pending_space;  // white space after an encoded word, dropped if another follows
  bool last_was_word = false;
  size_t i = 0;
  while (i < value.size()) {
    if (value.substr(i, 2) == "=?") {
      size_t q1 = value.find('?', i + 2);
      size_t q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
      size_t end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
      if (end != std::string_view::npos && q2 == q1 + 2) {
        std::string decoded;
        if (DecodeWord(value.substr(i + 2, q1 - i - 2), value[q1 + 1],
                       value.substr(q2 + 1, end - q2 - 1), decoded)) {
          if (!last_was_word) out += pending_space;
          pending_space.clear();
          out += decoded;
          last_was_word = true;
          i = end + 2;
          continue;
        }
      }
    }
    char c = value[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space += c == '\t' ? ' ' : c;
      ++i;
      continue;
    }
    out += pending_space;
    pending_space.clear();
    out += c;
    last_was_word = false;
    ++i;
  }
  out += pending_space;
  return ToValidUtf8(out);
}

}  // namespace draftbox
