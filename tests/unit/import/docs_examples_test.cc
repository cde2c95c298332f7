// The sample files docs/recipients.md and the README's quickstart point to must import (and
// the campaign parse) without a single error or notice, so a reader who copies them starts from
// something that works.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "campaign/campaign_file.h"
#include "import/recipient_import.h"
#include "support/test_data.h"

namespace draftbox {
namespace {

// docs/examples/<name>, found from the repository root that holds tests/data.
std::string ReadExample(std::string_view name) {
  const std::filesystem::path root =
      test::TestDataPath("recipients").parent_path().parent_path().parent_path();
  const std::filesystem::path path = root / "docs" / "examples" / name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(DocsExamplesTest, RecipientsAndActivitiesImportCleanly) {
  RecipientImport import;
  import.AddRecipientsCsv("recipients.csv", ReadExample("recipients.csv"));
  import.AddActivitiesCsv("activities.csv", ReadExample("activities.csv"));
  ImportBatch batch = import.Take();
  for (const ImportProblem& p : batch.errors) {
    ADD_FAILURE() << p.file << ":" << p.line << ": " << p.field << ": " << p.reason;
  }
  EXPECT_TRUE(batch.notices.empty());
  ASSERT_EQ(batch.recipients.size(), 3u);
  size_t activities = 0;
  for (const Recipient& r : batch.recipients) activities += r.activities.size();
  EXPECT_EQ(activities, 5u);
  const Recipient& jonas = batch.recipients[1];
  EXPECT_EQ(jonas.language, "de");
  EXPECT_EQ(jonas.consent.at("email"), "yes");
  EXPECT_EQ(batch.recipients[0].tags, (std::vector<std::string>{"q1-expansion", "webinar"}));
  EXPECT_EQ(batch.recipients[0].owner, "sam");
}

TEST(DocsExamplesTest, FirstCampaignParsesAndTargetsTheSampleTag) {
  Result<Campaign> campaign =
      ParseCampaignToml(ReadExample("campaign.toml"), "campaign.toml", {"default"});
  ASSERT_TRUE(campaign) << campaign.error().message;
  EXPECT_EQ(campaign->target.tags, (std::vector<std::string>{"q1-expansion"}));
}

}  // namespace
}  // namespace draftbox
