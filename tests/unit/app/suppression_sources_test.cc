// [suppression] sources imported at start, into a real SQLite store: rows added once, a missing
// list skipped without stopping the others.
#include "app/suppression_sources.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/database.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;

class SuppressionSourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.path() / "draftbox.db");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    store_ = std::make_unique<SuppressionStore>(*db_);
  }

  fs::path Write(const std::string& name, const std::string& text) {
    fs::path file = dir_.path() / name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  test::TempDir dir_{"draftbox-suppression-sources"};
  std::unique_ptr<Database> db_;
  std::unique_ptr<SuppressionStore> store_;
};

TEST_F(SuppressionSourcesTest, AddsEveryListOnceAndSkipsAMissingOne) {
  fs::path company = Write("company.csv",
                           "address,reason,source\n"
                           "ana@example.com,asked,legal\n"
                           "@competitor.example,policy,legal\n"
                           "not-an-address,typo,legal\n");
  fs::path missing = dir_.path() / "share/not-mounted.csv";
  fs::path team = Write("team.csv", "address\nbo@example.com\n");

  std::vector<SuppressionSourceOutcome> first =
      ImportSuppressionSources(*store_, {company, missing, team});
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0], (SuppressionSourceOutcome{
                          .file = company, .added = 2, .refused = 1, .error = std::nullopt}));
  EXPECT_EQ(first[1].file, missing);
  ASSERT_TRUE(first[1].error.has_value());
  EXPECT_NE(first[1].error->find("cannot read"), std::string::npos) << *first[1].error;
  EXPECT_EQ(first[2], (SuppressionSourceOutcome{
                          .file = team, .added = 1, .refused = 0, .error = std::nullopt}));
  EXPECT_EQ(store_->List().value().size(), 3u);
  EXPECT_TRUE(store_->Find(SuppressionTarget{SuppressionKind::kDomain, "competitor.example"}));

  // The next start finds the same lists: nothing new, nothing doubled.
  std::vector<SuppressionSourceOutcome> again = ImportSuppressionSources(*store_, {company, team});
  EXPECT_EQ(again[0].added, 0);
  EXPECT_EQ(again[1].added, 0);
  EXPECT_EQ(store_->List().value().size(), 3u);
}

}  // namespace
}  // namespace draftbox
