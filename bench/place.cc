// bench/place: places N drafts (default 1000) into a throwaway Dovecot end to end, through the
// code path of a campaign run (CampaignRunner: suppression and block checks, TemplateComposer,
// grounding check, DraftStore, DraftPlacer over ImapMailbox), then appends the very same
// messages with a minimal one-connection APPEND loop (bench/imap_append_baseline.py) as the
// baseline, and prints drafts/s, the ratio to the baseline, CPU per draft and the peak RSS
// against their targets. It does so once per round trip asked for (default 0 ms, plain
// loopback, and 50 ms through a DelayProxy of its own that both sides connect through). The
// Dovecot comes from the environment (the env file of tests/support/throwaway-dovecot);
// scripts/bench starts and stops it. See bench/README.md.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench_campaign.h"
#include "bench_support.h"
#include "bench_table.h"
#include "campaign/campaign_runner.h"
#include "campaign/draft_placer.h"
#include "campaign/persona.h"
#include "compose/template_composer.h"
#include "config/config.h"
#include "core/clock.h"
#include "delay_proxy.h"
#include "mail/imap_mailbox.h"
#include "store/database.h"
#include "timed_composer.h"
#include "timed_mailbox.h"

namespace draftbox::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Messages per FETCH when exporting: keeps the export from inflating the peak RSS figure.
constexpr int kExportChunk = 100;
// A run at 50 ms takes minutes one draft per round trip: say how far it got this often.
constexpr std::chrono::seconds kProgressEvery{10};

struct PlaceOptions {
  int64_t drafts = 1000;
  std::string security = "tls";
  // Round trips to run at, in order; 0 is plain loopback (no proxy). Issue 13: 0 and 50 ms.
  std::vector<int> rtt_ms = {0, 50};
  std::string baseline_script = DRAFTBOX_BENCH_DIR "/imap_append_baseline.py";
  double min_ratio = 1.0;          // on plain loopback
  double min_ratio_delayed = 4.0;  // with a round trip: a server 50 ms away must not cost 50 ms
  double max_cpu_ms = 1.0;         // per placed draft, judged on plain loopback
  double max_rss_mb = 50.0;
  bool keep = false;
};

struct PlaceFigures {
  int rtt_ms = 0;
  int64_t placed = 0;
  int64_t in_drafts = 0;
  double seconds = 0;
  double cpu_seconds = 0;  // this process's user + system time during the run
  MailboxTimes mailbox;
  double compose_seconds = 0;
  double baseline_seconds = 0;
  int64_t baseline_messages = 0;
  double imap_loop_seconds = 0;  // the same APPENDs through ImapMailbox alone; 0 if not run
  double peak_rss_mb = 0;
};

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Reads every message of `folder` back (peek only) and writes each raw message to `dir` as
// NNNNNN.eml in UID order: the baseline appends exactly these bytes. Returns how many.
Result<int64_t> ExportFolder(Mailbox& mailbox, const std::string& folder, const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot make " + dir.string() + ": " + ec.message());
  int64_t written = 0;
  uint32_t after_uid = 0;
  for (;;) {
    Result<std::vector<FetchedMessage>> chunk = mailbox.FetchSince(folder, after_uid, kExportChunk);
    if (!chunk) return std::unexpected(chunk.error());
    if (chunk->empty()) return written;
    for (const FetchedMessage& message : *chunk) {
      char name[32];
      std::snprintf(name, sizeof(name), "%06lld.eml", static_cast<long long>(written));
      std::ofstream out(dir / name, std::ios::binary);
      out.write(message.raw.data(), static_cast<std::streamsize>(message.raw.size()));
      if (!out) return Fail(ErrorCode::kIo, "cannot write " + (dir / name).string());
      ++written;
      after_uid = message.uid;
    }
  }
}

// Prints to stderr how many drafts `db` holds every kProgressEvery until destroyed: a run at a
// long round trip takes minutes and should not look hung.
class ProgressReporter {
 public:
  ProgressReporter(Database& db, std::string label, int64_t total)
      : thread_([this, &db, label = std::move(label), total] {
          const Clock::time_point start = Clock::now();
          std::unique_lock<std::mutex> lock(mu_);
          while (!cv_.wait_for(lock, kProgressEvery, [this] { return done_; })) {
            Result<StoreCounts> counts = db.Counts();
            if (!counts) continue;
            std::cerr << "place: " << label << ": " << counts->drafts << " of " << total
                      << " drafts made, " << Fixed(Seconds(Clock::now() - start), 0) << " s\n";
          }
        }) {}
  ~ProgressReporter() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;  // guarded by mu_
  std::thread thread_;
};

std::string CaseName(int rtt_ms) {
  return rtt_ms == 0 ? "loopback" : std::to_string(rtt_ms) + " ms round trip";
}

// Runs the campaign over `imap` into a fresh database of its own and checks that every draft
// landed: Drafts grew by exactly `options.drafts`. When `messages` does not exist yet, exports
// the placed messages there (the baseline appends the same bytes). Fills the Draftbox half of
// `figures`.
Status PlaceDrafts(const PlaceOptions& options, const ImapOptions& imap, const fs::path& work,
                   const fs::path& messages, PlaceFigures& figures) {
  Config config;
  config.sender = {
      .name = "Dana Reyes", .address = imap.user, .signature = "Dana Reyes\nAccount Executive"};

  Result<std::unique_ptr<Database>> db =
      Database::Open(work / ("draftbox-" + std::to_string(figures.rtt_ms) + "ms.db"));
  if (!db) return std::unexpected(db.error());
  const int64_t now = SystemClock().NowUnix();
  if (Status s = ImportBenchRecipients(**db, options.drafts, now); !s) return s;
  Result<int64_t> campaign_id = CreateBenchCampaign(**db);
  if (!campaign_id) return std::unexpected(campaign_id.error());

  Result<std::unique_ptr<ImapMailbox>> imap_mailbox = ImapMailbox::Create(imap);
  if (!imap_mailbox) return std::unexpected(imap_mailbox.error());
  TimedMailbox mailbox(**imap_mailbox);
  TemplateComposer template_composer;
  TimedComposer composer(template_composer);
  DraftPlacer placer(mailbox, **db, CampaignSenders(**db, config));
  CampaignRunner::Deps deps;
  deps.db = db->get();
  deps.composer = &composer;
  deps.config = &config;
  deps.placer = &placer;
  CampaignRunner runner(std::move(deps));

  // Drafts may hold an earlier case's messages: this run must add exactly its own.
  // (That also logs in: the run is timed without it, as the baseline's loop is.)
  Result<int64_t> before = MessagesInDrafts(placer, mailbox);
  if (!before) return std::unexpected(before.error());
  const MailboxTimes setup = mailbox.times();

  const Clock::time_point start = Clock::now();
  const double cpu_start = CpuSeconds();
  Result<RunReport> report = [&] {
    ProgressReporter progress(**db, CaseName(figures.rtt_ms), options.drafts);
    return runner.Run(*campaign_id, RunOptions{});
  }();
  figures.cpu_seconds = CpuSeconds() - cpu_start;
  figures.seconds = Seconds(Clock::now() - start);
  if (!report) return std::unexpected(report.error());
  figures.mailbox = mailbox.times();
  figures.mailbox.other -= setup.other;
  figures.mailbox.other_calls -= setup.other_calls;
  figures.compose_seconds = Seconds(composer.spent());
  figures.placed = report->counts.placed;
  if (Status all = CheckPlacedAll(*report, options.drafts); !all) return all;

  Result<std::string> folder = placer.DraftsFolder();
  if (!folder) return std::unexpected(folder.error());
  Result<int64_t> in_drafts = MessagesInDrafts(placer, mailbox);
  if (!in_drafts) return std::unexpected(in_drafts.error());
  figures.in_drafts = *in_drafts - *before;
  if (figures.in_drafts != options.drafts) {
    return Fail(ErrorCode::kInternal, *folder + " gained " + std::to_string(figures.in_drafts) +
                                          " messages in the run, expected exactly " +
                                          std::to_string(options.drafts));
  }
  if (!fs::exists(messages)) {
    if (*before != 0) {
      return Fail(ErrorCode::kInternal, *folder + " held " + std::to_string(*before) +
                                            " messages before the run: nothing to export from");
    }
    Result<int64_t> exported = ExportFolder(mailbox, *folder, messages);
    if (!exported) return std::unexpected(exported.error());
    if (*exported != options.drafts) {
      return Fail(ErrorCode::kInternal, "fetched " + std::to_string(*exported) + " messages from " +
                                            *folder + ", expected exactly " +
                                            std::to_string(options.drafts));
    }
  }
  mailbox.Disconnect();  // the baseline gets the server to itself
  figures.peak_rss_mb = PeakRssMegabytes();
  return {};
}

// A folder name of its own per run ("BenchBaseline-Ab12Cd"): the work dir's random suffix,
// since Dovecot refuses '.' in names under its maildir layout.
std::string BaselineFolder(const fs::path& work, const std::string& prefix = "BenchBaseline-") {
  const std::string name = work.filename().string();
  return prefix + name.substr(name.rfind('.') + 1);
}

// The exported messages, in the order they were placed.
Result<std::vector<std::string>> ReadMessages(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    files.push_back(entry.path());
  }
  if (ec) return Fail(ErrorCode::kIo, "cannot list " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<std::string> messages;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    messages.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in) return Fail(ErrorCode::kIo, "cannot read " + file.string());
  }
  return messages;
}

// The same APPENDs through Draftbox's IMAP layer alone (ImapMailbox, one connection, no
// store, no composer) into a fresh folder: splits the gap to the baseline into what the IMAP
// layer costs and what the rest of the pipeline costs.
Status RunImapLoop(const PlaceOptions& options, const ImapOptions& imap, const fs::path& work,
                   PlaceFigures& figures) {
  const std::string folder = BaselineFolder(work, "BenchImapMailbox-");
  Result<nlohmann::json> created =
      RunJsonScript({"python3", options.baseline_script, "--dir", (work / "messages").string(),
                     "--folder", folder, "--security", options.security, "--port",
                     std::to_string(imap.port), "--create-only"});
  if (!created) return std::unexpected(created.error());
  Result<std::vector<std::string>> messages = ReadMessages(work / "messages");
  if (!messages) return std::unexpected(messages.error());
  Result<std::unique_ptr<ImapMailbox>> mailbox = ImapMailbox::Create(imap);
  if (!mailbox) return std::unexpected(mailbox.error());
  if (Status connected = (*mailbox)->Connect(); !connected) return connected;

  const Clock::time_point start = Clock::now();
  for (const std::string& raw : *messages) {
    Result<AppendedMessage> appended = (*mailbox)->Append(folder, raw, kFlagDraft | kFlagSeen);
    if (!appended) return std::unexpected(appended.error());
  }
  figures.imap_loop_seconds = Seconds(Clock::now() - start);
  (*mailbox)->Disconnect();
  return {};
}

// Appends the exported messages with the baseline script into a fresh folder, over the same
// link (`imap.port`: the proxy's when there is one) as Draftbox's run.
Status RunBaseline(const PlaceOptions& options, const ImapOptions& imap, const fs::path& work,
                   PlaceFigures& figures) {
  Result<nlohmann::json> answer = RunJsonScript(
      {"python3", options.baseline_script, "--dir", (work / "messages").string(), "--folder",
       BaselineFolder(work, "BenchBaseline" + std::to_string(figures.rtt_ms) + "ms-"), "--security",
       options.security, "--port", std::to_string(imap.port)});
  if (!answer) return std::unexpected(answer.error());
  figures.baseline_messages = answer->value("messages", int64_t{0});
  figures.baseline_seconds = answer->value("seconds", 0.0);
  if (figures.baseline_messages != options.drafts || figures.baseline_seconds <= 0) {
    return Fail(ErrorCode::kInternal, "the baseline appended " +
                                          std::to_string(figures.baseline_messages) + " of " +
                                          std::to_string(options.drafts) + " messages");
  }
  return {};
}

void PrintTable(const PlaceOptions& options, const PlaceFigures& f, BenchTable& table) {
  const double rate = static_cast<double>(f.placed) / f.seconds;
  const double baseline_rate = static_cast<double>(f.baseline_messages) / f.baseline_seconds;
  const double ratio = rate / baseline_rate;
  const double append_s = Seconds(f.mailbox.append);
  const double other_imap_s = Seconds(f.mailbox.other);
  const double own_s = f.seconds - append_s - other_imap_s - f.compose_seconds;
  auto ms_each = [](double seconds, int64_t n) {
    return Fixed(n > 0 ? 1000.0 * seconds / static_cast<double>(n) : 0.0, 3) + " ms each";
  };
  table.Add("drafts", std::to_string(f.placed), std::to_string(f.in_drafts) + " in Drafts");
  table.Add("seconds", Fixed(f.seconds, 3), "compose+check+store+append+mark placed");
  table.Add("  IMAP APPEND", Fixed(append_s, 3), ms_each(append_s, f.mailbox.appends));
  table.Add(
      "  IMAP other", Fixed(other_imap_s, 3),
      std::to_string(f.mailbox.other_calls) + " calls (LIST, ...; login is before the clock)");
  table.Add("  compose", Fixed(f.compose_seconds, 3), "template composer + its grounding check");
  table.Add("  the rest", Fixed(own_s, 3), "SQLite, runner checks, message build");
  const double cpu_ms = 1000.0 * f.cpu_seconds / static_cast<double>(f.placed);
  if (f.rtt_ms == 0) {
    table.AddTarget("CPU ms per draft", Fixed(cpu_ms, 3), "<= " + Fixed(options.max_cpu_ms, 2),
                    cpu_ms <= options.max_cpu_ms);
  } else {
    // The proxy's four threads per connection run in this process: their CPU is counted too.
    table.Add("CPU ms per draft", Fixed(cpu_ms, 3), "this process, the delay proxy included");
  }
  table.Add("drafts/s", Fixed(rate, 1));
  if (f.imap_loop_seconds > 0) {
    table.Add("ImapMailbox loop", Fixed(f.imap_loop_seconds, 3),
              ms_each(f.imap_loop_seconds, f.baseline_messages) + ", same APPENDs, no pipeline");
  }
  table.Add("baseline seconds", Fixed(f.baseline_seconds, 3),
            ms_each(f.baseline_seconds, f.baseline_messages) + ", APPEND loop only");
  table.Add("baseline msgs/s", Fixed(baseline_rate, 1),
            "python3 imaplib, one connection" +
                std::string(f.rtt_ms == 0 ? "" : ", through the same proxy"));
  const double min_ratio = f.rtt_ms == 0 ? options.min_ratio : options.min_ratio_delayed;
  table.AddTarget("ratio", Fixed(ratio, 2), ">= " + Fixed(min_ratio, 2), ratio >= min_ratio);
  table.AddTarget("peak RSS MB", Fixed(f.peak_rss_mb, 1), "< " + Fixed(options.max_rss_mb, 0),
                  f.peak_rss_mb < options.max_rss_mb);
  table.Print(std::cout);
}

int Main(int argc, char** argv) {
  PlaceOptions options;
  CLI::App app{
      "Places drafts into a throwaway Dovecot end to end and compares with a plain "
      "IMAP APPEND loop. Reads IMAP_HOST, IMAP_PORT, IMAPS_PORT, IMAP_USER, "
      "IMAP_PASSWORD and CA_FILE from the environment.",
      "place"};
  app.add_option("--drafts", options.drafts, "Drafts to place")->check(CLI::Range(1, 100000));
  app.add_option("--security", options.security, "IMAP security, the same for the baseline")
      ->check(CLI::IsMember({"tls", "none"}));
  app.add_option("--baseline", options.baseline_script, "The APPEND baseline script");
  app.add_option("--rtt-ms", options.rtt_ms,
                 "Round trips to run at, in ms (0: plain loopback; else through a delay proxy "
                 "holding each chunk half of it each way)")
      ->check(CLI::Range(0, 2000))
      ->expected(1, 8)
      ->delimiter(',');
  app.add_option("--min-ratio", options.min_ratio,
                 "Target on loopback: drafts/s over baseline msgs/s");
  app.add_option("--min-ratio-delayed", options.min_ratio_delayed,
                 "Target with a round trip: drafts/s over baseline msgs/s");
  app.add_option("--max-cpu-ms", options.max_cpu_ms,
                 "Target on loopback: CPU ms of this process per placed draft");
  app.add_option("--max-rss-mb", options.max_rss_mb, "Target: peak RSS below this many MiB");
  app.add_flag("--keep", options.keep, "Keep the work dir (database, exported messages)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitAllMet : kExitUsage;
  }

  Result<fs::path> work = MakeWorkDir("draftbox-bench-place");
  if (!work) {
    std::cerr << "place: " << work.error().message << "\n";
    return kExitCouldNotRun;
  }
  const fs::path messages = *work / "messages";
  int exit_code = kExitAllMet;
  for (int rtt_ms : options.rtt_ms) {
    PlaceFigures figures;
    figures.rtt_ms = rtt_ms;
    std::unique_ptr<DelayProxy> proxy;
    Result<ImapOptions> imap = MailboxFromEnv(options.security);
    if (imap && rtt_ms > 0) {
      // Half the round trip each way; both sides connect through it, to the same host name, so
      // the certificate still matches.
      auto started = DelayProxy::Start(imap->host, imap->port,
                                       std::chrono::microseconds(int64_t{rtt_ms} * 500));
      if (started) {
        proxy = std::move(*started);
        imap->port = static_cast<uint16_t>(proxy->port());
      } else {
        imap = std::unexpected(started.error());
      }
    }
    std::cerr << "place: " << CaseName(rtt_ms) << ": placing " << options.drafts
              << " drafts, then the baseline\n";
    Status ran = imap ? PlaceDrafts(options, *imap, *work, messages, figures)
                      : Status(std::unexpected(imap.error()));
    // The IMAP layer alone, informative: on loopback only (a round trip would just multiply it).
    if (ran && rtt_ms == 0) ran = RunImapLoop(options, *imap, *work, figures);
    if (ran) ran = RunBaseline(options, *imap, *work, figures);
    proxy.reset();
    if (!ran) {
      std::cerr << "place: " << CaseName(rtt_ms) << ": " << ran.error().ToString() << "\n";
      if (!options.keep) fs::remove_all(*work);
      return kExitCouldNotRun;
    }
    BenchTable table("bench/place: " + std::to_string(options.drafts) +
                     " drafts through CampaignRunner into Dovecot (" + options.security + ", " +
                     CaseName(rtt_ms) + ") vs a plain APPEND loop" +
                     (options.keep ? " [kept " + work->string() + "]" : ""));
    PrintTable(options, figures, table);
    std::cout << std::flush;
    if (!table.AllTargetsMet()) exit_code = kExitTargetMissed;
  }
  if (!options.keep) fs::remove_all(*work);
  return exit_code;
}

}  // namespace
}  // namespace draftbox::bench

int main(int argc, char** argv) { return draftbox::bench::Main(argc, argv); }
