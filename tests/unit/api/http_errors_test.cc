#include "api/http_errors.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

TEST(HttpErrorsTest, MapsEveryErrorCodeToItsStatus) {
  const std::pair<ErrorCode, int> kTable[] = {
      {ErrorCode::kInvalidArgument, 400},
      {ErrorCode::kAuth, 401},
      {ErrorCode::kNotFound, 404},
      {ErrorCode::kAlreadyExists, 409},
      {ErrorCode::kConflict, 409},
      {ErrorCode::kMailbox, 502},
      {ErrorCode::kTls, 502},
      {ErrorCode::kUnavailable, 503},
      {ErrorCode::kConfig, 500},
      {ErrorCode::kIo, 500},
      {ErrorCode::kStore, 500},
      {ErrorCode::kInternal, 500},
  };
  for (const auto& [code, status] : kTable) {
    EXPECT_EQ(HttpStatusFor(code), status) << ErrorCodeName(code);
  }
}

TEST(HttpErrorsTest, BodyCarriesCodeNameAndMessage) {
  nlohmann::json body = nlohmann::json::parse(ErrorBody(Error{ErrorCode::kNotFound, "no draft 7"}));
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_EQ(body["error"]["message"], "no draft 7");
}

TEST(HttpErrorsTest, BodyOfEveryCodeMatchesTheSchema) {
  for (int i = 0; i <= static_cast<int>(ErrorCode::kInternal); ++i) {
    std::string body = ErrorBody(Error{static_cast<ErrorCode>(i), "why"});
    EXPECT_EQ(test::SchemaViolations("error.json", body), "") << body;
  }
  EXPECT_EQ(test::SchemaViolations("error.json", ErrorBody("forbidden", "no")), "");
}

TEST(HttpErrorsTest, BodySurvivesInvalidUtf8InTheMessage) {
  std::string body = ErrorBody(Error{ErrorCode::kInvalidArgument, "bad byte \xff here"});
  EXPECT_NO_THROW(nlohmann::json::parse(body));
}

}  // namespace
}  // namespace draftbox
