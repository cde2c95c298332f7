// Links a message in Sent to the draft it came from and records the send (DESIGN.md "Watching
// the mailbox"), in this order:
//   1. the add-on already reported it (its Message-ID is a draft's sent_message_id): nothing new;
//   2. an `X-Draftbox-Id` header that survived the client;
//   3. a recipient address with a placed draft, sent after the placement, whose text is similar
//      enough (TextSimilarity >= min_similarity; the most similar wins).
// A linked send becomes `sent` with engagement_signal (sent) and draft_edit_signal, in one
// transaction with the processed-message mark, so re-reading the folder never doubles it.
// Thread-safe (the store serialises).
#ifndef DRAFTBOX_WATCH_SENT_LINKER_H_
#define DRAFTBOX_WATCH_SENT_LINKER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/database.h"
#include "store/draft_store.h"

namespace draftbox {

struct SentOutcome {
  std::optional<int64_t> draft_id;  // the draft the send was linked to, if any
  std::string link;                 // addon | header | similarity | "" (not linked)
  bool recorded = false;            // false when it was known already (no new events)
};

class SentLinker {
 public:
  static constexpr double kDefaultMinSimilarity = 0.5;

  explicit SentLinker(Database& db, double min_similarity = kDefaultMinSimilarity)
      : db_(db), drafts_(db), min_similarity_(min_similarity) {}

  // Handles one message found in the Sent folder `folder`. kStore on a database error.
  Result<SentOutcome> HandleSent(std::string_view raw, const std::string& folder);

  // The add-on's report at send time: draft `draft_id` was sent as `sent_message_id` with
  // `final_text` (and `subject` when known, else the draft's). kNotFound / kConflict (the draft
  // is not waiting in Drafts) / kStore. recorded is false for a repeated report.
  Result<SentOutcome> HandleReport(int64_t draft_id, const std::string& sent_message_id,
                                   const std::string& final_text,
                                   const std::optional<std::string>& subject);

 private:
  Database& db_;
  DraftStore drafts_;
  double min_similarity_;
};

// "<id@host>" for a Message-ID given with or without angle brackets and spaces; "" for "".
std::string NormaliseMessageId(std::string_view id);

// The addr-specs in an address header value ("Ana <ana@x.com>, bob@y.org"), lower-cased.
std::vector<std::string> AddressesIn(std::string_view header_value);

// Unix seconds of an RFC 5322 date ("Tue, 3 Nov 2026 10:00:00 +0100"); nullopt if unreadable.
std::optional<int64_t> ParseMailDate(std::string_view value);

}  // namespace draftbox

#endif  // DRAFTBOX_WATCH_SENT_LINKER_H_
