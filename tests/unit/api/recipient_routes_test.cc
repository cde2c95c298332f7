// /v1/recipients/import (sync and "async": true) and /v1/imports/{id} over a real loopback
// socket, served by the daemon's own StoreRecipientService on a real SQLite file in a temp dir.
// Every answer is checked against its schema in shared/api/.
#include "api/recipient_routes.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "api/api_server.h"
#include "api/status_service.h"
#include "app/store_recipient_service.h"
#include "store/database.h"
#include "support/temp_dir.h"
#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

using nlohmann::json;

const std::string kToken(64, 'd');

class NoStatus : public StatusService {
 public:
  Result<DaemonStatus> GetStatus() override { return Fail(ErrorCode::kInternal, "not used"); }
};

// A CSV of `rows` people at `domain`; every 1000th row from the 500th has a bad address
// (refused) and the last row repeats the first in upper case (merged), so the counts have every
// kind of number in them.
std::string PeopleCsv(int rows, const std::string& domain) {
  std::string csv = "email,name,company\n";
  for (int i = 1; i <= rows; ++i) {
    const std::string email = i % 1000 == 500 ? "bad" + std::to_string(i)
                              : i == rows     ? "PERSON1@" + domain
                                              : "person" + std::to_string(i) + "@" + domain;
    csv += email + ",Person " + std::to_string(i) + ",Acme\n";
  }
  return csv;
}

RecipientImportRequest CsvRequest(std::string text) {
  RecipientImportRequest request;
  request.format = "csv";
  request.recipients_text = std::move(text);
  return request;
}

json ImportBody(const std::string& csv, bool async) {
  return {{"format", "csv"},
          {"recipients_file", "people.csv"},
          {"recipients_text", csv},
          {"async", async}};
}

// Lets a test hold the service's after_import callback (and so a background import in the
// "running" state) until it says go.
class Gate {
 public:
  void Close() {
    std::lock_guard lock(mu_);
    open_ = false;
  }
  void Open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  void Pass() {
    std::unique_lock lock(mu_);
    ++passes_;
    cv_.wait(lock, [this] { return open_; });
  }
  int passes() {
    std::lock_guard lock(mu_);
    return passes_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = true;
  int passes_ = 0;
};

// The import part of the daemon: an API server over one database; a test may make several.
struct ImportServer {
  explicit ImportServer(const std::filesystem::path& db_file,
                        std::function<void()> after_import = {}) {
    db = std::move(Database::Open(db_file).value());
    service = std::make_unique<StoreRecipientService>(*db, std::move(after_import));
    routes = std::make_unique<RecipientRoutes>(*service);
    server = std::make_unique<ApiServer>(
        ApiServerOptions{.host = "127.0.0.1", .port = 0, .token = kToken, .threads = 4}, status);
    server->AddRoutes([this](httplib::Server& s) { routes->Install(s); });
    started = server->Start();
  }
  ~ImportServer() {
    server->Stop();
    service->Stop();
  }

  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", server->port());
    client.set_read_timeout(std::chrono::seconds(60));
    return client;
  }

  NoStatus status;
  std::unique_ptr<Database> db;
  std::unique_ptr<StoreRecipientService> service;
  std::unique_ptr<RecipientRoutes> routes;
  std::unique_ptr<ApiServer> server;
  Status started;
};

class RecipientRoutesTest : public testing::Test {
 protected:
  void SetUp() override {
    daemon_ = std::make_unique<ImportServer>(dir_.path() / "a.db", [this] { gate_.Pass(); });
    ASSERT_TRUE(daemon_->started) << daemon_->started.error().ToString();
  }

  httplib::Headers Auth() const { return {{"Authorization", "Bearer " + kToken}}; }

  httplib::Result Post(ImportServer& d, const json& body) {
    return d.Client().Post("/v1/recipients/import", Auth(), body.dump(), "application/json");
  }

  httplib::Result GetImport(ImportServer& d, const std::string& id) {
    return d.Client().Get("/v1/imports/" + id, Auth());
  }

  // Polls the import until it is no longer running; `seen` gets every `done` read on the way.
  json WaitUntilDone(ImportServer& d, int64_t id, std::vector<int64_t>* seen = nullptr,
                     bool check_schema = true) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    while (std::chrono::steady_clock::now() < deadline) {
      httplib::Result res = GetImport(d, std::to_string(id));
      if (!res || res->status != 200) {
        ADD_FAILURE() << "GET /v1/imports/" << id << ": " << (res ? res->body : "no answer");
        return json();
      }
      json job = json::parse(res->body);
      if (seen != nullptr) seen->push_back(job["done"].get<int64_t>());
      if (job["state"] == "running") {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        continue;
      }
      if (check_schema) {
        EXPECT_EQ(test::SchemaViolations("recipients_import_job.json", res->body), "") << res->body;
      }
      return job;
    }
    ADD_FAILURE() << "import " << id << " still running after 90 s";
    return json();
  }

  test::TempDir dir_{"recipient-routes"};
  Gate gate_;
  std::unique_ptr<ImportServer> daemon_;
};

TEST_F(RecipientRoutesTest, AsyncImportAnswers202AndFinishesWithTheCountsOfASyncImport) {
  const std::string csv = PeopleCsv(20000, "example.com");
  httplib::Result started = Post(*daemon_, ImportBody(csv, true));
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, 202) << started->body;
  EXPECT_EQ(test::SchemaViolations("recipients_import_job.json", started->body), "");
  const json job = json::parse(started->body);
  EXPECT_EQ(job["state"], "running");
  EXPECT_EQ(job["done"], 0);
  EXPECT_EQ(job["total"], 19979);  // 20 bad addresses, one merged row
  EXPECT_TRUE(job["result"].is_null());

  std::vector<int64_t> seen;
  const json finished = WaitUntilDone(*daemon_, job["import_id"].get<int64_t>(), &seen);
  ASSERT_EQ(finished["state"], "finished") << finished.dump();
  EXPECT_EQ(finished["done"], finished["total"]);
  EXPECT_EQ(finished["error"], "");
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_LE(seen[i - 1], seen[i]) << "at poll " << i;

  ImportServer other(dir_.path() / "b.db");
  ASSERT_TRUE(other.started);
  httplib::Result sync = Post(other, ImportBody(csv, false));
  ASSERT_TRUE(sync);
  ASSERT_EQ(sync->status, 200) << sync->body;
  EXPECT_EQ(finished["result"], json::parse(sync->body));
  EXPECT_EQ(finished["result"]["imported"], 19979);
  EXPECT_EQ(finished["result"]["merged"], 1);
  EXPECT_EQ(finished["result"]["errors"].size(), 20u);
  EXPECT_EQ(gate_.passes(), 1);  // campaign triggers are asked for, as after a sync import
}

TEST_F(RecipientRoutesTest, ProgressIsReportedAfterEachCommittedBatch) {
  // The store pauses inside its second batch, so the first batch's progress is certain to be
  // seen while the import runs.
  Gate paused;
  paused.Close();
  daemon_->db->WithConnection([&paused](sqlite3* db) {
    auto pause = [](sqlite3_context* context, int, sqlite3_value**) {
      static_cast<Gate*>(sqlite3_user_data(context))->Pass();
      sqlite3_result_null(context);
    };
    ASSERT_EQ(
        sqlite3_create_function(db, "test_pause", 0, SQLITE_UTF8, &paused, pause, nullptr, nullptr),
        SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TEMP TRIGGER pause AFTER INSERT ON recipients "
                           "WHEN NEW.email = 'person7001@example.com' "
                           "BEGIN SELECT test_pause(); END;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
  });
  httplib::Result started = Post(*daemon_, ImportBody(PeopleCsv(12000, "example.com"), true));
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, 202) << started->body;
  const int64_t id = json::parse(started->body)["import_id"].get<int64_t>();

  json job;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (paused.passes() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  httplib::Result mid = GetImport(*daemon_, std::to_string(id));
  paused.Open();
  ASSERT_TRUE(mid);
  EXPECT_EQ(test::SchemaViolations("recipients_import_job.json", mid->body), "");
  job = json::parse(mid->body);
  EXPECT_EQ(job["state"], "running");
  EXPECT_EQ(job["done"], 5000);
  EXPECT_EQ(job["total"], 11987);
  EXPECT_EQ(WaitUntilDone(*daemon_, id)["done"], 11987);
}

TEST_F(RecipientRoutesTest, MalformedAsyncRequestFailsAtOnceWithoutStartingAnImport) {
  json xml = ImportBody("email\na@b.de\n", true);
  xml["format"] = "xml";
  json not_bool = ImportBody("email\na@b.de\n", true);
  not_bool["async"] = "yes";
  json no_text = {{"format", "csv"}, {"async", true}};
  for (const json& body : {xml, not_bool, no_text}) {
    httplib::Result res = Post(*daemon_, body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body.dump();
    EXPECT_EQ(test::SchemaViolations("error.json", res->body), "");
  }
  httplib::Result res = GetImport(*daemon_, "1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);  // none of them made an import
}

TEST_F(RecipientRoutesTest, UnknownImportIdIs404AndANonNumberIs400) {
  httplib::Result unknown = GetImport(*daemon_, "7");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(test::SchemaViolations("error.json", unknown->body), "");
  EXPECT_EQ(json::parse(unknown->body)["error"]["code"], "not_found");
  httplib::Result word = GetImport(*daemon_, "latest");
  ASSERT_TRUE(word);
  EXPECT_EQ(word->status, 400);
}

TEST_F(RecipientRoutesTest, SecondAsyncImportWhileOneRunsIs409AndAcceptedAfterwards) {
  gate_.Close();  // the first import stays "running" in its after_import call
  httplib::Result first = Post(*daemon_, ImportBody(PeopleCsv(50, "a.example"), true));
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 202) << first->body;
  const int64_t id = json::parse(first->body)["import_id"].get<int64_t>();

  httplib::Result second = Post(*daemon_, ImportBody(PeopleCsv(50, "b.example"), true));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 409);
  EXPECT_EQ(test::SchemaViolations("error.json", second->body), "");
  EXPECT_NE(json::parse(second->body)["error"]["message"].get<std::string>().find(
                "import " + std::to_string(id) + " is still running"),
            std::string::npos)
      << second->body;

  gate_.Open();
  EXPECT_EQ(WaitUntilDone(*daemon_, id)["state"], "finished");
  httplib::Result third = Post(*daemon_, ImportBody(PeopleCsv(50, "b.example"), true));
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 202) << third->body;
  EXPECT_EQ(WaitUntilDone(*daemon_, id + 1)["result"]["imported"], 49);
}

TEST_F(RecipientRoutesTest, RemembersOnlyTheLastImports) {
  const int64_t count = static_cast<int64_t>(StoreRecipientService::kKeptImports) + 1;
  for (int64_t i = 1; i <= count; ++i) {
    httplib::Result res =
        Post(*daemon_, ImportBody("email\np" + std::to_string(i) + "@x.de\n", true));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 202) << res->body;
    ASSERT_EQ(WaitUntilDone(*daemon_, i, nullptr, false)["state"], "finished");
  }
  httplib::Result oldest = GetImport(*daemon_, "1");
  ASSERT_TRUE(oldest);
  EXPECT_EQ(oldest->status, 404);
  httplib::Result second = GetImport(*daemon_, "2");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
}

TEST_F(RecipientRoutesTest, ImportThatTheStoreRefusesMidwayEndsFailedWithItsError) {
  // The second batch of 5000 hits a database error; the first stays stored.
  daemon_->db->WithConnection([](sqlite3* db) {
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TRIGGER refuse BEFORE INSERT ON recipients "
                           "WHEN (SELECT count(*) FROM recipients) >= 5000 "
                           "BEGIN SELECT RAISE(ABORT, 'disk quota exceeded'); END;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
  });
  httplib::Result started = Post(*daemon_, ImportBody(PeopleCsv(8000, "example.com"), true));
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, 202) << started->body;
  const json job = WaitUntilDone(*daemon_, json::parse(started->body)["import_id"].get<int64_t>());
  EXPECT_EQ(job["state"], "failed");
  EXPECT_NE(job["error"].get<std::string>().find("disk quota exceeded"), std::string::npos)
      << job.dump();
  EXPECT_EQ(job["done"], 5000);
  EXPECT_TRUE(job["result"].is_null());
  EXPECT_EQ(gate_.passes(), 0);
}

TEST_F(RecipientRoutesTest, StopWaitsForTheRunningImportToFinish) {
  Result<RecipientImportJob> job =
      daemon_->service->StartImport(CsvRequest(PeopleCsv(12000, "example.com")));
  ASSERT_TRUE(job) << job.error().ToString();
  daemon_->service->Stop();
  Result<RecipientImportJob> after = daemon_->service->GetImport(job->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->state, "finished");
  EXPECT_EQ(after->done, after->total);
  Result<RecipientImportJob> refused = daemon_->service->StartImport(CsvRequest("email\na@b.de\n"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
}

TEST_F(RecipientRoutesTest, SyncImportStillAnswers200WithTheImportResult) {
  httplib::Result res = Post(*daemon_, ImportBody(PeopleCsv(10, "example.com"), false));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(test::SchemaViolations("recipients_import_response.json", res->body), "");
  EXPECT_EQ(json::parse(res->body)["imported"], 9);
}

}  // namespace
}  // namespace draftbox
