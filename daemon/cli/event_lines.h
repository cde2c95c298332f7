// One line for people per event of the log (`draftbox events` without --json): when (local
// time), what type, who, and what happened, from the event object of shared/api/events.json.
// Everything taken from the event is untrusted text and is put on one line and shortened.
// Pure; thread-safe (localtime_r).
#ifndef DRAFTBOX_CLI_EVENT_LINES_H_
#define DRAFTBOX_CLI_EVENT_LINES_H_

#include <nlohmann/json.hpp>
#include <string>

namespace draftbox {

// "2026-12-03 15:04:05  draft_placed           anna@fabrikam.de  placed in Drafts, UID 12
// (draft 7, campaign 2)", without a trailing newline. A type it does not know is shown with
// its payload as compact JSON, so a newer daemon's events still read.
std::string EventLine(const nlohmann::json& event);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_EVENT_LINES_H_
