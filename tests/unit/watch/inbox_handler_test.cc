// InboxHandler against a real SQLite file with a few sent drafts: what it stores about a reply
// whose text is cut for the event, for every kind of character at the cut.
#include "watch/inbox_handler.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "store/draft_store.h"
#include "store/event_log.h"
#include "store/opt_out_review_store.h"
#include "support/sent_drafts.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

using nlohmann::json;

class InboxHandlerTest : public testing::Test {
 protected:
  void SetUp() override { OpenDatabase("draftbox.db"); }

  // A database of its own per variant of a test, so every variant is a first reply.
  void OpenDatabase(const std::string& name) {
    db_ = Database::Open(dir_.path() / name).value();
    drafts_ = test::AddSentDrafts(*db_).value();
  }

  // A reply to the first sent draft whose own text is `text`.
  static std::string Reply(const std::string& text, const std::string& id = "reply-1") {
    return test::ReplyToFirstDraft(text, id);
  }

  // The reply_excerpt of the last engagement_signal.
  std::string Excerpt() {
    std::vector<Event> events = EventLog(*db_).ReadSince(0, 1000, "engagement_signal").value();
    EXPECT_FALSE(events.empty());
    if (events.empty()) return "";
    json payload = json::parse(events.back().payload_json);
    EXPECT_EQ(payload["kind"], "reply");
    return payload.value("reply_excerpt", "");
  }

  // Handles a reply of `text` (longer than the excerpt, with a character across its limit)
  // and checks what was stored.
  void ExpectValidExcerpt(const std::string& text) {
    InboxHandler handler(*db_);
    Result<InboxOutcome> outcome;
    ASSERT_NO_THROW(outcome = handler.Handle(Reply(text), "INBOX"));
    ASSERT_TRUE(outcome) << outcome.error().ToString();
    EXPECT_TRUE(outcome->recorded);
    EXPECT_EQ(outcome->draft_id, drafts_[0]);
    EXPECT_EQ(DraftStore(*db_).Get(drafts_[0])->state, DraftState::kReplied);
    const std::string excerpt = Excerpt();
    EXPECT_TRUE(IsValidUtf8(excerpt));
    EXPECT_LE(excerpt.size(), 300u);
    EXPECT_GT(excerpt.size(), 290u);
    EXPECT_EQ(excerpt.find(kReplacementChar), std::string::npos) << "cut mid-character";
    EXPECT_TRUE(excerpt.ends_with("…")) << excerpt;
  }

  // `sentence` repeated past the limit, shifted by 0, 1 and 2 bytes so the limit falls on
  // every byte of a character; each variant in a database of its own.
  void ExpectValidExcerptAtEveryShift(const std::string& sentence) {
    std::string text;
    while (text.size() < 400) text += sentence;
    for (size_t shift = 0; shift < 3; ++shift) {
      SCOPED_TRACE(shift);
      OpenDatabase("shift-" + std::to_string(shift) + ".db");
      ExpectValidExcerpt(std::string(shift, 'x') + text);
    }
  }

  test::TempDir dir_{"inbox-handler"};
  std::unique_ptr<Database> db_;
  std::vector<int64_t> drafts_;
};

TEST_F(InboxHandlerTest, AThreeByteCharacterAcrossTheExcerptLimitIsNotCut) {
  ExpectValidExcerpt(std::string(299, 'a') + "€ and then some more text after it");
}

TEST_F(InboxHandlerTest, GermanUmlautsAcrossTheExcerptLimitAreNotCut) {
  ExpectValidExcerptAtEveryShift("Grüße aus München, schön über Äpfel zu hören. ");
}

TEST_F(InboxHandlerTest, JapaneseTextAcrossTheExcerptLimitIsNotCut) {
  ExpectValidExcerptAtEveryShift("ご連絡ありがとうございます。来週の木曜日はいかがですか。");
}

TEST_F(InboxHandlerTest, AShortReplyIsKeptWhole) {
  InboxHandler handler(*db_);
  ASSERT_TRUE(handler.Handle(Reply("Gerne, Donnerstag passt. 木曜日で大丈夫です。"), "INBOX"));
  EXPECT_EQ(Excerpt(), "Gerne, Donnerstag passt. 木曜日で大丈夫です。");
}

TEST_F(InboxHandlerTest, InvalidBytesInAReplyAreStoredRepairedNotRefused) {
  // Declared UTF-8 but not: the event must still be written, with U+FFFD for the bad bytes.
  InboxHandler handler(*db_);
  Result<InboxOutcome> outcome;
  ASSERT_NO_THROW(outcome = handler.Handle(Reply("Danke \xFC\xFF f\xC3r alles"), "INBOX"));
  ASSERT_TRUE(outcome) << outcome.error().ToString();
  EXPECT_TRUE(outcome->recorded);
  EXPECT_TRUE(IsValidUtf8(Excerpt()));
}

TEST_F(InboxHandlerTest, APossibleOptOutOpensOneReviewThatHoldsTheSender) {
  InboxHandler handler(*db_);
  Result<InboxOutcome> outcome = handler.Handle(Reply("Not interested, thanks."), "INBOX", 17);
  ASSERT_TRUE(outcome) << outcome.error().ToString();
  ASSERT_TRUE(handler.Handle(Reply("Not interested, thanks."), "INBOX", 17));  // read again

  std::vector<OptOutReview> reviews = OptOutReviewStore(*db_).List().value();
  ASSERT_EQ(reviews.size(), 1u);
  const OptOutReview& r = reviews[0];
  EXPECT_EQ(r.state, OptOutReviewState::kPending);
  EXPECT_EQ(r.email, "ana@acme.example");
  EXPECT_EQ(r.draft_id, drafts_[0]);
  EXPECT_EQ(r.recipient_id, DraftStore(*db_).Get(drafts_[0])->recipient_id);
  EXPECT_EQ(r.message_id, "<reply-1@acme.example>");
  EXPECT_EQ(r.folder, "INBOX");
  EXPECT_EQ(r.uid, 17u);
  EXPECT_EQ(r.excerpt, "Not interested, thanks.");
  EXPECT_NE(r.phrase.find("interest"), std::string::npos) << r.phrase;
  EXPECT_TRUE(*OptOutReviewStore(*db_).Pending("ana@acme.example"));

  json payload =
      json::parse(EventLog(*db_).ReadSince(0, 1000, "engagement_signal")->back().payload_json);
  EXPECT_EQ(payload["kind"], "possible_opt_out");
  EXPECT_EQ(payload["review_id"], r.id);
}

TEST_F(InboxHandlerTest, AClearOptOutOrAnOrdinaryReplyOpensNoReview) {
  InboxHandler handler(*db_);
  ASSERT_TRUE(handler.Handle(Reply("Thursday at 10 works for me.", "reply-2"), "INBOX"));
  ASSERT_TRUE(handler.Handle(Reply("Please remove me from your list.", "reply-3"), "INBOX"));
  EXPECT_TRUE(OptOutReviewStore(*db_).List()->empty());
}

}  // namespace
}  // namespace draftbox
