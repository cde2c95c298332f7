#include "api/request_guard.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace draftbox {
namespace {

constexpr uint16_t kPort = 7411;
const std::string kToken(64, 'a');
const std::string kGoodAuth = "Bearer " + kToken;

struct GuardCase {
  std::string name;
  GuardInput input;
  GuardVerdict expected;
};

void PrintTo(const GuardCase& c, std::ostream* os) { *os << c.name; }

GuardInput WithHost(std::vector<std::string> host) {
  return GuardInput{std::move(host), {}, {kGoodAuth}};
}
GuardInput WithOrigin(std::vector<std::string> origin) {
  return GuardInput{{"127.0.0.1:7411"}, std::move(origin), {kGoodAuth}};
}
GuardInput WithAuth(std::vector<std::string> auth) {
  return GuardInput{{"127.0.0.1:7411"}, {}, std::move(auth)};
}

class RequestGuardTest : public testing::TestWithParam<GuardCase> {};

TEST_P(RequestGuardTest, DecidesAsExpected) {
  RequestGuard guard(kPort, kToken);
  GuardDecision decision = guard.Check(GetParam().input);
  EXPECT_EQ(decision.verdict, GetParam().expected) << GetParam().name << ": " << decision.reason;
  EXPECT_EQ(decision.reason.find(kToken), std::string::npos)
      << "the reason must not echo the token";
}

INSTANTIATE_TEST_SUITE_P(
    Host, RequestGuardTest,
    testing::Values(
        GuardCase{"ipv4_loopback", WithHost({"127.0.0.1:7411"}), GuardVerdict::kAllow},
        GuardCase{"localhost", WithHost({"localhost:7411"}), GuardVerdict::kAllow},
        GuardCase{"localhost_upper", WithHost({"LOCALHOST:7411"}), GuardVerdict::kAllow},
        GuardCase{"ipv6_bracketed", WithHost({"[::1]:7411"}), GuardVerdict::kAllow},
        GuardCase{"other_loopback_quad", WithHost({"127.0.0.2:7411"}), GuardVerdict::kAllow},
        GuardCase{"missing", WithHost({}), GuardVerdict::kForbidden},
        GuardCase{"empty", WithHost({""}), GuardVerdict::kForbidden},
        GuardCase{"twice", WithHost({"127.0.0.1:7411", "127.0.0.1:7411"}),
                  GuardVerdict::kForbidden},
        GuardCase{"foreign_name", WithHost({"evil.example:7411"}), GuardVerdict::kForbidden},
        GuardCase{"rebinding_lookalike", WithHost({"localhost.evil.example:7411"}),
                  GuardVerdict::kForbidden},
        GuardCase{"other_port", WithHost({"127.0.0.1:7412"}), GuardVerdict::kForbidden},
        GuardCase{"no_port", WithHost({"127.0.0.1"}), GuardVerdict::kForbidden},
        GuardCase{"ipv6_unbracketed", WithHost({"::1:7411"}), GuardVerdict::kForbidden},
        GuardCase{"ipv4_bracketed", WithHost({"[127.0.0.1]:7411"}), GuardVerdict::kForbidden},
        GuardCase{"private_lan", WithHost({"192.168.1.5:7411"}), GuardVerdict::kForbidden},
        GuardCase{"any_address", WithHost({"0.0.0.0:7411"}), GuardVerdict::kForbidden}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Origin, RequestGuardTest,
    testing::Values(
        GuardCase{"absent", WithOrigin({}), GuardVerdict::kAllow},
        GuardCase{"extension", WithOrigin({"moz-extension://abc"}), GuardVerdict::kAllow},
        GuardCase{"web_page", WithOrigin({"https://evil.example"}), GuardVerdict::kForbidden},
        GuardCase{"loopback_page", WithOrigin({"http://127.0.0.1:7411"}), GuardVerdict::kForbidden},
        GuardCase{"null", WithOrigin({"null"}), GuardVerdict::kForbidden},
        GuardCase{"empty", WithOrigin({""}), GuardVerdict::kForbidden},
        GuardCase{"scheme_only", WithOrigin({"moz-extension://"}), GuardVerdict::kForbidden},
        GuardCase{"chrome_extension", WithOrigin({"chrome-extension://abc"}),
                  GuardVerdict::kForbidden},
        GuardCase{"twice", WithOrigin({"moz-extension://abc", "https://evil.example"}),
                  GuardVerdict::kForbidden}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Token, RequestGuardTest,
    testing::Values(
        GuardCase{"right", WithAuth({kGoodAuth}), GuardVerdict::kAllow},
        GuardCase{"missing", WithAuth({}), GuardVerdict::kUnauthorized},
        GuardCase{"empty", WithAuth({""}), GuardVerdict::kUnauthorized},
        GuardCase{"wrong", WithAuth({"Bearer " + std::string(64, 'b')}),
                  GuardVerdict::kUnauthorized},
        GuardCase{"prefix_of_token", WithAuth({"Bearer " + kToken.substr(0, 63)}),
                  GuardVerdict::kUnauthorized},
        GuardCase{"token_plus_more", WithAuth({kGoodAuth + "a"}), GuardVerdict::kUnauthorized},
        GuardCase{"no_scheme", WithAuth({kToken}), GuardVerdict::kUnauthorized},
        GuardCase{"basic_scheme", WithAuth({"Basic " + kToken}), GuardVerdict::kUnauthorized},
        GuardCase{"twice", WithAuth({kGoodAuth, kGoodAuth}), GuardVerdict::kUnauthorized}),
    [](const auto& info) { return info.param.name; });

// Order matters: a foreign page must learn nothing about the token, so Host and Origin are
// refused with 403 even when the token is missing too.
INSTANTIATE_TEST_SUITE_P(
    Order, RequestGuardTest,
    testing::Values(GuardCase{"foreign_host_without_token",
                              GuardInput{{"evil.example:7411"}, {}, {}}, GuardVerdict::kForbidden},
                    GuardCase{"foreign_origin_without_token",
                              GuardInput{{"127.0.0.1:7411"}, {"https://evil.example"}, {}},
                              GuardVerdict::kForbidden}),
    [](const auto& info) { return info.param.name; });

TEST(RequestGuardTokenTest, MatchesOnlyTheExactBearerValue) {
  RequestGuard guard(kPort, kToken);
  EXPECT_TRUE(guard.TokenMatches(kGoodAuth));
  EXPECT_FALSE(guard.TokenMatches("bearer " + kToken));
  EXPECT_FALSE(guard.TokenMatches(""));
}

}  // namespace
}  // namespace draftbox
