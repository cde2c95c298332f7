// `draftbox report edits` with the real binary against a real daemon whose database holds
// captured (draft, sent) pairs of two personas; --json is checked against shared/api/.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "store/database.h"
#include "support/edit_pairs.h"
#include "support/ports.h"
#include "unit/api/schema_check.h"

namespace draftbox::test {
namespace {

constexpr int64_t kMonday = 1795392000;  // 2026-11-23 00:00 UTC
constexpr int64_t kDay = 86400;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class ReportCliTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(CliRunner::Binary().empty()) << "DRAFTBOX_BINARY unset";
    port_ = FreeLoopbackPort();
    ASSERT_NE(port_, 0);
    config_ = cli_.WriteDaemonConfig(port_);
    const std::filesystem::path data = cli_.dir() / "data";
    std::filesystem::create_directories(data);
    ::chmod(data.c_str(), 0700);
    ASSERT_NO_FATAL_FAILURE(FillDatabase(data / "draftbox.db"));
  }

  // Persona "sales": three reps' sends that drop the pleasantry and add a line, two that rewrite
  // the subject, across two weeks; persona "support": one send as written.
  void FillDatabase(const std::filesystem::path& file) {
    std::unique_ptr<Database> db = Database::Open(file).value();
    const int64_t sales = AddPersonaCampaign(*db, "Sales push", "sales").value();
    const int64_t support = AddPersonaCampaign(*db, "Check-in", "support").value();
    struct Send {
      const char* first;
      const char* company;
      int64_t campaign;
      int64_t sent_at;
      double ratio;
      bool edited;
    };
    const Send sends[] = {{"Ana", "Acme", sales, kMonday, 0.1, true},
                          {"Ben", "Globex", sales, kMonday + kDay, 0.3, true},
                          {"Cleo", "Initech", sales, kMonday + 8 * kDay, 0.5, true},
                          {"Dev", "Hooli", support, kMonday + 9 * kDay, 0.0, false}};
    for (const Send& s : sends) {
      Recipient r;
      r.first_name = s.first;
      r.company = s.company;
      r.email = std::string(s.first) + "@" + s.company + ".example";
      for (char& c : r.email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      Recipient stored = AddRecipient(*db, r).value();
      const std::string draft = "Hi " + std::string(s.first) +
                                ",\n\nI hope this finds you well.\n\nWould a call work?\n\nDana\n";
      const std::string sent =
          "Hi " + std::string(s.first) + ",\n\nWould a call work? Happy to adapt.\n\nDana\n";
      const std::string subject = "Quick question about " + std::string(s.company);
      SentPair pair{subject,
                    draft,
                    "[]",
                    s.edited ? std::string(s.company) + " and clean data" : subject,
                    s.edited ? sent : draft,
                    s.sent_at,
                    s.ratio};
      ASSERT_TRUE(AddSentPair(*db, s.campaign, stored.id, r.email, pair).has_value());
    }
  }

  RunResult Report(std::vector<std::string> args) {
    args.insert(args.begin(), {"report", "edits"});
    args.push_back("--config");
    args.push_back(config_.string());
    return cli_.Run(args);
  }

  CliRunner cli_;
  uint16_t port_ = 0;
  std::filesystem::path config_;
  std::unique_ptr<Subprocess> daemon_;
};

TEST_F(ReportCliTest, ListsAPersonasCommonEditsAndWeeklyMedians) {
  ASSERT_NO_FATAL_FAILURE(cli_.StartDaemon(config_, &daemon_));
  RunResult text = Report({"--persona", "sales"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(Contains(text.out, "persona sales: 3 sends, median edit ratio 0.30")) << text.out;
  EXPECT_TRUE(Contains(text.out, "3      I hope this finds you well.")) << text.out;
  EXPECT_TRUE(Contains(text.out, "3      Happy to adapt.")) << text.out;
  EXPECT_TRUE(Contains(text.out, "3      Quick question about [company]  [company] and clean data"))
      << text.out;
  EXPECT_TRUE(Contains(text.out, "2026-11-23  2      0.20")) << text.out;
  EXPECT_TRUE(Contains(text.out, "2026-11-30  1      0.50")) << text.out;
  // Nobody's name or company is in the report: edits to different people count together.
  for (const char* name : {"Ana", "Globex", "Initech", "Hooli"}) {
    EXPECT_FALSE(Contains(text.out, name)) << name << " in\n" << text.out;
  }

  RunResult json_run = Report({"--persona", "sales", "--json"});
  ASSERT_EQ(json_run.exit_code, 0) << json_run.err;
  EXPECT_EQ(SchemaViolations("edit_report.json", json_run.out), "") << json_run.out;
  nlohmann::json report = nlohmann::json::parse(json_run.out);
  EXPECT_EQ(report["persona"], "sales");
  EXPECT_EQ(report["sends"], 3);
  EXPECT_DOUBLE_EQ(report["median_ratio"].get<double>(), 0.3);

  RunResult support = Report({"--persona", "support"});
  ASSERT_EQ(support.exit_code, 0) << support.err;
  EXPECT_TRUE(Contains(support.out, "persona support: 1 sends, median edit ratio 0.00"))
      << support.out;
  EXPECT_FALSE(Contains(support.out, "I hope this finds you well.")) << support.out;
}

}  // namespace
}  // namespace draftbox::test
