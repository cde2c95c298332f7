// Runs a campaign (DESIGN.md "Campaign"): for every target recipient, in this order,
//   1. the suppression check (a suppressed recipient is skipped, the skip logged with its
//      reason; nothing about them reaches the composer), then a possible opt-out awaiting
//      review (store/opt_out_review_store.h; skipped the same way until a person decides);
//   2. the open-draft / cool-down / already-drafted check (skipped with the reason);
//   3. compose, then the grounding check (a failure is held as needs_attention);
//   4. store the draft as `generated`; once kMaxAppendBatch drafts wait (or the run ends, or it
//      would otherwise wait for the model), append the batch to Drafts and mark each draft
//      `placed` when the server has answered for it (DraftPlacer::PlaceMany). A draft counts
//      as placed only then; waiting drafts count against the caps as drafted.
// The daily cap and max_open_drafts stop a run early: the rest are "deferred" to a later run.
// A dry run does steps 1-3 and writes nothing but its run record; it never touches the mailbox.
//
// With the `openai` composer, step 3 runs for up to composer.max_concurrent recipients at once
// on threads of the run's own (a model answers in seconds; its server serves several requests
// at a time); steps 1, 2 and 4 stay on the calling thread, in the order drafts pass the check,
// so the store sees one draft at a time, exactly as in a run without concurrency: a crash
// leaves at most one batch half-placed (the placer's Reconcile finishes it by Message-ID), and
// a compose in flight has written nothing. Where the server takes one APPEND per round trip
// (no LITERAL+ / LITERAL-, Mailbox::BatchesAppends), a batch is spread over up to
// mailbox.max_connections - 2 extra connections from SetMailboxOpener (one connection is
// the placer's, one stays free for the rep's clicks). A draft being
// composed counts against the caps; when only drafts in flight stand between the run and a
// cap, it waits for them, so the caps defer exactly the recipients they would one at a time.
// The template composer composes on the calling thread, as before.
//
// NOT thread-safe: one runner per worker thread (it drives one Mailbox through its placer).
#ifndef DRAFTBOX_CAMPAIGN_CAMPAIGN_RUNNER_H_
#define DRAFTBOX_CAMPAIGN_CAMPAIGN_RUNNER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "campaign/draft_placer.h"
#include "compose/composer.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/error.h"
#include "mail/mailbox.h"
#include "store/campaign_store.h"
#include "store/database.h"
#include "store/draft_store.h"
#include "store/opt_out_review_store.h"
#include "store/recipient_store.h"
#include "store/suppression_store.h"

namespace draftbox {

struct RunOptions {
  bool dry_run = false;
  std::optional<int64_t> limit;  // at most this many drafts placed (or, dry, would be)
  std::string started_by;        // '' (a person), 'import', 'schedule'
  // For a triggered run: only these recipients, each with the trigger key its draft answers
  // ("activity:17", "cadence:2026-11-27"). Empty: the campaign's [target] decides.
  std::map<int64_t, std::string> triggered;
};

// One recipient's outcome, for the CLI's summary and a dry run's listing.
struct RunItem {
  int64_t recipient_id = 0;
  std::string email;
  std::string outcome;  // placed | would_draft | skipped | needs_attention | failed
  std::string reason;   // for skipped / needs_attention / failed
  std::string subject;  // for placed / would_draft
  std::optional<int64_t> draft_id;
  std::string body;  // for would_draft: the plain text the draft would carry (a dry run's preview)
};

struct RunCounts {
  int64_t targets = 0;
  int64_t done = 0;  // recipients looked at so far
  int64_t placed = 0;
  int64_t would_draft = 0;      // dry run
  int64_t skipped = 0;          // suppressed, possible opt-out, open draft, cool-down
  int64_t needs_attention = 0;  // could not be written
  int64_t already_drafted = 0;  // this campaign already wrote to them
  int64_t deferred = 0;         // left for a later run by the daily cap / max_open_drafts / limit
  int64_t composed = 0;         // drafts written that passed the grounding check
  int64_t composing = 0;        // recipients with a compose under way right now
  // suppressed | possible_opt_out | open_draft | cool_down
  std::map<std::string, int64_t> skip_reasons;
  // Drafts whose model endpoint could not be reached, and what happened to them:
  // fallback "template" (written by the template composer) or "hold" (needs_attention),
  // with the first reason. Absent from the JSON when zero.
  int64_t model_unreachable = 0;
  std::string fallback;
  std::string fallback_reason;
};

struct RunReport {
  int64_t run_id = 0;
  int64_t campaign_id = 0;
  bool dry_run = false;
  std::string state;  // finished | failed
  std::string error;  // why it failed or stopped early, "" if it did not
  RunCounts counts;
  // Every outcome of a dry run; for a real run the skipped, needs_attention and failed ones.
  // At most kMaxItems.
  std::vector<RunItem> items;
};

// "YYYY-MM-DD" (UTC) of `unix_seconds`: the "today" composers and targets use.
std::string DayOf(int64_t unix_seconds);

// facts_used as stored in drafts.facts_used: [{"id", "text", "sentences"}], where "sentences"
// (left out when none) lists the passages of the body that rest on the fact, from
// ComposedDraft::sentences.
std::string FactsJson(const std::vector<FactUsed>& facts,
                      const std::vector<SentenceFacts>& sentences = {});

// Differs per recipient and campaign, is the same on a re-run: wording varies across a
// campaign, a retried draft reads as before.
uint64_t VariationSeed(int64_t campaign_id, int64_t recipient_id);

// Composes with `composer`, then runs GroundingCheck over whatever it wrote (any composer's
// output is checked). The failure's reason is what a needs_attention draft records.
ComposeResult ComposeChecked(Composer& composer, const ComposeRequest& request);

// The counts as stored in campaign_runs.counts and shown by the API.
std::string RunCountsJson(const RunCounts& counts);

class CampaignRunner {
 public:
  static constexpr size_t kMaxItems = 1000;

  struct Deps {
    Database* db = nullptr;
    Composer* composer = nullptr;
    const Config* config = nullptr;
    // Null for a dry run only; a real run without one fails with kInvalidArgument.
    DraftPlacer* placer = nullptr;
    const Clock* clock = nullptr;  // null: the system clock
  };

  using MailboxOpener = std::function<Result<std::unique_ptr<Mailbox>>()>;

  explicit CampaignRunner(Deps deps);

  // Lets a run open more mailboxes to spread a batch over (see above); without one, only the
  // placer's. `open` is called on the run's thread; the mailboxes it gives are closed when the
  // run ends, and a failure to open one only means fewer connections.
  void SetMailboxOpener(MailboxOpener open) { open_mailbox_ = std::move(open); }

  // Recipients composed at once for `config`: composer.max_concurrent (1..64) when the backend
  // is `openai`, else 1 (the template composer is CPU-bound and answers in microseconds).
  static int ComposeConcurrency(const Config& config);

  // Runs campaign `campaign_id`. `progress` (may be empty) is called on the calling thread
  // after each recipient and when a compose starts; `stop` (may be null) is polled between
  // recipients (daemon shutdown: the composes under way are waited for and their drafts
  // placed, nothing new starts). Returns the report
  // with state finished or failed (a mailbox outage mid-run is a failed run, not an error:
  // the drafts written so far stand, a later run continues). Errors: kNotFound for an unknown
  // campaign, kInvalidArgument for a stored spec or persona that is no longer valid, kStore.
  Result<RunReport> Run(int64_t campaign_id, const RunOptions& options,
                        const std::function<void(const RunCounts&)>& progress = {},
                        const std::atomic<bool>* stop = nullptr);

  // Starts the run record only (the daemon answers the request with its id, then calls
  // Continue on a worker thread).
  Result<int64_t> StartRun(int64_t campaign_id, const RunOptions& options);
  Result<RunReport> Continue(int64_t run_id, int64_t campaign_id, const RunOptions& options,
                             const std::function<void(const RunCounts&)>& progress = {},
                             const std::atomic<bool>* stop = nullptr);

 private:
  Deps deps_;
  MailboxOpener open_mailbox_;
  CampaignStore campaigns_;
  DraftStore drafts_;
  RecipientStore recipients_;
  SuppressionStore suppressions_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CAMPAIGN_CAMPAIGN_RUNNER_H_
