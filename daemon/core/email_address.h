// Email address rules for recipient import and suppression matching. Pure, thread-safe.
#ifndef DRAFTBOX_CORE_EMAIL_ADDRESS_H_
#define DRAFTBOX_CORE_EMAIL_ADDRESS_H_

#include <string>
#include <string_view>

#include "core/error.h"

namespace draftbox {

// Trims surrounding white space, lower-cases the domain, and checks the address is one a
// person could send to: a dot-atom local part (RFC 5322 §3.4.1, no quoted strings, no comments)
// of at most 64 octets, '@', and a domain of at least two labels (letters, digits, hyphens,
// UTF-8 allowed; no leading/trailing hyphen; labels ≤ 63, total ≤ 253). The local part keeps its
// case (RFC 5321 §2.4) but is compared case-insensitively everywhere in Draftbox, so it is
// lower-cased too: two rows that differ by case merge on import.
// Returns kInvalidArgument with the reason ("missing '@'", "domain has no dot", ...).
Result<std::string> NormaliseEmail(std::string_view raw);

// The lower-cased domain part of an already normalised address ("" if none).
std::string_view EmailDomain(std::string_view normalised);

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_EMAIL_ADDRESS_H_
