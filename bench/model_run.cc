// bench/model_run: a campaign run with the `openai` composer against a model that takes its
// time. An in-process HTTP server on loopback answers every chat-completions request after
// --answer-ms (1 s) with a grounded draft for whoever the request is about; CampaignRunner,
// with the composer MakeComposer builds from [composer] (max_concurrent = --concurrency, 8),
// composes, checks and places --drafts (100) drafts into the throwaway Dovecot of the
// environment. Target (issue 11): the run finishes within --max-factor (1.3) x the ideal,
// drafts x answer / concurrency (12.5 s). The baseline, in the same run, is the bare client
// side of the same work: `concurrency` threads POSTing the same number of requests to the same
// server with cpp-httplib and nothing else. See bench/README.md.
#include <httplib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench_campaign.h"
#include "bench_support.h"
#include "bench_table.h"
#include "campaign/campaign_runner.h"
#include "campaign/draft_placer.h"
#include "campaign/persona.h"
#include "config/config.h"
#include "core/clock.h"
#include "mail/imap_mailbox.h"
#include "model/composer_factory.h"
#include "store/database.h"
#include "timed_mailbox.h"

namespace draftbox::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct RunOptionsBench {
  int64_t drafts = 100;
  int concurrency = 8;
  int answer_ms = 1000;
  double max_factor = 1.3;
  std::string security = "tls";
};

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// A chat completion whose draft a careful model could write for anyone: a greeting, one
// sentence that names nothing the facts lack (citing the first fact id the request's schema
// offers), and the signature the system message asks for. "" when the request is not the
// composer's (then the server answers 400).
std::string GroundedCompletion(const std::string& request_body) {
  json request = json::parse(request_body, nullptr, false);
  if (!request.is_object() || !request.contains("messages")) return "";
  const std::string system = request["messages"][0].value("content", "");
  const std::string marker = "exactly as written:\n";
  const size_t at = system.find(marker);
  if (at == std::string::npos) return "";
  const size_t from = at + marker.size();
  const std::string signature = system.substr(from, system.find("\n- Answer", from) - from);
  json ids = json::array();
  const json::json_pointer enum_path(
      "/response_format/json_schema/schema/properties/sentences/items/properties/fact_ids/items/"
      "enum");
  if (request.contains(enum_path) && !request[enum_path].empty()) {
    ids.push_back(request[enum_path][0]);
  }
  const std::string sentence = "Thanks for the time you gave us this year.";
  const json answer = {{"subject", "A quick note"},
                       {"body", "Hello,\n\n" + sentence + "\n\n" + signature},
                       {"sentences", json::array({{{"text", sentence}, {"fact_ids", ids}}})}};
  return json{{"id", "chatcmpl-bench"},
              {"object", "chat.completion"},
              {"model", "bench"},
              {"choices",
               json::array({{{"index", 0},
                             {"finish_reason", "stop"},
                             {"message", {{"role", "assistant"}, {"content", answer.dump()}}}}})}}
      .dump();
}

// The slow model: answers each request after `answer_ms`, counting how many it holds at once.
class SlowModel {
 public:
  SlowModel(int answer_ms, int threads) : answer_ms_(answer_ms) {
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server_.Post(R"(/v1/chat/completions)",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   const int now = ++in_flight_;
                   int seen = max_in_flight_.load();
                   while (now > seen && !max_in_flight_.compare_exchange_weak(seen, now)) {
                   }
                   std::this_thread::sleep_for(std::chrono::milliseconds(answer_ms_));
                   const std::string completion = GroundedCompletion(req.body);
                   {
                     std::lock_guard<std::mutex> lock(mu_);
                     if (last_request_.empty()) last_request_ = req.body;
                   }
                   --in_flight_;
                   if (completion.empty()) {
                     res.status = 400;
                     return;
                   }
                   res.set_content(completion, "application/json");
                 });
    port_ = server_.bind_to_any_port("127.0.0.1");
    serving_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~SlowModel() {
    server_.stop();
    serving_.join();
  }

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
  int port() const { return port_; }
  int max_in_flight() const { return max_in_flight_.load(); }
  void reset_max() { max_in_flight_ = 0; }
  std::string first_request() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_request_;
  }

 private:
  const int answer_ms_;
  httplib::Server server_;
  int port_ = 0;
  std::thread serving_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  std::mutex mu_;
  std::string last_request_;
};

struct Figures {
  double seconds = 0;
  double cpu_seconds = 0;
  int64_t placed = 0;
  int64_t in_drafts = 0;
  int max_in_flight = 0;
  MailboxTimes mailbox;
  double baseline_seconds = 0;
  int baseline_max_in_flight = 0;
  double peak_rss_mb = 0;
};

Status RunCampaign(const RunOptionsBench& options, SlowModel& model, const fs::path& work,
                   Figures& figures) {
  Result<ImapOptions> imap = MailboxFromEnv(options.security);
  if (!imap) return std::unexpected(imap.error());
  Config config;
  config.sender = {
      .name = "Dana Reyes", .address = imap->user, .signature = "Dana Reyes\nAccount Executive"};
  config.composer.backend = "openai";
  config.composer.endpoint = model.endpoint();
  config.composer.model = "bench";
  config.composer.max_concurrent = options.concurrency;
  config.composer.max_retries = 0;
  config.composer.timeout_seconds = 30;
  Result<std::unique_ptr<Composer>> composer = MakeComposer(config.composer);
  if (!composer) return std::unexpected(composer.error());

  Result<std::unique_ptr<Database>> db = Database::Open(work / "draftbox.db");
  if (!db) return std::unexpected(db.error());
  if (Status s = ImportBenchRecipients(**db, options.drafts, SystemClock().NowUnix()); !s) {
    return s;
  }
  Result<int64_t> campaign_id = CreateBenchCampaign(**db);
  if (!campaign_id) return std::unexpected(campaign_id.error());
  Result<std::unique_ptr<ImapMailbox>> imap_mailbox = ImapMailbox::Create(*imap);
  if (!imap_mailbox) return std::unexpected(imap_mailbox.error());
  TimedMailbox mailbox(**imap_mailbox);
  DraftPlacer placer(mailbox, **db, CampaignSenders(**db, config));
  CampaignRunner runner(CampaignRunner::Deps{
      .db = db->get(), .composer = composer->get(), .config = &config, .placer = &placer});

  const Clock::time_point start = Clock::now();
  const double cpu_start = CpuSeconds();
  Result<RunReport> report = runner.Run(*campaign_id, RunOptions{});
  figures.cpu_seconds = CpuSeconds() - cpu_start;
  figures.seconds = Seconds(Clock::now() - start);
  if (!report) return std::unexpected(report.error());
  figures.max_in_flight = model.max_in_flight();
  figures.mailbox = mailbox.times();
  figures.placed = report->counts.placed;
  if (Status all = CheckPlacedAll(*report, options.drafts); !all) return all;
  Result<int64_t> in_drafts = MessagesInDrafts(placer, mailbox);
  if (!in_drafts) return std::unexpected(in_drafts.error());
  figures.in_drafts = *in_drafts;
  mailbox.Disconnect();
  if (figures.in_drafts != options.drafts) {
    return Fail(ErrorCode::kInternal, "Drafts holds " + std::to_string(figures.in_drafts) +
                                          " messages, expected exactly " +
                                          std::to_string(options.drafts));
  }
  return {};
}

// `concurrency` threads POST the run's first request body `drafts` times in all, a new
// connection each, as the composer's transport does.
Status RunBaseline(const RunOptionsBench& options, SlowModel& model, Figures& figures) {
  const std::string body = model.first_request();
  if (body.empty()) return Fail(ErrorCode::kInternal, "the run sent the model no request");
  model.reset_max();
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> failed{0};
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < options.concurrency; ++t) {
    threads.emplace_back([&] {
      while (next++ < options.drafts) {
        httplib::Client client("127.0.0.1", model.port());
        client.set_read_timeout(std::chrono::seconds(30));
        httplib::Result res = client.Post("/v1/chat/completions", body, "application/json");
        if (!res || res->status != 200) ++failed;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  figures.baseline_seconds = Seconds(Clock::now() - start);
  figures.baseline_max_in_flight = model.max_in_flight();
  if (failed > 0) {
    return Fail(ErrorCode::kInternal, std::to_string(failed.load()) + " baseline POSTs failed");
  }
  return {};
}

int Main(int argc, char** argv) {
  RunOptionsBench options;
  CLI::App app{
      "A campaign run with the openai composer against a slow loopback model, placing into a "
      "throwaway Dovecot. Reads IMAP_HOST, IMAP_PORT, IMAPS_PORT, IMAP_USER, IMAP_PASSWORD "
      "and CA_FILE from the environment.",
      "model_run"};
  app.add_option("--drafts", options.drafts, "Drafts to compose and place")
      ->check(CLI::Range(1, 10000));
  app.add_option("--concurrency", options.concurrency, "composer.max_concurrent")
      ->check(CLI::Range(1, 64));
  app.add_option("--answer-ms", options.answer_ms, "How long the model takes per answer")
      ->check(CLI::Range(0, 60000));
  app.add_option("--max-factor", options.max_factor, "Target: run time over the ideal");
  app.add_option("--security", options.security, "IMAP security")
      ->check(CLI::IsMember({"tls", "none"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitAllMet : kExitUsage;
  }

  Result<fs::path> work = MakeWorkDir("draftbox-bench-model-run");
  if (!work) {
    std::cerr << "model_run: " << work.error().message << "\n";
    return kExitCouldNotRun;
  }
  Figures figures;
  Status ran;
  {
    // More server threads than requests in flight: the server never queues, so what limits
    // the run is the client side.
    SlowModel model(options.answer_ms, options.concurrency * 2 + 4);
    ran = RunCampaign(options, model, *work, figures);
    if (ran) ran = RunBaseline(options, model, figures);
  }
  figures.peak_rss_mb = PeakRssMegabytes();
  fs::remove_all(*work);
  if (!ran) {
    std::cerr << "model_run: " << ran.error().ToString() << "\n";
    return kExitCouldNotRun;
  }

  const double answer_s = options.answer_ms / 1000.0;
  const double ideal =
      static_cast<double>(options.drafts) * answer_s / static_cast<double>(options.concurrency);
  const double factor = ideal > 0 ? figures.seconds / ideal : 0;
  BenchTable table("bench/model_run: " + std::to_string(options.drafts) + " drafts, " +
                   std::to_string(options.answer_ms) + " ms per answer, max_concurrent " +
                   std::to_string(options.concurrency) + ", into Dovecot (" + options.security +
                   ")");
  table.Add("run seconds", Fixed(figures.seconds, 3),
            std::to_string(figures.placed) + " placed, " + std::to_string(figures.in_drafts) +
                " in Drafts");
  table.Add("ideal seconds", Fixed(ideal, 3), "drafts x answer / max_concurrent");
  table.AddTarget("run / ideal", Fixed(factor, 3), "<= " + Fixed(options.max_factor, 2),
                  factor <= options.max_factor);
  table.Add("requests in flight, most", std::to_string(figures.max_in_flight),
            "seen by the model server");
  table.Add("baseline seconds", Fixed(figures.baseline_seconds, 3),
            "bare POSTs, " + std::to_string(options.concurrency) + " threads, most in flight " +
                std::to_string(figures.baseline_max_in_flight));
  table.Add("run / baseline", Fixed(figures.seconds / figures.baseline_seconds, 3));
  table.Add("  IMAP APPEND", Fixed(Seconds(figures.mailbox.append), 3),
            "on the run's thread, while the next answers are awaited");
  table.Add("CPU used", Fixed(figures.cpu_seconds, 3),
            Fixed(1000.0 * figures.cpu_seconds / static_cast<double>(figures.placed), 3) +
                " ms per draft (this process, server included)");
  table.Add("peak RSS MB", Fixed(figures.peak_rss_mb, 1));
  table.Print(std::cout);
  return table.ExitCode();
}

}  // namespace
}  // namespace draftbox::bench

int main(int argc, char** argv) { return draftbox::bench::Main(argc, argv); }
