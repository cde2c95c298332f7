// `draftbox drafts list|show|regenerate|reject` in-process, against a real HTTP server on a free
// loopback port that plays the daemon of docs/api-campaigns.md. Every canned answer is checked
// against its schema in shared/api/, so the CLI is tested on what the daemon may really send.
#include "cli/drafts_command.h"

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

class DraftsCommandTest : public test::StandInDaemonTest {
 protected:
  // The daemon's side of a regenerate or reject: `route` answers 202 with operation 5 pending,
  // then GET /v1/operations/5 reports it running once and then ended with `result` (or, with
  // `error`, failed).
  void AnswerOperation(const std::string& route, const std::string& kind, const json& result,
                       const json& error = nullptr) {
    json op = {{"id", 5},
               {"kind", kind},
               {"draft_id", 7},
               {"state", "pending"},
               {"created_at", 1764241200},
               {"finished_at", nullptr},
               {"result", nullptr},
               {"error", nullptr}};
    Answer(route, 202, op, "operation.json");
    op["state"] = "running";
    Answer("GET /v1/operations/5", 200, op, "operation.json");
    op["state"] = error.is_null() ? "done" : "failed";
    op["finished_at"] = 1764241201;
    op["result"] = result;
    op["error"] = error;
    Answer("GET /v1/operations/5", 200, op, "operation.json");
  }

  // `draftbox drafts args... --config FILE`, in-process.
  CliOutcome Drafts(std::vector<std::string> args) {
    args.insert(args.begin(), "drafts");
    return RunCommand(std::make_unique<DraftsCommand>(), std::move(args));
  }
};

json SampleRecipient() {
  return json::parse(R"({"id": 12, "email": "ana@example.com", "name": "Ana Lopez",
    "role": "VP Sales", "company": "Acme", "account_state": "prospect", "plan": "",
    "country": "ES", "language": "en", "tags": ["q4-funded", "beta"]})");
}

json SampleDraft() {
  json draft = json::parse(R"json({
    "id": 7, "campaign_id": 3, "run_id": 4, "state": "placed", "reason": "",
    "subject": "Congrats on the Series A, Ana",
    "body": "Hi Ana,\n\ncongratulations on the Series A.\n\nWould a 20-minute call next week work?\n\nDana",
    "language": "en", "to": "ana@example.com",
    "facts_used": [{"id": "activity:3", "text": "Acme raised a Series A (2025-11-02)"},
                   {"id": "recipient:role", "text": "VP Sales"}],
    "message_id": "<7.1764237600@draftbox.example.com>", "supersedes": null, "instruction": "",
    "imap": {"folder": "Drafts", "uid": 12, "uid_validity": 1764201600},
    "created_at": 1764237600, "placed_at": 1764237601, "sent_at": null, "removed_at": null
})json");
  draft["recipient"] = SampleRecipient();
  return draft;
}

// The draft as it appears in a list: everything but the body.
json Listed(json draft) {
  draft.erase("body");
  return draft;
}

json SkippedDraft() {
  json draft = SampleDraft();
  draft["id"] = 6;
  draft["state"] = "skipped";
  draft["reason"] = "suppressed: unsubscribed";
  draft["subject"] = "";
  draft["body"] = "";
  draft["facts_used"] = json::array();
  draft["message_id"] = nullptr;
  draft["imap"] = nullptr;
  draft["placed_at"] = nullptr;
  draft["to"] = "bo.li@example.org";
  draft["recipient"]["email"] = "bo.li@example.org";
  return draft;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(DraftsCommandTest, ListSendsTheFiltersAndPrintsATable) {
  Answer("GET /v1/drafts", 200,
         {{"drafts", {Listed(SampleDraft()), Listed(SkippedDraft())}},
          {"total", 42},
          {"offset", 10},
          {"limit", 2}},
         "drafts_list.json");

  CliOutcome list =
      Drafts({"list", "--campaign", "3", "--state", "placed", "--limit", "2", "--offset", "10"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out,
            "ID  STATE   CAMPAIGN  TO               SUBJECT OR REASON\n"
            "7   placed  3         ana@example.com  Congrats on the Series A, Ana\n"
            "\n"
            "Skipped (no draft written):\n"
            "ID  CAMPAIGN  TO                 WHY SKIPPED\n"
            "6   3         bo.li@example.org  suppressed: unsubscribed\n"
            "\n"
            "1 draft, 1 skipped (2 of 42 shown, from 11)\n");
  std::vector<SeenRequest> seen = Seen();
  ASSERT_EQ(seen.size(), 2u);  // the page, then the pending possible opt-outs for the note
  EXPECT_EQ(seen[0].path, "/v1/drafts");
  EXPECT_EQ(seen[1].path, "/v1/optouts");
  const std::multimap<std::string, std::string> expected = {
      {"campaign", "3"}, {"state", "placed"}, {"limit", "2"}, {"offset", "10"}};
  EXPECT_EQ(seen[0].params, expected);
}

TEST_F(DraftsCommandTest, ListCountsDraftsAndSkipsApartAndShowsSkipsOnTheirOwn) {
  json second = Listed(SampleDraft());
  second["id"] = 8;
  Answer("GET /v1/drafts", 200,
         {{"drafts", {Listed(SampleDraft()), second, Listed(SkippedDraft())}},
          {"total", 3},
          {"offset", 0},
          {"limit", 50}},
         "drafts_list.json");
  CliOutcome list = Drafts({"list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(list.out.ends_with("\n2 drafts, 1 skipped\n")) << list.out;
  const size_t skipped_table = list.out.find("Skipped (no draft written):\n");
  ASSERT_NE(skipped_table, std::string::npos) << list.out;
  EXPECT_GT(skipped_table, list.out.find("Congrats on the Series A"));
  EXPECT_EQ(list.out.find("skipped ", 0), std::string::npos) << "no skip among the drafts";
}

TEST_F(DraftsCommandTest, ListWithoutFiltersAsksForTheFirstPageOnly) {
  Answer("GET /v1/drafts", 200,
         {{"drafts", json::array()}, {"total", 0}, {"offset", 0}, {"limit", 50}},
         "drafts_list.json");
  CliOutcome list = Drafts({"list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out, "no drafts\n");
  std::vector<SeenRequest> seen = Seen();
  ASSERT_EQ(seen.size(), 2u);
  const std::multimap<std::string, std::string> expected = {{"limit", "50"}, {"offset", "0"}};
  EXPECT_EQ(seen[0].params, expected);
}

TEST_F(DraftsCommandTest, ListWithJsonPrintsThePage) {
  const json page = {
      {"drafts", {Listed(SampleDraft())}}, {"total", 1}, {"offset", 0}, {"limit", 50}};
  Answer("GET /v1/drafts", 200, page, "drafts_list.json");
  CliOutcome list = Drafts({"list", "--json"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(json::parse(list.out), page);
}

TEST_F(DraftsCommandTest, ListRefusesAnUnknownStateAsBadUsage) {
  CliOutcome list = Drafts({"list", "--state", "open"});
  EXPECT_EQ(list.exit_code, 2);
  EXPECT_TRUE(list.err.starts_with("draftbox: ")) << list.err;
  EXPECT_TRUE(Contains(list.err, "unknown draft state 'open'")) << list.err;
  EXPECT_TRUE(Contains(list.err, "needs_attention")) << list.err;  // the valid names are listed
  EXPECT_EQ(Drafts({"list", "--limit", "0"}).exit_code, 2);
  EXPECT_EQ(Drafts({"list", "--campaign", "x"}).exit_code, 2);
  EXPECT_TRUE(Seen().empty());
}

TEST_F(DraftsCommandTest, ListAcceptsEveryStateName) {
  Answer("GET /v1/drafts", 200,
         {{"drafts", json::array()}, {"total", 0}, {"offset", 0}, {"limit", 50}},
         "drafts_list.json");
  for (const char* state :
       {"generated", "placed", "sent", "replied", "bounced", "unsubscribed", "no_reply",
        "regenerated", "rejected", "vanished", "skipped", "needs_attention"}) {
    EXPECT_EQ(Drafts({"list", "--state", state}).exit_code, 0) << state;
  }
}

TEST_F(DraftsCommandTest, ShowPrintsHeadersBodyFactsAndRecipient) {
  Answer("GET /v1/drafts/7", 200, SampleDraft(), "draft.json");
  CliOutcome show = Drafts({"show", "7"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(show.out,
            "To:          Ana Lopez <ana@example.com>\n"
            "Subject:     Congrats on the Series A, Ana\n"
            "State:       placed (Drafts, uid 12)\n"
            "Draft:       draft 7, campaign 3, run 4\n"
            "Language:    en\n"
            "Times (UTC): created 2025-11-27 10:00, placed 2025-11-27 10:00\n"
            "\n"
            "Hi Ana,\n"
            "\n"
            "congratulations on the Series A.\n"
            "\n"
            "Would a 20-minute call next week work?\n"
            "\n"
            "Dana\n"
            "\n"
            "Facts used:\n"
            "  [activity:3] Acme raised a Series A (2025-11-02)\n"
            "  [recipient:role] VP Sales\n"
            "\n"
            "Recipient:\n"
            "  Ana Lopez, VP Sales at Acme (recipient 12)\n"
            "  account state prospect, country ES, language en\n"
            "  tags q4-funded, beta\n");
}

TEST_F(DraftsCommandTest, ShowPrintsWhichSentenceRestsOnEachFact) {
  json draft = SampleDraft();
  draft["facts_used"][0]["sentences"] = {"congratulations on the Series A."};
  Answer("GET /v1/drafts/7", 200, draft, "draft.json");
  CliOutcome show = Drafts({"show", "7"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(Contains(show.out,
                       "Facts used:\n"
                       "  [activity:3] Acme raised a Series A (2025-11-02)\n"
                       "      in: \"congratulations on the Series A.\"\n"
                       "  [recipient:role] VP Sales\n\n"))
      << show.out;
}

TEST_F(DraftsCommandTest, ShowOfARegeneratedDraftNamesItsPredecessorAndInstruction) {
  json draft = SampleDraft();
  draft["id"] = 9;
  draft["supersedes"] = 7;
  draft["instruction"] = "shorter";
  Answer("GET /v1/drafts/9", 200, draft, "draft.json");
  CliOutcome show = Drafts({"show", "9"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(Contains(show.out, "Supersedes:  draft 7\nInstruction: shorter\n")) << show.out;
}

TEST_F(DraftsCommandTest, ShowKeepsEscapeSequencesOfABodyOffTheTerminal) {
  json draft = SampleDraft();
  draft["subject"] = "Hi\x1b[2J there";
  draft["body"] = "line one\r\n\x1b]0;owned\x07line two";
  Answer("GET /v1/drafts/7", 200, draft, "draft.json");
  CliOutcome show = Drafts({"show", "7"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(show.out.find('\x1b'), std::string::npos) << show.out;
  EXPECT_EQ(show.out.find('\x07'), std::string::npos) << show.out;
  EXPECT_TRUE(Contains(show.out, "Subject:     Hi [2J there\n")) << show.out;
  EXPECT_TRUE(Contains(show.out, "\nline one\n]0;ownedline two\n")) << show.out;
}

TEST_F(DraftsCommandTest, ShowOfAnUnknownDraftExitsOneWithTheDaemonsMessage) {
  AnswerError("GET /v1/drafts/70", 404, "not_found", "no draft 70");
  CliOutcome show = Drafts({"show", "70"});
  EXPECT_EQ(show.exit_code, 1);
  EXPECT_EQ(show.out, "");
  EXPECT_EQ(show.err, "draftbox: no draft 70\n");
}

TEST_F(DraftsCommandTest, ShowWithJsonPrintsTheDraft) {
  Answer("GET /v1/drafts/7", 200, SampleDraft(), "draft.json");
  CliOutcome show = Drafts({"show", "7", "--json"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(json::parse(show.out), SampleDraft());
}

TEST_F(DraftsCommandTest, RegenerateSendsTheInstructionAndPrintsTheNewDraft) {
  json fresh = SampleDraft();
  fresh["id"] = 9;
  fresh["supersedes"] = 7;
  fresh["instruction"] = "shorter, mention the webinar";
  fresh["subject"] = "Series A: a quick idea";
  AnswerOperation("POST /v1/drafts/7/regenerate", "regenerate",
                  {{"draft", fresh}, {"old_removed", true}});

  CliOutcome regenerated =
      Drafts({"regenerate", "7", "--instruction", "shorter, mention the webinar"});
  EXPECT_EQ(regenerated.exit_code, 0) << regenerated.err;
  EXPECT_EQ(regenerated.out, "Regenerated draft 7 as draft 9: Series A: a quick idea\n");
  std::vector<SeenRequest> seen = Seen();
  ASSERT_EQ(seen.size(), 3u);  // the request, then two long polls of the operation
  EXPECT_EQ(seen[1].path, "/v1/operations/5");
  EXPECT_EQ(json::parse(seen[0].body), json({{"instruction", "shorter, mention the webinar"}}));
}

TEST_F(DraftsCommandTest, RegenerateSaysWhatTheComposerCouldNotHonour) {
  json fresh = SampleDraft();
  fresh["id"] = 9;
  fresh["supersedes"] = 7;
  fresh["subject"] = "Series A: a quick idea";
  AnswerOperation("POST /v1/drafts/7/regenerate", "regenerate",
                  {{"draft", fresh},
                   {"old_removed", true},
                   {"instruction_note", "could not honour: 'add a joke'"}});
  CliOutcome regenerated = Drafts({"regenerate", "7", "--instruction", "shorter, add a joke"});
  EXPECT_EQ(regenerated.exit_code, 0) << regenerated.err;
  EXPECT_EQ(regenerated.out,
            "Regenerated draft 7 as draft 9: Series A: a quick idea\n"
            "Note: could not honour: 'add a joke'\n");
}

TEST_F(DraftsCommandTest, RegenerateWithoutInstructionSendsAnEmptyObject) {
  json fresh = SampleDraft();
  fresh["id"] = 9;
  fresh["supersedes"] = 7;
  AnswerOperation("POST /v1/drafts/7/regenerate", "regenerate",
                  {{"draft", fresh}, {"old_removed", true}});
  CliOutcome regenerated = Drafts({"regenerate", "7", "--json"});
  EXPECT_EQ(regenerated.exit_code, 0) << regenerated.err;
  EXPECT_EQ(json::parse(regenerated.out), fresh);
  std::vector<SeenRequest> seen = Seen();
  ASSERT_EQ(seen.size(), 3u);  // the request, then two long polls of the operation
  EXPECT_EQ(seen[1].path, "/v1/operations/5");
  EXPECT_EQ(json::parse(seen[0].body), json::object());
}

TEST_F(DraftsCommandTest, RegenerateSaysWhenTheNewDraftNeedsAttention) {
  json held = SampleDraft();
  held["id"] = 9;
  held["supersedes"] = 7;
  held["state"] = "needs_attention";
  held["reason"] = "grounding: '40%' is not in the facts";
  held["imap"] = nullptr;
  held["placed_at"] = nullptr;
  AnswerOperation("POST /v1/drafts/7/regenerate", "regenerate",
                  {{"draft", held}, {"old_removed", true}});
  CliOutcome regenerated = Drafts({"regenerate", "7"});
  EXPECT_EQ(regenerated.exit_code, 0) << regenerated.err;
  EXPECT_EQ(regenerated.out,
            "Regenerated draft 7 as draft 9, which needs attention: grounding: '40%' is not in "
            "the facts\n");
}

TEST_F(DraftsCommandTest, RegenerateOfADraftThatIsNotPlacedExitsOne) {
  AnswerError("POST /v1/drafts/6/regenerate", 409, "conflict",
              "draft 6 is skipped; only a placed draft can be regenerated");
  CliOutcome regenerated = Drafts({"regenerate", "6"});
  EXPECT_EQ(regenerated.exit_code, 1);
  EXPECT_EQ(regenerated.err,
            "draftbox: draft 6 is skipped; only a placed draft can be regenerated\n");
}

TEST_F(DraftsCommandTest, RejectWithSuppressSaysTheAddressWasAdded) {
  json rejected = SampleDraft();
  rejected["state"] = "rejected";
  rejected["reason"] = "wrong person";
  rejected["removed_at"] = 1764241200;
  AnswerOperation("POST /v1/drafts/7/reject", "reject", {{"draft", rejected}, {"removed", true}});

  CliOutcome reject = Drafts({"reject", "7", "--reason", "wrong person", "--suppress"});
  EXPECT_EQ(reject.exit_code, 0) << reject.err;
  EXPECT_EQ(reject.out, "Rejected draft 7 and added ana@example.com to the do-not-contact list\n");
  std::vector<SeenRequest> seen = Seen();
  ASSERT_EQ(seen.size(), 3u);  // the request, then two long polls of the operation
  EXPECT_EQ(seen[1].path, "/v1/operations/5");
  EXPECT_EQ(json::parse(seen[0].body), json({{"reason", "wrong person"}, {"suppress", true}}));
}

TEST_F(DraftsCommandTest, RejectWithoutOptionsOnlyRejects) {
  json rejected = SampleDraft();
  rejected["state"] = "rejected";
  AnswerOperation("POST /v1/drafts/7/reject", "reject", {{"draft", rejected}, {"removed", true}});
  CliOutcome reject = Drafts({"reject", "7"});
  EXPECT_EQ(reject.exit_code, 0) << reject.err;
  EXPECT_EQ(reject.out, "Rejected draft 7\n");
  std::vector<SeenRequest> seen = Seen();
  ASSERT_EQ(seen.size(), 3u);  // the request, then two long polls of the operation
  EXPECT_EQ(seen[1].path, "/v1/operations/5");
  EXPECT_EQ(json::parse(seen[0].body), json({{"suppress", false}}));

  CliOutcome as_json = Drafts({"reject", "7", "--json"});
  EXPECT_EQ(as_json.exit_code, 0) << as_json.err;
  EXPECT_EQ(json::parse(as_json.out), rejected);
}

TEST_F(DraftsCommandTest, RejectWhenTheMailboxIsDownExitsOneWithTheDaemonsMessage) {
  AnswerError("POST /v1/drafts/7/reject", 503, "unavailable",
              "the mailbox is unreachable: connection refused");
  CliOutcome reject = Drafts({"reject", "7"});
  EXPECT_EQ(reject.exit_code, 1);
  EXPECT_EQ(reject.out, "");
  EXPECT_EQ(reject.err, "draftbox: the mailbox is unreachable: connection refused\n");
}

TEST_F(DraftsCommandTest, RegenerateWaitsForTheOperationAndLongPollsIt) {
  json fresh = SampleDraft();
  fresh["id"] = 9;
  AnswerOperation("POST /v1/drafts/7/regenerate", "regenerate",
                  {{"draft", fresh}, {"old_removed", true}});
  ASSERT_EQ(Drafts({"regenerate", "7"}).exit_code, 0);
  std::vector<SeenRequest> seen = Seen();
  ASSERT_EQ(seen.size(), 3u);
  for (size_t i : {1u, 2u}) {
    EXPECT_EQ(seen[i].method, "GET");
    EXPECT_EQ(seen[i].path, "/v1/operations/5");
    EXPECT_EQ(seen[i].params.count("wait"), 1u);
  }
}

TEST_F(DraftsCommandTest, AFailedOperationExitsOneWithItsMessage) {
  AnswerOperation("POST /v1/drafts/7/regenerate", "regenerate", nullptr,
                  {{"code", "unavailable"}, {"message", "the mailbox is unreachable: refused"}});
  CliOutcome regenerated = Drafts({"regenerate", "7"});
  EXPECT_EQ(regenerated.exit_code, 1);
  EXPECT_EQ(regenerated.out, "");
  EXPECT_EQ(regenerated.err, "draftbox: the mailbox is unreachable: refused\n");
}

TEST_F(DraftsCommandTest, MissingOrBadIdIsBadUsage) {
  EXPECT_EQ(Drafts({"show"}).exit_code, 2);
  EXPECT_EQ(Drafts({"show", "seven"}).exit_code, 2);
  EXPECT_EQ(Drafts({"regenerate", "0"}).exit_code, 2);
  EXPECT_EQ(Drafts({"reject", "-1"}).exit_code, 2);
  EXPECT_EQ(Drafts({"reject", "7", "--sup"}).exit_code, 2);
  EXPECT_EQ(Drafts({}).exit_code, 2);
  EXPECT_TRUE(Seen().empty());
}

TEST(DraftRenderTest, PromptIsPrintedExactlyAsSent) {
  const std::string sent =
      R"({"model":"llama3.1:8b","messages":[{"role":"user","content":"a\nb"}]})";
  EXPECT_EQ(RenderDraftPrompt(json{{"id", 4}, {"prompt", sent}}), sent + "\n");
  EXPECT_EQ(RenderDraftPrompt(json{{"id", 4}, {"prompt", ""}}),
            "Draft 4 was not written by a model: nothing was sent anywhere.\n");
}

TEST(DraftRenderTest, SurvivesMissingAndMistypedFields) {
  const json odd = {{"id", "7"},
                    {"state", 1},
                    {"imap", "Drafts"},
                    {"facts_used", {3, {{"id", 4}}}},
                    {"recipient", {{"tags", "a"}}},
                    {"drafts", {nullptr, 5}},
                    {"total", "2"}};
  EXPECT_EQ(RenderDraftList(odd),
            "ID  STATE  CAMPAIGN  TO  SUBJECT OR REASON\n0          0\n0          0\n\n2 "
            "drafts, 0 skipped\n");
  EXPECT_TRUE(Contains(RenderDraft(odd), "Facts used:\n  [] \n  [] \n")) << RenderDraft(odd);
  EXPECT_EQ(RenderDraftList(nullptr), "no drafts\n");
  EXPECT_NO_THROW(RenderDraft(json::array()));
}

TEST(DraftSchemaTest, RefusesUnknownStatesAndFieldsAndABodyInALists) {
  EXPECT_EQ(test::SchemaViolations("draft.json", SampleDraft().dump()), "");
  json bad_state = SampleDraft();
  bad_state["state"] = "open";
  EXPECT_NE(test::SchemaViolations("draft.json", bad_state.dump()), "");
  json extra = SampleDraft();
  extra["recipient"]["notes"] = "likes golf";
  EXPECT_NE(test::SchemaViolations("draft.json", extra.dump()), "");
  json no_body = SampleDraft();
  no_body.erase("body");
  EXPECT_NE(test::SchemaViolations("draft.json", no_body.dump()), "");
  const json page = {{"drafts", {SampleDraft()}}, {"total", 1}, {"offset", 0}, {"limit", 50}};
  EXPECT_NE(test::SchemaViolations("drafts_list.json", page.dump()), "");
}

}  // namespace
}  // namespace draftbox
