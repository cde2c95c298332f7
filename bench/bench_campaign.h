// What the end-to-end run benchmarks (place, model_run) set up before the clock starts: the
// synthetic recipients (bench_recipients.h) imported as `draftbox recipients import` would, and
// a campaign stored as `draftbox campaign create` would, targeting exactly them. Free
// functions; each uses only the Database it is given.
#ifndef DRAFTBOX_BENCH_BENCH_CAMPAIGN_H_
#define DRAFTBOX_BENCH_BENCH_CAMPAIGN_H_

#include <cstdint>

#include "campaign/campaign_runner.h"
#include "campaign/draft_placer.h"
#include "core/error.h"
#include "mail/mailbox.h"
#include "store/database.h"

namespace draftbox::bench {

// `count` recipients with one activity each, dated relative to `now_unix`: CSV text through
// RecipientImport, then RecipientStore::Upsert. kInternal when the generated data does not
// import whole (a bug in bench_recipients), kStore from the store.
Status ImportBenchRecipients(Database& db, int64_t count, int64_t now_unix);

// An outreach campaign targeting the bench tag; its id. kStore from the store.
Result<int64_t> CreateBenchCampaign(Database& db);

// kInternal, with the run's state, counts and first problem, unless `report` finished with
// exactly `drafts` drafts placed: a benchmark's figures mean nothing otherwise.
Status CheckPlacedAll(const RunReport& report, int64_t drafts);

// How many messages the placer's Drafts folder holds, asked of the server (STATUS).
Result<int64_t> MessagesInDrafts(DraftPlacer& placer, Mailbox& mailbox);

}  // namespace draftbox::bench

#endif  // DRAFTBOX_BENCH_BENCH_CAMPAIGN_H_
