#include "campaign/campaign_runner.h"

#include <algorithm>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "campaign/campaign_file.h"
#include "campaign/edit_learning.h"
#include "campaign/persona.h"
#include "compose/grounding_check.h"
#include "mail/draft_message.h"

namespace draftbox {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

CampaignRunner::Deps WithClock(CampaignRunner::Deps deps) {
  if (deps.clock == nullptr) deps.clock = &SystemClock();
  return deps;
}

// Counts one skip under its category and keeps the item while there is room.
void NoteItem(RunReport& report, RunItem item) {
  if (report.items.size() < CampaignRunner::kMaxItems) report.items.push_back(std::move(item));
}

// A model composer that could not reach its endpoint either handed the draft to the template
// composer or held it: the run's result says which, and why (the first reason stands).
void NoteFallback(RunCounts& counts, const ComposeResult& composed) {
  std::string reason;
  if (composed && !composed->fallback_reason.empty()) {
    counts.fallback = "template";
    reason = composed->fallback_reason;
  } else if (!composed && composed.error().unreachable) {
    counts.fallback = "hold";
    reason = composed.error().reason;
  } else {
    return;
  }
  ++counts.model_unreachable;
  if (counts.fallback_reason.empty()) counts.fallback_reason = reason;
}

// One recipient between the checks and placing: what its compose needs and what it gave.
// Held by pointer so request.recipient keeps pointing at `recipient` while threads compose.
struct Drafting {
  RunItem item;
  Recipient recipient;
  std::string trigger_key;
  ComposeRequest request;
  ComposeResult composed;
};

// Composes Draftings on `threads` threads of its own (started with the first Submit) and hands
// them back as they finish. Thread-safe; the destructor waits for the composes under way.
class ComposePool {
 public:
  ComposePool(Composer& composer, int threads) : composer_(composer), threads_wanted_(threads) {}
  ComposePool(const ComposePool&) = delete;
  ComposePool& operator=(const ComposePool&) = delete;

  ~ComposePool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
      queued_.clear();
    }
    work_cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

  void Submit(std::unique_ptr<Drafting> drafting) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queued_.push_back(std::move(drafting));
      ++in_flight_;
      if (static_cast<int>(threads_.size()) < std::min(threads_wanted_, in_flight_)) {
        threads_.emplace_back([this] { Work(); });
      }
    }
    work_cv_.notify_one();
  }

  // Submitted and not yet taken back.
  int in_flight() const {
    std::lock_guard<std::mutex> lock(mu_);
    return in_flight_;
  }

  // Submitted and not yet finished: the requests under way (or about to be).
  int composing() const {
    std::lock_guard<std::mutex> lock(mu_);
    return in_flight_ - static_cast<int>(finished_.size());
  }

  // Returns once a compose has finished that nobody has taken yet (at once if one has), or
  // when nothing is in flight.
  void WaitForFinished() {
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [this] { return !finished_.empty() || in_flight_ == 0; });
  }

  // A finished one: at once (null if none has finished) or, with `wait`, as soon as one does
  // (null only when none is in flight).
  std::unique_ptr<Drafting> Take(bool wait) {
    std::unique_lock<std::mutex> lock(mu_);
    if (wait) done_cv_.wait(lock, [this] { return !finished_.empty() || in_flight_ == 0; });
    if (finished_.empty()) return nullptr;
    std::unique_ptr<Drafting> done = std::move(finished_.front());
    finished_.pop_front();
    --in_flight_;
    return done;
  }

 private:
  void Work() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      work_cv_.wait(lock, [this] { return closing_ || !queued_.empty(); });
      if (closing_) return;
      std::unique_ptr<Drafting> drafting = std::move(queued_.front());
      queued_.pop_front();
      lock.unlock();
      drafting->composed = ComposeChecked(composer_, drafting->request);
      lock.lock();
      finished_.push_back(std::move(drafting));
      done_cv_.notify_all();
    }
  }

  Composer& composer_;
  const int threads_wanted_;
  mutable std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<std::unique_ptr<Drafting>> queued_;
  std::deque<std::unique_ptr<Drafting>> finished_;
  int in_flight_ = 0;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

std::string DayOf(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d", &tm);
  return buffer;
}

std::string FactsJson(const std::vector<FactUsed>& facts,
                      const std::vector<SentenceFacts>& sentences) {
  nlohmann::json array = nlohmann::json::array();
  for (const FactUsed& fact : facts) {
    nlohmann::json item = {{"id", fact.id}, {"text", fact.text}};
    nlohmann::json resting = nlohmann::json::array();
    for (const SentenceFacts& sentence : sentences) {
      if (std::ranges::find(sentence.fact_ids, fact.id) != sentence.fact_ids.end()) {
        resting.push_back(sentence.text);
      }
    }
    if (!resting.empty()) item["sentences"] = std::move(resting);
    array.push_back(std::move(item));
  }
  return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

uint64_t VariationSeed(int64_t campaign_id, int64_t recipient_id) {
  uint64_t x = static_cast<uint64_t>(campaign_id) * 0x9E3779B97F4A7C15ull ^
               static_cast<uint64_t>(recipient_id);
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ull;
  return x ^ (x >> 29);
}

ComposeResult ComposeChecked(Composer& composer, const ComposeRequest& request) {
  ComposeResult composed = composer.Compose(request);
  if (!composed) return composed;
  std::vector<GroundingProblem> problems = GroundingCheck::Check(request, *composed);
  if (problems.empty()) return composed;
  return std::unexpected(
      ComposeFailure{"failed the grounding check: " + GroundingCheck::Describe(problems)});
}

std::string RunCountsJson(const RunCounts& counts) {
  nlohmann::json j = {{"targets", counts.targets},
                      {"done", counts.done},
                      {"placed", counts.placed},
                      {"would_draft", counts.would_draft},
                      {"skipped", counts.skipped},
                      {"needs_attention", counts.needs_attention},
                      {"already_drafted", counts.already_drafted},
                      {"deferred", counts.deferred},
                      {"composed", counts.composed},
                      {"composing", counts.composing},
                      {"skip_reasons", counts.skip_reasons}};
  if (counts.model_unreachable > 0) {
    j["model_unreachable"] = counts.model_unreachable;
    j["fallback"] = counts.fallback;
    j["fallback_reason"] = counts.fallback_reason;
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

CampaignRunner::CampaignRunner(Deps deps)
    : deps_(WithClock(std::move(deps))),
      campaigns_(*deps_.db, NowFunction(*deps_.clock)),
      drafts_(*deps_.db, NowFunction(*deps_.clock)),
      recipients_(*deps_.db, NowFunction(*deps_.clock)),
      suppressions_(*deps_.db) {}

int CampaignRunner::ComposeConcurrency(const Config& config) {
  if (config.composer.backend != "openai") return 1;
  return std::clamp(config.composer.max_concurrent, 1, 64);
}

Result<RunReport> CampaignRunner::Run(int64_t campaign_id, const RunOptions& options,
                                      const std::function<void(const RunCounts&)>& progress,
                                      const std::atomic<bool>* stop) {
  Result<int64_t> run_id = StartRun(campaign_id, options);
  if (!run_id) return std::unexpected(run_id.error());
  return Continue(*run_id, campaign_id, options, progress, stop);
}

Result<int64_t> CampaignRunner::StartRun(int64_t campaign_id, const RunOptions& options) {
  if (!options.dry_run && deps_.placer == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "no mailbox is configured: only --dry-run can run");
  }
  return campaigns_.StartRun(campaign_id, options.dry_run, options.started_by);
}

Result<RunReport> CampaignRunner::Continue(int64_t run_id, int64_t campaign_id,
                                           const RunOptions& options,
                                           const std::function<void(const RunCounts&)>& progress,
                                           const std::atomic<bool>* stop) {
  RunReport report;
  report.run_id = run_id;
  report.campaign_id = campaign_id;
  report.dry_run = options.dry_run;
  auto fail = [&](const Error& error) -> Result<RunReport> {
    (void)campaigns_.FinishRun(run_id, "failed", RunCountsJson(report.counts), error.message);
    return std::unexpected(error);
  };

  Result<StoredCampaign> stored = campaigns_.Get(campaign_id);
  if (!stored) return fail(stored.error());
  nlohmann::json spec = nlohmann::json::parse(stored->spec_json, nullptr, false);
  Result<Campaign> campaign = CampaignFromJson(spec);
  if (!campaign) return fail(campaign.error());
  Result<Persona> persona = ResolvePersona(*deps_.config, campaign->intent.persona);
  if (!persona) return fail(persona.error());
  // Read once per run: what reps of this persona changed before sending (edit_learning.h).
  Result<EditLearning> learning = EditLearning::Load(*deps_.db, campaign->intent.persona);
  if (!learning) return fail(learning.error());

  const int64_t now = deps_.clock->NowUnix();
  const std::string today = DayOf(now);
  std::vector<int64_t> targets;
  if (options.triggered.empty()) {
    Result<std::vector<int64_t>> ids = recipients_.MatchingIds(campaign->target, today);
    if (!ids) return fail(ids.error());
    targets = std::move(*ids);
  } else {
    for (const auto& [id, key] : options.triggered) targets.push_back(id);
  }
  report.counts.targets = static_cast<int64_t>(targets.size());

  ComplianceRules rules{deps_.config->compliance.consent_required_countries};
  const int cooldown_days = deps_.config->compliance.cooldown_days;
  Result<int64_t> placed_today = drafts_.CountPlacedSince(campaign_id, now - now % kSecondsPerDay);
  if (!placed_today) return fail(placed_today.error());
  Result<int64_t> open_now = drafts_.CountOpen(campaign_id);
  if (!open_now) return fail(open_now.error());

  RunCounts& counts = report.counts;
  OptOutReviewStore reviews(*deps_.db);
  const std::optional<int64_t> run_ref =
      options.dry_run ? std::nullopt : std::optional<int64_t>(run_id);
  const int concurrency = ComposeConcurrency(*deps_.config);
  // Declared after everything its threads read, so it is gone (joined) before any of it.
  std::optional<ComposePool> pool;
  if (concurrency > 1) pool.emplace(*deps_.composer, concurrency);
  auto in_flight = [&] { return pool ? pool->in_flight() : 0; };
  auto report_progress = [&] {
    counts.composing = pool ? pool->composing() : 0;
    if (progress) progress(counts);
  };

  // Drafts stored as `generated` and waiting for the next batch to the mailbox: they count as
  // drafted for the caps, and as placed only once the server has answered for them.
  struct Pending {
    PlaceRequest request;
    RunItem item;
  };
  std::vector<Pending> pending;
  std::optional<Result<RunReport>> ended;
  // Where the server takes one APPEND per round trip, a batch is spread over extra connections:
  // up to mailbox.max_connections, less the placer's own and one left for the rep's clicks.
  std::vector<std::unique_ptr<Mailbox>> extra_mailboxes;
  bool spread_decided = false;
  auto extra_for = [&](size_t batch) -> std::vector<Mailbox*> {
    if (!spread_decided && batch > 1) {
      spread_decided = true;
      const int extra = std::max(0, deps_.config->mailbox.max_connections - 2);
      Result<bool> batches =
          extra > 0 && open_mailbox_ ? deps_.placer->BatchesAppends() : Result<bool>(true);
      for (int i = 0; batches && !*batches && i < extra; ++i) {
        Result<std::unique_ptr<Mailbox>> opened = open_mailbox_();
        if (!opened) break;  // fewer connections: slower, not wrong
        extra_mailboxes.push_back(std::move(*opened));
      }
    }
    std::vector<Mailbox*> extra;
    for (const std::unique_ptr<Mailbox>& m : extra_mailboxes) extra.push_back(m.get());
    return extra;
  };
  // Places the pending batch. Returns false when the run must end (`ended` says how): a draft
  // that could not be placed stops the run as before; it stays `generated` and the next run
  // (or the daemon's start) places it without a duplicate.
  auto flush = [&]() -> bool {
    if (pending.empty()) return true;
    std::vector<PlaceRequest> requests;
    requests.reserve(pending.size());
    for (Pending& p : pending) requests.push_back(std::move(p.request));
    std::vector<Status> placed = deps_.placer->PlaceMany(requests, extra_for(requests.size()));
    std::optional<Error> failed;
    for (size_t k = 0; k < pending.size(); ++k) {
      if (placed[k]) {
        ++counts.placed;
        continue;
      }
      RunItem& item = pending[k].item;
      item.outcome = "failed";
      item.reason = placed[k].error().message;
      NoteItem(report, std::move(item));
      if (!failed) failed = placed[k].error();
    }
    pending.clear();
    if (failed) {
      // The mailbox is gone: stop here. Composes still in flight have written nothing: their
      // recipients are deferred with the rest.
      counts.deferred = counts.targets - counts.done;
      counts.composing = 0;
      report.state = "failed";
      report.error = "could not place drafts: " + failed->message;
      (void)campaigns_.FinishRun(run_id, report.state, RunCountsJson(counts), report.error);
      ended.emplace(report);
      return false;
    }
    report_progress();
    (void)campaigns_.SaveRunCounts(run_id, RunCountsJson(counts));
    return true;
  };

  // 3 (the outcome) and 4 for one composed recipient. Returns false when the run must end:
  // `ended` then holds what Continue returns (the mailbox is gone, or the store failed).
  auto finish = [&](std::unique_ptr<Drafting> d) -> bool {
    RunItem& item = d->item;
    ComposeResult& composed = d->composed;
    const int64_t recipient_id = d->recipient.id;
    ++counts.done;
    NoteFallback(counts, composed);
    if (!composed) {
      const std::string& attention = composed.error().reason;
      ++counts.needs_attention;
      item.outcome = "needs_attention";
      item.reason = attention;
      if (!options.dry_run) {
        Result<int64_t> row =
            drafts_.RecordNeedsAttention(campaign_id, recipient_id, run_ref, attention);
        if (!row) return ended.emplace(fail(row.error())), false;
        item.draft_id = *row;
      }
      NoteItem(report, std::move(item));
      report_progress();
      return true;
    }
    ++counts.composed;
    item.subject = composed->subject;
    if (options.dry_run) {
      ++counts.would_draft;
      item.outcome = "would_draft";
      item.body = composed->body;
      NoteItem(report, std::move(item));
      report_progress();
      return true;
    }

    // 4. Store with its Message-ID first, then append with the batch: see DraftPlacer.
    NewDraft draft;
    draft.campaign_id = campaign_id;
    draft.recipient_id = recipient_id;
    draft.run_id = run_id;
    draft.subject = composed->subject;
    draft.body = composed->body;
    draft.language = composed->language;
    draft.to_address = d->recipient.email;
    draft.facts_used_json = FactsJson(composed->facts_used, composed->sentences);
    draft.message_id = NewMessageId(persona->sender_address);
    draft.trigger_key = d->trigger_key;
    draft.prompt = composed->prompt;
    // The store stamps created_at from the same clock; the message's Date comes from it.
    const int64_t created_at = deps_.clock->NowUnix();
    Result<int64_t> draft_id = drafts_.InsertGenerated(draft);
    if (!draft_id && draft_id.error().code == ErrorCode::kConflict) {
      // Another run won the race for this recipient between the check and the insert.
      ++counts.skipped;
      ++counts.skip_reasons["open_draft"];
      item.outcome = "skipped";
      item.reason = draft_id.error().message;
      NoteItem(report, std::move(item));
      return true;
    }
    if (!draft_id) return ended.emplace(fail(draft_id.error())), false;
    // What the placer needs, from what the run holds: nothing is read back from the store.
    Pending p;
    p.item = std::move(item);
    p.item.draft_id = *draft_id;
    DraftRecord& record = p.request.draft;
    record.id = *draft_id;
    record.campaign_id = campaign_id;
    record.recipient_id = recipient_id;
    record.run_id = run_id;
    record.subject = std::move(draft.subject);
    record.body = std::move(draft.body);
    record.to_address = std::move(draft.to_address);
    record.message_id = std::move(draft.message_id);
    record.created_at = created_at;
    p.request.sender = *persona;
    p.request.to_name = RecipientDisplayName(d->recipient);
    pending.push_back(std::move(p));
    report_progress();
    if (pending.size() >= kMaxAppendBatch) return flush();
    return true;
  };
  // Finishes the composes that are done (with `wait`, at least one, if any is in flight).
  auto finish_ready = [&](bool wait) -> bool {
    if (!pool) return true;
    // Nothing to wait for the model with: place what is ready meanwhile.
    if (wait && pool->composing() == pool->in_flight() && !flush()) return false;
    while (std::unique_ptr<Drafting> d = pool->Take(wait)) {
      if (!finish(std::move(d))) return false;
      wait = false;
    }
    return true;
  };
  // While every compose slot is busy, places what has finished (that costs the model nothing);
  // with `wait`, also waits until a slot is free. A slot freed is filled before the drafts that
  // finished are placed, so placing one draft at a time never leaves the model idle.
  auto place_while_full = [&](bool wait) -> bool {
    while (pool && pool->composing() >= concurrency) {
      if (std::unique_ptr<Drafting> d = pool->Take(false)) {
        if (!finish(std::move(d))) return false;
        continue;
      }
      if (!wait) return true;
      if (!flush()) return false;  // nothing to wait for the model with: place what is ready
      pool->WaitForFinished();
    }
    return true;
  };
  // Why the caps leave no room for one more draft, counting those in flight as drafted.
  auto cap_reached = [&]() -> std::string {
    const int64_t drafted = (options.dry_run ? counts.would_draft : counts.placed) +
                            static_cast<int64_t>(pending.size()) + in_flight();
    if (options.limit && drafted >= *options.limit) {
      return "--limit " + std::to_string(*options.limit) + " reached";
    }
    if (campaign->daily_cap && *placed_today + drafted >= *campaign->daily_cap) {
      return "daily cap of " + std::to_string(*campaign->daily_cap) + " drafts reached";
    }
    if (campaign->max_open_drafts && *open_now + drafted >= *campaign->max_open_drafts) {
      return "max_open_drafts " + std::to_string(*campaign->max_open_drafts) + " reached";
    }
    return "";
  };

  for (int64_t recipient_id : targets) {
    if (!place_while_full(false)) return *ended;
    if (stop != nullptr && stop->load()) {
      report.error = "stopped: the daemon is shutting down";
      break;
    }
    Result<Recipient> recipient = recipients_.Get(recipient_id);
    if (!recipient) return fail(recipient.error());
    RunItem item{recipient_id, recipient->email, "", "", "", std::nullopt, ""};
    const std::string trigger_key =
        options.triggered.empty() ? "" : options.triggered.at(recipient_id);

    // 1. Suppression first: nothing about a suppressed recipient goes further.
    Result<SuppressionVerdict> verdict = suppressions_.IsSuppressed(*recipient, rules);
    if (!verdict) return fail(verdict.error());
    std::string skip_category;
    std::string skip_reason;
    Result<std::optional<OptOutReview>> held = std::optional<OptOutReview>();
    if (!verdict->suppressed) held = reviews.Pending(recipient->email, recipient_id);
    if (!held) return fail(held.error());
    if (verdict->suppressed) {
      skip_category = "suppressed";
      skip_reason = verdict->reason;
    } else if (*held) {
      // A reply that may have asked to stop holds every new draft until a person decides.
      skip_category = "possible_opt_out";
      skip_reason = OptOutReviewHoldReason(**held);
    } else {
      // 2. One open draft at a time, the cool-down, once per campaign.
      Result<std::optional<DraftBlock>> block =
          drafts_.FindBlock(recipient_id, campaign_id, trigger_key, cooldown_days);
      if (!block) return fail(block.error());
      if (*block && (*block)->kind == DraftBlock::kAlreadyDrafted) {
        ++counts.done;
        ++counts.already_drafted;
        report_progress();
        continue;
      }
      if (*block) {
        skip_category = (*block)->kind == DraftBlock::kOpenDraft ? "open_draft" : "cool_down";
        skip_reason = (*block)->reason;
      }
    }
    if (!skip_category.empty()) {
      ++counts.done;
      ++counts.skipped;
      ++counts.skip_reasons[skip_category];
      item.outcome = "skipped";
      item.reason = skip_reason;
      if (!options.dry_run) {
        Result<int64_t> row = drafts_.RecordSkip(campaign_id, recipient_id, run_ref, skip_reason);
        if (!row) return fail(row.error());
        item.draft_id = *row;
      }
      NoteItem(report, std::move(item));
      report_progress();
      continue;
    }

    // The caps are checked here, after the skips, so a recipient this campaign already wrote
    // to or may not write to is never counted as "deferred". Drafts in flight count as
    // drafted; while only they fill the cap, their outcome decides.
    std::string cap = cap_reached();
    while (!cap.empty() && in_flight() > 0) {
      if (!finish_ready(true)) return *ended;
      cap = cap_reached();
    }
    if (!cap.empty()) {
      ++counts.done;
      ++counts.deferred;
      report.error = cap + ": " + std::to_string(counts.deferred) + " recipients left for later";
      report_progress();
      continue;
    }

    // 3. Compose, then check whatever the composer wrote: here, or on the pool's threads.
    auto d = std::make_unique<Drafting>();
    d->item = std::move(item);
    d->recipient = std::move(*recipient);
    d->trigger_key = trigger_key;
    d->request.recipient = &d->recipient;
    d->request.intent = campaign->intent;
    d->request.persona = *persona;
    d->request.today = today;
    d->request.variation_seed = VariationSeed(campaign_id, recipient_id);
    learning->Apply(d->request);
    if (!pool) {
      d->composed = ComposeChecked(*deps_.composer, d->request);
      if (!finish(std::move(d))) return *ended;
      continue;
    }
    if (!place_while_full(true)) return *ended;
    pool->Submit(std::move(d));
    report_progress();
  }
  // Whatever is still being composed is placed (also after a stop: it is written already).
  while (in_flight() > 0) {
    if (!finish_ready(true)) return *ended;
  }
  if (!flush()) return *ended;
  counts.composing = 0;
  report.state = "finished";
  if (Status s = campaigns_.FinishRun(run_id, report.state, RunCountsJson(counts), report.error);
      !s) {
    return std::unexpected(s.error());
  }
  return report;
}

}  // namespace draftbox
