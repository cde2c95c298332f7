// Captured (draft, sent) pairs in a Draftbox database, written through the stores' own API as
// the watcher writes them (DraftStore::RecordSend with the sent text and the draft_edit_signal
// payload), for the tests of learning from edits and of `report edits`. Header-only.
// Thread-safe as Database is.
#ifndef DRAFTBOX_TESTS_SUPPORT_EDIT_PAIRS_H_
#define DRAFTBOX_TESTS_SUPPORT_EDIT_PAIRS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "core/error.h"
#include "core/recipient.h"
#include "store/campaign_store.h"
#include "store/database.h"
#include "store/draft_store.h"
#include "store/recipient_store.h"

namespace draftbox::test {

// A campaign written as `persona`.
inline Result<int64_t> AddPersonaCampaign(Database& db, const std::string& name,
                                          const std::string& persona) {
  return CampaignStore(db).Create(name, "outreach",
                                  nlohmann::json{{"name", name}, {"persona", persona}}.dump());
}

// The recipient stored (inserted or updated by email), with its id.
inline Result<Recipient> AddRecipient(Database& db, const Recipient& r) {
  if (auto up = RecipientStore(db).Upsert(std::span<const Recipient>(&r, 1)); !up) {
    return std::unexpected(up.error());
  }
  return RecipientStore(db).GetByEmail(r.email);
}

struct SentPair {
  std::string draft_subject;
  std::string draft_body;
  std::string facts_used_json = "[]";
  std::string sent_subject;
  std::string sent_body;
  int64_t sent_at = 0;  // unix seconds
  double edit_ratio = 0;
};

// A draft of `campaign_id` to `recipient_id`, placed and sent as `pair` says. The draft's id.
inline Result<int64_t> AddSentPair(Database& db, int64_t campaign_id, int64_t recipient_id,
                                   const std::string& to_address, const SentPair& pair) {
  static int64_t next_uid = 1;
  const int64_t uid = next_uid++;
  DraftStore drafts(db);
  NewDraft d;
  d.campaign_id = campaign_id;
  d.recipient_id = recipient_id;
  d.subject = pair.draft_subject;
  d.body = pair.draft_body;
  d.to_address = to_address;
  d.facts_used_json = pair.facts_used_json;
  d.message_id = "<pair-" + std::to_string(uid) + "@draftbox.example>";
  Result<int64_t> id = drafts.InsertGenerated(d);
  if (!id) return std::unexpected(id.error());
  if (Status s = drafts.MarkPlaced(*id, "Drafts", uid, 1); !s) return std::unexpected(s.error());
  SendRecord send;
  send.draft_id = *id;
  send.sent_message_id = "<sent-" + std::to_string(uid) + "@client.example>";
  send.sent_at = pair.sent_at;
  send.link = "addon";
  send.sent_subject = pair.sent_subject;
  send.sent_body = pair.sent_body;
  send.edit_json = nlohmann::json{{"edit_ratio", pair.edit_ratio}}.dump();
  if (Result<bool> sent = drafts.RecordSend(send); !sent) return std::unexpected(sent.error());
  return *id;
}

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_SUPPORT_EDIT_PAIRS_H_
