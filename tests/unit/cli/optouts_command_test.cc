// `draftbox optouts list|confirm|dismiss` and the note `drafts list` ends with, in-process,
// against a stand-in daemon whose canned answers are checked against shared/api/.
#include "cli/optouts_command.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/drafts_command.h"
#include "unit/cli/stand_in_daemon.h"

namespace draftbox {
namespace {

using nlohmann::json;
using test::CliOutcome;

json Review(int64_t id, const std::string& state) {
  return {{"id", id},
          {"state", state},
          {"email", "ana@acme.example"},
          {"recipient_id", 12},
          {"draft_id", 7},
          {"message_id", "<reply-1@acme.example>"},
          {"folder", "INBOX"},
          {"uid", 41},
          {"excerpt", "Not interested,\nthanks."},
          {"phrase", "en: not|no|never ..1 interested|interest"},
          {"created_at", 1764720000},
          {"date", "2025-12-03"},
          {"decided_at", state == "pending" ? json(nullptr) : json(1764720100)},
          {"suppression_id", state == "confirmed" ? json(9) : json(nullptr)},
          {"second_opinion", {{"opt_out", "no"}, {"reason", "Declines this offer only."}}}};
}

class OptOutsCommandTest : public test::StandInDaemonTest {
 protected:
  CliOutcome OptOuts(std::vector<std::string> args) {
    args.insert(args.begin(), "optouts");
    return RunCommand(std::make_unique<OptOutsCommand>(), std::move(args));
  }
};

TEST_F(OptOutsCommandTest, ListAsksForThePendingOnesAndPrintsATable) {
  Answer("GET /v1/optouts", 200, {{"optouts", {Review(3, "pending")}}, {"count", 1}},
         "optouts_list.json");
  CliOutcome list = OptOuts({"list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(
      list.out,
      "ID  STATE    DATE        FROM              DRAFT  MATCHED                              "
      "     MODEL                          REPLY\n"
      "3   pending  2025-12-03  ana@acme.example  7      en: not|no|never ..1 "
      "interested|interest  no: Declines this offer only.  Not interested, thanks.\n"
      "1 possible opt-outs\n");
  ASSERT_EQ(Seen().size(), 1u);
  EXPECT_EQ(Seen()[0].params, (std::multimap<std::string, std::string>{{"state", "pending"}}));
}

TEST_F(OptOutsCommandTest, ListAllAsksWithoutAState) {
  Answer("GET /v1/optouts", 200, {{"optouts", json::array()}, {"count", 0}}, "optouts_list.json");
  CliOutcome list = OptOuts({"list", "--state", "all"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out, "no possible opt-outs\n");
  EXPECT_TRUE(Seen()[0].params.empty());
}

TEST_F(OptOutsCommandTest, ConfirmPostsAndSaysTheAddressIsSuppressed) {
  Answer("POST /v1/optouts/3/confirm", 200, {{"optout", Review(3, "confirmed")}},
         "optout_decision.json");
  CliOutcome confirm = OptOuts({"confirm", "3"});
  EXPECT_EQ(confirm.exit_code, 0) << confirm.err;
  EXPECT_EQ(confirm.out,
            "possible opt-out 3 confirmed: ana@acme.example is on the do-not-contact list "
            "(suppression 9)\n");
}

TEST_F(OptOutsCommandTest, ADecisionTheDaemonRefusesIsOneErrorLine) {
  Answer(
      "POST /v1/optouts/3/dismiss", 409,
      {{"error", {{"code", "conflict"}, {"message", "possible opt-out 3 was already confirmed"}}}},
      "error.json");
  CliOutcome dismiss = OptOuts({"dismiss", "3"});
  EXPECT_EQ(dismiss.exit_code, 1);
  EXPECT_NE(dismiss.err.find("already confirmed"), std::string::npos) << dismiss.err;
}

TEST_F(OptOutsCommandTest, AStateItDoesNotKnowIsBadUsage) {
  EXPECT_EQ(OptOuts({"list", "--state", "maybe"}).exit_code, 2);
  EXPECT_TRUE(Seen().empty());
}

TEST_F(OptOutsCommandTest, DraftsListEndsWithThePendingOnes) {
  Answer("GET /v1/drafts", 200,
         {{"drafts", json::array()}, {"total", 0}, {"offset", 0}, {"limit", 50}},
         "drafts_list.json");
  Answer("GET /v1/optouts", 200, {{"optouts", {Review(3, "pending")}}, {"count", 1}},
         "optouts_list.json");
  CliOutcome list = RunCommand(std::make_unique<DraftsCommand>(), {"drafts", "list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out,
            "no drafts\n\n"
            "1 possible opt-out awaits review; no draft goes to these addresses until it is "
            "confirmed or dismissed:\n"
            "  3  ana@acme.example  \"Not interested, thanks.\"\n"
            "  (draftbox optouts confirm|dismiss ID)\n");
}

}  // namespace
}  // namespace draftbox
