// StoreCampaignService (app/): the mailbox's secret command runs holding none of the service's
// locks, so the API still answers while it waits (a keyring prompt, a slow token helper).
#include "app/store_campaign_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>

#include "compose/template_composer.h"
#include "store/recipient_store.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

constexpr char kCampaign[] = R"(name = "Check-in"
kind = "check_in"
goal = "Hear how the account is doing"
key_message = "We want the plan to keep fitting how the team works"
cta = "Would a 15-minute check-in next week help?"
)";

TEST(StoreCampaignServiceTest, TheSecretCommandRunsOutsideTheServiceLock) {
  test::TempDir dir("campaign-service");
  std::unique_ptr<Database> db = Database::Open(dir.path() / "draftbox.db").value();
  Config config;
  config.sender.name = "Dana Reyes";
  config.sender.address = "dana@example.com";
  TemplateComposer composer;
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  // Stands for ImapMailbox creation running `password_command`: it blocks until released.
  auto factory = [&entered, released]() -> Result<std::unique_ptr<Mailbox>> {
    entered.set_value();
    released.wait();
    return Fail(ErrorCode::kUnavailable, "no server in this test");
  };
  StoreCampaignService service(*db, config, composer, factory);
  ASSERT_TRUE(service.CreateCampaign("c.toml", kCampaign));

  std::future<Result<nlohmann::json>> run = std::async(
      std::launch::async, [&] { return service.StartRun(1, /*dry_run=*/false, std::nullopt); });
  entered.get_future().wait();
  // While the secret command runs, a request that needs the service's lock gets its answer.
  std::future<bool> busy = std::async(std::launch::async, [&] { return service.Busy(); });
  const bool answered = busy.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  release.set_value();
  EXPECT_TRUE(answered) << "Busy() waited for the secret command";
  EXPECT_EQ(run.get().error().code, ErrorCode::kUnavailable);
  service.Stop();
}

// A German recipient of a campaign with English text only would get a draft that switches
// language mid-email: `campaign create` refuses it, naming the language and the recipient.
TEST(StoreCampaignServiceTest, CreateRefusesACampaignWithoutTheLanguageOfItsTargets) {
  test::TempDir dir("campaign-languages");
  std::unique_ptr<Database> db = Database::Open(dir.path() / "draftbox.db").value();
  Config config;
  config.sender.name = "Dana Reyes";
  config.sender.address = "dana@example.com";
  Recipient jonas;
  jonas.email = "jonas@sonnenfeld-logistik.de";
  jonas.language = "de";
  Recipient ana;
  ana.email = "ana@example.com";
  std::vector<Recipient> people = {jonas, ana};
  ASSERT_TRUE(RecipientStore(*db).Upsert(people));
  TemplateComposer composer;
  StoreCampaignService service(*db, config, composer, nullptr);

  Result<nlohmann::json> refused = service.CreateCampaign("c.toml", kCampaign);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().message,
            "c.toml: the campaign has no German (de) key message and call to action, but 1 "
            "targeted recipient gets German drafts (their language is de): "
            "jonas@sonnenfeld-logistik.de; add key_message_de and cta_de, or set language = "
            "\"en\"");

  std::string german = std::string(kCampaign) +
                       "key_message_de = \"Der Plan soll zu Ihrer Arbeitsweise passen\"\n"
                       "cta_de = \"Passt Ihnen nächste Woche ein kurzes Gespräch?\"\n";
  EXPECT_TRUE(service.CreateCampaign("c.toml", german).has_value());
  service.Stop();
}

}  // namespace
}  // namespace draftbox
