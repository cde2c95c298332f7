// Previews with the real binary against a real daemon on a free loopback port, no mailbox:
// `campaign run --dry-run --show` prints each would-be draft in full (to, subject, body) and
// places nothing; `drafts show` prints a draft's subject and body decoded, so a body or subject
// that reached the store quoted-printable, base64 or as RFC 2047 words reads as text (German
// umlauts, Japanese) with no encoding left visible.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "store/database.h"
#include "store/draft_store.h"
#include "support/ports.h"

namespace draftbox::test {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Three prospects tagged "preview": a German one (German draft, Sie), a Japanese name, and an
// English one whose note is in the third person.
constexpr const char* kRecipients =
    "email,first_name,last_name,role,company,country,language,tags,account_state,consent\n"
    "joerg@sonnenfeld.example,Jörg,Müller,Leiter Vertrieb,Sonnenfeld Logistik,DE,de,preview,"
    "prospect,yes\n"
    "haruki@hikari.example,春樹,村上,CTO,Hikari Health,JP,ja,preview,prospect,yes\n"
    "alex@fabrikam.example,Alex,Kim,VP Revenue,Fabrikam,US,en,preview,prospect,yes\n";

constexpr const char* kActivities =
    "email,type,date,summary,source\n"
    "joerg@sonnenfeld.example,funding,2026-11-20,Raised a $4M Series C led by Accel,news\n"
    "alex@fabrikam.example,job_change,2026-11-22,Joined Fabrikam as VP Revenue from Adatum,"
    "linkedin\n";

constexpr const char* kCampaign =
    "name = \"Preview\"\n"
    "kind = \"outreach\"\n"
    "goal = \"Book a call\"\n"
    "key_message = \"Fernweh keeps sales pipelines clean\"\n"
    "cta = \"Would a 20-minute call next week work?\"\n"
    "key_message_de = \"Fernweh hält Vertriebspipelines sauber\"\n"
    "cta_de = \"Passt Ihnen nächste Woche ein Gespräch von 20 Minuten?\"\n"
    "[target]\n"
    "tags = [\"preview\"]\n";

class PreviewCliTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(CliRunner::Binary().empty()) << "DRAFTBOX_BINARY unset";
    port_ = FreeLoopbackPort();
    ASSERT_NE(port_, 0);
    config_ = cli_.WriteFile(
        "draftbox.toml", "[daemon]\nlisten = \"127.0.0.1:" + std::to_string(port_) +
                             "\"\ndata_dir = \"" + (cli_.dir() / "data").string() +
                             "\"\n[sender]\nname = \"Dana Reyes\"\naddress = \"dana@example.com\"\n"
                             "signature = \"Dana Reyes\\nAccount Executive\"\n");
    ASSERT_NO_FATAL_FAILURE(cli_.StartDaemon(config_, &daemon_));
    RunResult imported =
        Run({"recipients", "import", cli_.WriteFile("people.csv", kRecipients).string(),
             "--activities", cli_.WriteFile("activities.csv", kActivities).string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    RunResult created =
        Run({"campaign", "create", cli_.WriteFile("preview.toml", kCampaign).string(), "--json"});
    ASSERT_EQ(created.exit_code, 0) << created.err;
    campaign_id_ = nlohmann::json::parse(created.out).at("id").get<int64_t>();
  }

  // The id the daemon gave the recipient with `email`; 0 if there is none.
  int64_t RecipientId(const std::string& email) {
    RunResult list = Run({"recipients", "list", "--json"});
    EXPECT_EQ(list.exit_code, 0) << list.err;
    const nlohmann::json body = nlohmann::json::parse(list.out);
    for (const auto& r : body.at("recipients")) {
      if (r.value("email", "") == email) return r.value("id", int64_t{0});
    }
    return 0;
  }

  RunResult Run(std::vector<std::string> args) {
    args.push_back("--config");
    args.push_back(config_.string());
    return cli_.Run(args, std::chrono::seconds(120));
  }

  CliRunner cli_;
  uint16_t port_ = 0;
  std::filesystem::path config_;
  std::unique_ptr<Subprocess> daemon_;
  int64_t campaign_id_ = 0;
};

TEST_F(PreviewCliTest, DryRunShowPrintsEveryDraftInFullAndPlacesNothing) {
  RunResult run = Run({"campaign", "run", std::to_string(campaign_id_), "--dry-run", "--show"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  const std::string& out = run.out;
  EXPECT_TRUE(Contains(out, "Dry run: nothing was written to the mailbox")) << out;
  EXPECT_TRUE(Contains(out, "3 would draft")) << out;
  EXPECT_EQ(Count(out, "\nTo:      "), 3u) << out;
  EXPECT_EQ(Count(out, "\nSubject: "), 3u) << out;
  EXPECT_TRUE(Contains(out, "draft 3 of 3")) << out;
  for (const char* to :
       {"joerg@sonnenfeld.example", "haruki@hikari.example", "alex@fabrikam.example"}) {
    EXPECT_TRUE(Contains(out, std::string("To:      ") + to)) << out;
  }
  // The whole body: greeting, the fact, the key message, the CTA and the signature, as text.
  EXPECT_TRUE(Contains(out, "Jörg")) << out;
  EXPECT_TRUE(Contains(out, "Fernweh hält Vertriebspipelines sauber.")) << out;
  EXPECT_TRUE(Contains(out, "Passt Ihnen nächste Woche ein Gespräch von 20 Minuten?")) << out;
  EXPECT_TRUE(Contains(out, "春樹")) << out;
  EXPECT_TRUE(Contains(out, "Fernweh keeps sales pipelines clean.")) << out;
  EXPECT_TRUE(Contains(out, "Fabrikam")) << out;
  EXPECT_FALSE(Contains(out, "Joined Fabrikam")) << out;
  EXPECT_FALSE(Contains(out, ": Fernweh")) << out;
  EXPECT_EQ(Count(out, "\nDana Reyes\nAccount Executive\n"), 3u) << out;
  EXPECT_FALSE(Contains(out, "=C3")) << out;
  EXPECT_FALSE(Contains(out, "=?")) << out;

  // Nothing was stored as a draft.
  RunResult drafts = Run({"drafts", "list", "--json"});
  ASSERT_EQ(drafts.exit_code, 0) << drafts.err;
  EXPECT_EQ(nlohmann::json::parse(drafts.out).value("total", -1), 0) << drafts.out;
}

TEST_F(PreviewCliTest, DryRunWithoutShowListsSubjectsOnly) {
  RunResult run = Run({"campaign", "run", std::to_string(campaign_id_), "--dry-run"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "would draft")) << run.out;
  EXPECT_FALSE(Contains(run.out, "Subject: ")) << run.out;
  EXPECT_FALSE(Contains(run.out, "Dana Reyes")) << run.out;
}

TEST_F(PreviewCliTest, ShowWithoutDryRunIsBadUsage) {
  RunResult run = Run({"campaign", "run", std::to_string(campaign_id_), "--show"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(IsOneErrorLine(run.err)) << run.err;
  EXPECT_TRUE(Contains(run.err, "--dry-run")) << run.err;
}

TEST_F(PreviewCliTest, DraftsShowDecodesQuotedPrintableBase64AndEncodedWords) {
  // Drafts as a mail client's copy may bring them into the store: a subject in RFC 2047 words,
  // bodies quoted-printable and base64.
  struct Stored {
    std::string subject;
    std::string body;
    int64_t recipient_id;
  };
  // "Grüße aus München" / "こんにちは、春樹さん" as the encodings write them.
  const std::vector<Stored> stored = {
      {"=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_M=C3=BCnchen?=",
       "Hallo J=C3=B6rg,\n\nviele Gr=C3=BC=C3=9Fe aus M=C3=BCnchen, das ist eine l=\nange Zeile.\n",
       RecipientId("joerg@sonnenfeld.example")},
      {"=?UTF-8?B?44GT44KT44Gr44Gh44Gv?=", "44GT44KT44Gr44Gh44Gv44CB5pil5qi544GV44KT\n",
       RecipientId("haruki@hikari.example")},
  };
  std::vector<int64_t> ids;
  {
    Result<std::unique_ptr<Database>> db = Database::Open(cli_.dir() / "data" / "draftbox.db");
    ASSERT_TRUE(db.has_value()) << db.error().message;
    DraftStore drafts(**db);
    for (const Stored& s : stored) {
      NewDraft d;
      d.campaign_id = campaign_id_;
      d.recipient_id = s.recipient_id;
      d.subject = s.subject;
      d.body = s.body;
      d.language = "de";
      d.message_id = "<preview-" + std::to_string(s.recipient_id) + "@example.com>";
      Result<int64_t> id = drafts.InsertGenerated(d);
      ASSERT_TRUE(id.has_value()) << id.error().message;
      ids.push_back(*id);
    }
  }
  RunResult de = Run({"drafts", "show", std::to_string(ids[0])});
  ASSERT_EQ(de.exit_code, 0) << de.err;
  EXPECT_TRUE(Contains(de.out, "Grüße aus München")) << de.out;
  EXPECT_TRUE(Contains(de.out, "Hallo Jörg,\n\nviele Grüße aus München, das ist eine lange Zeile."))
      << de.out;
  RunResult ja = Run({"drafts", "show", std::to_string(ids[1])});
  ASSERT_EQ(ja.exit_code, 0) << ja.err;
  EXPECT_TRUE(Contains(ja.out, "こんにちは")) << ja.out;
  EXPECT_TRUE(Contains(ja.out, "こんにちは、春樹さん")) << ja.out;
  for (const RunResult* r : {&de, &ja}) {
    EXPECT_FALSE(Contains(r->out, "=C3")) << r->out;
    EXPECT_FALSE(Contains(r->out, "=?UTF-8?")) << r->out;
    EXPECT_FALSE(Contains(r->out, "44GT44")) << r->out;
  }
}

// Text a person wrote with an "=" of its own is not mistaken for an encoding.
TEST_F(PreviewCliTest, DraftsShowLeavesPlainTextWithEqualsSignsAlone) {
  int64_t id = 0;
  {
    Result<std::unique_ptr<Database>> db = Database::Open(cli_.dir() / "data" / "draftbox.db");
    ASSERT_TRUE(db.has_value()) << db.error().message;
    NewDraft d;
    d.campaign_id = campaign_id_;
    d.recipient_id = RecipientId("alex@fabrikam.example");
    d.subject = "Cost = value";
    d.body = "Hi Alex,\n\nWhen price=3D the plan, 2+2=4 and a=b still hold.\n";
    d.language = "en";
    d.message_id = "<plain@example.com>";
    Result<int64_t> stored = DraftStore(**db).InsertGenerated(d);
    ASSERT_TRUE(stored.has_value()) << stored.error().message;
    id = *stored;
  }
  RunResult show = Run({"drafts", "show", std::to_string(id)});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(Contains(show.out, "When price=3D the plan, 2+2=4 and a=b still hold.")) << show.out;
  EXPECT_TRUE(Contains(show.out, "Cost = value")) << show.out;
}

}  // namespace
}  // namespace draftbox::test
