#include "campaign/campaign_runner.h"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <utility>

#include "campaign/campaign_file.h"
#include "campaign/edit_learning.h"
#include "campaign/persona.h"
#include "compose/grounding_check.h"
#include "mail/draft_message.h"

namespace draftbox {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kSaveCountsEvery = 50;  // recipients between progress saves to the run row

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
  for (int64_t recipient_id : targets) {
    if (stop != nullptr && stop->load()) {
      report.error = "stopped: the daemon is shutting down";
      break;
    }
    Result<Recipient> recipient = recipients_.Get(recipient_id);
    if (!recipient) return fail(recipient.error());
    RunItem item{recipient_id, recipient->email, "", "", "", std::nullopt};
    const std::string trigger_key =
        options.triggered.empty() ? "" : options.triggered.at(recipient_id);
    ++counts.done;

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
        ++counts.already_drafted;
        if (progress) progress(counts);
        continue;
      }
      if (*block) {
        skip_category = (*block)->kind == DraftBlock::kOpenDraft ? "open_draft" : "cool_down";
        skip_reason = (*block)->reason;
      }
    }
    if (!skip_category.empty()) {
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
      if (progress) progress(counts);
      continue;
    }

    // The caps are checked here, after the skips, so a recipient this campaign already wrote
    // to or may not write to is never counted as "deferred".
    int64_t drafted = options.dry_run ? counts.would_draft : counts.placed;
    std::string cap;
    if (options.limit && drafted >= *options.limit) {
      cap = "--limit " + std::to_string(*options.limit) + " reached";
    } else if (campaign->daily_cap && *placed_today + drafted >= *campaign->daily_cap) {
      cap = "daily cap of " + std::to_string(*campaign->daily_cap) + " drafts reached";
    } else if (campaign->max_open_drafts && *open_now + drafted >= *campaign->max_open_drafts) {
      cap = "max_open_drafts " + std::to_string(*campaign->max_open_drafts) + " reached";
    }
    if (!cap.empty()) {
      ++counts.deferred;
      report.error = cap + ": " + std::to_string(counts.deferred) + " recipients left for later";
      if (progress) progress(counts);
      continue;
    }

    // 3. Compose, then check whatever the composer wrote.
    ComposeRequest request;
    request.recipient = &*recipient;
    request.intent = campaign->intent;
    request.persona = *persona;
    request.today = today;
    request.variation_seed = VariationSeed(campaign_id, recipient_id);
    learning->Apply(request);
    ComposeResult composed = ComposeChecked(*deps_.composer, request);
    NoteFallback(counts, composed);
    if (!composed) {
      const std::string& attention = composed.error().reason;
      ++counts.needs_attention;
      item.outcome = "needs_attention";
      item.reason = attention;
      if (!options.dry_run) {
        Result<int64_t> row =
            drafts_.RecordNeedsAttention(campaign_id, recipient_id, run_ref, attention);
        if (!row) return fail(row.error());
        item.draft_id = *row;
      }
      NoteItem(report, std::move(item));
      if (progress) progress(counts);
      continue;
    }
    item.subject = composed->subject;
    if (options.dry_run) {
      ++counts.would_draft;
      item.outcome = "would_draft";
      NoteItem(report, std::move(item));
      if (progress) progress(counts);
      continue;
    }

    // 4. Store with its Message-ID first, then append: see DraftPlacer on crashes.
    NewDraft draft;
    draft.campaign_id = campaign_id;
    draft.recipient_id = recipient_id;
    draft.run_id = run_id;
    draft.subject = composed->subject;
    draft.body = composed->body;
    draft.language = composed->language;
    draft.to_address = recipient->email;
    draft.facts_used_json = FactsJson(composed->facts_used, composed->sentences);
    draft.message_id = NewMessageId(persona->sender_address);
    draft.trigger_key = trigger_key;
    draft.prompt = composed->prompt;
    Result<int64_t> draft_id = drafts_.InsertGenerated(draft);
    if (!draft_id && draft_id.error().code == ErrorCode::kConflict) {
      // Another run won the race for this recipient between the check and the insert.
      ++counts.skipped;
      ++counts.skip_reasons["open_draft"];
      item.outcome = "skipped";
      item.reason = draft_id.error().message;
      NoteItem(report, std::move(item));
      continue;
    }
    if (!draft_id) return fail(draft_id.error());
    Result<DraftRecord> record = drafts_.Get(*draft_id);
    if (!record) return fail(record.error());
    if (Status placed = deps_.placer->Place(*record); !placed) {
      // The mailbox is gone: stop here. The draft stays `generated`; the next run (or the
      // daemon's start) places it, without a duplicate.
      item.outcome = "failed";
      item.reason = placed.error().message;
      item.draft_id = *draft_id;
      NoteItem(report, std::move(item));
      counts.deferred = counts.targets - counts.done;
      report.state = "failed";
      report.error = "could not place drafts: " + placed.error().message;
      (void)campaigns_.FinishRun(run_id, report.state, RunCountsJson(counts), report.error);
      return report;
    }
    ++counts.placed;
    if (progress) progress(counts);
    if (counts.done % kSaveCountsEvery == 0) {
      (void)campaigns_.SaveRunCounts(run_id, RunCountsJson(counts));
    }
  }
  report.state = "finished";
  if (Status s = campaigns_.FinishRun(run_id, report.state, RunCountsJson(counts), report.error);
      !s) {
    return std::unexpected(s.error());
  }
  return report;
}

}  // namespace draftbox
