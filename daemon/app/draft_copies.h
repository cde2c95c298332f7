// Finds the copy a mail client left in Drafts when it saved a draft Draftbox placed. A client
// that saves (or autosaves) a draft replaces the message: the copy has a new UID and a new
// Message-ID, and Thunderbird drops `X-Draftbox-Id` unless the add-on put it back
// (FIELD-NOTES.md). Such a draft has not vanished; it moved. Pure: no I/O, thread-safe.
#ifndef DRAFTBOX_APP_DRAFT_COPIES_H_
#define DRAFTBOX_APP_DRAFT_COPIES_H_

#include <cstdint>
#include <map>
#include <vector>

#include "mail/mailbox.h"
#include "store/draft_store.h"

namespace draftbox {

// How alike a copy's text must be to a missing draft's, to the same recipient, to be its copy
// when the copy does not carry the draft's id: a rep's edits keep most of the text (the Sent
// linker uses the same bar for a send).
inline constexpr double kDraftCopyMinSimilarity = 0.5;

// Pairs each draft in `missing` (placed drafts whose UID is gone from Drafts) with at most one
// message of `candidates` (messages in Drafts no draft claims), and each message with at most
// one draft: first by an `X-Draftbox-Id` naming the draft, then by a recipient address equal
// to the draft's and the most similar text (at least kDraftCopyMinSimilarity). Where several
// copies fit one draft the newest (highest UID) wins. Returns draft id -> the copy's UID.
std::map<int64_t, uint32_t> MatchDraftCopies(const std::vector<DraftRecord>& missing,
                                             const std::vector<FetchedMessage>& candidates);

}  // namespace draftbox

#endif  // DRAFTBOX_APP_DRAFT_COPIES_H_
