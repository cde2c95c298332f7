// The Sent watcher against a real Dovecot and SQLite file: sends linked to their drafts by
// header or by address and text, edit measures, the add-on's report, drafts that vanish, and a
// watcher that survives a server restart, a recreated folder and 500 messages at once without
// losing or doubling an event.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/response_tracker.h"
#include "campaign/draft_placer.h"
#include "mail/draft_message.h"
#include "mail/imap_mailbox.h"
#include "store/campaign_store.h"
#include "store/event_log.h"
#include "store/suppression_store.h"
#include "support/dovecot_server.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr char kBody[] =
    "Hi Ana,\n\nCongratulations on the Series B. Teams that just raised grow their pipeline "
    "fastest with clean CRM data.\n\nWould a 20-minute call next week work?\n\nDana Reyes\n";

class ResponseTrackingTest : public testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<test::DovecotServer>> server = test::DovecotServer::Start();
    ASSERT_TRUE(server) << server.error().ToString();
    dovecot_ = std::move(*server);
    db_ = Database::Open(dir_.path() / "draftbox.db").value();
    options_.host = "127.0.0.1";
    options_.port = dovecot_->imap_port();
    options_.security = ImapSecurity::kNone;
    options_.user = dovecot_->user();
    options_.password = dovecot_->password();
    options_.timeout = 10s;
    mailbox_ = ImapMailbox::Create(options_).value();
    campaign_ = CampaignStore(*db_).Create("Test", "outreach", "{}").value();
    config_.mailbox.sent_folder = "Sent";
  }

  void TearDown() override {
    if (tracker_) tracker_->Stop();
  }

  MailboxWatcher::MailboxFactory Factory() {
    return [this]() -> Result<std::unique_ptr<Mailbox>> {
      Result<std::unique_ptr<ImapMailbox>> m = ImapMailbox::Create(options_);
      if (!m) return std::unexpected(m.error());
      return std::unique_ptr<Mailbox>(std::move(*m));
    };
  }

  void StartTracker(std::chrono::seconds grace = 3600s,
                    std::optional<std::chrono::seconds> no_reply_after = std::nullopt) {
    TrackerOptions options;
    options.watcher.backoff_min = 100ms;
    options.watcher.backoff_max = 1s;
    options.vanish_grace = grace;
    options.no_reply_after = no_reply_after;
    tracker_ = std::make_unique<ResponseTracker>(*db_, config_, Factory(), options);
    tracker_->Start();
  }

  // A placed draft to `email` with `body`, in Drafts.
  DraftRecord Placed(const std::string& email, const std::string& body = kBody) {
    Recipient r;
    r.email = email;
    r.name = "Ana Lima";
    EXPECT_TRUE(RecipientStore(*db_).Upsert(std::span<const Recipient>(&r, 1)));
    NewDraft d;
    d.campaign_id = campaign_;
    d.recipient_id = RecipientStore(*db_).GetByEmail(email)->id;
    d.subject = "Congratulations on the Series B";
    d.body = body;
    d.to_address = email;
    d.message_id = NewMessageId(dovecot_->user());
    int64_t id = DraftStore(*db_).InsertGenerated(d).value();
    Persona sender;
    sender.sender_name = "Dana Reyes";
    sender.sender_address = dovecot_->user();
    DraftPlacer placer(
        *mailbox_, *db_, [sender](int64_t) { return Result<Persona>(sender); },
        PlacerOptions{.attempts = 2, .backoff = 50ms, .drafts_folder = "Drafts", .clock = nullptr});
    EXPECT_TRUE(placer.Place(DraftStore(*db_).Get(id).value()));
    return DraftStore(*db_).Get(id).value();
  }

  // What a mail client puts in Sent for `draft`: its own Message-ID, the header kept or not.
  std::string SentCopy(const DraftRecord& draft, const std::string& subject,
                       const std::string& body, bool keep_header, const std::string& to = "") {
    DraftMessage m;
    m.from_name = "Dana Reyes";
    m.from_address = dovecot_->user();
    m.to_address = to.empty() ? draft.to_address : to;
    m.subject = subject;
    m.body = body;
    m.message_id = NewMessageId("dana@client.example");
    m.draft_id = draft.id;
    m.date_unix = *draft.placed_at + 60;
    std::string raw = BuildDraftMessage(m).value();
    if (!keep_header) {
      size_t at = raw.find("X-Draftbox-Id:");
      raw.erase(at, raw.find("\r\n", at) + 2 - at);
    }
    return raw;
  }

  // Over a connection of the test's own, as a mail client would store its sent copy.
  void SaveSent(const std::string& raw) {
    Result<AppendedMessage> appended = mailbox_->Append("Sent", raw, kFlagSeen);
    ASSERT_TRUE(appended) << appended.error().ToString();
  }

  // Waits until `draft_id` leaves `placed` (or 20 s pass) and returns it.
  DraftRecord WaitState(int64_t draft_id, DraftState not_state = DraftState::kPlaced) {
    auto deadline = std::chrono::steady_clock::now() + 20s;
    DraftRecord d = DraftStore(*db_).Get(draft_id).value();
    while (d.state == not_state && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(50ms);
      d = DraftStore(*db_).Get(draft_id).value();
    }
    return d;
  }

  std::vector<Event> Events(const std::string& type) {
    return EventLog(*db_).ReadSince(0, 100000, type).value();
  }

  // Waits until the Sent watcher has handled `n` messages.
  void WaitHandled(int64_t n) {
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (tracker_->sent_handled() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(50ms);
    }
    ASSERT_GE(tracker_->sent_handled(), n);
  }

  test::TempDir dir_{"tracking-it"};
  std::unique_ptr<test::DovecotServer> dovecot_;
  std::unique_ptr<Database> db_;
  ImapOptions options_;
  std::unique_ptr<ImapMailbox> mailbox_;
  Config config_;
  int64_t campaign_ = 0;
  std::unique_ptr<ResponseTracker> tracker_;
};

TEST_F(ResponseTrackingTest, AnUneditedSendIsLinkedByItsHeaderWithNoEdit) {
  DraftRecord draft = Placed("ana@acme.example");
  StartTracker();
  SaveSent(SentCopy(draft, draft.subject, draft.body, /*keep_header=*/true));
  DraftRecord sent = WaitState(draft.id);
  ASSERT_EQ(sent.state, DraftState::kSent);
  std::vector<Event> engagement = Events("engagement_signal");
  ASSERT_EQ(engagement.size(), 1u);
  json payload = json::parse(engagement[0].payload_json);
  EXPECT_EQ(payload["kind"], "sent");
  EXPECT_EQ(payload["link"], "header");
  std::vector<Event> edits = Events("draft_edit_signal");
  ASSERT_EQ(edits.size(), 1u);
  json edit = json::parse(edits[0].payload_json);
  EXPECT_EQ(edit["chars_changed"], 0);
  EXPECT_EQ(edit["subject_changed"], false);
  EXPECT_EQ(edits[0].draft_id, draft.id);
}

TEST_F(ResponseTrackingTest, AStrippedHeaderIsLinkedByAddressAndTextWithTheEditMeasured) {
  DraftRecord draft = Placed("ana@acme.example");
  StartTracker();
  std::string edited = kBody;
  edited.replace(0, 7, "Dear Ms Lima,");
  SaveSent(SentCopy(draft, "Your Series B", edited, /*keep_header=*/false));
  ASSERT_EQ(WaitState(draft.id).state, DraftState::kSent);
  json payload = json::parse(Events("engagement_signal").at(0).payload_json);
  EXPECT_EQ(payload["link"], "similarity");
  json edit = json::parse(Events("draft_edit_signal").at(0).payload_json);
  EXPECT_EQ(edit["subject_changed"], true);
  EXPECT_EQ(edit["words_added"], 3);
  EXPECT_EQ(edit["words_removed"], 2);
  EXPECT_GT(edit["edit_ratio"].get<double>(), 0.0);
}

TEST_F(ResponseTrackingTest, AHeavyEditKeepsItsHeaderLinkAndAHighRatio) {
  DraftRecord draft = Placed("ana@acme.example");
  StartTracker();
  SaveSent(SentCopy(draft, "Quick question",
                    "Ana - saw the news. Free Thursday for a chat about your CRM?\n-D\n", true));
  ASSERT_EQ(WaitState(draft.id).state, DraftState::kSent);
  json edit = json::parse(Events("draft_edit_signal").at(0).payload_json);
  EXPECT_GT(edit["edit_ratio"].get<double>(), 0.6);
}

TEST_F(ResponseTrackingTest, UnrelatedMailToTheSamePersonIsNotTakenForTheDraft) {
  DraftRecord draft = Placed("ana@acme.example");
  StartTracker();
  SaveSent(SentCopy(draft, "Lunch", "Lunch on Friday? The usual place at noon.\n", false));
  WaitHandled(1);
  EXPECT_EQ(DraftStore(*db_).Get(draft.id)->state, DraftState::kPlaced);
  EXPECT_TRUE(Events("engagement_signal").empty());
}

TEST_F(ResponseTrackingTest, TwoDraftsToTheSameCompanyAreEachLinkedToTheirOwnSend) {
  DraftRecord ana = Placed("ana@acme.example");
  std::string ben_body = kBody;
  ben_body.replace(0, 7, "Hi Ben,");
  DraftRecord ben = Placed("ben@acme.example", ben_body);
  StartTracker();
  SaveSent(SentCopy(ben, ben.subject, ben.body, false));
  ASSERT_EQ(WaitState(ben.id).state, DraftState::kSent);
  EXPECT_EQ(DraftStore(*db_).Get(ana.id)->state, DraftState::kPlaced);
  SaveSent(SentCopy(ana, ana.subject, ana.body, false));
  ASSERT_EQ(WaitState(ana.id).state, DraftState::kSent);
  EXPECT_EQ(Events("engagement_signal").size(), 2u);
}

TEST_F(ResponseTrackingTest, TheAddOnsReportAndTheSentCopyMakeOneSend) {
  DraftRecord draft = Placed("ana@acme.example");
  std::string copy = SentCopy(draft, draft.subject, draft.body, false);
  const std::string sent_id = *HeaderValue(copy, "Message-ID");
  // Thunderbird reports the Message-ID without angle brackets.
  Result<SentOutcome> reported = SentLinker(*db_).HandleReport(
      draft.id, sent_id.substr(1, sent_id.size() - 2), draft.body, std::nullopt);
  ASSERT_TRUE(reported) << reported.error().ToString();
  EXPECT_TRUE(reported->recorded);
  EXPECT_FALSE(
      SentLinker(*db_).HandleReport(draft.id, sent_id, draft.body, std::nullopt)->recorded);
  StartTracker();
  SaveSent(copy);
  WaitHandled(1);
  EXPECT_EQ(Events("engagement_signal").size(), 1u);
  EXPECT_EQ(DraftStore(*db_).Get(draft.id)->sent_message_id, sent_id);
}

TEST_F(ResponseTrackingTest, ADraftDeletedWithoutASendVanishesAfterTheGracePeriod) {
  DraftRecord draft = Placed("ana@acme.example");
  DraftRecord kept = Placed("ben@bolt.example");
  StartTracker(/*grace=*/1s);
  ASSERT_TRUE(mailbox_->Delete("Drafts", {static_cast<uint32_t>(*draft.imap_uid)}));
  DraftRecord gone = WaitState(draft.id);
  EXPECT_EQ(gone.state, DraftState::kVanished);
  EXPECT_EQ(Events("draft_vanished").size(), 1u);
  EXPECT_EQ(DraftStore(*db_).Get(kept.id)->state, DraftState::kPlaced);
}

// What Thunderbird does on File > Save (FIELD-NOTES.md): the edited draft is appended under a
// new UID and Message-ID, without X-Draftbox-Id unless the add-on put it back, and the old
// message is expunged.
TEST_F(ResponseTrackingTest, ADraftSavedAgainUnderANewUidIsFollowedAndNeverVanishes) {
  DraftRecord draft = Placed("ana@acme.example");
  DraftRecord kept_header = Placed("ben@bolt.example");
  StartTracker(/*grace=*/1s);
  const std::string edited = "Hi Ana, one line of my own first.\n\n" + draft.body;
  uint32_t saved =
      mailbox_->Append("Drafts", SentCopy(draft, draft.subject, edited, false), kFlagDraft)->uid;
  uint32_t saved_with_id =
      mailbox_->Append("Drafts", SentCopy(kept_header, "New subject", "Short.", true), kFlagDraft)
          ->uid;
  ASSERT_TRUE(mailbox_->Delete("Drafts", {static_cast<uint32_t>(*draft.imap_uid),
                                          static_cast<uint32_t>(*kept_header.imap_uid)}));
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (Events("draft_moved").size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  std::this_thread::sleep_for(3s);  // well past the grace period
  DraftRecord moved = DraftStore(*db_).Get(draft.id).value();
  EXPECT_EQ(moved.state, DraftState::kPlaced);
  EXPECT_EQ(moved.imap_uid, saved);
  // Matched by its header even though its text is nothing like the draft's.
  EXPECT_EQ(DraftStore(*db_).Get(kept_header.id)->imap_uid, saved_with_id);
  EXPECT_EQ(Events("draft_moved").size(), 2u);
  EXPECT_TRUE(Events("draft_vanished").empty());
}

TEST_F(ResponseTrackingTest, ACopyToSomeoneElseIsNotTheDraftsCopy) {
  DraftRecord draft = Placed("ana@acme.example");
  StartTracker(/*grace=*/1s);
  ASSERT_TRUE(mailbox_->Append(
      "Drafts", SentCopy(draft, draft.subject, draft.body, false, "someone.else@other.example"),
      kFlagDraft));
  ASSERT_TRUE(mailbox_->Delete("Drafts", {static_cast<uint32_t>(*draft.imap_uid)}));
  EXPECT_EQ(WaitState(draft.id).state, DraftState::kVanished);
}

TEST_F(ResponseTrackingTest, AVanishedDraftThatIsSentAfterAllBecomesSent) {
  DraftRecord by_text = Placed("ana@acme.example");
  DraftRecord by_report = Placed("ben@bolt.example");
  StartTracker(/*grace=*/1s);
  ASSERT_TRUE(mailbox_->Delete("Drafts", {static_cast<uint32_t>(*by_text.imap_uid),
                                          static_cast<uint32_t>(*by_report.imap_uid)}));
  ASSERT_EQ(WaitState(by_text.id).state, DraftState::kVanished);
  ASSERT_EQ(WaitState(by_report.id).state, DraftState::kVanished);

  SaveSent(SentCopy(by_text, by_text.subject, "Hi Ana, edited a bit.\n\n" + by_text.body, false));
  DraftRecord sent = WaitState(by_text.id, DraftState::kVanished);
  EXPECT_EQ(sent.state, DraftState::kSent);
  Result<SentOutcome> reported = SentLinker(*db_).HandleReport(
      by_report.id, "<late@client.example>", by_report.body, std::nullopt);
  ASSERT_TRUE(reported) << reported.error().ToString();
  EXPECT_TRUE(reported->recorded);
  EXPECT_EQ(DraftStore(*db_).Get(by_report.id)->state, DraftState::kSent);
  EXPECT_EQ(Events("draft_edit_signal").size(), 2u);
}

TEST_F(ResponseTrackingTest, ADovecotRestartMidWatchLosesNoSend) {
  DraftRecord first = Placed("ana@acme.example");
  DraftRecord second = Placed("ben@bolt.example");
  StartTracker();
  SaveSent(SentCopy(first, first.subject, first.body, true));
  ASSERT_EQ(WaitState(first.id).state, DraftState::kSent);
  ASSERT_TRUE(dovecot_->Restart());
  mailbox_->Disconnect();  // the test's own connection died with the server too
  SaveSent(SentCopy(second, second.subject, second.body, true));
  ASSERT_EQ(WaitState(second.id).state, DraftState::kSent);
  EXPECT_EQ(Events("engagement_signal").size(), 2u);
}

TEST_F(ResponseTrackingTest, ARecreatedSentFolderIsReadAgainWithoutDoubledEvents) {
  DraftRecord first = Placed("ana@acme.example");
  StartTracker();
  std::string copy = SentCopy(first, first.subject, first.body, true);
  SaveSent(copy);
  ASSERT_EQ(WaitState(first.id).state, DraftState::kSent);
  tracker_->Stop();
  // The folder is deleted and recreated (new UIDVALIDITY) with the old message in it again.
  ASSERT_TRUE(dovecot_->DeleteMailbox(dovecot_->user(), "Sent"));
  ASSERT_TRUE(dovecot_->CreateMailbox(dovecot_->user(), "Sent"));
  SaveSent(copy);
  DraftRecord second = Placed("ben@bolt.example");
  SaveSent(SentCopy(second, second.subject, second.body, true));
  StartTracker();
  ASSERT_EQ(WaitState(second.id).state, DraftState::kSent);
  WaitHandled(2);
  EXPECT_EQ(Events("engagement_signal").size(), 2u);
}

TEST_F(ResponseTrackingTest, FiveHundredMessagesArrivingAtOnceAreAllRead) {
  DraftRecord draft = Placed("ana@acme.example");
  for (int i = 0; i < 499; ++i) {
    SaveSent(SentCopy(draft, "Note " + std::to_string(i), "Unrelated note " + std::to_string(i),
                      false, "someone" + std::to_string(i) + "@other.example"));
  }
  SaveSent(SentCopy(draft, draft.subject, draft.body, true));
  StartTracker();
  WaitHandled(500);
  EXPECT_EQ(WaitState(draft.id).state, DraftState::kSent);
  EXPECT_EQ(Events("engagement_signal").size(), 1u);
}

// A sent draft to `email` with Message-ID `sent_id`, as the add-on reports it.
class InboxTrackingTest : public ResponseTrackingTest {
 protected:
  DraftRecord Sent(const std::string& email, const std::string& sent_id) {
    DraftRecord draft = Placed(email);
    EXPECT_TRUE(SentLinker(*db_).HandleReport(draft.id, sent_id, draft.body, std::nullopt));
    return DraftStore(*db_).Get(draft.id).value();
  }

  void Deliver(const std::string& raw) {
    Result<AppendedMessage> appended = mailbox_->Append("INBOX", raw, 0);
    ASSERT_TRUE(appended) << appended.error().ToString();
  }

  static std::string Reply(const std::string& from, const std::string& in_reply_to,
                           const std::string& text) {
    return "From: Ana Lima <" + from +
           ">\r\nTo: dana@example.com\r\n"
           "Subject: Re: Congratulations on the Series B\r\nMessage-ID: <reply-" +
           std::to_string(std::hash<std::string>{}(text)) +
           "@acme.example>\r\n"
           "In-Reply-To: " +
           in_reply_to +
           "\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
           text +
           "\r\n\r\nOn Fri, Dana Reyes wrote:\r\n> Would a 20-minute call next week work?\r\n";
  }

  std::optional<SuppressionEntry> Suppressed(const std::string& address) {
    Result<SuppressionEntry> found =
        SuppressionStore(*db_).Find(SuppressionTarget{SuppressionKind::kAddress, address});
    if (!found) return std::nullopt;
    return *found;
  }
};

TEST_F(InboxTrackingTest, AReplyMarksItsDraftReplied) {
  DraftRecord draft = Sent("ana@acme.example", "<sent-1@client.example>");
  StartTracker();
  Deliver(Reply("ana@acme.example", "<sent-1@client.example>", "Thursday at 10 works for me."));
  EXPECT_EQ(WaitState(draft.id, DraftState::kSent).state, DraftState::kReplied);
  json payload = json::parse(Events("engagement_signal").back().payload_json);
  EXPECT_EQ(payload["kind"], "reply");
  EXPECT_FALSE(Suppressed("ana@acme.example"));
}

TEST_F(InboxTrackingTest, AnOptOutInTheReplyUnsubscribesAndSuppresses) {
  DraftRecord draft = Sent("ana@acme.example", "<sent-2@client.example>");
  StartTracker();
  Deliver(Reply("ana@acme.example", "<sent-2@client.example>", "Please remove me from your list."));
  EXPECT_EQ(WaitState(draft.id, DraftState::kSent).state, DraftState::kUnsubscribed);
  std::optional<SuppressionEntry> entry = Suppressed("ana@acme.example");
  ASSERT_TRUE(entry);
  EXPECT_TRUE(entry->source.starts_with("<reply-")) << entry->source;
  EXPECT_EQ(Events("suppression_addition").size(), 1u);
}

TEST_F(InboxTrackingTest, AnUnclearRequestIsRecordedAsPossibleOptOutWithoutSuppressing) {
  DraftRecord draft = Sent("ana@acme.example", "<sent-9@client.example>");
  StartTracker();
  Deliver(Reply("ana@acme.example", "<sent-9@client.example>", "Not interested, thanks."));
  EXPECT_EQ(WaitState(draft.id, DraftState::kSent).state, DraftState::kReplied);
  json payload = json::parse(Events("engagement_signal").back().payload_json);
  EXPECT_EQ(payload["kind"], "possible_opt_out");
  EXPECT_FALSE(Suppressed("ana@acme.example"));
}

TEST_F(InboxTrackingTest, AnOptOutOnlyInTheQuoteIsAnOrdinaryReply) {
  DraftRecord draft = Sent("ana@acme.example", "<sent-3@client.example>");
  StartTracker();
  std::string raw = Reply("ana@acme.example", "<sent-3@client.example>", "Sounds good!");
  raw += "> To unsubscribe, reply STOP\r\n";
  Deliver(raw);
  EXPECT_EQ(WaitState(draft.id, DraftState::kSent).state, DraftState::kReplied);
  EXPECT_FALSE(Suppressed("ana@acme.example"));
}

TEST_F(InboxTrackingTest, AHardBounceMarksBouncedAndSuppressesButADelayDoesNot) {
  DraftRecord dead = Sent("gone@acme.example", "<sent-4@client.example>");
  DraftRecord slow = Sent("slow@bolt.example", "<sent-5@client.example>");
  auto dsn = [](const std::string& rcpt, const std::string& action, const std::string& status,
                int n) {
    return "From: Mail Delivery System <MAILER-DAEMON@mx.example>\r\nTo: dana@example.com\r\n"
           "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-" +
           std::to_string(n) +
           "@mx.example>\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
           "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status;"
           " boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nDelivery "
           "failed.\r\n--B\r\nContent-Type: message/delivery-status\r\n\r\n"
           "Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; " +
           rcpt + "\r\nAction: " + action + "\r\nStatus: " + status +
           "\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n--B--\r\n";
  };
  StartTracker();
  Deliver(dsn("slow@bolt.example", "delayed", "4.4.7", 1));
  Deliver(dsn("gone@acme.example", "failed", "5.1.1", 2));
  EXPECT_EQ(WaitState(dead.id, DraftState::kSent).state, DraftState::kBounced);
  EXPECT_TRUE(Suppressed("gone@acme.example"));
  EXPECT_EQ(DraftStore(*db_).Get(slow.id)->state, DraftState::kSent);
  EXPECT_FALSE(Suppressed("slow@bolt.example"));
}

TEST_F(InboxTrackingTest, ASendNobodyAnsweredInTimeBecomesNoReplyAndALateReplyStillCounts) {
  DraftRecord old_send = Sent("ana@acme.example", "<sent-7@client.example>");
  DraftRecord new_send = Sent("bo@bolt.example", "<sent-8@client.example>");
  const int64_t month_ago = *old_send.sent_at - 30 * 86400;
  ASSERT_TRUE(db_->WithConnection([&](sqlite3* db) -> Status {
    std::string sql = "UPDATE drafts SET sent_at = " + std::to_string(month_ago) +
                      " WHERE id = " + std::to_string(old_send.id);
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      return Fail(ErrorCode::kStore, sqlite3_errmsg(db));
    }
    return {};
  }));
  StartTracker(3600s, std::chrono::days(14));
  EXPECT_EQ(WaitState(old_send.id, DraftState::kSent).state, DraftState::kNoReply);
  EXPECT_EQ(DraftStore(*db_).Get(new_send.id)->state, DraftState::kSent);
  json payload = json::parse(Events("engagement_signal").back().payload_json);
  EXPECT_EQ(payload["kind"], "no_reply");
  EXPECT_EQ(payload["days_waited"], 30);

  Deliver(Reply("ana@acme.example", "<sent-7@client.example>", "Sorry for the slow answer."));
  EXPECT_EQ(WaitState(old_send.id, DraftState::kNoReply).state, DraftState::kReplied);
}

TEST_F(InboxTrackingTest, AnAutoReplyIsNeitherAReplyNorABounce) {
  DraftRecord draft = Sent("ana@acme.example", "<sent-6@client.example>");
  StartTracker();
  std::string raw =
      Reply("ana@acme.example", "<sent-6@client.example>", "I am out of the office until Monday.");
  raw.insert(0, "Auto-Submitted: auto-replied\r\n");
  Deliver(raw);
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (tracker_->inbox_handled() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_GE(tracker_->inbox_handled(), 1);
  EXPECT_EQ(DraftStore(*db_).Get(draft.id)->state, DraftState::kSent);
  json payload = json::parse(Events("engagement_signal").back().payload_json);
  EXPECT_EQ(payload["kind"], "auto_reply");
}

}  // namespace
}  // namespace draftbox
