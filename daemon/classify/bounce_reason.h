// Why a delivery failed, from its status code and diagnostic text, in the reason names of the
// Sisimai bounce analyser (userunknown, mailboxfull, blocked, ...), and whether that reason means
// the address itself is dead. Only userunknown, hostunknown, hasmoved and notaccept do: a full
// mailbox, a spam block or a policy refusal is aimed at the sender or the content and must not
// put the address on the suppression list. Pure functions, thread-safe.
#ifndef DRAFTBOX_CLASSIFY_BOUNCE_REASON_H_
#define DRAFTBOX_CLASSIFY_BOUNCE_REASON_H_

#include <string>
#include <string_view>

namespace draftbox {

// The reason for `diagnostic` (any case) with enhanced status `status` ("5.1.1", may be empty).
// Text wins over the status code because servers often send a generic 5.0.0 or misuse 5.1.1.
// Returns "undefined" when nothing matches.
std::string BounceReason(std::string_view status, std::string_view diagnostic);

// True for the reasons that mean the address is dead (see the top comment).
bool IsAddressDeadReason(std::string_view reason);

// The first enhanced status code ("5.1.1") in `text`, or, failing that, one derived from the
// first SMTP reply code ("550" -> "5.0.0"); empty if there is neither.
std::string FindStatusCode(std::string_view text);

}  // namespace draftbox

#endif  // DRAFTBOX_CLASSIFY_BOUNCE_REASON_H_
