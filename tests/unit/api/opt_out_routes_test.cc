// /v1/optouts over a real loopback socket, served by the daemon's own StoreOptOutService on a
// real SQLite file: the list by state, one review, confirm and dismiss with their refusals.
// Every answer is checked against its schema in shared/api/.
#include "api/opt_out_routes.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "api/api_server.h"
#include "api/status_service.h"
#include "app/store_opt_out_service.h"
#include "store/database.h"
#include "store/opt_out_review_store.h"
#include "support/temp_dir.h"
#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

using nlohmann::json;

const std::string kToken(64, 'o');

class NoStatus : public StatusService {
 public:
  Result<DaemonStatus> GetStatus() override { return Fail(ErrorCode::kInternal, "not used"); }
};

class OptOutRoutesTest : public testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::Open(dir_.path() / "draftbox.db").value();
    service_ = std::make_unique<StoreOptOutService>(*db_);
    routes_ = std::make_unique<OptOutRoutes>(*service_);
    server_ = std::make_unique<ApiServer>(
        ApiServerOptions{.host = "127.0.0.1", .port = 0, .token = kToken, .threads = 2}, status_);
    server_->AddRoutes([this](httplib::Server& s) { routes_->Install(s); });
    ASSERT_TRUE(server_->Start());
  }
  void TearDown() override { server_->Stop(); }

  int64_t Open(const std::string& email) {
    OptOutReview r;
    r.email = email;
    r.recipient_id = 4;
    r.draft_id = 9;
    r.message_id = "<reply@" + email.substr(email.find('@') + 1) + ">";
    r.folder = "INBOX";
    r.uid = 3;
    r.excerpt = "Not interested.";
    r.phrase = "en: not|no|never ..1 interested|interest";
    return OptOutReviewStore(*db_).Open("inbox:" + email, r).value().id;
  }

  // The status and body of a request, the body checked against `schema` when given.
  std::pair<int, json> Send(const std::string& method, const std::string& path,
                            const std::string& schema = "") {
    httplib::Client client("127.0.0.1", server_->port());
    httplib::Headers auth = {{"Authorization", "Bearer " + kToken}};
    httplib::Result res = method == "GET" ? client.Get(path, auth)
                                          : client.Post(path, auth, "{}", "application/json");
    if (!res) return {0, nullptr};
    if (!schema.empty()) {
      EXPECT_EQ(test::SchemaViolations(schema, res->body), "") << res->body;
    }
    return {res->status, json::parse(res->body, nullptr, false)};
  }

  test::TempDir dir_;
  std::unique_ptr<Database> db_;
  NoStatus status_;
  std::unique_ptr<StoreOptOutService> service_;
  std::unique_ptr<OptOutRoutes> routes_;
  std::unique_ptr<ApiServer> server_;
};

TEST_F(OptOutRoutesTest, ListsPendingReviewsForTheReviewQueue) {
  const int64_t a = Open("ana@acme.example");
  Open("ben@bolt.example");
  ASSERT_TRUE(OptOutReviewStore(*db_).Dismiss(a));
  auto [status, body] = Send("GET", "/v1/optouts?state=pending", "optouts_list.json");
  ASSERT_EQ(status, 200) << body.dump();
  ASSERT_EQ(body["count"], 1);
  EXPECT_EQ(body["optouts"][0]["email"], "ben@bolt.example");
  EXPECT_EQ(body["optouts"][0]["decided_at"], nullptr);
  EXPECT_EQ(Send("GET", "/v1/optouts", "optouts_list.json").second["count"], 2);
}

TEST_F(OptOutRoutesTest, AnUnknownStateIsABadRequestNamingTheValues) {
  auto [status, body] = Send("GET", "/v1/optouts?state=maybe", "error.json");
  EXPECT_EQ(status, 400);
  EXPECT_NE(body["error"]["message"].get<std::string>().find("pending"), std::string::npos);
}

TEST_F(OptOutRoutesTest, ShowsOneReview) {
  const int64_t id = Open("ana@acme.example");
  auto [status, body] = Send("GET", "/v1/optouts/" + std::to_string(id), "optout.json");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(body["message_id"], "<reply@acme.example>");
  EXPECT_EQ(Send("GET", "/v1/optouts/77", "error.json").first, 404);
}

TEST_F(OptOutRoutesTest, ConfirmSuppressesAndASecondDecisionIsAConflict) {
  const int64_t id = Open("ana@acme.example");
  auto [status, body] =
      Send("POST", "/v1/optouts/" + std::to_string(id) + "/confirm", "optout_decision.json");
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["optout"]["state"], "confirmed");
  EXPECT_TRUE(body["optout"]["suppression_id"].is_number_integer());
  auto [again, error] =
      Send("POST", "/v1/optouts/" + std::to_string(id) + "/dismiss", "error.json");
  EXPECT_EQ(again, 409);
  EXPECT_EQ(error["error"]["code"], "conflict");
}

TEST_F(OptOutRoutesTest, DismissReleasesTheAddress) {
  const int64_t id = Open("ana@acme.example");
  auto [status, body] =
      Send("POST", "/v1/optouts/" + std::to_string(id) + "/dismiss", "optout_decision.json");
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["optout"]["state"], "dismissed");
  EXPECT_FALSE(*OptOutReviewStore(*db_).Pending("ana@acme.example"));
}

TEST_F(OptOutRoutesTest, AnIdThatIsNotANumberIsABadRequest) {
  EXPECT_EQ(Send("POST", "/v1/optouts/abc/confirm", "error.json").first, 400);
}

}  // namespace
}  // namespace draftbox
