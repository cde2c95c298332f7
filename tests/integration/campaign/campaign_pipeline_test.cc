// The draft pipeline end to end through the real daemon and a real Dovecot: the sample
// recipients and do-not-contact list, the sample campaign, dry run, run, re-run, drafts as they
// sit in Drafts, regenerate and reject.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "integration/campaign/campaign_fixture.h"
#include "mail/draft_message.h"
#include "unit/api/schema_check.h"

namespace draftbox {
namespace {

using nlohmann::json;

std::string ReadSample(const std::string& name) {
  const char* root = std::getenv("DRAFTBOX_SOURCE_DIR");
  std::ifstream in(std::string(root != nullptr ? root : ".") + "/shared/samples/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// How many events of `type` the daemon's database holds (read with a plain connection).
int CountEvents(const std::filesystem::path& db_file, const std::string& type) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM events WHERE type = ?1", -1, &stmt, nullptr);
  sqlite3_bind_text(stmt, 1, type.c_str(), -1, SQLITE_TRANSIENT);
  int count = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return count;
}

class CampaignPipelineTest : public test::CampaignFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(test::CampaignFixture::SetUp());
    ASSERT_NO_FATAL_FAILURE(Import(ReadSample("recipients.csv"), ReadSample("activities.csv")));
    test::ApiAnswer suppressed =
        Call("POST", "/v1/suppressions/import", {{"text", ReadSample("suppressions.csv")}});
    ASSERT_EQ(suppressed.status, 200) << suppressed.body.dump();
    campaign_ = CreateCampaign(ReadSample("campaign.toml"));
    ASSERT_NE(campaign_, 0);
  }

  // The run's items by email.
  static std::map<std::string, json> ItemsByEmail(const json& run) {
    std::map<std::string, json> out;
    for (const json& item : run["items"]) out[item["email"]] = item;
    return out;
  }

  // The end of the operation `queued` (a 202 answer), through long polls of
  // GET /v1/operations/{id}; its last state if it has not ended within a minute.
  json Outcome(const json& queued) {
    json op = queued;
    for (int poll = 0; poll < 6 && (op["state"] == "pending" || op["state"] == "running"); ++poll) {
      test::ApiAnswer answer =
          Call("GET", "/v1/operations/" + std::to_string(queued["id"].get<int64_t>()) + "?wait=10");
      EXPECT_EQ(answer.status, 200) << answer.body.dump();
      op = answer.body;
    }
    return op;
  }

  // Runs the campaign and returns "/v1/drafts/{id}" of its first placed draft; "" (and a
  // failure) when the run placed none.
  std::string FirstPlacedDraftPath() {
    EXPECT_EQ(RunToEnd(campaign_)["state"], "finished");
    std::vector<json> drafts = Drafts(campaign_, "placed");
    EXPECT_FALSE(drafts.empty());
    if (drafts.empty()) return "";
    return "/v1/drafts/" + std::to_string(drafts.front()["id"].get<int64_t>());
  }

  int64_t campaign_ = 0;
};

TEST_F(CampaignPipelineTest, DryRunListsDraftsAndSkipsWithoutTouchingTheMailbox) {
  json run = RunToEnd(campaign_, /*dry_run=*/true);
  ASSERT_EQ(run["state"], "finished") << run.dump();
  EXPECT_EQ(test::SchemaViolations("run.json", run.dump()), "");
  EXPECT_EQ(run["dry_run"], true);
  const json& counts = run["counts"];
  EXPECT_EQ(counts["targets"], 16);
  EXPECT_EQ(counts["placed"], 0);
  EXPECT_EQ(counts["skip_reasons"]["suppressed"], 4) << counts.dump();
  EXPECT_EQ(counts["would_draft"].get<int>() + counts["skipped"].get<int>() +
                counts["needs_attention"].get<int>(),
            16);
  std::map<std::string, json> items = ItemsByEmail(run);
  EXPECT_EQ(items.size(), 16u);
  EXPECT_EQ(items["lli7@hikarihealth.jp"]["outcome"], "skipped");
  EXPECT_NE(items["lli7@hikarihealth.jp"]["reason"].get<std::string>().find("hikarihealth.jp"),
            std::string::npos);
  EXPECT_EQ(items["dubois84@sonnenfeld-logistik.de"]["outcome"], "skipped");
  EXPECT_NE(items["dubois84@sonnenfeld-logistik.de"]["reason"].get<std::string>().find("consent"),
            std::string::npos);
  for (const auto& [email, item] : items) {
    if (item["outcome"] == "would_draft") {
      EXPECT_FALSE(item["subject"].get<std::string>().empty()) << email;
    }
  }
  EXPECT_TRUE(DraftsFolder().empty());
  EXPECT_EQ(Call("GET", "/v1/drafts").body["total"], 0);
}

// A run that reads as ended has let go of the worker: the next run starts at once instead of
// being refused as a conflict. (The run's row is final a moment before its thread ends.)
TEST_F(CampaignPipelineTest, ARunStartedTheMomentThePreviousReadsAsEndedIsAccepted) {
  for (int i = 0; i < 25; ++i) {
    int64_t run_id = StartRun(campaign_, /*dry_run=*/true);
    ASSERT_NE(run_id, 0) << "run " << i;
    json run;
    do {
      test::ApiAnswer answer = Call("GET", "/v1/runs/" + std::to_string(run_id));
      ASSERT_EQ(answer.status, 200) << answer.body.dump();
      run = answer.body;
    } while (run["state"] == "running");
    ASSERT_EQ(run["state"], "finished") << run.dump();
    EXPECT_FALSE(run["finished_at"].is_null()) << run.dump();
  }
}

TEST_F(CampaignPipelineTest, RunPlacesOneDraftPerEligibleRecipientAndARerunAddsNone) {
  json run = RunToEnd(campaign_);
  ASSERT_EQ(run["state"], "finished") << run.dump();
  const int placed = run["counts"]["placed"].get<int>();
  EXPECT_GE(placed, 10);
  EXPECT_EQ(run["counts"]["skipped"], 4);
  // Only the outcomes that need a look are listed for a real run.
  for (const json& item : run["items"]) EXPECT_NE(item["outcome"], "placed");

  std::vector<test::StoredMessage> folder = DraftsFolder();
  ASSERT_EQ(folder.size(), static_cast<size_t>(placed));
  std::vector<json> drafts = Drafts(campaign_, "placed");
  ASSERT_EQ(drafts.size(), static_cast<size_t>(placed));
  std::map<std::string, json> by_id;
  for (const json& d : drafts) by_id[std::to_string(d["id"].get<int64_t>())] = d;
  std::set<std::string> recipients;
  for (const test::StoredMessage& m : folder) {
    ASSERT_TRUE(by_id.contains(m.draftbox_id)) << m.draftbox_id;
    const json& d = by_id[m.draftbox_id];
    EXPECT_EQ(m.message_id, d["message_id"]);
    EXPECT_EQ(d["imap"]["uid"], m.uid);
    EXPECT_NE(std::find(m.flags.begin(), m.flags.end(), "\\Draft"), m.flags.end());
    EXPECT_NE(std::find(m.flags.begin(), m.flags.end(), "\\Seen"), m.flags.end());
    recipients.insert(d["to"]);
  }
  EXPECT_EQ(recipients.size(), static_cast<size_t>(placed)) << "a recipient got two drafts";
  EXPECT_FALSE(recipients.contains("lli7@hikarihealth.jp"));
  EXPECT_EQ(Drafts(campaign_, "skipped").size(), 4u);

  json again = RunToEnd(campaign_);
  ASSERT_EQ(again["state"], "finished") << again.dump();
  EXPECT_EQ(again["counts"]["placed"], 0);
  EXPECT_EQ(again["counts"]["already_drafted"], placed);
  EXPECT_EQ(DraftsFolder().size(), static_cast<size_t>(placed));
}

TEST_F(CampaignPipelineTest, PlacedDraftIsAWellFormedMessageThatNoFieldCanAddAHeaderTo) {
  json run = RunToEnd(campaign_);
  ASSERT_EQ(run["state"], "finished") << run.dump();
  std::vector<json> drafts = Drafts(campaign_, "placed");
  // The sample's "Eve\nBcc: victim@example.net" name tries to add a header.
  auto hostile = std::find_if(drafts.begin(), drafts.end(), [](const json& d) {
    return d["to"] == "dubois10@kestrelrobotics.io";
  });
  ASSERT_NE(hostile, drafts.end());
  json draft = Call("GET", "/v1/drafts/" + std::to_string((*hostile)["id"].get<int64_t>())).body;
  EXPECT_EQ(test::SchemaViolations("draft.json", draft.dump()), "");
  Result<std::string> raw =
      dovecot_->Fetch(dovecot_->user(), "Drafts", draft["imap"]["uid"].get<uint32_t>());
  ASSERT_TRUE(raw) << raw.error().ToString();
  EXPECT_EQ(raw->find("\r\nBcc:"), std::string::npos) << *raw;
  EXPECT_FALSE(raw->starts_with("Bcc:"));
  EXPECT_EQ(HeaderValue(*raw, "Subject"), draft["subject"].get<std::string>());
  EXPECT_EQ(HeaderValue(*raw, "Message-ID"), draft["message_id"].get<std::string>());
  EXPECT_EQ(HeaderValue(*raw, "X-Draftbox-Id"), std::to_string(draft["id"].get<int64_t>()));
  std::optional<std::string> to = HeaderValue(*raw, "To");
  ASSERT_TRUE(to);
  EXPECT_NE(to->find("<dubois10@kestrelrobotics.io>"), std::string::npos) << *to;
  EXPECT_NE(HeaderValue(*raw, "From").value_or("").find(dovecot_->user()), std::string::npos);
  EXPECT_TRUE(HeaderValue(*raw, "Date").has_value());
  EXPECT_NE(HeaderValue(*raw, "Content-Type").value_or("").find("text/plain"), std::string::npos);
  // The body carries the signature and the facts the draft says it used.
  EXPECT_NE(draft["body"].get<std::string>().find("Account Executive"), std::string::npos);
  ASSERT_FALSE(draft["facts_used"].empty());
  for (const json& fact : draft["facts_used"]) {
    EXPECT_NE(draft["body"].get<std::string>().find(fact["text"].get<std::string>()),
              std::string::npos)
        << fact.dump();
  }
  EXPECT_EQ(draft["recipient"]["email"], "dubois10@kestrelrobotics.io");
  EXPECT_EQ(draft["recipient"]["company"], "Kestrel Robotics");
}

TEST_F(CampaignPipelineTest, RegenerateAppendsTheNewDraftThenRemovesTheOld) {
  ASSERT_EQ(RunToEnd(campaign_)["state"], "finished");
  std::vector<json> drafts = Drafts(campaign_, "placed");
  ASSERT_FALSE(drafts.empty());
  const int64_t old_id = drafts.front()["id"];
  const size_t before = DraftsFolder().size();

  test::ApiAnswer queued = Call("POST", "/v1/drafts/" + std::to_string(old_id) + "/regenerate",
                                {{"instruction", "shorter, please"}});
  ASSERT_EQ(queued.status, 202) << queued.body.dump();
  EXPECT_EQ(test::SchemaViolations("operation.json", queued.body.dump()), "");
  EXPECT_EQ(queued.body["kind"], "regenerate");
  json op = Outcome(queued.body);
  ASSERT_EQ(op["state"], "done") << op.dump();
  EXPECT_EQ(test::SchemaViolations("operation.json", op.dump()), "");
  EXPECT_EQ(op["result"]["old_removed"], true);
  EXPECT_EQ(op["result"]["instruction_note"], "");  // "please" is no request of its own
  const json& fresh = op["result"]["draft"];
  EXPECT_EQ(test::SchemaViolations("draft.json", fresh.dump()), "");
  EXPECT_EQ(fresh["state"], "placed");
  EXPECT_EQ(fresh["supersedes"], old_id);
  EXPECT_EQ(fresh["instruction"], "shorter, please");
  const int64_t new_id = fresh["id"];

  json old_draft = Call("GET", "/v1/drafts/" + std::to_string(old_id)).body;
  EXPECT_EQ(old_draft["state"], "regenerated");
  EXPECT_FALSE(old_draft["removed_at"].is_null());
  std::set<std::string> ids;
  for (const test::StoredMessage& m : DraftsFolder()) ids.insert(m.draftbox_id);
  EXPECT_EQ(ids.size(), before);
  EXPECT_TRUE(ids.contains(std::to_string(new_id)));
  EXPECT_FALSE(ids.contains(std::to_string(old_id)));

  // Only a draft waiting in Drafts can be regenerated.
  test::ApiAnswer twice =
      Call("POST", "/v1/drafts/" + std::to_string(old_id) + "/regenerate", json::object());
  EXPECT_EQ(twice.status, 409) << twice.body.dump();
}

// For an open compose window: a new text comes back, nothing in Drafts moves, and the stored
// draft takes that text, so a send of it unchanged measures no edit.
TEST_F(CampaignPipelineTest, RegenerateWithoutPlacingStoresTheTextTheWindowGets) {
  ASSERT_EQ(RunToEnd(campaign_)["state"], "finished");
  std::vector<json> drafts = Drafts(campaign_, "placed");
  ASSERT_FALSE(drafts.empty());
  const int64_t id = drafts.front()["id"];
  const size_t before = DraftsFolder().size();
  test::ApiAnswer queued = Call("POST", "/v1/drafts/" + std::to_string(id) + "/regenerate",
                                {{"instruction", "shorter"}, {"place", false}});
  ASSERT_EQ(queued.status, 202) << queued.body.dump();
  EXPECT_EQ(queued.body["kind"], "compose");
  json op = Outcome(queued.body);
  ASSERT_EQ(op["state"], "done") << op.dump();
  EXPECT_EQ(test::SchemaViolations("operation.json", op.dump()), "");
  EXPECT_EQ(op["result"]["draft_id"], id);
  const std::string body = op["result"]["body"];
  EXPECT_FALSE(body.empty());
  json stored = Call("GET", "/v1/drafts/" + std::to_string(id)).body;
  EXPECT_EQ(stored["state"], "placed");
  EXPECT_EQ(stored["body"], body);
  EXPECT_EQ(stored["subject"], op["result"]["subject"]);
  EXPECT_EQ(stored["facts_used"], op["result"]["facts_used"]);
  EXPECT_EQ(stored["instruction"], "shorter");
  EXPECT_EQ(DraftsFolder().size(), before);
  EXPECT_EQ(CountEvents(daemon_->data_dir() / "draftbox.db", "draft_revised"), 1);

  test::ApiAnswer sent = Call("POST", "/v1/drafts/" + std::to_string(id) + "/sent",
                              {{"message_id", "<sent-unchanged@example.com>"},
                               {"final_text", body},
                               {"subject", op["result"]["subject"]}});
  ASSERT_EQ(sent.status, 200) << sent.body.dump();
  json edits = Call("GET", "/v1/events?type=draft_edit_signal").body;
  ASSERT_EQ(edits["events"].size(), 1u) << edits.dump();
  EXPECT_EQ(edits["events"][0]["payload"]["words_changed"], 0) << edits.dump();
}

// The panel's Restore after a Regenerate in a window: the daemon's stored text goes back to the
// first one too, so a send of it unchanged measures no edit (not an edit against the new text).
TEST_F(CampaignPipelineTest, RestoringTheTextStoresItAgainSoTheSendIsMeasuredAgainstIt) {
  const std::string path = FirstPlacedDraftPath();
  ASSERT_FALSE(path.empty());
  json first = Call("GET", path).body;
  json op = Outcome(
      Call("POST", path + "/regenerate", {{"instruction", "shorter"}, {"place", false}}).body);
  ASSERT_EQ(op["state"], "done") << op.dump();
  ASSERT_NE(op["result"]["body"], first["body"]);

  test::ApiAnswer restored =
      Call("POST", path + "/text", {{"subject", first["subject"]}, {"body", first["body"]}});
  ASSERT_EQ(restored.status, 200) << restored.body.dump();
  EXPECT_EQ(test::SchemaViolations("draft.json", restored.body.dump()), "");
  json stored = Call("GET", path).body;
  EXPECT_EQ(stored["subject"], first["subject"]);
  EXPECT_EQ(stored["body"], first["body"]);
  EXPECT_EQ(stored["state"], "placed");
  json revised = Call("GET", "/v1/events?type=draft_revised").body;
  ASSERT_EQ(revised["events"].size(), 2u) << revised.dump();
  EXPECT_EQ(revised["events"][1]["payload"]["restored"], true) << revised.dump();

  test::ApiAnswer sent = Call("POST", path + "/sent",
                              {{"message_id", "<sent-restored@example.com>"},
                               {"final_text", first["body"]},
                               {"subject", first["subject"]}});
  ASSERT_EQ(sent.status, 200) << sent.body.dump();
  json edits = Call("GET", "/v1/events?type=draft_edit_signal").body;
  ASSERT_EQ(edits["events"].size(), 1u) << edits.dump();
  EXPECT_EQ(edits["events"][0]["payload"]["words_changed"], 0) << edits.dump();
  // A sent draft's text no longer changes.
  test::ApiAnswer late = Call("POST", path + "/text", {{"subject", "s"}, {"body", "b"}});
  EXPECT_EQ(late.status, 409) << late.body.dump();
  EXPECT_EQ(late.body["error"]["code"], "conflict") << late.body.dump();
}

TEST_F(CampaignPipelineTest, RestoringTextRefusesAnUnknownDraftAndBadBodiesClearly) {
  const std::string path = FirstPlacedDraftPath();
  ASSERT_FALSE(path.empty());
  json before = Call("GET", path).body;

  test::ApiAnswer unknown = Call("POST", "/v1/drafts/999/text", {{"subject", "s"}, {"body", "b"}});
  EXPECT_EQ(unknown.status, 404) << unknown.body.dump();
  EXPECT_EQ(unknown.body["error"]["code"], "not_found") << unknown.body.dump();
  const std::vector<std::pair<json, std::string>> bad = {
      {{{"subject", "s"}}, "subject and body are required"},
      {{{"subject", 1}, {"body", "b"}}, "subject and body must be strings"},
      {{{"subject", "one\r\nBcc: x@example.com"}, {"body", "b"}},
       "subject must be one line without control characters"},
      {{{"subject", std::string(999, 'x')}, {"body", "b"}}, "subject is longer than 998 bytes"},
      {{{"subject", "s"}, {"body", ""}}, "body must not be empty"},
      {{{"subject", "s"}, {"body", std::string(1024 * 1024 + 1, 'x')}},
       "body is longer than 1048576 bytes"},
  };
  for (const auto& [body, message] : bad) {
    test::ApiAnswer refused = Call("POST", path + "/text", body);
    EXPECT_EQ(refused.status, 400) << body.dump().substr(0, 80);
    EXPECT_EQ(refused.body["error"]["message"], message);
  }
  httplib::Client client = daemon_->Client();
  httplib::Result raw =
      client.Post(path + "/text", daemon_->AuthHeaders(),
                  "{\"subject\": \"s\", \"body\": \"J\xF6rg\"}", "application/json");
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 400);
  EXPECT_EQ(json::parse(raw->body)["error"]["message"], "request body is not UTF-8 text");
  json after = Call("GET", path).body;
  EXPECT_EQ(after["body"], before["body"]);
  EXPECT_EQ(after["subject"], before["subject"]);
}

TEST_F(CampaignPipelineTest, AnUnknownOperationIs404AndABadWaitIs400) {
  EXPECT_EQ(Call("GET", "/v1/operations/999").status, 404);
  EXPECT_EQ(Call("GET", "/v1/operations/1?wait=31").status, 400);
  EXPECT_EQ(Call("POST", "/v1/drafts/999/reject", json::object()).status, 404);
}

TEST_F(CampaignPipelineTest, RejectWithSuppressRemovesTheDraftAndSuppressesTheAddress) {
  ASSERT_EQ(RunToEnd(campaign_)["state"], "finished");
  std::vector<json> drafts = Drafts(campaign_, "placed");
  ASSERT_FALSE(drafts.empty());
  const json& target = drafts.front();
  const int64_t id = target["id"];
  const int additions_before =
      CountEvents(daemon_->data_dir() / "draftbox.db", "suppression_addition");

  test::ApiAnswer queued = Call("POST", "/v1/drafts/" + std::to_string(id) + "/reject",
                                {{"reason", "wrong person"}, {"suppress", true}});
  ASSERT_EQ(queued.status, 202) << queued.body.dump();
  json op = Outcome(queued.body);
  ASSERT_EQ(op["state"], "done") << op.dump();
  EXPECT_EQ(test::SchemaViolations("operation.json", op.dump()), "");
  const json& rejected = op["result"]["draft"];
  EXPECT_EQ(rejected["state"], "rejected");
  EXPECT_EQ(rejected["reason"], "wrong person");
  EXPECT_FALSE(rejected["removed_at"].is_null());
  EXPECT_EQ(op["result"]["removed"], true);
  for (const test::StoredMessage& m : DraftsFolder()) {
    EXPECT_NE(m.draftbox_id, std::to_string(id));
  }
  json list = Call("GET", "/v1/suppressions").body;
  auto entry = std::find_if(list["suppressions"].begin(), list["suppressions"].end(),
                            [&](const json& e) { return e["value"] == target["to"]; });
  ASSERT_NE(entry, list["suppressions"].end()) << list.dump();
  EXPECT_EQ((*entry)["source"], "draft:" + std::to_string(id));
  EXPECT_NE((*entry)["reason"].get<std::string>().find("wrong person"), std::string::npos);
  EXPECT_EQ(CountEvents(daemon_->data_dir() / "draftbox.db", "suppression_addition"),
            additions_before + 1);
  EXPECT_EQ(CountEvents(daemon_->data_dir() / "draftbox.db", "draft_rejected"), 1);
}

TEST_F(CampaignPipelineTest, ASecondCampaignSkipsRecipientsWithAnOpenDraft) {
  json first = RunToEnd(campaign_);
  ASSERT_EQ(first["state"], "finished");
  const int placed = first["counts"]["placed"];
  std::string toml = ReadSample("campaign.toml");
  toml.replace(toml.find("name = \""), 8, "name = \"Second: ");
  int64_t second = CreateCampaign(toml);
  json run = RunToEnd(second);
  ASSERT_EQ(run["state"], "finished") << run.dump();
  EXPECT_EQ(run["counts"]["placed"], 0);
  EXPECT_EQ(run["counts"]["skip_reasons"]["open_draft"], placed) << run.dump();
  EXPECT_EQ(DraftsFolder().size(), static_cast<size_t>(placed));
}

TEST_F(CampaignPipelineTest, ABadCampaignFileIsRefusedWithEveryProblem) {
  test::ApiAnswer answer =
      Call("POST", "/v1/campaigns",
           {{"file", "bad.toml"},
            {"toml", "name = \"x\"\nkind = \"newsletter\"\ngoal = \"\"\ndaly_cap = 5\n"}});
  ASSERT_EQ(answer.status, 400) << answer.body.dump();
  const std::string message = answer.body["error"]["message"];
  EXPECT_NE(message.find("bad.toml:2: kind"), std::string::npos) << message;
  EXPECT_NE(message.find("daly_cap"), std::string::npos) << message;
  EXPECT_NE(message.find("cta"), std::string::npos) << message;
}

}  // namespace
}  // namespace draftbox
