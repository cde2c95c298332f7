// The states of a draft (DESIGN.md "Draft states") and which moves between them are allowed.
// Pure, thread-safe.
#ifndef DRAFTBOX_CORE_DRAFT_STATE_H_
#define DRAFTBOX_CORE_DRAFT_STATE_H_

#include <optional>
#include <string_view>

namespace draftbox {

enum class DraftState {
  kGenerated,  // composed, not yet in the mailbox
  kPlaced,     // waiting in Drafts for the sender
  kSent,
  kReplied,
  kBounced,
  kUnsubscribed,
  kNoReply,
  kRegenerated,  // superseded by a newer draft
  kRejected,
  kVanished,        // left Drafts without a send: counted as a rejection
  kSkipped,         // never composed (suppressed, open draft, cool-down); reason recorded
  kNeedsAttention,  // could not be composed or failed its checks; reason recorded
};

// The name used in the database, the API and the CLI ("placed", "needs_attention", ...).
std::string_view DraftStateName(DraftState state);

// The state for a name, or nullopt for an unknown name.
std::optional<DraftState> ParseDraftState(std::string_view name);

// True while the draft blocks another draft to the same recipient (generated or placed).
bool IsOpen(DraftState state);

// True if a draft may move from `from` to `to`:
//   generated -> placed | needs_attention
//   placed    -> sent | regenerated | rejected | vanished
//   vanished  -> sent
//   sent      -> replied | bounced | unsubscribed | no_reply
//   replied   -> unsubscribed (an opt-out in a later reply)
//   no_reply  -> replied | bounced | unsubscribed (late news wins)
bool CanTransition(DraftState from, DraftState to);

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_DRAFT_STATE_H_
