// bench/watch: the response-tracking loop of the real `draftbox daemon` against a throwaway
// Dovecot. It starts the daemon (TLS, the built binary), places N/2 drafts through a campaign
// run, then measures
//   - idle: the daemon's resident memory and CPU while it watches Sent and INBOX (IDLE) with
//     nothing arriving, for 60 s; a minimal python IDLE watcher on the same two folders runs in
//     the same window as the baseline;
//   - latency: N messages, one at a time: a sent copy of each draft APPENDed to Sent, then a
//     reply to each APPENDed to INBOX, each after a pause (1 s) so that it lands on a watcher
//     that is waiting again, as mail arrives in real life; for each, from the moment its APPEND
//     completed to the moment a client long-polling GET /v1/events receives its
//     engagement_signal. The baseline
//     (bench/imap_idle_baseline.py) measures, on the same server, from an APPEND to the `EXISTS`
//     an IDLE connection reads: the server's own notification delay, which bounds any watcher.
// Prints the figures against the targets (median < 1 s, p95 < 2 s, idle RSS < 30 MB, idle CPU
// < 1 % of a core). The Dovecot comes from the environment (the env file of
// tests/support/throwaway-dovecot); scripts/bench starts and stops it. See bench/README.md.
#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_recipients.h"
#include "bench_support.h"
#include "bench_table.h"
#include "core/clock.h"
#include "mail/draft_message.h"
#include "mail/imap_mailbox.h"

extern char** environ;

namespace draftbox::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// How long one message may take to become an event before the benchmark gives up on it.
constexpr auto kEventTimeout = 15s;

struct WatchOptions {
  int messages = 200;
  int idle_seconds = 60;
  int pause_ms = 1000;
  std::string daemon = DRAFTBOX_DAEMON_BINARY;
  std::string baseline_script = DRAFTBOX_BENCH_DIR "/imap_idle_baseline.py";
  double max_median_s = 1.0;
  double max_p95_s = 2.0;
  double max_idle_rss_mb = 30.0;
  double max_idle_cpu_percent = 1.0;
  bool keep = false;
};

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Spread {
  double median = 0;
  double p95 = 0;
  double max = 0;
};

Spread SpreadOf(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  auto at = [&](double fraction) {
    size_t i = std::min(values.size() - 1, static_cast<size_t>(fraction * values.size()));
    return values[i];
  };
  return Spread{.median = at(0.5), .p95 = at(0.95), .max = values.back()};
}

Result<uint16_t> FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Fail(ErrorCode::kIo, "cannot open a socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  if (port == 0) return Fail(ErrorCode::kIo, "cannot find a free loopback port");
  return port;
}

// What /proc says about a process: CPU time used so far and resident memory now.
struct ProcSample {
  double cpu_seconds = 0;
  double rss_mb = 0;
  double peak_rss_mb = 0;
};

Result<ProcSample> SampleProcess(pid_t pid) {
  const std::string dir = "/proc/" + std::to_string(pid);
  std::ifstream stat(dir + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return Fail(ErrorCode::kIo, "cannot read " + dir + "/stat");
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime
  // are fields 14 and 15.
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::vector<std::string> f;
  for (std::string v; fields >> v;) f.push_back(v);
  if (f.size() < 13) return Fail(ErrorCode::kIo, "unexpected " + dir + "/stat");
  ProcSample sample;
  sample.cpu_seconds = static_cast<double>(std::stoll(f[11]) + std::stoll(f[12])) /
                       static_cast<double>(sysconf(_SC_CLK_TCK));
  std::ifstream status(dir + "/status");
  while (std::getline(status, line)) {
    auto kb = [&](const char* key) { return std::stod(line.substr(std::strlen(key))) / 1024.0; };
    if (line.starts_with("VmRSS:")) sample.rss_mb = kb("VmRSS:");
    if (line.starts_with("VmHWM:")) sample.peak_rss_mb = kb("VmHWM:");
  }
  return sample;
}

// The daemon under test: `draftbox daemon --config FILE`, its output in files of the work dir.
class DaemonChild {
 public:
  ~DaemonChild() { Stop(); }

  Status Start(const std::string& binary, const fs::path& dir, const fs::path& config) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string out = (dir / "daemon.stdout").string();
    const std::string err = (dir / "daemon.stderr").string();
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // No user config may leak in: HOME and the XDG dirs point into the work dir.
    std::vector<std::string> env_text = {"HOME=" + dir.string(),
                                         "XDG_CONFIG_HOME=" + (dir / "xdg-config").string(),
                                         "XDG_DATA_HOME=" + (dir / "xdg-data").string()};
    for (char** e = environ; *e != nullptr; ++e) {
      std::string_view entry(*e);
      if (!entry.starts_with("HOME=") && !entry.starts_with("XDG_")) env_text.emplace_back(entry);
    }
    std::vector<char*> envp;
    for (std::string& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = {binary, "daemon", "--config", config.string()};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      pid_ = 0;
      return Fail(ErrorCode::kIo, "cannot start " + binary + ": " + std::strerror(rc));
    }
    return {};
  }

  bool Running() {
    if (pid_ == 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      return false;
    }
    return true;
  }

  void Stop() {
    if (pid_ == 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
  }

  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = 0;
};

// JSON over the daemon's API with its token.
class Api {
 public:
  Api(uint16_t port, std::string token) : client_("127.0.0.1", port), token_(std::move(token)) {
    client_.set_read_timeout(30, 0);
  }

  // The status and parsed body; status 0 when the request did not get an answer.
  std::pair<int, json> Call(const std::string& method, const std::string& path,
                            const json& body = nullptr) {
    httplib::Headers headers = {{"Authorization", "Bearer " + token_}};
    httplib::Result res = method == "GET"
                              ? client_.Get(path, headers)
                              : client_.Post(path, headers, body.dump(), "application/json");
    if (!res) return {0, nullptr};
    return {res->status, json::parse(res->body, nullptr, false)};
  }

 private:
  httplib::Client client_;
  std::string token_;
};

std::string ReadFile(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes the config the daemon runs with: this Dovecot over TLS, a data dir in `dir`.
Status WriteConfig(const fs::path& dir, uint16_t port, const ImapOptions& imap) {
  const fs::path password = dir / "imap-password";
  {
    std::ofstream out(password);
    out << imap.password << "\n";
  }
  fs::permissions(password, fs::perms::owner_read | fs::perms::owner_write);
  std::ofstream config(dir / "config.toml");
  config << "[daemon]\nlisten = \"127.0.0.1:" << port << "\"\ndata_dir = \""
         << (dir / "data").string() << "\"\n\n[mailbox]\nhost = \"" << imap.host
         << "\"\nport = " << imap.port << "\nsecurity = \"tls\"\nuser = \"" << imap.user
         << "\"\npassword_command = \"cat '" << password.string() << "'\"\nca_file = \""
         << imap.ca_file.string() << "\"\n\n[sender]\nname = \"Dana Reyes\"\naddress = \""
         << imap.user << "\"\n";
  if (!config) return Fail(ErrorCode::kIo, "cannot write " + (dir / "config.toml").string());
  return {};
}

// Waits until the daemon wrote its token and answers /v1/health.
Result<std::string> WaitHealthy(DaemonChild& daemon, const fs::path& dir, uint16_t port) {
  const auto deadline = Clock::now() + 30s;
  while (Clock::now() < deadline) {
    if (!daemon.Running()) {
      return Fail(ErrorCode::kUnavailable,
                  "the daemon exited during start-up: " + ReadFile(dir / "daemon.stderr"));
    }
    std::string token = ReadFile(dir / "data" / "token");
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    if (!token.empty() && Api(port, token).Call("GET", "/v1/health").first == 200) return token;
    std::this_thread::sleep_for(50ms);
  }
  return Fail(ErrorCode::kUnavailable, "the daemon did not answer /v1/health within 30 s");
}

std::string CampaignToml() {
  return std::string(
             "name = \"Bench: watch\"\nkind = \"outreach\"\n"
             "goal = \"Book a 20-minute call about the team plan\"\n"
             "key_message = \"Teams that just raised grow their pipeline fastest with clean CRM "
             "data\"\ncta = \"Would a 20-minute call next week work?\"\n"
             "daily_cap = 100000\nmax_open_drafts = 100000\n\n[target]\ntags = [\"") +
         kBenchTag + "\"]\n";
}

// Imports `count` recipients, runs a campaign over them and returns the placed drafts (each
// with its body), oldest first.
Result<std::vector<json>> PlaceDrafts(Api& api, int count) {
  auto [imported, import_body] =
      api.Call("POST", "/v1/recipients/import",
               {{"format", "csv"},
                {"recipients_file", "bench-recipients.csv"},
                {"recipients_text", RecipientsCsv(count)},
                {"activities_file", "bench-activities.csv"},
                {"activities_text", ActivitiesCsv(count, SystemClock().NowUnix())}});
  if (imported != 200) return Fail(ErrorCode::kIo, "import failed: " + import_body.dump());
  auto [created, campaign] =
      api.Call("POST", "/v1/campaigns", {{"file", "bench.toml"}, {"toml", CampaignToml()}});
  if (created != 201) return Fail(ErrorCode::kIo, "campaign create failed: " + campaign.dump());
  const std::string campaign_id = std::to_string(campaign["id"].get<int64_t>());
  auto [started, run] = api.Call("POST", "/v1/campaigns/" + campaign_id + "/runs", json::object());
  if (started != 202) return Fail(ErrorCode::kIo, "campaign run failed: " + run.dump());
  const std::string run_path = "/v1/runs/" + std::to_string(run["id"].get<int64_t>());
  const auto deadline = Clock::now() + 300s;
  while (run["state"] == "running" && Clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
    run = api.Call("GET", run_path).second;
  }
  if (run["state"] != "finished" || run["counts"]["placed"] != count) {
    return Fail(ErrorCode::kIo, "the campaign run did not place every draft: " + run.dump());
  }
  auto [listed, page] =
      api.Call("GET", "/v1/drafts?state=placed&limit=1000&campaign=" + campaign_id);
  if (listed != 200) return Fail(ErrorCode::kIo, "listing drafts failed: " + page.dump());
  std::vector<json> drafts;
  for (const json& d : page["drafts"]) {
    auto [got, draft] = api.Call("GET", "/v1/drafts/" + std::to_string(d["id"].get<int64_t>()));
    if (got != 200) return Fail(ErrorCode::kIo, "reading a draft failed: " + draft.dump());
    drafts.push_back(std::move(draft));
  }
  std::sort(drafts.begin(), drafts.end(),
            [](const json& a, const json& b) { return a["id"] < b["id"]; });
  return drafts;
}

// The newest event id of the log.
Result<int64_t> LastEventId(Api& api) {
  auto [status, page] = api.Call("GET", "/v1/events?since=0&limit=1000");
  int64_t last = 0;
  while (status == 200) {
    last = page["last_id"].get<int64_t>();
    if (page["events"].size() < 1000) return last;
    std::tie(status, page) = api.Call("GET", "/v1/events?limit=1000&since=" + std::to_string(last));
  }
  return Fail(ErrorCode::kIo, "GET /v1/events failed: " + page.dump());
}

// Long-polls the event log from `*since` until an engagement_signal of `kind` about `draft_id`
// arrives; returns when it arrived, nullopt after kEventTimeout.
std::optional<Clock::time_point> WaitEvent(Api& api, int64_t* since, int64_t draft_id,
                                           const std::string& kind) {
  const auto deadline = Clock::now() + kEventTimeout;
  while (Clock::now() < deadline) {
    auto [status, page] =
        api.Call("GET", "/v1/events?type=engagement_signal&wait=5&since=" + std::to_string(*since));
    const Clock::time_point arrived = Clock::now();
    if (status != 200) {
      std::this_thread::sleep_for(100ms);
      continue;
    }
    *since = std::max(*since, page["last_id"].get<int64_t>());
    for (const json& e : page["events"]) {
      if (e["draft_id"] == draft_id && e["payload"].value("kind", "") == kind) return arrived;
    }
  }
  return std::nullopt;
}

// What a mail client stores in Sent for `draft`; every second one without X-Draftbox-Id, so
// both the header link and the address + text link are measured.
Result<std::string> SentCopy(const json& draft, const std::string& sender, bool keep_header) {
  DraftMessage m;
  m.from_name = "Dana Reyes";
  m.from_address = sender;
  m.to_address = draft["to"];
  m.subject = draft["subject"];
  m.body = draft["body"];
  m.message_id = "<sent-" + std::to_string(draft["id"].get<int64_t>()) + "@client.example>";
  m.draft_id = draft["id"];
  m.date_unix = SystemClock().NowUnix();
  Result<std::string> raw = BuildDraftMessage(m);
  if (!raw || keep_header) return raw;
  size_t at = raw->find("X-Draftbox-Id:");
  if (at != std::string::npos) raw->erase(at, raw->find("\r\n", at) + 2 - at);
  return raw;
}

std::string ReplyTo(const json& draft, const std::string& sender) {
  const std::string id = std::to_string(draft["id"].get<int64_t>());
  return "From: <" + draft["to"].get<std::string>() + ">\r\nTo: <" + sender +
         ">\r\nSubject: Re: " + draft["subject"].get<std::string>() + "\r\nMessage-ID: <reply-" +
         id + "@customer.example>\r\nIn-Reply-To: <sent-" + id +
         "@client.example>\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
         "Content-Type: text/plain; charset=utf-8\r\n\r\nThursday at 10 works for me.\r\n\r\n"
         "On Friday, Dana Reyes wrote:\r\n> Would a 20-minute call next week work?\r\n";
}

struct LatencyRun {
  std::vector<double> seconds;
  int missed = 0;
};

// APPENDs each message to `folder`, one after the other, and times each until its event.
Status MeasureLatency(Api& api, Mailbox& mailbox, const std::string& folder,
                      const std::vector<std::pair<int64_t, std::string>>& messages,
                      const std::string& kind, std::chrono::milliseconds pause, LatencyRun* out) {
  Result<int64_t> since = LastEventId(api);
  if (!since) return std::unexpected(since.error());
  for (const auto& [draft_id, raw] : messages) {
    std::this_thread::sleep_for(pause);
    Result<AppendedMessage> appended = mailbox.Append(folder, raw, kFlagSeen);
    if (!appended) return std::unexpected(appended.error());
    const Clock::time_point landed = Clock::now();
    std::optional<Clock::time_point> seen = WaitEvent(api, &*since, draft_id, kind);
    if (!seen) {
      ++out->missed;
      std::cerr << "watch: no " << kind << " event for draft " << draft_id << " within "
                << kEventTimeout.count() << " s\n";
      continue;
    }
    out->seconds.push_back(Seconds(*seen - landed));
  }
  return {};
}

std::string Ms(double seconds) { return Fixed(seconds * 1000.0, 0) + " ms"; }

int Run(const WatchOptions& options) {
  Result<ImapOptions> imap = MailboxFromEnv("tls");
  if (!imap) {
    std::cerr << "watch: " << imap.error().message << "\n";
    return kExitCouldNotRun;
  }
  Result<uint16_t> port = FreeLoopbackPort();
  if (!port) {
    std::cerr << "watch: " << port.error().message << "\n";
    return kExitCouldNotRun;
  }
  Result<fs::path> dir = MakeWorkDir("draftbox-bench-watch");
  if (!dir) {
    std::cerr << "watch: " << dir.error().message << "\n";
    return kExitCouldNotRun;
  }
  auto fail = [&](const std::string& what, const Error& e) {
    std::cerr << "watch: " << what << ": " << e.message << "\n(work dir " << dir->string() << ")\n";
    return kExitCouldNotRun;
  };
  if (Status s = WriteConfig(*dir, *port, *imap); !s) return fail("config", s.error());
  DaemonChild daemon;
  if (Status s = daemon.Start(options.daemon, *dir, *dir / "config.toml"); !s) {
    return fail("daemon", s.error());
  }
  Result<std::string> token = WaitHealthy(daemon, *dir, *port);
  if (!token) return fail("daemon", token.error());
  Api api(*port, *token);

  const int per_folder = options.messages / 2;
  std::cout << "watch: placing " << per_folder << " drafts through a campaign run...\n"
            << std::flush;
  Result<std::vector<json>> drafts = PlaceDrafts(api, per_folder);
  if (!drafts) return fail("placing drafts", drafts.error());

  // Idle: nothing arrives; the daemon sits in IDLE on Sent and INBOX (and its scheduler waits).
  std::cout << "watch: idle for " << options.idle_seconds << " s...\n" << std::flush;
  std::this_thread::sleep_for(2s);  // the watchers' first rounds after the run settle
  auto baseline_idle = std::async(std::launch::async, [&] {
    return RunJsonScript({"python3", options.baseline_script, "idle", "--seconds",
                          std::to_string(options.idle_seconds)});
  });
  Result<ProcSample> idle_start = SampleProcess(daemon.pid());
  std::this_thread::sleep_for(std::chrono::seconds(options.idle_seconds));
  Result<ProcSample> idle_end = SampleProcess(daemon.pid());
  if (!idle_start || !idle_end) {
    return fail("sampling the daemon", idle_start ? idle_end.error() : idle_start.error());
  }
  Result<json> idle_base = baseline_idle.get();
  if (!idle_base) return fail("idle baseline", idle_base.error());

  // Latency: sends into Sent, then replies into INBOX, one message at a time.
  std::cout << "watch: " << options.messages << " messages, one at a time...\n" << std::flush;
  Result<std::unique_ptr<ImapMailbox>> mailbox = ImapMailbox::Create(*imap);
  if (!mailbox) return fail("mailbox", mailbox.error());
  std::vector<std::pair<int64_t, std::string>> sends, replies;
  for (size_t i = 0; i < drafts->size(); ++i) {
    const json& d = (*drafts)[i];
    Result<std::string> sent = SentCopy(d, imap->user, i % 2 == 0);
    if (!sent) return fail("building a sent copy", sent.error());
    sends.emplace_back(d["id"].get<int64_t>(), *sent);
    replies.emplace_back(d["id"].get<int64_t>(), ReplyTo(d, imap->user));
  }
  LatencyRun sent_run, reply_run;
  const std::chrono::milliseconds pause(options.pause_ms);
  if (Status s = MeasureLatency(api, **mailbox, "Sent", sends, "sent", pause, &sent_run); !s) {
    return fail("Sent", s.error());
  }
  if (Status s = MeasureLatency(api, **mailbox, "INBOX", replies, "reply", pause, &reply_run); !s) {
    return fail("INBOX", s.error());
  }
  Result<ProcSample> after = SampleProcess(daemon.pid());
  daemon.Stop();

  Result<json> base = RunJsonScript({"python3", options.baseline_script, "latency", "--messages",
                                     std::to_string(options.messages)});
  if (!base) return fail("latency baseline", base.error());

  std::vector<double> all = sent_run.seconds;
  all.insert(all.end(), reply_run.seconds.begin(), reply_run.seconds.end());
  const Spread sent = SpreadOf(sent_run.seconds);
  const Spread reply = SpreadOf(reply_run.seconds);
  const Spread total = SpreadOf(all);
  const int missed = sent_run.missed + reply_run.missed;
  const double base_median = (*base)["median"].get<double>();
  const double idle_cpu_percent =
      100.0 * (idle_end->cpu_seconds - idle_start->cpu_seconds) / options.idle_seconds;
  const double base_cpu_percent =
      100.0 * (*idle_base)["cpu_seconds"].get<double>() / options.idle_seconds;

  BenchTable table("bench/watch: message in Sent or INBOX -> its event (draftbox daemon, TLS)");
  table.Add("messages", std::to_string(all.size()) + " of " + std::to_string(options.messages),
            missed > 0 ? std::to_string(missed) + " got no event" : "");
  table.Add("Sent -> sent", Ms(sent.median) + " median, " + Ms(sent.p95) + " p95",
            "max " + Ms(sent.max));
  table.Add("INBOX -> reply", Ms(reply.median) + " median, " + Ms(reply.p95) + " p95",
            "max " + Ms(reply.max));
  table.AddTarget("latency median", Ms(total.median), "< " + Ms(options.max_median_s),
                  missed == 0 && total.median < options.max_median_s);
  table.AddTarget("latency p95", Ms(total.p95), "< " + Ms(options.max_p95_s),
                  missed == 0 && total.p95 < options.max_p95_s);
  table.Add("baseline (IDLE EXISTS)",
            Ms(base_median) + " median, " + Ms((*base)["p95"].get<double>()) + " p95",
            "the server's own notification delay");
  table.Add("ratio to baseline", Fixed(total.median / base_median, 2), "median / median");
  table.AddTarget("idle RSS", Fixed(idle_end->rss_mb, 1) + " MB",
                  "< " + Fixed(options.max_idle_rss_mb, 0) + " MB",
                  idle_end->rss_mb < options.max_idle_rss_mb);
  table.AddTarget("idle CPU", Fixed(idle_cpu_percent, 3) + " % of a core",
                  "< " + Fixed(options.max_idle_cpu_percent, 0) + " %",
                  idle_cpu_percent < options.max_idle_cpu_percent);
  table.Add("baseline idle (python)",
            Fixed((*idle_base)["rss_mb"].get<double>(), 1) + " MB, " + Fixed(base_cpu_percent, 3) +
                " % of a core",
            "two IDLE connections, nothing else");
  table.Add("idle RSS ratio", Fixed(idle_end->rss_mb / (*idle_base)["rss_mb"].get<double>(), 2));
  if (after) {
    table.Add("daemon peak RSS", Fixed(after->peak_rss_mb, 1) + " MB",
              "VmHWM over the whole run, placing included");
  }
  table.Print(std::cout);
  if (!options.keep) fs::remove_all(*dir);
  return table.ExitCode();
}

}  // namespace
}  // namespace draftbox::bench

int main(int argc, char** argv) {
  draftbox::bench::WatchOptions options;
  CLI::App app{"Latency from a message in Sent or INBOX to its event, and the daemon's idle cost"};
  app.add_option("--messages", options.messages, "messages measured, half Sent, half INBOX")
      ->check(CLI::Range(2, 2000));
  app.add_option("--idle-seconds", options.idle_seconds, "length of the idle window")
      ->check(CLI::Range(1, 3600));
  app.add_option("--pause-ms", options.pause_ms,
                 "pause before each message, so it lands on a waiting watcher; 0 sends them "
                 "back to back")
      ->check(CLI::Range(0, 60000));
  app.add_option("--daemon", options.daemon, "the draftbox binary to run");
  app.add_flag("--keep", options.keep, "keep the work dir (config, data, daemon output)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : draftbox::bench::kExitUsage;
  }
  return draftbox::bench::Run(options);
}
