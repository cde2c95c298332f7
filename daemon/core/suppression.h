// The do-not-contact rules (DESIGN.md "Campaign" step 1): what a suppression entry is, how a
// user names one (`ADDRESS`, `@DOMAIN`, `id:N`), how a suppression CSV reads, and the one
// decision made before anything is composed for a recipient. Pure functions and value types:
// no I/O, thread-safe. The store finds the candidate entries; this file decides.
//
// Matching rules, chosen to err on the side of not writing:
// - addresses and domains compare case-insensitively (both are stored lower-case);
// - `@acme.com` also covers every subdomain (`x@mail.acme.com`): companies send from and receive
//   at subdomains, and someone who asked a company not to be contacted meant all of it;
// - a recipient in a country of ComplianceRules::consent_required_countries (Germany's UWG §7,
//   Canada's CASL) is suppressed unless email consent is recorded as yes/true/1/y.
#ifndef DRAFTBOX_CORE_SUPPRESSION_H_
#define DRAFTBOX_CORE_SUPPRESSION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/recipient.h"

namespace draftbox {

enum class SuppressionKind { kAddress, kDomain, kRecipient };

// "address" | "domain" | "recipient": the names in the database, the API and events.
std::string_view SuppressionKindName(SuppressionKind kind);

// The inverse of SuppressionKindName; kInvalidArgument naming the allowed values otherwise.
Result<SuppressionKind> ParseSuppressionKind(std::string_view name);

struct SuppressionEntry {
  int64_t id = 0;  // store id; 0 before it is stored
  SuppressionKind kind = SuppressionKind::kAddress;
  std::string value;  // normalised: lower-case address, domain without '@', or recipient id
  std::string reason;
  std::string source;      // manual | import | crm | bounce | unsubscribe | reject | ...
  int64_t created_at = 0;  // unix seconds

  bool operator==(const SuppressionEntry&) const = default;
};

// What a user means by `ADDRESS`, `@DOMAIN` or `id:N` (N a recipient id), normalised.
struct SuppressionTarget {
  SuppressionKind kind = SuppressionKind::kAddress;
  std::string value;  // as in SuppressionEntry::value

  // The form a user types: "a@b.com", "@b.com", "id:12".
  std::string ToString() const;
  bool operator==(const SuppressionTarget&) const = default;
};

// Parses a user-given target. Addresses go through NormaliseEmail; a domain must be one an
// address could have (at least two labels). Returns kInvalidArgument with the reason
// ("'@' must be followed by a domain", "id:N needs a positive recipient id", ...).
Result<SuppressionTarget> ParseSuppressionTarget(std::string_view raw);

// The keys under which an entry could suppress `recipient`, most specific first: its address,
// its recipient id (when stored), its domain, then each parent domain of at least two labels.
std::vector<SuppressionTarget> SuppressionKeysFor(const Recipient& recipient);

// The compliance settings the decision needs, copied from config's [compliance] by the caller so
// core/ does not depend on config/.
struct ComplianceRules {
  std::vector<std::string> consent_required_countries;  // ISO 3166 alpha-2, any case
};

// The suppression entries that may apply to one recipient: the store fills it with the rows
// found under SuppressionKeysFor; a test may give any list (entries that do not match are
// ignored).
struct SuppressionLookup {
  std::vector<SuppressionEntry> entries;
};

struct SuppressionVerdict {
  bool suppressed = false;
  // Why, for the skip log and `draftbox drafts`: "address on suppression list (unsubscribed,
  // 2026-10-01, crm)", "domain @acme.com on suppression list (...)", "recipient id 12
  // suppressed (...)", "country DE requires prior consent and none is recorded". Empty when
  // not suppressed.
  std::string reason;
};

// The decision made before a draft is composed. Order: address, recipient id, domain (the most
// specific domain first), then consent. Never fails.
SuppressionVerdict CheckSuppression(const Recipient& recipient, const SuppressionLookup& lookup,
                                    const ComplianceRules& rules);

// True if the recorded consent value means yes ("yes", "true", "1", "y"; any case, trimmed).
bool IsConsentGiven(std::string_view value);

// Reasons that record a GDPR Art. 21 objection ("gdpr_objection", "GDPR objection",
// "objection"): such an objection never expires, so the store refuses to remove it unless
// forced.
bool IsProtectedReason(std::string_view reason);

// "YYYY-MM-DD" (UTC) for unix seconds.
std::string FormatSuppressionDate(int64_t unix_seconds);

// Unix seconds at 00:00 UTC of a "YYYY-MM-DD" date; kInvalidArgument if the text is not a real
// calendar date in that form.
Result<int64_t> ParseSuppressionDate(std::string_view date);

// One row of a suppression CSV that could be used, with the line it came from.
struct SuppressionCsvRow {
  int line = 0;
  SuppressionTarget target;
  std::string reason;
  std::string source;      // "" when the file gives none
  int64_t created_at = 0;  // 0 when the file gives no date
};

// A row that was refused (or, for `imported` true, taken with a fix), for "FILE:LINE: field:
// reason".
struct SuppressionCsvIssue {
  int line = 0;
  std::string field;  // "address", "date", "row", "header", ...
  std::string reason;
  bool imported = false;  // true: the row was still taken (e.g. a bad date becomes "now")

  bool operator==(const SuppressionCsvIssue&) const = default;
};

struct SuppressionCsv {
  std::vector<SuppressionCsvRow> rows;
  std::vector<SuppressionCsvIssue> issues;
};

// What adding one entry did (SuppressionStore::Add, the API's POST /v1/suppressions).
struct SuppressionAddResult {
  SuppressionEntry entry;  // the stored entry: the new one, or the one already there
  bool added = false;      // false: already present, and the first reason and date were kept
};

// What importing a suppression CSV did.
struct SuppressionImportResult {
  int64_t added = 0;
  int64_t already_present = 0;
  // Rows refused (imported == false) and rows taken with a fix (imported == true).
  std::vector<SuppressionCsvIssue> issues;
};

// Parses a suppression CSV: a header row naming `address` (required) and optionally `reason`,
// `date` (YYYY-MM-DD) and `source`, in any order; RFC 4180 quoting; LF or CRLF; a UTF-8 BOM is
// skipped; blank lines are ignored. An `@domain` address is a domain entry, `id:N` a recipient.
// A row whose address cannot be used is refused and reported; a bad date does not refuse the
// row (a person who asked not to be contacted must not become contactable over a typo in a
// date): it is reported and the row is imported with created_at 0 (the store uses "now").
// A missing or headerless file gives one issue for line 1 and no rows.
SuppressionCsv ParseSuppressionCsv(std::string_view text);

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_SUPPRESSION_H_
