#include "app/store_campaign_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "campaign/campaign_file.h"
#include "campaign/language_check.h"
#include "campaign/persona.h"
#include "campaign/triggered_runs.h"
#include "store/campaign_store.h"
#include "store/draft_store.h"
#include "store/recipient_store.h"
#include "watch/sent_linker.h"

namespace draftbox {
namespace {

using nlohmann::json;

constexpr int kRunsShown = 10;
// How long a run request waits for the start-up reconcile before answering 409.
constexpr auto kReconcileWait = std::chrono::seconds(60);

json OrNull(const std::optional<int64_t>& value) { return value ? json(*value) : json(nullptr); }
json OrNull(const std::optional<std::string>& value) {
  return value ? json(*value) : json(nullptr);
}

json CountsJson(const RunCounts& counts) { return json::parse(RunCountsJson(counts)); }

json ItemsJson(const std::vector<RunItem>& items) {
  json out = json::array();
  for (const RunItem& item : items) {
    out.push_back({{"recipient_id", item.recipient_id},
                   {"email", item.email},
                   {"outcome", item.outcome},
                   {"reason", item.reason},
                   {"subject", item.subject},
                   {"draft_id", OrNull(item.draft_id)}});
    if (!item.body.empty()) out.back()["body"] = item.body;
  }
  return out;
}

json CampaignJson(const StoredCampaign& campaign, const std::map<std::string, int64_t>& drafts) {
  return {{"id", campaign.id},
          {"name", campaign.name},
          {"kind", campaign.kind},
          {"created_at", campaign.created_at},
          {"spec", json::parse(campaign.spec_json, nullptr, false)},
          {"drafts", drafts}};
}

PlacerOptions WithDefaults(PlacerOptions options, const Config& config, const Clock& clock) {
  if (options.drafts_folder.empty()) options.drafts_folder = config.mailbox.drafts_folder;
  if (options.clock == nullptr) options.clock = &clock;
  return options;
}

json OperationJson(const Operation& op) {
  json error = nullptr;
  if (op.error) {
    error = {{"code", ErrorCodeName(op.error->code)}, {"message", op.error->message}};
  }
  return {{"id", op.id},
          {"kind", op.kind},
          {"draft_id", op.draft_id},
          {"state", OperationStateName(op.state)},
          {"created_at", op.created_at},
          {"finished_at", OrNull(op.finished_at)},
          {"result", op.result},
          {"error", error}};
}

json RecipientContext(const Recipient& r) {
  return {{"id", r.id},     {"email", r.email},     {"name", r.name},
          {"role", r.role}, {"company", r.company}, {"account_state", r.account_state},
          {"plan", r.plan}, {"country", r.country}, {"language", r.language},
          {"tags", r.tags}};
}

}  // namespace

StoreCampaignService::StoreCampaignService(Database& db, const Config& config, Composer& composer,
                                           MailboxFactory mailbox_factory,
                                           PlacerOptions placer_options,
                                           std::chrono::seconds trigger_interval,
                                           const Clock& clock)
    : db_(db),
      config_(config),
      composer_(composer),
      mailbox_factory_(std::move(mailbox_factory)),
      placer_options_(WithDefaults(std::move(placer_options), config, clock)),
      clock_(clock),
      reviser_(DraftReviser::Deps{.db = &db,
                                  .composer = &composer,
                                  .config = &config,
                                  .clock = &clock,
                                  .placer = placer_options_}),
      operations_(clock),
      scheduler_(clock, trigger_interval, [this](const std::string& why) {
        Result<std::vector<int64_t>> runs = EvaluateTriggers(why);
        if (!runs) spdlog::warn("triggered campaigns: {}", runs.error().message);
      }) {}

StoreCampaignService::~StoreCampaignService() { Stop(); }

void StoreCampaignService::UseInteractiveMailboxes(MailboxFactory factory) {
  interactive_factory_ = std::move(factory);
}

void StoreCampaignService::UseSpareMailboxes(MailboxFactory factory) {
  spare_factory_ = std::move(factory);
}

void StoreCampaignService::Start() {
  CampaignStore campaigns(db_);
  Result<int64_t> interrupted = campaigns.InterruptUnfinishedRuns();
  if (!interrupted) {
    spdlog::error("cannot mark interrupted runs: {}", interrupted.error().message);
  } else if (*interrupted > 0) {
    spdlog::warn(
        "{} campaign run(s) were interrupted by the last shutdown; running the campaign "
        "again continues where it stopped",
        *interrupted);
  }
  if (!mailbox_factory_) return;
  scheduler_.Start();
  std::lock_guard<std::mutex> lock(mu_);
  busy_ = true;
  background_ = true;
  worker_ = std::thread([this] {
    Result<std::unique_ptr<Mailbox>> mailbox = OpenMailbox();
    if (mailbox) {
      Result<ReconcileCounts> done = MakePlacer(**mailbox)->Reconcile();
      if (!done) {
        spdlog::warn("could not finish placing drafts left by the last run: {}",
                     done.error().message);
      } else if (done->adopted + done->appended + done->removed > 0) {
        spdlog::info("drafts left by the last run: {} found in Drafts, {} appended, {} removed",
                     done->adopted, done->appended, done->removed);
      }
    }
    std::lock_guard<std::mutex> done_lock(mu_);
    busy_ = false;
    background_ = false;
    idle_.notify_all();
  });
}

void StoreCampaignService::EndLongPolls() { operations_.EndWaits(); }

void StoreCampaignService::Stop() {
  std::thread worker;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    worker = std::move(worker_);
  }
  idle_.notify_all();
  scheduler_.Stop();
  operations_.Stop();
  if (worker.joinable()) worker.join();
}

void StoreCampaignService::RequestTriggerEvaluation() { scheduler_.RequestEvaluation(); }

void StoreCampaignService::PokeTriggerSchedule() { scheduler_.Poke(); }

Result<std::vector<int64_t>> StoreCampaignService::EvaluateTriggers(const std::string& why) {
  TriggeredRuns triggered(TriggeredRuns::Deps{
      .db = &db_, .composer = &composer_, .config = &config_, .clock = &clock_});
  // Without a triggered campaign there is nothing to evaluate: leave the mailbox and the worker
  // alone, so an import never holds up the run a user starts next.
  Result<bool> any = triggered.AnyTriggered();
  if (!any) return std::unexpected(any.error());
  if (!*any) return std::vector<int64_t>{};
  {
    // Wait for the worker (a run, the start-up reconcile), then hold it: one run at a time.
    std::unique_lock<std::mutex> lock(mu_);
    idle_.wait(lock, [this] { return !busy_ || stop_; });
    if (stop_) return std::vector<int64_t>{};
    if (worker_.joinable()) worker_.join();
    busy_ = true;
    background_ = true;
  }
  // Only now: a pooled connection is free once the run before has given its own back, and the
  // secret command runs holding no lock (the worker is ours through busy_).
  Result<std::unique_ptr<Mailbox>> mailbox = OpenMailbox();
  if (!mailbox) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      busy_ = false;
      background_ = false;
    }
    idle_.notify_all();
    return std::unexpected(mailbox.error());
  }
  std::unique_ptr<DraftPlacer> placer = MakePlacer(**mailbox);
  Result<std::vector<RunReport>> reports = triggered.Evaluate(why, *placer, &stop_);
  std::vector<int64_t> run_ids;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (reports) {
      for (const RunReport& report : *reports) {
        run_ids.push_back(report.run_id);
        live_[report.run_id] = LiveRun{report.counts, report.items};
      }
    }
    busy_ = false;
    background_ = false;
  }
  idle_.notify_all();
  if (!reports) return std::unexpected(reports.error());
  return run_ids;
}

bool StoreCampaignService::Busy() {
  std::lock_guard<std::mutex> lock(mu_);
  return busy_;
}

Result<std::unique_ptr<Mailbox>> StoreCampaignService::OpenMailbox() {
  if (!mailbox_factory_) {
    return Fail(ErrorCode::kInvalidArgument,
                "no mailbox is configured ([mailbox] host is empty): only dry runs work");
  }
  return mailbox_factory_();
}

Result<std::unique_ptr<Mailbox>> StoreCampaignService::OpenInteractiveMailbox() {
  if (!interactive_factory_) return OpenMailbox();
  return interactive_factory_();
}

std::unique_ptr<DraftPlacer> StoreCampaignService::MakePlacer(Mailbox& mailbox) {
  return std::make_unique<DraftPlacer>(mailbox, db_, CampaignSenders(db_, config_),
                                       placer_options_);
}

Result<json> StoreCampaignService::CreateCampaign(const std::string& file_name,
                                                  const std::string& toml_text) {
  Result<Campaign> campaign = ParseCampaignToml(toml_text, file_name, PersonaNames(config_));
  if (!campaign) return std::unexpected(campaign.error());
  RecipientStore recipients(db_);
  if (Status languages = CheckCampaignLanguages(campaign->intent, campaign->target, recipients,
                                                DayOf(clock_.NowUnix()));
      !languages) {
    // Prefixed like the file's own problems, one per line.
    std::string message;
    for (size_t start = 0; start < languages.error().message.size();) {
      size_t end = languages.error().message.find('\n', start);
      if (end == std::string::npos) end = languages.error().message.size();
      message += (message.empty() ? "" : "\n") + file_name + ": " +
                 languages.error().message.substr(start, end - start);
      start = end + 1;
    }
    return std::unexpected(Error{languages.error().code, message});
  }
  CampaignStore campaigns(db_);
  Result<int64_t> id = campaigns.Create(
      campaign->intent.name, std::string(CampaignKindName(campaign->intent.kind)),
      CampaignToJson(*campaign).dump(-1, ' ', false, json::error_handler_t::replace));
  if (!id) return std::unexpected(id.error());
  spdlog::info("campaign {} created: {}", *id, campaign->intent.name);
  return GetCampaign(*id);
}

Result<json> StoreCampaignService::ListCampaigns() {
  CampaignStore campaigns(db_);
  DraftStore drafts(db_);
  Result<std::vector<StoredCampaign>> all = campaigns.List();
  if (!all) return std::unexpected(all.error());
  json list = json::array();
  for (const StoredCampaign& campaign : *all) {
    Result<std::map<std::string, int64_t>> counts = drafts.CountByState(campaign.id);
    if (!counts) return std::unexpected(counts.error());
    list.push_back(CampaignJson(campaign, *counts));
  }
  return json{{"campaigns", list}};
}

Result<json> StoreCampaignService::GetCampaign(int64_t id) {
  CampaignStore campaigns(db_);
  Result<StoredCampaign> campaign = campaigns.Get(id);
  if (!campaign) return std::unexpected(campaign.error());
  Result<std::map<std::string, int64_t>> counts = DraftStore(db_).CountByState(id);
  if (!counts) return std::unexpected(counts.error());
  json out = CampaignJson(*campaign, *counts);
  Result<std::vector<CampaignRunRecord>> runs = campaigns.ListRuns(id);
  if (!runs) return std::unexpected(runs.error());
  out["runs"] = json::array();
  for (size_t i = 0; i < runs->size() && i < kRunsShown; ++i) {
    Result<json> run = RunJson((*runs)[i].id);
    if (!run) return std::unexpected(run.error());
    out["runs"].push_back(std::move(*run));
  }
  return out;
}

Status StoreCampaignService::ClaimWorker() {
  if (busy_) {
    return Fail(ErrorCode::kConflict,
                "another campaign run (or the start-up check of Drafts) is still going; "
                "wait for it to finish");
  }
  if (worker_.joinable()) worker_.join();
  return {};
}

Result<json> StoreCampaignService::StartRun(int64_t campaign_id, bool dry_run,
                                            std::optional<int64_t> limit) {
  RunOptions options;
  options.dry_run = dry_run;
  options.limit = limit;
  Result<int64_t> run_id = StartRunWith(campaign_id, options);
  if (!run_id) return std::unexpected(run_id.error());
  return RunJson(*run_id);
}

Result<int64_t> StoreCampaignService::StartRunWith(int64_t campaign_id, const RunOptions& options) {
  {
    std::unique_lock<std::mutex> lock(mu_);
    // The daemon's own work on the worker (the start-up reconcile, a trigger evaluation) is
    // short and a run would begin with the same reconcile: wait for it rather than refuse.
    idle_.wait_for(lock, kReconcileWait, [this] { return !background_; });
    if (busy_) return std::unexpected(ClaimWorker().error());
  }
  if (Result<StoredCampaign> campaign = CampaignStore(db_).Get(campaign_id); !campaign) {
    return std::unexpected(campaign.error());
  }
  // The secret command may take its time (a keyring prompt): run it holding nothing, so status,
  // runs and drafts stay answerable meanwhile.
  std::unique_ptr<Mailbox> mailbox;
  if (!options.dry_run) {
    Result<std::unique_ptr<Mailbox>> opened = OpenMailbox();
    if (!opened) return std::unexpected(opened.error());
    mailbox = std::move(*opened);
  }
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait_for(lock, kReconcileWait, [this] { return !background_; });
  if (Status claimed = ClaimWorker(); !claimed) return std::unexpected(claimed.error());
  Result<int64_t> run_id =
      CampaignStore(db_).StartRun(campaign_id, options.dry_run, options.started_by);
  if (!run_id) return std::unexpected(run_id.error());
  live_[*run_id] = LiveRun{};
  busy_ = true;
  worker_run_ = *run_id;
  worker_ = std::thread([this, run_id = *run_id, campaign_id, options,
                         mailbox = std::move(mailbox)]() mutable {
    std::unique_ptr<DraftPlacer> placer;
    if (mailbox) placer = MakePlacer(*mailbox);
    CampaignRunner runner(CampaignRunner::Deps{.db = &db_,
                                               .composer = &composer_,
                                               .config = &config_,
                                               .placer = placer.get(),
                                               .clock = &clock_});
    runner.SetMailboxOpener(spare_factory_ ? spare_factory_ : mailbox_factory_);
    auto progress = [this, run_id](const RunCounts& counts) {
      std::lock_guard<std::mutex> lock(mu_);
      live_[run_id].counts = counts;
    };
    Result<RunReport> report;
    if (placer) {
      // Drafts a crash left half-placed come first: they are adopted, never written twice.
      if (Result<ReconcileCounts> done = placer->Reconcile(); !done) {
        report = std::unexpected(done.error());
        CampaignStore(db_).FinishRun(run_id, "failed", "{}",
                                     "could not reach Drafts: " + done.error().message);
      }
    }
    if (report.has_value()) {
      report = runner.Continue(run_id, campaign_id, options, progress, &stop_);
    }
    if (report) {
      spdlog::info("campaign {} run {} {}: {}", campaign_id, run_id, report->state,
                   RunCountsJson(report->counts));
    } else {
      spdlog::error("campaign {} run {} failed: {}", campaign_id, run_id, report.error().message);
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (report) live_[run_id] = LiveRun{report->counts, report->items};
    busy_ = false;
    worker_run_ = 0;
    idle_.notify_all();
  });
  return *run_id;
}

Result<json> StoreCampaignService::RunJson(int64_t run_id) {
  Result<CampaignRunRecord> run = CampaignStore(db_).GetRun(run_id);
  if (!run) return std::unexpected(run.error());
  json counts = json::parse(run->counts_json, nullptr, false);
  json items = json::array();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (busy_ && worker_run_ == run_id) {
      run->state = "running";
      run->finished_at.reset();
    }
    auto live = live_.find(run_id);
    if (live != live_.end()) {
      if (run->state == "running") counts = CountsJson(live->second.counts);
      items = ItemsJson(live->second.items);
    }
  }
  return json{{"id", run->id},
              {"campaign_id", run->campaign_id},
              {"dry_run", run->dry_run},
              {"started_by", run->started_by},
              {"state", run->state},
              {"started_at", run->started_at},
              {"finished_at", OrNull(run->finished_at)},
              {"error", run->error},
              {"counts", counts},
              {"items", items}};
}

Result<json> StoreCampaignService::GetRun(int64_t run_id) { return RunJson(run_id); }

Result<json> StoreCampaignService::DraftJson(const DraftRecord& d, bool with_body) {
  Result<Recipient> recipient = RecipientStore(db_).Get(d.recipient_id);
  if (!recipient) return std::unexpected(recipient.error());
  json out = {{"id", d.id},
              {"campaign_id", d.campaign_id},
              {"run_id", OrNull(d.run_id)},
              {"state", DraftStateName(d.state)},
              {"reason", d.reason},
              {"subject", d.subject},
              {"language", d.language},
              {"to", d.to_address.empty() ? recipient->email : d.to_address},
              {"facts_used", json::parse(d.facts_used_json, nullptr, false)},
              {"message_id", OrNull(d.message_id)},
              {"supersedes", OrNull(d.supersedes)},
              {"instruction", d.instruction},
              {"imap", nullptr},
              {"created_at", d.created_at},
              {"placed_at", OrNull(d.placed_at)},
              {"sent_at", OrNull(d.sent_at)},
              {"removed_at", OrNull(d.removed_at)},
              {"recipient", RecipientContext(*recipient)}};
  if (with_body) {
    out["body"] = d.body;
    out["prompt"] = d.prompt;
  }
  if (d.imap_folder && d.imap_uid) {
    out["imap"] = {{"folder", *d.imap_folder},
                   {"uid", *d.imap_uid},
                   {"uid_validity", OrNull(d.imap_uid_validity)}};
  }
  return out;
}

Result<json> StoreCampaignService::ListDrafts(const DraftListQuery& query) {
  DraftStore drafts(db_);
  DraftFilter filter{query.campaign_id, std::nullopt, query.state};
  Result<std::vector<DraftRecord>> page = drafts.List(filter, query.offset, query.limit);
  if (!page) return std::unexpected(page.error());
  Result<int64_t> total = drafts.Count(filter);
  if (!total) return std::unexpected(total.error());
  json list = json::array();
  for (const DraftRecord& draft : *page) {
    Result<json> one = DraftJson(draft, /*with_body=*/false);
    if (!one) return std::unexpected(one.error());
    list.push_back(std::move(*one));
  }
  return json{
      {"drafts", list}, {"total", *total}, {"offset", query.offset}, {"limit", query.limit}};
}

Result<json> StoreCampaignService::GetDraft(int64_t id) {
  Result<DraftRecord> draft = DraftStore(db_).Get(id);
  if (!draft) return std::unexpected(draft.error());
  return DraftJson(*draft, /*with_body=*/true);
}

Result<json> StoreCampaignService::Regenerate(int64_t id, const std::string& instruction,
                                              bool place) {
  // What can be refused at once is, so the caller hears 404/409 from the request itself.
  if (Result<DraftRecord> draft = reviser_.Revisable(id); !draft) {
    return std::unexpected(draft.error());
  }
  if (place && !mailbox_factory_) {
    return Fail(ErrorCode::kInvalidArgument,
                "no mailbox is configured ([mailbox] host is empty): a draft cannot be placed");
  }
  Result<Operation> op = operations_.Submit(
      place ? "regenerate" : "compose", id,
      [this, id, instruction, place] { return RegenerateJob(id, instruction, place); });
  if (!op) return std::unexpected(op.error());
  return OperationJson(*op);
}

Result<json> StoreCampaignService::RegenerateJob(int64_t id, const std::string& instruction,
                                                 bool place) {
  if (!place) {
    Result<RevisedText> text = reviser_.Compose(id, instruction);
    if (!text) return std::unexpected(text.error());
    return json{{"draft_id", text->draft_id},
                {"subject", text->subject},
                {"body", text->body},
                {"language", text->language},
                {"facts_used", json::parse(text->facts_used_json, nullptr, false)},
                {"instruction_note", text->instruction_note}};
  }
  Result<std::unique_ptr<Mailbox>> mailbox = OpenInteractiveMailbox();
  if (!mailbox) return std::unexpected(mailbox.error());
  Result<Regenerated> done = reviser_.Regenerate(id, instruction, **mailbox);
  if (!done) return std::unexpected(done.error());
  Result<json> draft = GetDraft(done->new_id);
  if (!draft) return draft;
  return json{{"draft", std::move(*draft)},
              {"old_removed", done->old_removed},
              {"instruction_note", done->instruction_note}};
}

Result<json> StoreCampaignService::Reject(int64_t id, const std::string& reason, bool suppress) {
  if (Result<DraftRecord> draft = reviser_.Revisable(id); !draft) {
    return std::unexpected(draft.error());
  }
  Result<Operation> op = operations_.Submit(
      "reject", id, [this, id, reason, suppress] { return RejectJob(id, reason, suppress); });
  if (!op) return std::unexpected(op.error());
  return OperationJson(*op);
}

Result<json> StoreCampaignService::RejectJob(int64_t id, const std::string& reason, bool suppress) {
  // The rejection stands even if the mailbox cannot be opened: the reconcile removes the
  // message later.
  Result<std::unique_ptr<Mailbox>> mailbox = OpenInteractiveMailbox();
  if (!mailbox) {
    spdlog::warn("rejecting draft {} without the mailbox: {}", id, mailbox.error().message);
  }
  Result<Rejected> done = reviser_.Reject(id, reason, suppress, mailbox ? mailbox->get() : nullptr);
  if (!done) return std::unexpected(done.error());
  Result<json> draft = GetDraft(id);
  if (!draft) return draft;
  return json{{"draft", std::move(*draft)}, {"removed", done->removed}};
}

Result<json> StoreCampaignService::RestoreText(int64_t id, const std::string& subject,
                                               const std::string& body) {
  DraftStore drafts(db_);
  Result<DraftRecord> draft = drafts.Get(id);
  if (!draft) return std::unexpected(draft.error());
  // The facts and language stay: a restore puts back a text the draft already had.
  DraftText text{subject, body, draft->language, draft->facts_used_json, ""};
  text.restored = true;
  if (Status revised = drafts.ReviseText(id, text); !revised) {
    return std::unexpected(revised.error());
  }
  return GetDraft(id);
}

Result<json> StoreCampaignService::GetOperation(int64_t id, std::chrono::milliseconds wait) {
  Result<Operation> op = operations_.Get(id, wait);
  if (!op) return std::unexpected(op.error());
  return OperationJson(*op);
}

Result<json> StoreCampaignService::ReportSent(int64_t id, const std::string& message_id,
                                              const std::string& final_text,
                                              const std::optional<std::string>& subject) {
  Result<SentOutcome> outcome = SentLinker(db_).HandleReport(id, message_id, final_text, subject);
  if (!outcome) return std::unexpected(outcome.error());
  Result<json> draft = GetDraft(id);
  if (!draft) return draft;
  return json{{"recorded", outcome->recorded}, {"draft", std::move(*draft)}};
}

}  // namespace draftbox
