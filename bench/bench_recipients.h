// Synthetic recipients for the benchmarks: CSV texts in the import format of DESIGN.md
// "Recipients" (recipients CSV + activities CSV keyed by email), shaped like a CRM export and
// built so that every row imports cleanly and every recipient gets a grounded draft from the
// template composer (one recent, relevant activity; a role and a company; consent given; no
// country that needs prior consent). Deterministic for a given count and day. Pure; thread-safe.
#ifndef DRAFTBOX_BENCH_BENCH_RECIPIENTS_H_
#define DRAFTBOX_BENCH_BENCH_RECIPIENTS_H_

#include <cstdint>
#include <string>

namespace draftbox::bench {

// Every generated recipient carries this tag, so a campaign can target exactly them.
inline constexpr const char* kBenchTag = "bench";

// `count` recipient rows with a header line: email, first_name, last_name, role, company,
// company_domain, country, language, tags, account_state, plan, consent. Emails are unique.
std::string RecipientsCsv(int64_t count);

// One activity per recipient of RecipientsCsv(count) (email,type,date,summary,source), dated
// 1..90 days before `today_unix` so it is inside the composer's 120-day window.
std::string ActivitiesCsv(int64_t count, int64_t today_unix);

}  // namespace draftbox::bench

#endif  // DRAFTBOX_BENCH_BENCH_RECIPIENTS_H_
