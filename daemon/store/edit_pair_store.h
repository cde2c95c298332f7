// Reads the (draft, sent) pairs the watcher and the add-on captured (DraftStore::RecordSend
// keeps the sent subject and body beside the draft's text, and the draft_edit_signal event
// its measure), with what names the recipient, so composers can learn from reps' edits and a
// report can show them. Read-only. Thread-safe: every call runs under Database's lock.
#ifndef DRAFTBOX_STORE_EDIT_PAIR_STORE_H_
#define DRAFTBOX_STORE_EDIT_PAIR_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace draftbox {

// One sent draft: the text the rep was given, the text that went out, and the recipient's
// identifying strings (for masking, never for showing to another recipient's composer).
struct EditPairRow {
  int64_t draft_id = 0;
  int64_t campaign_id = 0;
  std::string persona;    // the campaign's persona; "default" when its spec names none
  int64_t sent_at = 0;    // unix seconds
  double edit_ratio = 0;  // from the draft_edit_signal event, 0..1; 0 without one
  std::string draft_subject;
  std::string draft_body;
  std::string sent_subject;
  std::string sent_body;
  std::string facts_used_json = "[]";  // drafts.facts_used
  std::string first_name;
  std::string last_name;
  std::string full_name;  // recipients.name
  std::string company;
  std::string company_domain;
  std::string email;
};

class EditPairStore {
 public:
  explicit EditPairStore(Database& db) : db_(db) {}

  // At most `limit` pairs whose sent body was captured, of campaigns written as `persona`
  // (nullopt: every persona), most recent send first (ties: newest draft first). A draft sent
  // without a captured text (an old row, a report without a body) is left out: there is
  // nothing to learn from. kInvalidArgument for a limit below 1, kStore on a database error.
  Result<std::vector<EditPairRow>> Recent(const std::optional<std::string>& persona, int64_t limit);

 private:
  Database& db_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_EDIT_PAIR_STORE_H_
