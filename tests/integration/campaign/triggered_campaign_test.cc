// Triggered campaigns through the real daemon and Dovecot: a new qualifying activity drafts one
// email after the import that brought it; nothing fires again while that draft waits; the daily
// schedule (a short interval here) evaluates triggers without an import.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <sstream>

#include "app/store_campaign_service.h"
#include "compose/template_composer.h"
#include "integration/campaign/campaign_fixture.h"
#include "mail/imap_mailbox.h"
#include "store/recipient_store.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::string DaysAgo(int days) {
  std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

constexpr char kTrigger[] = R"(name = "Renewal check-in"
kind = "check_in"
goal = "Hear how the account is doing before the renewal"
key_message = "We want the plan to keep fitting how the team works"
cta = "Would a 15-minute check-in next week help?"
[target]
account_state = ["customer"]
[trigger]
on_activity = ["renewal", "milestone"]
within_days = 30
)";

constexpr char kCustomers[] =
    "email,first_name,last_name,role,company,company_domain,country,tags,account_state,plan\n"
    "ana@acme.example,Ana,Lima,Head of Operations,Acme Labs,acme.example,US,,customer,Team\n"
    "ben@bolt.example,Ben,Ode,CTO,Bolt Works,bolt.example,US,,customer,Team\n"
    "cy@crux.example,Cy,Park,CFO,Crux Foods,crux.example,US,,prospect,\n";

class TriggeredCampaignTest : public test::CampaignFixture {
 protected:
  // The runs of `campaign` newest first, once `count` exist (or what there is after 20 s).
  json RunsOnce(int64_t campaign, size_t count) {
    json runs;
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      runs = Call("GET", "/v1/campaigns/" + std::to_string(campaign)).body["runs"];
      if (runs.size() >= count && runs[0]["state"] != "running") return runs;
      std::this_thread::sleep_for(50ms);
    }
    return runs;
  }
};

TEST_F(TriggeredCampaignTest, ANewQualifyingActivityDraftsOnceAfterTheImport) {
  int64_t campaign = CreateCampaign(kTrigger);
  ASSERT_NE(campaign, 0);
  // Ana renews now; Ben's milestone is too old; Cy is not a customer.
  std::string activities =
      "email,type,date,summary,source\n"
      "ana@acme.example,renewal," +
      DaysAgo(2) +
      ",Renewed the Team plan for two years,crm\n"
      "ben@bolt.example,milestone," +
      DaysAgo(90) +
      ",Reached 1000 projects,product\n"
      "cy@crux.example,renewal," +
      DaysAgo(1) + ",Renewed,crm\n";
  ASSERT_NO_FATAL_FAILURE(Import(kCustomers, activities));

  json runs = RunsOnce(campaign, 1);
  ASSERT_EQ(runs.size(), 1u) << runs.dump();
  EXPECT_EQ(runs[0]["started_by"], "import");
  EXPECT_EQ(runs[0]["state"], "finished") << runs[0].dump();
  EXPECT_EQ(runs[0]["counts"]["placed"], 1) << runs[0].dump();
  std::vector<json> placed = Drafts(campaign, "placed");
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_EQ(placed[0]["to"], "ana@acme.example");
  EXPECT_EQ(DraftsFolder().size(), 1u);

  // Another qualifying activity while her draft waits: no second draft, no sequence.
  std::string more =
      "email,type,date,summary,source\n"
      "ana@acme.example,milestone," +
      DaysAgo(0) + ",Reached 500 seats,product\n";
  ASSERT_NO_FATAL_FAILURE(Import(kCustomers, more));
  runs = RunsOnce(campaign, 2);
  ASSERT_EQ(runs.size(), 2u) << runs.dump();
  EXPECT_EQ(runs[0]["counts"]["placed"], 0) << runs[0].dump();
  EXPECT_EQ(runs[0]["counts"]["skip_reasons"]["open_draft"], 1) << runs[0].dump();
  EXPECT_EQ(DraftsFolder().size(), 1u);

  // An import with nothing new starts no run at all.
  ASSERT_NO_FATAL_FAILURE(Import(kCustomers, more));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(RunsOnce(campaign, 3).size(), 2u);
}

// The daily evaluation, driven by the service's schedule with a one-second interval.
TEST(TriggerScheduleTest, TheScheduleEvaluatesTriggersWithoutAnImport) {
  Result<std::unique_ptr<test::DovecotServer>> server = test::DovecotServer::Start();
  ASSERT_TRUE(server) << server.error().ToString();
  test::DovecotServer& dovecot = **server;
  test::TempDir dir("trigger-schedule");
  std::unique_ptr<Database> db = Database::Open(dir.path() / "draftbox.db").value();

  Recipient ana;
  ana.email = "ana@acme.example";
  ana.first_name = "Ana";
  ana.role = "Head of Operations";
  ana.company = "Acme Labs";
  ana.account_state = "customer";
  ana.activities.push_back(Activity{0, "renewal", DaysAgo(3), "Renewed the Team plan", "crm"});
  ASSERT_TRUE(RecipientStore(*db).Upsert(std::span<const Recipient>(&ana, 1)));

  Config config;
  config.sender.name = "Dana Reyes";
  config.sender.address = dovecot.user();
  config.sender.signature = "Dana Reyes\nAccount Executive";
  config.mailbox.drafts_folder = "Drafts";
  ImapOptions options;
  options.host = "127.0.0.1";
  options.port = dovecot.imap_port();
  options.security = ImapSecurity::kNone;
  options.user = dovecot.user();
  options.password = dovecot.password();
  options.timeout = 10s;
  auto factory = [options]() -> Result<std::unique_ptr<Mailbox>> {
    Result<std::unique_ptr<ImapMailbox>> mailbox = ImapMailbox::Create(options);
    if (!mailbox) return std::unexpected(mailbox.error());
    return std::unique_ptr<Mailbox>(std::move(*mailbox));
  };
  TemplateComposer composer;
  StoreCampaignService service(*db, config, composer, factory, PlacerOptions{}, 1s);
  ASSERT_TRUE(service.CreateCampaign("trigger.toml", kTrigger));
  service.Start();

  std::vector<test::StoredMessage> folder;
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (folder.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
    folder = dovecot.List(dovecot.user(), "Drafts").value_or(std::vector<test::StoredMessage>{});
  }
  ASSERT_EQ(folder.size(), 1u);
  json runs = service.GetCampaign(1).value()["runs"];
  ASSERT_GE(runs.size(), 1u);
  EXPECT_EQ(runs.back()["started_by"], "schedule");
  // Later evaluations find nothing new: still one draft, no empty runs piling up.
  std::this_thread::sleep_for(2500ms);
  service.Stop();
  EXPECT_EQ(dovecot.List(dovecot.user(), "Drafts").value().size(), 1u);
  EXPECT_EQ(service.GetCampaign(1).value()["runs"].size(), 1u);
}

}  // namespace
}  // namespace draftbox
