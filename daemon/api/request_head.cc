#include "api/request_head.h"

#include <algorithm>

namespace draftbox {

HeadScan ScanRequestHead(std::string_view received, size_t scanned,
                         const RequestHeadLimits& limits) {
  const size_t line_end = received.find('\n');
  if (line_end == std::string_view::npos) {
    if (received.size() >= limits.max_request_line) return {HeadState::kRequestLineTooLong, 0};
    return {HeadState::kIncomplete, 0};
  }
  if (line_end + 1 > limits.max_request_line) return {HeadState::kRequestLineTooLong, 0};
  // Each line after the request line starts after an LF; the head ends at the first such line
  // that is exactly CRLF. A line ending in a bare LF is not an end (httplib skips it).
  // Bytes before `scanned` held no end last time; the last two of them may start one now.
  size_t lf = std::max(line_end, scanned >= 2 ? scanned - 2 : 0);
  if (lf != line_end) lf = received.find('\n', lf);
  for (; lf != std::string_view::npos; lf = received.find('\n', lf + 1)) {
    if (lf + 3 > limits.max_head) break;
    if (received.substr(lf + 1, 2) == "\r\n") return {HeadState::kComplete, lf + 3};
  }
  if (received.size() >= limits.max_head) return {HeadState::kHeadTooLarge, 0};
  return {HeadState::kIncomplete, 0};
}

bool IsEventsRequest(std::string_view head) {
  constexpr std::string_view kPrefix = "GET /v1/events";
  if (!head.starts_with(kPrefix)) return false;
  const char next = head.size() > kPrefix.size() ? head[kPrefix.size()] : '\0';
  return next == ' ' || next == '?';
}

}  // namespace draftbox
