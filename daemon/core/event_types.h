// The types of the event log (DESIGN.md "Signals"): one list, so the API can refuse a type
// that does not exist instead of answering an empty page forever, and `draftbox events` and the
// docs name the same ones. Adding a type is adding a row here. Constant data; thread-safe.
#ifndef DRAFTBOX_CORE_EVENT_TYPES_H_
#define DRAFTBOX_CORE_EVENT_TYPES_H_

#include <span>
#include <string>
#include <string_view>

namespace draftbox {

struct EventTypeInfo {
  std::string_view name;     // snake_case, as stored and as the API shows it
  std::string_view meaning;  // one line for people
};

// Every type the daemon writes, in the order a draft's life meets them.
std::span<const EventTypeInfo> EventTypes();

// True when `name` is one of EventTypes().
bool IsEventType(std::string_view name);

// "draft_placed, draft_skipped, ..." for error messages.
std::string EventTypeNames();

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_EVENT_TYPES_H_
