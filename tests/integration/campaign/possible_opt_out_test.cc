// A reply that may ask to stop, through the real daemon, Dovecot and SQLite file: it arrives in
// INBOX, the daemon opens a review, the next campaign run drafts nobody it holds; the rep's
// dismissal (POST /v1/optouts/{id}/dismiss) lets the next run draft them, a confirmation puts
// them on the do-not-contact list citing the reply.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "campaign/campaign_runner.h"
#include "integration/campaign/campaign_fixture.h"

namespace draftbox {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr char kFirst[] = R"(name = "Plan review"
kind = "check_in"
goal = "Review how the Team plan is used"
key_message = "A short review keeps the plan matched to the team"
cta = "Could we look at it together for ten minutes?"
[target]
account_state = ["customer"]
)";

constexpr char kSecond[] = R"(name = "Spring webinar"
kind = "outreach"
goal = "Invite customers to the spring webinar"
key_message = "The webinar shows what the Team plan does next"
cta = "Shall I save you a seat?"
[target]
account_state = ["customer"]
)";

constexpr char kCustomers[] =
    "email,first_name,last_name,role,company,company_domain,country,tags,account_state,plan\n"
    "ana@acme.example,Ana,Lima,Head of Operations,Acme Labs,acme.example,US,,customer,Team\n"
    "ben@bolt.example,Ben,Ode,CTO,Bolt Works,bolt.example,US,,customer,Team\n";

class PossibleOptOutTest : public test::CampaignFixture {
 protected:
  // After a send the cool-down would hold them too; this test is about the review alone.
  PossibleOptOutTest() { cooldown_days_ = 0; }

  void ImportCustomers() {
    const std::string day = DayOf(std::time(nullptr) - 3 * 86400);
    Import(kCustomers,
           "email,type,date,summary,source\n"
           "ana@acme.example,renewal," +
               day +
               ",Renewed the Team plan,crm\n"
               "ben@bolt.example,renewal," +
               day + ",Renewed the Team plan,crm\n");
  }

  // What the add-on reports after a send: draft `id` went out, unedited, as `sent_id`.
  void ReportSent(const json& listed, const std::string& sent_id) {
    const std::string path = "/v1/drafts/" + std::to_string(listed["id"].get<int64_t>());
    const json draft = Call("GET", path).body;  // the list leaves the body out
    ASSERT_TRUE(draft.contains("body")) << draft.dump();
    test::ApiAnswer answer = Call(
        "POST", path + "/sent",
        {{"message_id", sent_id}, {"final_text", draft["body"]}, {"subject", draft["subject"]}});
    ASSERT_EQ(answer.status, 200) << answer.body.dump();
  }

  // A reply from `from` to the message `sent_id`, delivered into INBOX.
  void Reply(const std::string& from, const std::string& sent_id, const std::string& text) {
    const std::string raw = "From: <" + from + ">\r\nTo: " + dovecot_->user() +
                            "\r\nSubject: Re: check-in\r\nMessage-ID: <reply-" + from +
                            ">\r\nIn-Reply-To: " + sent_id +
                            "\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\n"
                            "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
                            text + "\r\n\r\nOn Tue, Dana Reyes wrote:\r\n> Would a call help?\r\n";
    ASSERT_TRUE(dovecot_->Save(dovecot_->user(), "INBOX", raw));
  }

  // The pending review of `email`, once the daemon's INBOX watcher has opened it.
  json Pending(const std::string& email) {
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      test::ApiAnswer answer = Call("GET", "/v1/optouts?state=pending");
      if (answer.status == 200) {
        for (const json& r : answer.body["optouts"]) {
          if (r["email"] == email) return r;
        }
      }
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "no pending possible opt-out for " << email;
    return json::object();
  }

  // The placed drafts of `campaign` by address.
  std::map<std::string, json> PlacedByAddress(int64_t campaign) {
    std::map<std::string, json> out;
    for (const json& d : Drafts(campaign, "placed")) out[d["to"].get<std::string>()] = d;
    return out;
  }
};

TEST_F(PossibleOptOutTest, AReplyThatMayAskToStopHoldsDraftsUntilTheRepDecides) {
  ImportCustomers();
  const int64_t first = CreateCampaign(kFirst);
  ASSERT_EQ(RunToEnd(first)["counts"]["placed"], 2);
  std::map<std::string, json> sent = PlacedByAddress(first);
  ASSERT_EQ(sent.size(), 2u);
  ReportSent(sent["ana@acme.example"], "<sent-ana@client.example>");
  ReportSent(sent["ben@bolt.example"], "<sent-ben@client.example>");
  Reply("ana@acme.example", "<sent-ana@client.example>", "Not interested, thanks.");
  Reply("ben@bolt.example", "<sent-ben@client.example>", "Not interested at the moment.");
  const json ana = Pending("ana@acme.example");
  const json ben = Pending("ben@bolt.example");
  ASSERT_TRUE(ana.contains("id") && ben.contains("id"));
  EXPECT_EQ(ana["message_id"], "<reply-ana@acme.example>");
  EXPECT_EQ(ana["folder"], "INBOX");
  EXPECT_GT(ana["uid"].get<int64_t>(), 0);
  EXPECT_EQ(ana["excerpt"], "Not interested, thanks.");
  EXPECT_EQ(ana["draft_id"], sent["ana@acme.example"]["id"]);

  // Held: the next campaign drafts neither, and says why.
  const int64_t second = CreateCampaign(kSecond);
  json run = RunToEnd(second);
  EXPECT_EQ(run["counts"]["placed"], 0) << run.dump();
  EXPECT_EQ(run["counts"]["skip_reasons"]["possible_opt_out"], 2) << run.dump();
  for (const json& item : run["items"]) {
    EXPECT_NE(item["reason"].get<std::string>().find("possible opt-out"), std::string::npos);
  }
  EXPECT_EQ(DraftsFolder().size(), 2u);  // the first campaign's two, nothing new

  // Ana's reply was no request to stop; Ben's was.
  const std::string ana_id = std::to_string(ana["id"].get<int64_t>());
  const std::string ben_id = std::to_string(ben["id"].get<int64_t>());
  test::ApiAnswer dismissed = Call("POST", "/v1/optouts/" + ana_id + "/dismiss");
  ASSERT_EQ(dismissed.status, 200) << dismissed.body.dump();
  EXPECT_EQ(dismissed.body["optout"]["state"], "dismissed");
  test::ApiAnswer confirmed = Call("POST", "/v1/optouts/" + ben_id + "/confirm");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body.dump();
  EXPECT_EQ(confirmed.body["optout"]["state"], "confirmed");
  EXPECT_EQ(Call("POST", "/v1/optouts/" + ben_id + "/dismiss").status, 409);
  EXPECT_EQ(Call("GET", "/v1/optouts?state=pending").body["count"], 0);

  run = RunToEnd(second);
  EXPECT_EQ(run["counts"]["placed"], 1) << run.dump();
  EXPECT_EQ(run["counts"]["skip_reasons"]["suppressed"], 1) << run.dump();
  std::map<std::string, json> drafted = PlacedByAddress(second);
  EXPECT_EQ(drafted.size(), 1u);
  EXPECT_TRUE(drafted.contains("ana@acme.example"));
  EXPECT_EQ(DraftsFolder().size(), 3u);

  json suppressions = Call("GET", "/v1/suppressions?kind=address").body["suppressions"];
  ASSERT_EQ(suppressions.size(), 1u);
  EXPECT_EQ(suppressions[0]["value"], "ben@bolt.example");
  EXPECT_EQ(suppressions[0]["source"], "<reply-ben@bolt.example>");
  json events = Call("GET", "/v1/events?type=opt_out_confirmed").body["events"];
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(Call("GET", "/v1/events?type=opt_out_dismissed").body["events"].size(), 1u);
}

}  // namespace
}  // namespace draftbox
