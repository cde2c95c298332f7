#include "classify/mime_message.h"

#include "classify/text_codec.h"

namespace draftbox {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

// A header line is "name:" with a name of printable ASCII without spaces.
bool LooksLikeHeaderLine(std::string_view line) {
  size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 76) return false;
  for (size_t i = 0; i < colon; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c <= ' ' || c >= 127) return false;
  }
  return true;
}

// Where the header block of `entity` ends and its body starts. An mbox "From " line on top is
// skipped; the block ends at the first empty line or at a line that is neither a header nor a
// continuation.
void SplitEntity(std::string_view entity, std::string_view& header_block, std::string_view& body) {
  size_t pos = 0;
  if (entity.starts_with("From ")) {
    size_t eol = entity.find('\n');
    pos = eol == std::string_view::npos ? entity.size() : eol + 1;
  }
  size_t start = pos;
  bool first = true;
  while (pos < entity.size()) {
    size_t eol = entity.find('\n', pos);
    if (eol == std::string_view::npos) eol = entity.size();
    std::string_view line = entity.substr(pos, eol - pos);
    if (line.empty()) {
      header_block = entity.substr(start, pos - start);
      body = eol < entity.size() ? entity.substr(eol + 1) : std::string_view{};
      return;
    }
    bool continuation = !first && (line[0] == ' ' || line[0] == '\t');
    if (!continuation && !LooksLikeHeaderLine(line)) break;
    first = false;
    pos = eol + 1;
  }
  header_block = entity.substr(start, std::min(pos, entity.size()) - start);
  body = pos < entity.size() ? entity.substr(pos) : std::string_view{};
}

std::string TransferDecode(std::string_view body, std::string_view encoding) {
  std::string lower = AsciiLower(TrimSpace(encoding));
  if (lower == "base64") return DecodeBase64(body);
  if (lower == "quoted-printable") return DecodeQuotedPrintable(body);
  return std::string(body);
}

std::string MediaType(std::string_view content_type) {
  std::string_view type = TrimSpace(content_type.substr(0, content_type.find(';')));
  if (type.find('/') == std::string_view::npos) return "text/plain";
  std::string lower = AsciiLower(type);
  if (!lower.empty() && lower.front() == '"') lower.erase(0, 1);
  if (!lower.empty() && lower.back() == '"') lower.pop_back();
  return lower;
}

// The boundary a multipart body really uses when the declared one is found nowhere in it (a
// relay rewrote the header, or the header lost the boundary's leading dashes): the first line
// "--X" whose closing delimiter "--X--" also stands on a line of its own further down. Only
// the first kMaxBoundarySearch bytes and kMaxCandidates such lines are tried, so hostile input
// cannot make this quadratic; empty if there is no such line.
std::string UsedBoundary(std::string_view body) {
  constexpr size_t kMaxBoundarySearch = 64 * 1024;
  constexpr int kMaxCandidates = 8;
  std::string_view head = body.substr(0, kMaxBoundarySearch);
  size_t pos = 0;
  int candidates = 0;
  while (pos < head.size() && candidates < kMaxCandidates) {
    size_t eol = head.find('\n', pos);
    if (eol == std::string_view::npos) eol = head.size();
    std::string_view line = head.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.starts_with("--") || line.size() < 3 || line.size() > 202 || line.ends_with("--")) {
      continue;
    }
    if (line.find_first_of(" \t") != std::string_view::npos) continue;
    ++candidates;
    std::string closing = "\n" + std::string(line) + "--";
    size_t at = body.find(closing, eol);
    size_t end = at + closing.size();
    if (at != std::string_view::npos &&
        (end == body.size() || body[end] == '\n' || body[end] == ' ' || body[end] == '\t')) {
      return std::string(line.substr(2));
    }
  }
  return {};
}

}  // namespace

std::string MimePart::Text() const { return ToUtf8(body, charset); }

std::vector<MimeHeader> ParseHeaderBlock(std::string_view block, size_t max_headers,
                                         bool* truncated) {
  std::vector<MimeHeader> headers;
  size_t pos = 0;
  while (pos < block.size()) {
    size_t eol = block.find('\n', pos);
    if (eol == std::string_view::npos) eol = block.size();
    std::string_view line = block.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) continue;
    if ((line[0] == ' ' || line[0] == '\t') && !headers.empty()) {
      // Folded: the line break goes, the white space stays (RFC 5322 §2.2.3). Cap a header at
      // 64 KiB so one endless folded header cannot grow without bound.
      if (headers.back().value.size() < 65536) {
        headers.back().value += ' ';
        headers.back().value += TrimSpace(line);
      }
      continue;
    }
    size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) continue;
    if (headers.size() >= max_headers) {
      if (truncated != nullptr) *truncated = true;
      break;
    }
    headers.push_back({std::string(TrimSpace(line.substr(0, colon))),
                       std::string(TrimSpace(line.substr(colon + 1)))});
  }
  return headers;
}

std::string MimeMessage::FindHeader(const std::vector<MimeHeader>& headers, std::string_view name) {
  for (const MimeHeader& header : headers) {
    if (IEquals(header.name, name)) return header.value;
  }
  return {};
}

std::string MimeMessage::HeaderParameter(std::string_view value, std::string_view name) {
  std::string lower = AsciiLower(value);
  size_t pos = 0;
  while ((pos = lower.find(';', pos)) != std::string::npos) {
    ++pos;
    size_t start = lower.find_first_not_of(" \t", pos);
    if (start == std::string::npos) break;
    size_t equals = lower.find('=', start);
    if (equals == std::string::npos) break;
    if (TrimSpace(std::string_view(lower).substr(start, equals - start)) != name) continue;
    std::string_view rest = TrimSpace(value.substr(equals + 1));
    if (rest.starts_with('"')) {
      size_t close = rest.find('"', 1);
      return std::string(
          rest.substr(1, close == std::string_view::npos ? rest.size() - 1 : close - 1));
    }
    return std::string(TrimSpace(rest.substr(0, rest.find(';'))));
  }
  return {};
}

std::string MimeMessage::RawHeader(std::string_view name) const {
  return FindHeader(headers_, name);
}

std::string MimeMessage::Header(std::string_view name) const {
  return DecodeHeaderWords(RawHeader(name));
}

bool MimeMessage::HasHeader(std::string_view name) const {
  for (const MimeHeader& header : headers_) {
    if (IEquals(header.name, name)) return true;
  }
  return false;
}

MimeMessage MimeMessage::Parse(std::string_view raw) {
  MimeMessage message;
  if (raw.size() > kMaxBytes) {
    raw = raw.substr(0, kMaxBytes);
    message.truncated_ = true;
  }
  // One line-end convention makes every later search simpler.
  std::string text;
  text.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
    text += raw[i];
  }
  message.ParseEntity(text, 0);
  return message;
}

void MimeMessage::AddLeaf(const std::vector<MimeHeader>& headers, std::string_view content_type,
                          std::string_view body, int depth) {
  if (parts_.size() >= kMaxParts) {
    truncated_ = true;
    return;
  }
  MimePart part;
  part.content_type = MediaType(content_type);
  part.charset = AsciiLower(HeaderParameter(content_type, "charset"));
  part.headers = headers;
  part.body = TransferDecode(body, FindHeader(headers, "Content-Transfer-Encoding"));
  part.depth = depth;
  parts_.push_back(std::move(part));
}

void MimeMessage::ParseEntity(std::string_view entity, int depth) {
  std::string_view header_block;
  std::string_view body;
  SplitEntity(entity, header_block, body);
  std::vector<MimeHeader> headers = ParseHeaderBlock(header_block, kMaxHeaders, &truncated_);
  if (depth == 0) headers_ = headers;
  std::string content_type = FindHeader(headers, "Content-Type");
  std::string type = MediaType(content_type);
  std::string boundary = HeaderParameter(content_type, "boundary");
  if (!type.starts_with("multipart/") || boundary.empty() || boundary.size() > 200) {
    AddLeaf(headers, content_type, body, depth);
    return;
  }
  if (depth >= kMaxDepth) {
    truncated_ = true;
    AddLeaf(headers, "text/plain", body, depth);
    return;
  }
  std::string_view rest = body;
  auto first_delimiter = [&](const std::string& delimiter) {
    return rest.starts_with(delimiter) ? 0 : rest.find("\n" + delimiter);
  };
  std::string delimiter = "--" + boundary;
  // Find the first delimiter line; text before it is the preamble.
  size_t pos = first_delimiter(delimiter);
  if (pos == std::string_view::npos) {
    std::string used = UsedBoundary(body);
    if (!used.empty()) {
      delimiter = "--" + used;
      pos = first_delimiter(delimiter);
    }
  }
  if (pos == std::string_view::npos) {
    AddLeaf(headers, "text/plain", body, depth);  // a multipart without parts: read it as text
    return;
  }
  pos += rest[pos] == '\n' ? 1 : 0;
  while (pos < rest.size()) {
    size_t after = pos + delimiter.size();
    if (rest.substr(after, 2) == "--") return;  // the closing delimiter
    size_t start = rest.find('\n', after);
    if (start == std::string_view::npos) return;
    ++start;
    size_t next = rest.find("\n" + delimiter, start - 1);
    size_t end = next == std::string_view::npos ? rest.size() : next;
    if (end < start) end = start;
    ParseEntity(rest.substr(start, end - start), depth + 1);
    if (next == std::string_view::npos || parts_.size() >= kMaxParts) {
      if (parts_.size() >= kMaxParts && next != std::string_view::npos) truncated_ = true;
      return;
    }
    pos = next + 1;
  }
}

}  // namespace draftbox
