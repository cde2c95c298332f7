// A fixed set of sent drafts in a Draftbox database, for the tests and the fuzz target that drive
// the INBOX and Sent handling: each has a recipient, a Message-ID its replies refer to and a
// subject they answer. Header-only (the fuzz target compiles it without the test library).
// Thread-safe as Database is.
#ifndef DRAFTBOX_TESTS_SUPPORT_SENT_DRAFTS_H_
#define DRAFTBOX_TESTS_SUPPORT_SENT_DRAFTS_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/recipient.h"
#include "store/campaign_store.h"
#include "store/database.h"
#include "store/draft_store.h"
#include "store/recipient_store.h"

namespace draftbox::test {

struct SentDraftSeed {
  const char* email;
  const char* subject;
  const char* sent_message_id;  // what In-Reply-To of a reply names
};

inline constexpr SentDraftSeed kSentDrafts[] = {
    {"ana@acme.example", "Congratulations on the Series B", "<sent-1@client.example>"},
    {"jorg@muller.example", "Glückwunsch zur neuen Rolle", "<sent-2@client.example>"},
    {"yuki@tokyo.example", "新しい役職おめでとうございます", "<sent-3@client.example>"},
};

// Adds a campaign and, per kSentDrafts entry, a recipient and a draft in state sent. Returns the
// draft ids in kSentDrafts order; the first error of the store otherwise.
inline Result<std::vector<int64_t>> AddSentDrafts(Database& db) {
  Result<int64_t> campaign = CampaignStore(db).Create("Hostile mail", "outreach", "{}");
  if (!campaign) return std::unexpected(campaign.error());
  DraftStore drafts(db);
  std::vector<int64_t> ids;
  uint32_t uid = 1;
  for (const SentDraftSeed& seed : kSentDrafts) {
    Recipient r;
    r.email = seed.email;
    r.name = "Test Person";
    if (auto up = RecipientStore(db).Upsert(std::span<const Recipient>(&r, 1)); !up) {
      return std::unexpected(up.error());
    }
    Result<Recipient> stored = RecipientStore(db).GetByEmail(seed.email);
    if (!stored) return std::unexpected(stored.error());
    NewDraft d;
    d.campaign_id = *campaign;
    d.recipient_id = stored->id;
    d.subject = seed.subject;
    d.body = "Hello,\n\nA short note about your news.\n\nDana\n";
    d.to_address = seed.email;
    d.message_id = "<draft-" + std::to_string(uid) + "@draftbox.example>";
    Result<int64_t> id = drafts.InsertGenerated(d);
    if (!id) return std::unexpected(id.error());
    if (Status s = drafts.MarkPlaced(*id, "Drafts", uid++, 1); !s)
      return std::unexpected(s.error());
    SendRecord send;
    send.draft_id = *id;
    send.sent_message_id = seed.sent_message_id;
    send.link = "addon";
    send.sent_subject = seed.subject;
    send.sent_body = d.body;
    if (Result<bool> sent = drafts.RecordSend(send); !sent) return std::unexpected(sent.error());
    ids.push_back(*id);
  }
  return ids;
}

// A plain-text reply from ana@acme.example to the first sent draft (In-Reply-To its Message-ID)
// with Message-ID <`id`@acme.example>, whose body is `text`.
inline std::string ReplyToFirstDraft(const std::string& text, const std::string& id) {
  return "From: Ana Lima <ana@acme.example>\r\nTo: dana@example.com\r\n"
         "Subject: Re: Congratulations on the Series B\r\nMessage-ID: <" +
         id +
         "@acme.example>\r\nIn-Reply-To: <sent-1@client.example>\r\n"
         "Date: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
         "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
         text + "\r\n";
}

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_SUPPORT_SENT_DRAFTS_H_
