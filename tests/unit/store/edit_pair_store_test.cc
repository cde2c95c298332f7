// EditPairStore on a real SQLite file, the pairs written as the watcher writes them.
#include "store/edit_pair_store.h"

#include <gtest/gtest.h>

#include "store/database.h"
#include "support/edit_pairs.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

class EditPairStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::Open(dir_.path() / "draftbox.db").value();
    sales_ = test::AddPersonaCampaign(*db_, "Sales push", "sales").value();
    support_ = test::AddPersonaCampaign(*db_, "Check-in", "support").value();
    no_persona_ = CampaignStore(*db_).Create("Old", "outreach", "{}").value();
  }

  int64_t Send(int64_t campaign, const std::string& first, int64_t sent_at, double ratio,
               const std::string& sent_body = "Hi,\n\nShort.\n") {
    Recipient r;
    r.email = first + "@example.com";
    r.first_name = first;
    r.last_name = "Lima";
    r.name = first + " Lima";
    r.company = "Acme";
    Recipient stored = test::AddRecipient(*db_, r).value();
    test::SentPair pair{"Hello " + first,
                        "Hi,\n\nLong draft.\n",
                        R"([{"id":"recipient:company","text":"Acme"}])",
                        "Hi " + first,
                        sent_body,
                        sent_at,
                        ratio};
    return test::AddSentPair(*db_, campaign, stored.id, r.email, pair).value();
  }

  test::TempDir dir_;
  std::unique_ptr<Database> db_;
  int64_t sales_ = 0, support_ = 0, no_persona_ = 0;
};

TEST_F(EditPairStoreTest, ReadsOnePersonasSendsNewestFirstWithTheirRecipientAndRatio) {
  const int64_t older = Send(sales_, "ana", 1000, 0.25);
  const int64_t newer = Send(sales_, "ben", 2000, 0.5);
  Send(support_, "cleo", 3000, 0.1);
  auto rows = EditPairStore(*db_).Recent(std::string("sales"), 10);
  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].draft_id, newer);
  EXPECT_EQ((*rows)[1].draft_id, older);
  const EditPairRow& row = (*rows)[0];
  EXPECT_EQ(row.persona, "sales");
  EXPECT_EQ(row.sent_at, 2000);
  EXPECT_DOUBLE_EQ(row.edit_ratio, 0.5);
  EXPECT_EQ(row.draft_subject, "Hello ben");
  EXPECT_EQ(row.sent_subject, "Hi ben");
  EXPECT_EQ(row.draft_body, "Hi,\n\nLong draft.\n");
  EXPECT_EQ(row.sent_body, "Hi,\n\nShort.\n");
  EXPECT_EQ(row.first_name, "ben");
  EXPECT_EQ(row.full_name, "ben Lima");
  EXPECT_EQ(row.company, "Acme");
  EXPECT_EQ(row.email, "ben@example.com");
  EXPECT_EQ(row.facts_used_json, R"([{"id":"recipient:company","text":"Acme"}])");
}

TEST_F(EditPairStoreTest, CallsACampaignWithoutPersonaDefaultAndReadsEveryPersonaWithout) {
  Send(no_persona_, "dev", 500, 0.0);
  Send(support_, "eve", 600, 0.0);
  auto defaults = EditPairStore(*db_).Recent(std::string("default"), 10);
  ASSERT_TRUE(defaults.has_value());
  ASSERT_EQ(defaults->size(), 1u);
  EXPECT_EQ((*defaults)[0].first_name, "dev");
  auto all = EditPairStore(*db_).Recent(std::nullopt, 10);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), 2u);
}

TEST_F(EditPairStoreTest, LeavesOutSendsWithoutTextAndKeepsToTheLimit) {
  Send(sales_, "fay", 100, 0.1, "");
  Send(sales_, "gus", 200, 0.1);
  Send(sales_, "hal", 300, 0.1);
  auto rows = EditPairStore(*db_).Recent(std::string("sales"), 1);
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].first_name, "hal");
  auto all = EditPairStore(*db_).Recent(std::string("sales"), 10);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), 2u);  // fay's send has no captured text
  EXPECT_EQ(EditPairStore(*db_).Recent(std::nullopt, 0).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace draftbox
