// `draftbox campaign create|run|list|show` in-process, against a real HTTP server on a free
// loopback port that plays the daemon of docs/api-campaigns.md. Every canned answer is checked
// against its schema in shared/api/, so the CLI is tested on what the daemon may really send.
#include "cli/campaign_command.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "unit/cli/stand_in_daemon.h"

namespace draftbox {
namespace {

using nlohmann::json;

using test::CliOutcome;
using test::SeenRequest;

class CampaignCommandTest : public test::StandInDaemonTest {
 protected:
  // `draftbox campaign args... --config FILE`, in-process.
  CliOutcome Campaign(std::vector<std::string> args) {
    args.insert(args.begin(), "campaign");
    return RunCommand(std::make_unique<CampaignCommand>(), std::move(args));
  }
};

json SampleSpec() {
  return json::parse(R"({
    "name": "Q4 expansion", "kind": "outreach",
    "goal": "Book a 20-minute call about the team plan",
    "key_message": "Teams that just raised grow their pipeline fastest with clean CRM data",
    "cta": "Would a 20-minute call next week work?", "persona": "default", "language": "auto",
    "daily_cap": 50, "max_open_drafts": 100,
    "target": {"tags": ["q4-funded"], "account_state": ["prospect"],
               "activity_types": ["funding"], "activity_within_days": 60},
    "trigger": {"on_activity": ["funding"], "within_days": 30}
  })");
}

json SampleCampaign() {
  return {{"id", 3},
          {"name", "Q4 expansion"},
          {"kind", "outreach"},
          {"created_at", 1764201600},
          {"spec", SampleSpec()},
          {"drafts", {{"placed", 11}, {"skipped", 4}}}};
}

json Counts(int64_t done, int64_t placed, int64_t would_draft) {
  return {{"targets", 16},
          {"done", done},
          {"placed", placed},
          {"would_draft", would_draft},
          {"skipped", 4},
          {"needs_attention", 1},
          {"already_drafted", 0},
          {"deferred", 0},
          {"composed", placed + would_draft},
          {"composing", 0},
          {"skip_reasons", {{"suppressed", 3}, {"open_draft", 1}}}};
}

json SampleRun(const std::string& state, int64_t done) {
  json run = {{"id", 4},
              {"campaign_id", 3},
              {"dry_run", false},
              {"started_by", ""},
              {"state", state},
              {"started_at", 1764237600},
              {"finished_at", state == "running" ? json(nullptr) : json(1764237660)},
              {"error", ""},
              {"counts", Counts(done, state == "running" ? done / 2 : 11, 0)},
              {"items", json::array()}};
  if (state != "running") {
    run["items"] = json::parse(R"([
      {"recipient_id": 5, "email": "ana@example.com", "outcome": "skipped",
       "reason": "suppressed: unsubscribed", "subject": "", "draft_id": null},
      {"recipient_id": 17, "email": "bo.li@example.org", "outcome": "needs_attention",
       "reason": "grounding: the number 40% is not in the facts", "subject": "",
       "draft_id": 31}
    ])");
  }
  return run;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(CampaignCommandTest, CreateSendsTheFileNameAndTextAndPrintsTheNewCampaign) {
  const std::string toml = "name = \"Q4 expansion\"\nkind = \"outreach\"\n";
  const std::string file = WriteFile("q4.toml", toml);
  Answer("POST /v1/campaigns", 201, SampleCampaign(), "campaign.json");

  CliOutcome created = Campaign({"create", file});
  EXPECT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(created.out, "Created campaign 3: Q4 expansion\n");
  EXPECT_EQ(created.err, "");
  std::vector<SeenRequest> seen = Seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(json::parse(seen[0].body), json({{"file", file}, {"toml", toml}}));
}

TEST_F(CampaignCommandTest, CreateWithJsonPrintsTheCreatedCampaign) {
  const std::string file = WriteFile("q4.toml", "name = \"Q4 expansion\"\n");
  Answer("POST /v1/campaigns", 201, SampleCampaign(), "campaign.json");

  CliOutcome created = Campaign({"create", file, "--json"});
  EXPECT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(json::parse(created.out), SampleCampaign());
}

TEST_F(CampaignCommandTest, CreatePrintsEveryProblemOfABadFileAsTheDaemonWroteThem) {
  const std::string file = WriteFile("q4.toml", "name = \"\"\n");
  const std::string problems =
      "q4.toml:1: name: must not be empty\n"
      "q4.toml: goal: is required\n"
      "q4.toml:7: persona: unknown persona 'sales' (known: default)";
  AnswerError("POST /v1/campaigns", 400, "invalid_argument", problems);

  CliOutcome created = Campaign({"create", file});
  EXPECT_EQ(created.exit_code, 1);
  EXPECT_EQ(created.out, "");
  EXPECT_EQ(created.err, problems + "\n");
}

TEST_F(CampaignCommandTest, CreateNamesAnUnreadableFileWithoutAskingTheDaemon) {
  const std::string missing = (dir_.path() / "nope.toml").string();
  CliOutcome created = Campaign({"create", missing});
  EXPECT_EQ(created.exit_code, 1);
  EXPECT_EQ(created.err, "draftbox: cannot read " + missing + ": no such file or not readable\n");
  EXPECT_TRUE(Seen().empty());
}

TEST_F(CampaignCommandTest, CreateRefusesAFileThatIsNotUtf8NamingTheLine) {
  const std::string file = WriteFile("latin1.toml", "name = \"x\"\ngoal = \"J\xf6rg\"\n");
  CliOutcome created = Campaign({"create", file});
  EXPECT_EQ(created.exit_code, 1);
  EXPECT_EQ(created.err, "draftbox: " + file + ":2: not valid UTF-8 (save the file as UTF-8)\n");
  EXPECT_TRUE(Seen().empty());
}

TEST_F(CampaignCommandTest, RunPollsUntilTheRunEndsAndPrintsTheSummary) {
  Answer("POST /v1/campaigns/3/runs", 202, SampleRun("running", 0), "run.json");
  json composing = SampleRun("running", 5);
  composing["counts"]["composing"] = 4;
  Answer("GET /v1/runs/4", 200, composing, "run.json");
  Answer("GET /v1/runs/4", 200, SampleRun("running", 12), "run.json");
  Answer("GET /v1/runs/4", 200, SampleRun("finished", 16), "run.json");

  CliOutcome run = Campaign({"run", "3"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "Run 4 finished: 11 placed, 4 skipped (suppressed 3, open draft 1), 1 needs "
            "attention, 0 already drafted, 0 deferred\n"
            "  skipped          ana@example.com    suppressed: unsubscribed\n"
            "  needs attention  bo.li@example.org  grounding: the number 40% is not in the "
            "facts\n");
  // Not a terminal: no bar, but a plain progress line (the next one waits some seconds).
  EXPECT_TRUE(run.err.starts_with("run 4: 5/16 done, 2 composed, 2 placed, 1 held, 4 composing\n"))
      << run.err;
  EXPECT_EQ(run.err.find('\r'), std::string::npos);
  std::vector<SeenRequest> seen = Seen();
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(json::parse(seen[0].body), json({{"dry_run", false}}));
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].method + " " + seen[i].path, "GET /v1/runs/4") << i;
  }
}

TEST_F(CampaignCommandTest, DryRunSendsTheLimitAndListsEveryWouldBeDraft) {
  json running = SampleRun("running", 0);
  running["dry_run"] = true;
  json finished = SampleRun("finished", 16);
  finished["dry_run"] = true;
  finished["counts"] = Counts(16, 0, 2);
  finished["counts"]["skip_reasons"] = {{"suppressed", 3}, {"open_draft", 1}};
  finished["items"] = json::parse(R"([
    {"recipient_id": 1, "email": "ana@example.com", "outcome": "would_draft", "reason": "",
     "subject": "Congrats on the Series A, Ana", "draft_id": null},
    {"recipient_id": 2, "email": "cy@example.de", "outcome": "would_draft", "reason": "",
     "subject": "Glückwunsch zur Finanzierung", "draft_id": null},
    {"recipient_id": 3, "email": "dee@example.com", "outcome": "skipped",
     "reason": "open draft 12", "draft_id": null, "subject": ""}
  ])");
  Answer("POST /v1/campaigns/3/runs", 202, running, "run.json");
  Answer("GET /v1/runs/4", 200, finished, "run.json");

  CliOutcome run = Campaign({"run", "3", "--dry-run", "--limit", "2"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "Dry run: nothing was written to the mailbox\n"
            "Run 4 finished: 2 would draft, 4 skipped (suppressed 3, open draft 1), 1 needs "
            "attention, 0 already drafted, 0 deferred\n"
            "  would draft      ana@example.com  Congrats on the Series A, Ana\n"
            "  would draft      cy@example.de    Glückwunsch zur Finanzierung\n"
            "  skipped          dee@example.com  open draft 12\n");
  std::vector<SeenRequest> seen = Seen();
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(json::parse(seen[0].body), json({{"dry_run", true}, {"limit", 2}}));
}

TEST_F(CampaignCommandTest, FailedRunExitsOneWithItsError) {
  json failed = SampleRun("failed", 7);
  failed["error"] = "mailbox unreachable: connection refused by 127.0.0.1:1143";
  Answer("POST /v1/campaigns/3/runs", 202, SampleRun("running", 0), "run.json");
  Answer("GET /v1/runs/4", 200, failed, "run.json");

  CliOutcome run = Campaign({"run", "3"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(run.out.starts_with("Run 4 failed: 11 placed,")) << run.out;
  EXPECT_EQ(run.err,
            "draftbox: run 4 failed: mailbox unreachable: connection refused by "
            "127.0.0.1:1143\n");
}

TEST_F(CampaignCommandTest, InterruptedRunExitsOne) {
  json interrupted = SampleRun("interrupted", 7);
  interrupted["error"] = "the daemon shut down";
  Answer("POST /v1/campaigns/3/runs", 202, SampleRun("running", 0), "run.json");
  Answer("GET /v1/runs/4", 200, interrupted, "run.json");

  CliOutcome run = Campaign({"run", "3", "--json"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(json::parse(run.out), interrupted);
  EXPECT_EQ(run.err, "draftbox: run 4 interrupted: the daemon shut down\n");
}

TEST_F(CampaignCommandTest, FinishedRunThatStoppedEarlySaysWhy) {
  json capped = SampleRun("finished", 16);
  capped["error"] = "daily cap of 50 drafts reached";
  capped["counts"]["deferred"] = 3;
  Answer("POST /v1/campaigns/3/runs", 202, capped, "run.json");

  CliOutcome run = Campaign({"run", "3"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, ", 3 deferred\nStopped early: daily cap of 50 drafts reached\n"))
      << run.out;
  EXPECT_EQ(Seen().size(), 1u);  // already finished: nothing to poll
}

TEST_F(CampaignCommandTest, RunWithJsonPrintsTheFinalRun) {
  Answer("POST /v1/campaigns/3/runs", 202, SampleRun("running", 0), "run.json");
  Answer("GET /v1/runs/4", 200, SampleRun("running", 9), "run.json");
  Answer("GET /v1/runs/4", 200, SampleRun("finished", 16), "run.json");

  CliOutcome run = Campaign({"run", "3", "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json::parse(run.out), SampleRun("finished", 16));
  EXPECT_EQ(test::SchemaViolations("run.json", run.out), "");
}

TEST_F(CampaignCommandTest, RunWhileAnotherIsGoingExitsOneWithTheDaemonsMessage) {
  AnswerError("POST /v1/campaigns/3/runs", 409, "conflict",
              "campaign 3 already has a run going (run 4)");
  CliOutcome run = Campaign({"run", "3"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "draftbox: campaign 3 already has a run going (run 4)\n");
}

TEST_F(CampaignCommandTest, LosingTheDaemonWhilePollingSaysTheRunGoesOn) {
  Answer("POST /v1/campaigns/3/runs", 202, SampleRun("running", 0), "run.json");
  AnswerError("GET /v1/runs/4", 503, "unavailable", "the daemon is shutting down");
  CliOutcome run = Campaign({"run", "3"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err,
            "draftbox: the daemon is shutting down (run 4 goes on in the daemon; see 'draftbox "
            "campaign show 3')\n");
}

TEST_F(CampaignCommandTest, LimitMustBeAPositiveInteger) {
  for (const char* bad : {"0", "-3", "two", "1.5"}) {
    CliOutcome run = Campaign({"run", "3", "--limit", bad});
    EXPECT_EQ(run.exit_code, 2) << bad;
    EXPECT_TRUE(run.err.starts_with("draftbox: ")) << run.err;
    EXPECT_TRUE(
        Contains(run.err, std::string("--limit: must be a positive integer (got '") + bad + "')"))
        << bad << ": " << run.err;
  }
  EXPECT_TRUE(Seen().empty());
}

TEST_F(CampaignCommandTest, MissingOrBadIdIsBadUsage) {
  EXPECT_EQ(Campaign({"run"}).exit_code, 2);
  EXPECT_EQ(Campaign({"show", "q4"}).exit_code, 2);
  EXPECT_EQ(Campaign({"show", "0"}).exit_code, 2);
  EXPECT_EQ(Campaign({"create"}).exit_code, 2);
  EXPECT_EQ(Campaign({}).exit_code, 2);
  EXPECT_TRUE(Seen().empty());
}

TEST_F(CampaignCommandTest, ListPrintsATableOfCampaigns) {
  json second = SampleCampaign();
  second["id"] = 4;
  second["name"] = "Renewal check-in";
  second["kind"] = "check_in";
  second["drafts"] = json::object();
  for (const json& c : {SampleCampaign(), second}) {
    EXPECT_EQ(test::SchemaViolations("campaign.json", c.dump()), "");
  }
  Answer("GET /v1/campaigns", 200, {{"campaigns", {SampleCampaign(), second}}}, nullptr);

  CliOutcome list = Campaign({"list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out,
            "ID  NAME              KIND      PLACED  CREATED\n"
            "3   Q4 expansion      outreach  11      2025-11-27 00:00\n"
            "4   Renewal check-in  check_in  0       2025-11-27 00:00\n");
}

TEST_F(CampaignCommandTest, ListWithJsonPrintsTheAnswerAndSaysSoWhenEmpty) {
  Answer("GET /v1/campaigns", 200, {{"campaigns", json::array()}}, nullptr);
  CliOutcome empty = Campaign({"list"});
  EXPECT_EQ(empty.exit_code, 0);
  EXPECT_EQ(empty.out, "no campaigns\n");
  CliOutcome json_list = Campaign({"list", "--json"});
  EXPECT_EQ(json_list.exit_code, 0);
  EXPECT_EQ(json::parse(json_list.out), json({{"campaigns", json::array()}}));
}

TEST_F(CampaignCommandTest, ShowPrintsTheSpecDraftCountsAndLastRuns) {
  json campaign = SampleCampaign();
  json dry = SampleRun("finished", 16);
  dry["id"] = 2;
  dry["dry_run"] = true;
  dry["counts"] = Counts(16, 0, 11);
  dry.erase("items");
  json real = SampleRun("finished", 16);
  real.erase("items");
  campaign["runs"] = {real, dry};
  Answer("GET /v1/campaigns/3", 200, campaign, "campaign.json");

  CliOutcome show = Campaign({"show", "3"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(show.out,
            "Campaign 3: Q4 expansion\n"
            "kind:         outreach\n"
            "goal:         Book a 20-minute call about the team plan\n"
            "key message:  Teams that just raised grow their pipeline fastest with clean CRM "
            "data\n"
            "cta:          Would a 20-minute call next week work?\n"
            "persona:      default\n"
            "language:     auto\n"
            "target:       tags q4-funded; account state prospect; activity funding within 60 "
            "days\n"
            "trigger:      on activity funding within 30 days\n"
            "caps:         50 drafts a day, 100 open drafts at most\n"
            "created:      2025-11-27 00:00 UTC\n"
            "drafts:       11 placed, 4 skipped\n"
            "last runs:\n"
            "  4  finished  2025-11-27 10:00  run      11 placed, 4 skipped (suppressed 3, open "
            "draft 1), 1 needs attention, 0 already drafted, 0 deferred\n"
            "  2  finished  2025-11-27 10:00  dry run  11 would draft, 4 skipped (suppressed 3, "
            "open draft 1), 1 needs attention, 0 already drafted, 0 deferred\n");
}

TEST_F(CampaignCommandTest, ShowOfACampaignWithoutTargetTriggerOrRuns) {
  json campaign = SampleCampaign();
  campaign["spec"].erase("trigger");
  campaign["spec"].erase("daily_cap");
  campaign["spec"].erase("max_open_drafts");
  campaign["spec"]["target"] = {
      {"tags", json::array()}, {"account_state", json::array()}, {"activity_types", json::array()}};
  campaign["drafts"] = json::object();
  campaign["runs"] = json::array();
  Answer("GET /v1/campaigns/3", 200, campaign, "campaign.json");

  CliOutcome show = Campaign({"show", "3"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(Contains(show.out, "target:       every recipient\n")) << show.out;
  EXPECT_TRUE(Contains(show.out, "trigger:      none (runs only when started)\n")) << show.out;
  EXPECT_TRUE(Contains(show.out, "caps:         none\n")) << show.out;
  EXPECT_TRUE(Contains(show.out, "drafts:       none\n")) << show.out;
  EXPECT_TRUE(Contains(show.out, "runs:         none yet\n")) << show.out;
}

TEST_F(CampaignCommandTest, ShowOfAnUnknownCampaignExitsOneWithTheDaemonsMessage) {
  AnswerError("GET /v1/campaigns/9", 404, "not_found", "no campaign 9");
  CliOutcome show = Campaign({"show", "9"});
  EXPECT_EQ(show.exit_code, 1);
  EXPECT_EQ(show.out, "");
  EXPECT_EQ(show.err, "draftbox: no campaign 9\n");
}

TEST_F(CampaignCommandTest, ShowWithJsonPrintsTheCampaign) {
  json campaign = SampleCampaign();
  campaign["runs"] = json::array();
  Answer("GET /v1/campaigns/3", 200, campaign, "campaign.json");
  CliOutcome show = Campaign({"show", "3", "--json"});
  EXPECT_EQ(show.exit_code, 0);
  EXPECT_EQ(json::parse(show.out), campaign);
}

TEST(CampaignRenderTest, SurvivesMissingAndMistypedFields) {
  const json odd = {{"id", "4"},
                    {"dry_run", "yes"},
                    {"state", 3},
                    {"counts", 7},
                    {"items", {1, "x", nullptr}},
                    {"runs", {{{"counts", "x"}}}},
                    {"spec", {{"target", {{"tags", {1, "a"}}}}, {"trigger", "daily"}}},
                    {"drafts", {{"placed", "many"}}}};
  EXPECT_EQ(RenderRunSummary(odd),
            "Run 0 ended: 0 placed, 0 skipped, 0 needs attention, 0 already drafted, 0 "
            "deferred\n");
  EXPECT_TRUE(RenderCampaign(odd).starts_with("Campaign 0: \n")) << RenderCampaign(odd);
  EXPECT_TRUE(Contains(RenderCampaign(odd), "target:       tags a\n")) << RenderCampaign(odd);
  EXPECT_EQ(RenderCampaignList(odd), "no campaigns\n");
  EXPECT_EQ(RenderCreatedCampaign(json::array()), "Created campaign 0: \n");
  EXPECT_NO_THROW(RenderRunSummary(nullptr));
  EXPECT_NO_THROW(RenderCampaign("x"));
}

// The schemas are strict where the contract is closed: a misspelt or unknown field fails.
TEST(CampaignSchemaTest, RefusesUnknownOutcomesStatesAndFields) {
  json run = SampleRun("finished", 16);
  EXPECT_EQ(test::SchemaViolations("run.json", run.dump()), "");
  json bad_outcome = run;
  bad_outcome["items"][0]["outcome"] = "drafted";
  EXPECT_NE(test::SchemaViolations("run.json", bad_outcome.dump()), "");
  json bad_state = run;
  bad_state["state"] = "done";
  EXPECT_NE(test::SchemaViolations("run.json", bad_state.dump()), "");
  json extra = run;
  extra["counts"]["skip_reasons"]["bored"] = 1;
  EXPECT_NE(test::SchemaViolations("run.json", extra.dump()), "");

  json campaign = SampleCampaign();
  campaign["spec"]["target"]["tag"] = {"x"};
  EXPECT_NE(test::SchemaViolations("campaign.json", campaign.dump()), "");
  json missing = SampleCampaign();
  missing.erase("spec");
  EXPECT_NE(test::SchemaViolations("campaign.json", missing.dump()), "");
}

}  // namespace
}  // namespace draftbox
