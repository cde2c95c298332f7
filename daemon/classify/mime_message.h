// A bounded, lenient MIME reader for incoming mail: the top-level headers and every leaf part
// (content type, parameters, headers, body with its transfer encoding undone). It reads any byte
// string without failing, and bounds the work on hostile input: the input is cut at kMaxBytes,
// multiparts nest at most kMaxDepth deep, an entity keeps at most kMaxHeaders headers and a
// message at most kMaxParts parts; `truncated()` tells that a limit was hit. `message/rfc822`
// and `text/rfc822-headers` stay leaf parts (the original message of a bounce is not part of the
// bounce's own text); parse them again with Parse when needed.
// Immutable after Parse, so a parsed message may be read from several threads.
#ifndef DRAFTBOX_CLASSIFY_MIME_MESSAGE_H_
#define DRAFTBOX_CLASSIFY_MIME_MESSAGE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace draftbox {

struct MimeHeader {
  std::string name;   // as written, e.g. "Content-Type"
  std::string value;  // unfolded, trimmed, still RFC 2047-encoded
};

struct MimePart {
  std::string content_type = "text/plain";  // lower-case "type/subtype"
  std::string charset;                      // lower-case, empty if not given
  std::vector<MimeHeader> headers;
  std::string body;  // transfer encoding undone; charset not converted
  int depth = 0;     // 0 for a single-part message's body

  // The body in UTF-8 (charset converted, invalid bytes replaced).
  std::string Text() const;
};

class MimeMessage {
 public:
  static constexpr size_t kMaxBytes = 8 * 1024 * 1024;
  static constexpr int kMaxDepth = 8;
  static constexpr size_t kMaxHeaders = 500;
  static constexpr size_t kMaxParts = 100;

  // Reads `raw` (CRLF or LF line ends). Never fails: text without headers gives an empty header
  // list and one text/plain part.
  static MimeMessage Parse(std::string_view raw);

  const std::vector<MimeHeader>& headers() const { return headers_; }
  const std::vector<MimePart>& parts() const { return parts_; }
  bool truncated() const { return truncated_; }

  // The first header called `name` (case-insensitive), RFC 2047 words decoded to UTF-8; empty
  // if there is none.
  std::string Header(std::string_view name) const;
  // The first header called `name`, raw (not decoded); empty if there is none.
  std::string RawHeader(std::string_view name) const;
  bool HasHeader(std::string_view name) const;

  // The raw value of `name` among `headers`, empty if absent.
  static std::string FindHeader(const std::vector<MimeHeader>& headers, std::string_view name);

  // The parameter `name` (lower-case) of a structured header value such as a Content-Type,
  // unquoted; empty if absent.
  static std::string HeaderParameter(std::string_view value, std::string_view name);

 private:
  void ParseEntity(std::string_view entity, int depth);
  void AddLeaf(const std::vector<MimeHeader>& headers, std::string_view content_type,
               std::string_view body, int depth);

  std::vector<MimeHeader> headers_;
  std::vector<MimePart> parts_;
  bool truncated_ = false;
};

// Splits `block` (a header block, no body) into unfolded headers; lines without a colon are
// skipped, at most `max_headers` are kept. Sets `*truncated` if some were dropped.
std::vector<MimeHeader> ParseHeaderBlock(std::string_view block, size_t max_headers,
                                         bool* truncated);

}  // namespace draftbox

#endif  // DRAFTBOX_CLASSIFY_MIME_MESSAGE_H_
