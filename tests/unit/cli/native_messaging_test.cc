// The native messaging framing (4-byte native-endian length + UTF-8 JSON) on string streams,
// the answers to the add-on's requests, and the command reading several requests to the end.
#include "cli/native_messaging.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>

#include "cli/native_host_command.h"
#include "core/text.h"

namespace draftbox {
namespace {

using nlohmann::json;

std::string Frame(const std::string& text) {
  const uint32_t length = static_cast<uint32_t>(text.size());
  std::string out(4, '\0');
  std::memcpy(out.data(), &length, 4);
  return out + text;
}

// Every framed message in `bytes`, decoded.
std::vector<json> Messages(const std::string& bytes) {
  std::istringstream in(bytes);
  std::vector<json> out;
  while (true) {
    Result<std::optional<std::string>> next = ReadNativeMessage(in);
    EXPECT_TRUE(next) << next.error().ToString();
    if (!next || !*next) return out;
    out.push_back(json::parse(**next));
  }
}

const PairingSource kPaired{"http://127.0.0.1:7411", std::string(64, 'a')};

TEST(NativeMessagingTest, ReadsFramesInNativeByteOrderUntilTheEnd) {
  std::istringstream in(Frame(R"({"type":"pair"})") + Frame("{}"));
  EXPECT_EQ(ReadNativeMessage(in).value(), R"({"type":"pair"})");
  EXPECT_EQ(ReadNativeMessage(in).value(), "{}");
  EXPECT_EQ(ReadNativeMessage(in).value(), std::nullopt);
}

TEST(NativeMessagingTest, WritesALengthThatMatchesTheUtf8Bytes) {
  std::ostringstream out;
  ASSERT_TRUE(WriteNativeMessage(out, {{"name", "Jörg"}}));
  const std::string bytes = out.str();
  uint32_t length = 0;
  std::memcpy(&length, bytes.data(), 4);
  EXPECT_EQ(length, bytes.size() - 4);
  EXPECT_EQ(json::parse(bytes.substr(4))["name"], "Jörg");
}

TEST(NativeMessagingTest, InvalidUtf8InAnAnswerIsReplacedNotThrown) {
  std::ostringstream out;
  ASSERT_NO_THROW(ASSERT_TRUE(WriteNativeMessage(out, {{"text", "bad \xFF byte"}})));
  EXPECT_TRUE(IsValidUtf8(out.str().substr(4)));
}

TEST(NativeMessagingTest, AnAnswerOverOneMegabyteIsNotWritten) {
  std::ostringstream out;
  Status written = WriteNativeMessage(out, {{"text", std::string(kMaxNativeMessageBytes, 'x')}});
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(out.str().empty());
}

TEST(NativeMessagingTest, ARequestOverTheLimitIsRefusedWithoutReadingIt) {
  const uint32_t length = kMaxNativeMessageBytes + 1;
  std::string header(4, '\0');
  std::memcpy(header.data(), &length, 4);
  std::istringstream in(header + "{}");
  Result<std::optional<std::string>> read = ReadNativeMessage(in);
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("over the limit"), std::string::npos);
}

TEST(NativeMessagingTest, AFrameCutShortIsAnError) {
  std::istringstream half_length(std::string("\x05\x00", 2));
  EXPECT_FALSE(ReadNativeMessage(half_length));
  std::istringstream half_body(Frame(R"({"type":"pair"})").substr(0, 8));
  EXPECT_FALSE(ReadNativeMessage(half_body));
}

TEST(NativeMessagingTest, APairRequestGetsTheAddressAndToken) {
  json answer = AnswerNativeRequest(R"({"type":"pair"})", kPaired);
  EXPECT_EQ(answer, (json{{"address", "http://127.0.0.1:7411"}, {"token", std::string(64, 'a')}}));
}

TEST(NativeMessagingTest, OtherRequestsGetAnErrorObjectNamingTheProblem) {
  for (const char* request :
       {"not json", "[1]", R"({"kind":"pair"})", R"({"type":7})", R"({"type":"steal"})"}) {
    json answer = AnswerNativeRequest(request, kPaired);
    ASSERT_TRUE(answer.contains("error")) << request;
    EXPECT_EQ(answer["error"]["code"], "invalid_argument") << request;
    EXPECT_FALSE(answer.contains("token")) << request;
  }
}

TEST(NativeMessagingTest, AnUnreadableTokenIsAnErrorWithoutAToken) {
  PairingSource broken{"http://127.0.0.1:7411",
                       std::unexpected(Error{ErrorCode::kNotFound, "/x/token: no such file"})};
  json answer = AnswerNativeRequest(R"({"type":"pair"})", broken);
  EXPECT_EQ(answer["error"]["code"], "not_found");
  EXPECT_EQ(answer["error"]["message"], "/x/token: no such file");
}

TEST(NativeHostCommandTest, AnswersEveryRequestThenEndsWithTheInput) {
  std::istringstream in(Frame(R"({"type":"pair"})") + Frame(R"({"type":"other"})"));
  std::ostringstream out, err;
  CliEnvironment env{out, err, nullptr};
  NativeHostCommand command(in);
  GlobalOptions global;
  global.config_file = "/nonexistent/draftbox.toml";
  EXPECT_EQ(command.Run(global, env), 0);
  std::vector<json> answers = Messages(out.str());
  ASSERT_EQ(answers.size(), 2u);
  // No config here: the pairing request is answered with the reason, not a guess.
  EXPECT_TRUE(answers[0].contains("error")) << answers[0].dump();
  EXPECT_EQ(answers[1]["error"]["code"], "invalid_argument");
}

TEST(NativeHostCommandTest, BrokenFramingIsAnsweredOnceThenTheHostStops) {
  std::istringstream in(Frame("{}").substr(0, 5));
  std::ostringstream out, err;
  CliEnvironment env{out, err, nullptr};
  NativeHostCommand command(in);
  EXPECT_EQ(command.Run(GlobalOptions{}, env), 1);
  std::vector<json> answers = Messages(out.str());
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0]["error"]["code"], "invalid_argument");
  EXPECT_NE(err.str().find("draftbox: "), std::string::npos);
}

}  // namespace
}  // namespace draftbox
