#include "core/event_types.h"

#include <algorithm>
#include <array>

namespace draftbox {
namespace {

constexpr std::array kTypes = {
    EventTypeInfo{"draft_placed", "a draft was put into Drafts"},
    EventTypeInfo{"draft_skipped", "a recipient was not drafted (suppressed, cool-down, ...)"},
    EventTypeInfo{"draft_needs_attention", "a draft could not be written or failed its check"},
    EventTypeInfo{"draft_regenerated", "a draft was replaced by a new text"},
    EventTypeInfo{"draft_revised", "an open compose window received a new text for a draft"},
    EventTypeInfo{"draft_rejected", "a rep rejected a draft"},
    EventTypeInfo{"draft_moved", "a saved draft came back in Drafts under a new UID"},
    EventTypeInfo{"draft_vanished", "a draft left Drafts without being sent"},
    EventTypeInfo{"draft_edit_signal", "how much a rep edited a draft before sending it"},
    EventTypeInfo{"engagement_signal", "sent, reply, auto-reply, bounce, opt-out or no reply"},
    EventTypeInfo{"opt_out_confirmed", "a rep confirmed that a reply asked to stop"},
    EventTypeInfo{"opt_out_dismissed", "a rep decided that a reply did not ask to stop"},
    EventTypeInfo{"suppression_addition", "an address, domain or person was added to the list"},
    EventTypeInfo{"suppression_removal", "an entry was taken off the suppression list"},
    EventTypeInfo{"message_error", "a message in Sent or INBOX could not be handled"},
};

}  // namespace

std::span<const EventTypeInfo> EventTypes() { return kTypes; }

bool IsEventType(std::string_view name) {
  return std::any_of(kTypes.begin(), kTypes.end(),
                     [&](const EventTypeInfo& t) { return t.name == name; });
}

std::string EventTypeNames() {
  std::string out;
  for (const EventTypeInfo& t : kTypes) {
    if (!out.empty()) out += ", ";
    out += t.name;
  }
  return out;
}

}  // namespace draftbox
