// The JSON form of /v1/status against shared/api/status.json, with and without messages the
// watchers could not handle.
#include "api/daemon_status.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

DaemonStatus Minimal() {
  DaemonStatus status;
  status.version = "1.0.0";
  status.data_dir = "/data";
  return status;
}

TEST(DaemonStatusTest, NoFailedMessagesIsAnEmptyWatchSection) {
  nlohmann::json body = ToJson(Minimal());
  EXPECT_EQ(body["watch"]["failed_messages"], 0);
  EXPECT_TRUE(body["watch"]["recent_failures"].empty());
  EXPECT_EQ(test::SchemaViolations("status.json", body.dump()), "");
}

TEST(DaemonStatusTest, FailedMessagesAreListedWithANullMessageIdWhereThereIsNone) {
  DaemonStatus status = Minimal();
  status.watch.failed_messages = 12;
  status.watch.recent = {
      {1700000100, "inbox", "INBOX", 7, 42, "<m@x.example>", "internal: exception: bad"},
      {1700000000, "sent", "Gesendete Objekte", 3, 9, "", "conflict: draft 4 is rejected"}};
  nlohmann::json body = ToJson(status);
  EXPECT_EQ(test::SchemaViolations("status.json", body.dump()), "");
  EXPECT_EQ(body["watch"]["failed_messages"], 12);
  const nlohmann::json& first = body["watch"]["recent_failures"][0];
  EXPECT_EQ(first["uid"], 42);
  EXPECT_EQ(first["message_id"], "<m@x.example>");
  EXPECT_TRUE(body["watch"]["recent_failures"][1]["message_id"].is_null());
}

}  // namespace
}  // namespace draftbox
