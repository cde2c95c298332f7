// Framing request heads before httplib parses them: where a head ends, when it is too long,
// and which requests go to the events workers.
#include "api/request_head.h"

#include <gtest/gtest.h>

#include <string>

namespace draftbox {
namespace {

struct FrameCase {
  const char* name;
  std::string received;
  HeadState state;
  size_t head_size;
};

class RequestHeadTest : public testing::TestWithParam<FrameCase> {};

TEST_P(RequestHeadTest, FramesTheHeadWhereHttplibEndsIt) {
  const FrameCase& c = GetParam();
  HeadScan scan =
      ScanRequestHead(c.received, 0, RequestHeadLimits{.max_request_line = 32, .max_head = 64});
  EXPECT_EQ(scan.state, c.state);
  EXPECT_EQ(scan.head_size, c.head_size);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RequestHeadTest,
    testing::Values(
        FrameCase{"Empty", "", HeadState::kIncomplete, 0},
        FrameCase{"RequestLineOnly", "GET / HTTP/1.1\r\n", HeadState::kIncomplete, 0},
        FrameCase{"NoHeaders", "GET / HTTP/1.1\r\n\r\n", HeadState::kComplete, 18},
        FrameCase{"WithHeaderAndBodyAfter", "GET / HTTP/1.1\r\nA: b\r\n\r\nBODY",
                  HeadState::kComplete, 24},
        // httplib skips a line that ends in a bare LF, so it does not end the head either.
        FrameCase{"BareLineFeedsDoNotEnd", "GET / HTTP/1.1\nA: b\n\n", HeadState::kIncomplete, 0},
        FrameCase{"BareLineFeedThenCrLf", "GET / HTTP/1.1\nA: b\n\r\n", HeadState::kComplete, 22},
        FrameCase{"LineAtTheLimit", "GET /" + std::string(24, 'a') + " H\n\r\n",
                  HeadState::kComplete, 34},
        FrameCase{"LineWithoutEndOverTheLimit", "GET /" + std::string(40, 'a'),
                  HeadState::kRequestLineTooLong, 0},
        FrameCase{"LineEndingOverTheLimit", "GET /" + std::string(40, 'a') + "\r\n\r\n",
                  HeadState::kRequestLineTooLong, 0},
        FrameCase{"HeaderWithoutEndOverTheLimit", "GET / HTTP/1.1\r\nA: " + std::string(60, 'a'),
                  HeadState::kHeadTooLarge, 0},
        FrameCase{"EndBeyondTheLimit", "GET / HTTP/1.1\r\nA: " + std::string(45, 'a') + "\r\n\r\n",
                  HeadState::kHeadTooLarge, 0}),
    [](const testing::TestParamInfo<FrameCase>& info) { return info.param.name; });

TEST(RequestHeadScanTest, AHeadArrivingByteByByteIsFoundWhereAWholeOneIs) {
  const std::string head = "GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n\r\n";
  std::string received;
  size_t scanned = 0;
  HeadScan scan;
  for (char c : head) {
    received += c;
    scan = ScanRequestHead(received, scanned);
    if (scan.state != HeadState::kIncomplete) break;
    scanned = received.size();
  }
  EXPECT_EQ(scan.state, HeadState::kComplete);
  EXPECT_EQ(scan.head_size, head.size());
}

TEST(RequestHeadScanTest, EventsRequestsAreToldApart) {
  EXPECT_TRUE(IsEventsRequest("GET /v1/events HTTP/1.1\r\n"));
  EXPECT_TRUE(IsEventsRequest("GET /v1/events?since=3&wait=60 HTTP/1.1\r\n"));
  EXPECT_FALSE(IsEventsRequest("GET /v1/eventsX HTTP/1.1\r\n"));
  EXPECT_FALSE(IsEventsRequest("POST /v1/events HTTP/1.1\r\n"));
  EXPECT_FALSE(IsEventsRequest("GET /v1/health HTTP/1.1\r\n"));
}

}  // namespace
}  // namespace draftbox
