// Framing an HTTP/1.1 request head in bytes read so far, before anything is parsed: where the
// head ends, whether it is still within its limits, and which lane serves it. The head is then
// parsed by cpp-httplib; the end found here is the one httplib's own reader finds (the request
// line ends at the first LF; the head ends at the first line that is exactly CRLF), so httplib
// never reads past the bytes framed here while parsing a head. Pure functions; thread-safe.
#ifndef DRAFTBOX_API_REQUEST_HEAD_H_
#define DRAFTBOX_API_REQUEST_HEAD_H_

#include <cstddef>
#include <string_view>

namespace draftbox {

struct RequestHeadLimits {
  // The request line, its LF included. httplib answers 414 above 8192 itself; we refuse first,
  // before buffering more.
  size_t max_request_line = 8192;
  // The whole head: request line, header lines and the blank line.
  size_t max_head = 32 * 1024;
};

enum class HeadState {
  kIncomplete,          // no end yet, still within the limits: read on
  kComplete,            // `head_size` bytes are the whole head
  kRequestLineTooLong,  // 414: no LF within max_request_line
  kHeadTooLarge,        // 431: no blank line within max_head
};

struct HeadScan {
  HeadState state = HeadState::kIncomplete;
  size_t head_size = 0;  // with kComplete: bytes up to and including the blank line
};

// Looks at the bytes a connection has received since its last request ended. `scanned` is how
// many of them an earlier call already saw without finding the end (0 when unknown), so a head
// that arrives byte by byte is not searched again from its start each time.
HeadScan ScanRequestHead(std::string_view received, size_t scanned = 0,
                         const RequestHeadLimits& limits = {});

// True when the request line asks for GET /v1/events (any query): such requests may wait for
// a minute, so they are served apart from the others.
bool IsEventsRequest(std::string_view head);

}  // namespace draftbox

#endif  // DRAFTBOX_API_REQUEST_HEAD_H_
