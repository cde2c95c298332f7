#include "mail/draft_message.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <random>
#include <vector>
#include <vmime/vmime.hpp>

#include "core/text.h"

namespace draftbox {
namespace {

// RFC 5322 §2.1.1: lines SHOULD be at most 78 characters and MUST be at most 998.
constexpr size_t kSoftLineLimit = 78;
constexpr size_t kHardLineLimit = 998;
// RFC 2047 §2: an encoded-word is at most 75 characters; "=?UTF-8?Q?" + "?=" take 12.
constexpr size_t kEncodedWordPayload = 75 - 12;
// RFC 2045 §6.7: quoted-printable lines are at most 76 characters.
constexpr size_t kQpLineLimit = 76;
// A space-free run longer than this could not be folded under the hard limit once a header
// name and quotes are added, so such text goes out as encoded-words (which split anywhere).
constexpr size_t kLongestPlainWord = 900;
// RFC 5321 §4.5.3.1: local part 64 octets, a whole path 256 including the angle brackets.
constexpr size_t kMaxLocalPart = 64;
constexpr size_t kMaxAddress = 254;
// Message-IDs are ours or come back from our own storage; this keeps them well inside a line.
constexpr size_t kMaxMessageId = 250;
// How much of a rejected value an error message repeats.
constexpr size_t kEchoLimit = 80;
constexpr std::string_view kFallbackDomain = "draftbox.invalid";

bool IsAtext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// RFC 5322 dot-atom-text: atext runs joined by single dots.
bool IsDotAtom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i - 1] == '.') return false;
    } else if (!IsAtext(s[i])) {
      return false;
    }
  }
  return true;
}

// A DNS host name: labels of letters, digits and inner hyphens, each 1..63 long.
bool IsHostName(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('.', start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view label = s.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label) {
      const bool ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok) return false;
    }
    start = end + 1;
  }
  return true;
}

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators.
bool IsControl(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

// One line of header text from untrusted input: valid UTF-8 (bad bytes become U+FFFD), every run
// of spaces and control characters (CR, LF, TAB, NUL, ...) one space, no leading or trailing
// space. No field can therefore end its header line or start another.
std::string CleanHeaderText(std::string_view in) {
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < in.size();) {
    char32_t cp = 0;
    const size_t length = DecodeUtf8At(in, i, &cp);
    if (length != 0 && (cp == ' ' || IsControl(cp))) {
      pending_space = true;
      i += length;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += length == 0 ? kReplacementChar : in.substr(i, length);
    i += length == 0 ? 1 : length;
  }
  return out;
}

// The body with LF line ends (CRLF and lone CR become LF), valid UTF-8 (bad bytes become U+FFFD)
// and a final line end.
std::string CleanBody(std::string_view in) {
  std::string out;
  out.reserve(in.size() + 1);
  for (size_t i = 0; i < in.size();) {
    if (in[i] == '\r') {
      out += '\n';
      i += (i + 1 < in.size() && in[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    char32_t cp = 0;
    const size_t length = DecodeUtf8At(in, i, &cp);
    if (length == 0) {
      out += kReplacementChar;
      i += 1;
    } else {
      out.append(in.substr(i, length));
      i += length;
    }
  }
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

// The value as an error message may show it: one line, bounded.
std::string Echo(std::string_view value) {
  std::string clean = CleanHeaderText(value.substr(0, kEchoLimit));
  if (value.size() > kEchoLimit) clean += "...";
  return "\"" + clean + "\"";
}

Status CheckAddress(std::string_view field, std::string_view address) {
  const auto fail = [&](const std::string& reason) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(field) + ": " + reason + " (got " + Echo(address) + ")");
  };
  if (address.empty()) return Fail(ErrorCode::kInvalidArgument, std::string(field) + ": required");
  if (address.size() > kMaxAddress) return fail("longer than 254 characters");
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos) return fail("not an address local@domain");
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  // Quoted local parts and non-ASCII addresses are valid somewhere but rare, and each is a way
  // to smuggle specials into a header; a sender can always use the plain form.
  if (local.size() > kMaxLocalPart || !IsDotAtom(local))
    return fail(
        "local part before '@' must be 1-64 letters, digits or !#$%&'*+-/=?^_`{|}~ "
        "joined by single dots");
  if (!IsHostName(domain)) return fail("domain after '@' must be a host name");
  return {};
}

Status CheckMessageId(std::string_view id) {
  const auto fail = [&](const std::string& reason) {
    return Fail(ErrorCode::kInvalidArgument, "message_id: " + reason + " (got " + Echo(id) + ")");
  };
  if (id.empty()) return Fail(ErrorCode::kInvalidArgument, "message_id: required");
  if (id.size() > kMaxMessageId) return fail("longer than 250 characters");
  if (id.front() != '<' || id.back() != '>') return fail("must be <local@domain>");
  const std::string_view inner = id.substr(1, id.size() - 2);
  const size_t at = inner.find('@');
  if (at == std::string_view::npos || !IsDotAtom(inner.substr(0, at)) ||
      !IsDotAtom(inner.substr(at + 1)))
    return fail("must be <local@domain>, both sides dot-atoms without spaces or brackets");
  return {};
}

bool IsPrintableAscii(std::string_view s) {
  for (char c : s)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

bool HasLongWord(std::string_view s) {
  size_t run = 0;
  for (char c : s) {
    run = c == ' ' ? 0 : run + 1;
    if (run > kLongestPlainWord) return true;
  }
  return false;
}

// Plain ASCII stays readable; anything else, text a reader would mistake for an encoded-word,
// or a word too long to fold becomes RFC 2047 encoded-words.
bool NeedsEncodedWords(std::string_view text) {
  return !IsPrintableAscii(text) || text.find("=?") != std::string_view::npos || HasLongWord(text);
}

// RFC 2047 §5(3): the characters a Q-encoded word may carry literally even inside a phrase.
bool IsQSafe(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '!' ||
         c == '*' || c == '+' || c == '-' || c == '/';
}

std::string QEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    if (c == ' ') {
      out += '_';
    } else if (IsQSafe(c)) {
      out += static_cast<char>(c);
    } else {
      out += '=';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

size_t EncodedSize(std::string_view bytes, bool q) {
  return q ? QEncode(bytes).size() : (bytes.size() + 2) / 3 * 4;
}

// `text` (valid UTF-8) as encoded-words of at most 75 characters joined by spaces, Q or B
// whichever is shorter. Words end on character boundaries (RFC 2047 §5), so each decodes alone.
// The first word is shortened to fit beside "Name: " (`lead` characters) within 78 columns.
std::string EncodedWords(std::string_view text, size_t lead) {
  const bool q = EncodedSize(text, true) <= EncodedSize(text, false);
  const std::string prefix = q ? "=?UTF-8?Q?" : "=?UTF-8?B?";
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = start;
    for (;;) {
      char32_t cp = 0;
      const size_t length = end < text.size() ? DecodeUtf8At(text, end, &cp) : 0;
      if (length == 0) break;
      const size_t budget = start == 0 && lead + 75 > kSoftLineLimit
                                ? kEncodedWordPayload - (lead + 75 - kSoftLineLimit)
                                : kEncodedWordPayload;
      const bool fits = EncodedSize(text.substr(start, end + length - start), q) <= budget;
      // Every word carries at least one character, whatever the budget.
      if (!fits && end > start) break;
      end += length;
    }
    const std::string_view chunk = text.substr(start, end - start);
    if (!out.empty()) out += ' ';
    out += prefix + (q ? QEncode(chunk) : Base64(chunk)) + "?=";
    start = end;
  }
  return out;
}

// A cleaned display name as a phrase: atoms when it is plain words, a quoted-string when it
// holds specials (",", ".", "@", quotes, ...), encoded-words (`lead` as for EncodedWords) when
// it is not plain ASCII.
std::string Phrase(std::string_view name, size_t lead) {
  if (NeedsEncodedWords(name)) return EncodedWords(name, lead);
  bool atoms = true;
  for (char c : name) atoms = atoms && (c == ' ' || IsAtext(c));
  if (atoms) return std::string(name);
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// The value of header `field`: "Name <address>", or the bare address when the cleaned name is
// empty.
std::string MailboxValue(std::string_view field, std::string_view raw_name,
                         std::string_view address) {
  const std::string name = CleanHeaderText(raw_name);
  if (name.empty()) return std::string(address);
  return Phrase(name, field.size() + 2) + " <" + std::string(address) + ">";
}

// "Name: value" folded before spaces so lines stay within 78 characters where the value allows
// (and within 998 always, given NeedsEncodedWords). Folds only before the first space of a run,
// so no line ends in or consists of white space, and unfolding gives back the exact value.
std::string FoldedHeader(std::string_view name, std::string_view value) {
  const std::string line = std::string(name) + ": " + std::string(value);
  std::vector<size_t> folds;
  for (size_t i = name.size() + 1; i < line.size(); ++i)
    if (line[i] == ' ' && line[i - 1] != ' ') folds.push_back(i);
  std::string out;
  size_t start = 0;
  while (line.size() - start > kSoftLineLimit) {
    size_t cut = 0;
    for (size_t p : folds) {
      if (p <= start) continue;
      if (p - start <= kSoftLineLimit || cut == 0) cut = p;
      if (p - start >= kSoftLineLimit) break;
    }
    if (cut == 0) break;
    out.append(line, start, cut - start);
    out += "\r\n";
    start = cut;
  }
  out.append(line, start);
  return out + "\r\n";
}

std::string DateValue(int64_t unix_seconds) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1900 || tm.tm_year + 1900 > 9999) return {};
  // Written by hand: strftime's %a and %b follow the process locale.
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buffer;
}

// Plain text that needs no encoding at all: printable ASCII (and TAB) in short lines.
bool IsSevenBitReadable(std::string_view body) {
  size_t column = 0;
  for (char c : body) {
    if (c == '\n') {
      column = 0;
      continue;
    }
    if ((c < 0x20 && c != '\t') || c > 0x7E) return false;
    if (++column > kSoftLineLimit) return false;
  }
  return true;
}

// RFC 2045 §6.7 quoted-printable of a LF-terminated text: CRLF hard breaks, "=" soft breaks
// keeping lines at most 76 characters, white space before a line end encoded so that nothing
// on the way can strip it.
std::string QuotedPrintable(std::string_view body) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  size_t column = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(body[i]);
    if (c == '\n') {
      out += "\r\n";
      column = 0;
      continue;
    }
    const bool at_line_end = i + 1 == body.size() || body[i + 1] == '\n';
    const bool literal =
        (c >= 0x21 && c <= 0x7E && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    std::string token;
    if (literal) {
      token = static_cast<char>(c);
    } else {
      token = {'=', kHex[c >> 4], kHex[c & 0x0F]};
    }
    // Room for the token and, unless this token ends the line, a trailing soft-break "=".
    const size_t needed = token.size() + (at_line_end ? 0 : 1);
    if (column + needed > kQpLineLimit) {
      out += "=\r\n";
      column = 0;
    }
    out += token;
    column += token.size();
  }
  return out;
}

std::string WithCrlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string Base64Body(std::string_view body) {
  const std::string encoded = Base64(WithCrlf(body));
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += kQpLineLimit) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

bool LinesWithin(std::string_view message, size_t limit) {
  size_t start = 0;
  while (start < message.size()) {
    size_t end = message.find("\r\n", start);
    if (end == std::string_view::npos) end = message.size();
    if (end - start > limit) return false;
    start = end + 2;
  }
  return true;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string_view TrimWhiteSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 2047 encoded-words in `value` decoded to UTF-8; `value` itself if it has none or if
// vmime cannot make sense of them.
std::string DecodeEncodedWords(const std::string& value) {
  if (value.find("=?") == std::string::npos) return value;
  try {
    vmime::text text;
    text.parse(value);
    return text.getConvertedText(vmime::charsets::UTF_8);
  } catch (const std::exception&) {
    return value;
  }
}

}  // namespace

Result<std::string> BuildDraftMessage(const DraftMessage& message) {
  if (auto ok = CheckAddress("from_address", message.from_address); !ok)
    return std::unexpected(ok.error());
  if (auto ok = CheckAddress("to_address", message.to_address); !ok)
    return std::unexpected(ok.error());
  if (auto ok = CheckMessageId(message.message_id); !ok) return std::unexpected(ok.error());
  if (message.draft_id <= 0)
    return Fail(ErrorCode::kInvalidArgument,
                "draft_id: must be > 0 (got " + std::to_string(message.draft_id) + ")");
  const std::string date = DateValue(message.date_unix);
  if (date.empty())
    return Fail(ErrorCode::kInvalidArgument, "date_unix: " + std::to_string(message.date_unix) +
                                                 " is not a date in years " + "1900-9999");

  const std::string subject = CleanHeaderText(message.subject);
  const std::string body = CleanBody(message.body);
  std::string encoding = "7bit";
  std::string encoded_body;
  if (IsSevenBitReadable(body)) {
    encoded_body = WithCrlf(body);
  } else {
    encoded_body = QuotedPrintable(body);
    encoding = "quoted-printable";
    // Mostly non-Latin text (CJK, emoji) triples in quoted-printable; base64 grows by a third.
    const std::string base64 = Base64Body(body);
    if (base64.size() < encoded_body.size()) {
      encoded_body = base64;
      encoding = "base64";
    }
  }

  std::string out;
  out += FoldedHeader("Date", date);
  out += FoldedHeader("From", MailboxValue("From", message.from_name, message.from_address));
  out += FoldedHeader("To", MailboxValue("To", message.to_name, message.to_address));
  const size_t subject_lead = std::string_view("Subject: ").size();
  out += FoldedHeader("Subject",
                      NeedsEncodedWords(subject) ? EncodedWords(subject, subject_lead) : subject);
  out += FoldedHeader("Message-ID", message.message_id);
  out += FoldedHeader("X-Draftbox-Id", std::to_string(message.draft_id));
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Transfer-Encoding: " + encoding + "\r\n";
  out += "\r\n";
  out += encoded_body;
  if (!LinesWithin(out, kHardLineLimit))
    return Fail(ErrorCode::kInternal, "draft message has a line over 998 octets");
  return out;
}

std::string NewMessageId(std::string_view sender_address) {
  std::random_device random;
  std::string hex;
  static constexpr char kHex[] = "0123456789abcdef";
  // Four 32-bit draws: 128 random bits.
  for (int i = 0; i < 4; ++i) {
    uint32_t n = random();
    for (int k = 0; k < 8; ++k, n >>= 4) hex += kHex[n & 0x0F];
  }
  // Only a valid address lends its domain: anything else could put junk into the header.
  std::string_view domain = kFallbackDomain;
  if (CheckAddress("sender", sender_address))
    domain = sender_address.substr(sender_address.rfind('@') + 1);
  return "<" + hex + ".draftbox@" + std::string(domain) + ">";
}

std::optional<std::string> HeaderValue(std::string_view raw_message, std::string_view name) {
  std::optional<std::string> value;
  size_t pos = 0;
  while (pos < raw_message.size()) {
    size_t end = raw_message.find('\n', pos);
    if (end == std::string_view::npos) end = raw_message.size();
    std::string_view line = raw_message.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of the header section
    const bool continuation = line.front() == ' ' || line.front() == '\t';
    if (continuation) {
      if (value) value->append(line);  // unfolding removes only the line break
      continue;
    }
    if (value) break;  // the first occurrence wins
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    if (EqualsIgnoreCase(TrimWhiteSpace(line.substr(0, colon)), name))
      value = std::string(line.substr(colon + 1));
  }
  if (!value) return std::nullopt;
  return DecodeEncodedWords(std::string(TrimWhiteSpace(*value)));
}

}  // namespace draftbox
