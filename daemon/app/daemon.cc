// RunDaemon: the only place where config, store, mail and api meet. Start-up goes in the order
// of what can fail cheapest first; shutdown is the reverse.
#include "app/daemon.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "api/api_server.h"
#include "api/campaign_routes.h"
#include "api/event_routes.h"
#include "api/opt_out_routes.h"
#include "api/recipient_routes.h"
#include "api/report_routes.h"
#include "api/suppression_routes.h"
#include "api/token.h"
#include "app/daemon_log.h"
#include "app/daemon_status_service.h"
#include "app/mailbox_monitor.h"
#include "app/response_tracker.h"
#include "app/shutdown_signals.h"
#include "app/store_campaign_service.h"
#include "app/store_edit_report_service.h"
#include "app/store_event_service.h"
#include "app/store_opt_out_service.h"
#include "app/store_recipient_service.h"
#include "app/store_suppression_service.h"
#include "app/suppression_sources.h"
#include "app/webhook_sender.h"
#include "config/secret_command.h"
#include "core/clock.h"
#include "core/version.h"
#include "fs/private_files.h"
#include "mail/gated_mailbox.h"
#include "mail/imap_mailbox.h"
#include "mail/login_gate.h"
#include "mail/mailbox_pool.h"
#include "model/composer_factory.h"
#include "store/database.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;

// Bounds how long one mailbox check (and so shutdown during one) can take on a silent server.
constexpr auto kImapTimeout = std::chrono::seconds(15);

ImapSecurity ToImapSecurity(MailSecurity security) {
  switch (security) {
    case MailSecurity::kTls:
      return ImapSecurity::kTls;
    case MailSecurity::kStartTls:
      return ImapSecurity::kStartTls;
    case MailSecurity::kNone:
      return ImapSecurity::kNone;
  }
  return ImapSecurity::kTls;
}

// Creates the data dir 0700, and refuses one that others own or can write (fs/private_files.h).
Status PrepareDataDir(const fs::path& dir) {
  if (dir.empty()) return Fail(ErrorCode::kConfig, "daemon.data_dir is empty");
  return EnsurePrivateDir(dir, "data dir", DirLink::kFollow);
}

// Runs the mailbox's secret command; its errors name the config key `key` (never the output).
Result<std::string> RunMailboxSecret(const char* key, const std::string& command) {
  Result<std::string> got = RunSecretCommand(command);
  if (!got) return Fail(got.error().code, std::string(key) + ": " + got.error().message);
  return got;
}

// Builds a fresh ImapMailbox for each new pooled connection, running the secret command each
// time so a password changed in the keyring is picked up without a restart. With OAuth2 the mailbox
// runs the token command once more when the server refuses the token (it expired since),
// before a refusal counts. Every mailbox asks `gate` before it logs in, so a refused password
// is retried by one connection, rarely.
MailboxPool::Factory MakeMailboxFactory(const MailboxConfig& mc, LoginGate& gate) {
  return [mc, &gate]() -> Result<std::unique_ptr<Mailbox>> {
    bool oauth2 = !mc.oauth2_token_command.empty();
    const char* key = oauth2 ? "mailbox.oauth2_token_command" : "mailbox.password_command";
    const std::string& command = oauth2 ? mc.oauth2_token_command : mc.password_command;
    std::string secret;
    if (!command.empty()) {
      Result<std::string> got = RunMailboxSecret(key, command);
      if (!got) return std::unexpected(got.error());
      secret = *got;
    }
    std::function<Result<std::string>()> refresh_token;
    if (oauth2) refresh_token = [key, command] { return RunMailboxSecret(key, command); };
    Result<std::unique_ptr<ImapMailbox>> mailbox = ImapMailbox::Create(ImapOptions{
        .host = mc.host,
        .port = mc.port,
        .security = ToImapSecurity(mc.security),
        .user = mc.user,
        .password = secret,
        .oauth2 = oauth2,
        .refresh_token = std::move(refresh_token),
        .drafts_folder = mc.drafts_folder,
        .sent_folder = mc.sent_folder,
        .ca_file = mc.ca_file,
        .timeout = kImapTimeout,
    });
    if (!mailbox) return std::unexpected(mailbox.error());
    const uint64_t credentials = std::hash<std::string>{}(mc.user + '\0' + secret);
    return std::unique_ptr<Mailbox>(
        std::make_unique<GatedMailbox>(std::move(*mailbox), gate, credentials));
  };
}

// A factory of leases from `pool` (which must outlive it), for the users that take a
// MailboxFactory: the monitor, the watchers, runs, Regenerate and Reject.
MailboxMonitor::MailboxFactory LeaseFrom(MailboxPool& pool, LeasePriority priority) {
  return [&pool, priority] { return pool.Lease(priority); };
}

// The webhook sender when [webhook] url is set, else null. The secret command runs on the
// sender's thread, each time a key is needed, so a locked keyring delays only deliveries.
std::unique_ptr<WebhookSender> MakeWebhookSender(const Config& config, Database& db) {
  if (config.webhook.url.empty()) return nullptr;
  const std::string command = config.webhook.secret_command;
  return std::make_unique<WebhookSender>(
      db, WebhookOptions{.url = config.webhook.url,
                         .secret = [command] { return RunSecretCommand(command); },
                         .cursor_file = config.daemon.data_dir / "webhook.cursor"});
}

std::string_view SignalName(int sig) {
  switch (sig) {
    case SIGINT:
      return "SIGINT";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "SIGTERM";
  }
}

// Everything that runs between start-up and the shutdown signal, owned in one place so the
// destructor order is the shutdown order in reverse of declaration.
int Serve(const Config& config, DaemonLog& log, ShutdownSignals& signals) {
  const fs::path db_file = config.daemon.data_dir / "draftbox.db";
  Result<std::unique_ptr<Database>> db = Database::Open(db_file);
  if (!db) {
    log.StartupFailure("cannot open database " + db_file.string() + ": " + db.error().message);
    return 1;
  }
  if (!config.suppression.sources.empty()) {
    SuppressionStore suppression_list(**db);
    ImportSuppressionSources(suppression_list, config.suppression.sources);
  }
  Result<std::string> token = EnsureToken(config.daemon.data_dir);
  if (!token) {
    log.StartupFailure("API token: " + token.error().message);
    return 1;
  }
  LoginGate login_gate(SystemClock());  // outlives every mailbox made below
  // Every IMAP connection of the daemon comes from this pool (docs/architecture.md, "IMAP
  // connections"); declared before its users, so it outlives them.
  std::unique_ptr<MailboxPool> pool;
  std::unique_ptr<MailboxMonitor> monitor;
  MailboxMonitor::MailboxFactory run_mailboxes;
  if (!config.mailbox.host.empty()) {
    pool = std::make_unique<MailboxPool>(
        MakeMailboxFactory(config.mailbox, login_gate),
        MailboxPoolOptions{.max_connections = config.mailbox.max_connections});
    run_mailboxes = LeaseFrom(*pool, LeasePriority::kBackground);
    // A status check is short and a person may be waiting for it.
    monitor = std::make_unique<MailboxMonitor>(LeaseFrom(*pool, LeasePriority::kInteractive));
  } else {
    spdlog::info("no mailbox configured ([mailbox] host is empty); serving the API only");
  }
  DaemonStatusService status(config, **db, monitor.get(), monitor ? &login_gate : nullptr);
  StoreSuppressionService suppressions(**db);
  SuppressionRoutes suppression_routes(suppressions);
  StoreOptOutService opt_outs(**db);
  OptOutRoutes opt_out_routes(opt_outs);
  Result<std::unique_ptr<Composer>> composer = MakeComposer(config.composer);
  if (!composer) {
    log.StartupFailure(composer.error().message);
    return 1;
  }
  Result<std::unique_ptr<OptOutSecondOpinion>> second_opinion =
      MakeOptOutSecondOpinion(config.composer);
  if (!second_opinion) {
    log.StartupFailure(second_opinion.error().message);
    return 1;
  }
  StoreCampaignService campaigns(**db, config, **composer, run_mailboxes);
  if (pool) {
    campaigns.UseInteractiveMailboxes(LeaseFrom(*pool, LeasePriority::kInteractive));
    campaigns.UseSpareMailboxes(
        [&pool] { return pool->Lease(LeasePriority::kBackground, std::chrono::milliseconds(0)); });
  }
  StoreRecipientService recipients(**db, [&campaigns] { campaigns.RequestTriggerEvaluation(); });
  RecipientRoutes recipient_routes(recipients);
  CampaignRoutes campaign_routes(campaigns);
  StoreEventService events(**db);
  EventRoutes event_routes(events);
  StoreEditReportService edit_reports(**db);
  ReportRoutes report_routes(edit_reports);
  std::unique_ptr<WebhookSender> webhook = MakeWebhookSender(config, **db);
  ApiServer server(
      ApiServerOptions{
          .host = config.daemon.listen_host, .port = config.daemon.listen_port, .token = *token},
      status);
  server.AddRoutes([&suppression_routes](httplib::Server& s) { suppression_routes.Install(s); });
  server.AddRoutes([&recipient_routes](httplib::Server& s) { recipient_routes.Install(s); });
  server.AddRoutes([&campaign_routes](httplib::Server& s) { campaign_routes.Install(s); });
  server.AddRoutes([&event_routes](httplib::Server& s) { event_routes.Install(s); });
  server.AddRoutes([&opt_out_routes](httplib::Server& s) { opt_out_routes.Install(s); });
  server.AddRoutes([&report_routes](httplib::Server& s) { report_routes.Install(s); });
  if (Status started = server.Start(); !started) {
    log.StartupFailure(started.error().message);
    return 1;
  }
  if (monitor) monitor->Start();
  campaigns.Start();
  std::unique_ptr<ResponseTracker> tracker;
  if (pool) {
    TrackerOptions tracking;
    tracking.second_opinion = second_opinion->get();
    tracking.watcher.hold_connection = pool->WatchersMayIdle();
    tracker = std::make_unique<ResponseTracker>(
        **db, config, LeaseFrom(*pool, LeasePriority::kBackground), tracking);
    tracker->Start();
  }
  if (webhook) webhook->Start();
  spdlog::info("draftbox {} ready", kVersion);

  int sig = signals.Wait();
  spdlog::info("received {}, stopping", SignalName(sig));
  event_routes.Stop();       // ends long polls and streams, else server.Stop() waits for them
  campaigns.EndLongPolls();  // the same for GET /v1/operations/{id}?wait=S
  server.Stop();
  if (tracker) tracker->Stop();
  if (webhook) webhook->Stop();
  recipients.Stop();  // a background import finishes before its database closes
  campaigns.Stop();
  if (monitor) monitor->Stop();
  db->reset();
  return 0;
}

}  // namespace

int RunDaemon(const Config& config) {
  // Before any thread exists, so that only signals.Wait() ever sees SIGTERM/SIGINT/SIGHUP.
  ShutdownSignals signals;
  // A client that hangs up mid-response must not kill the daemon.
  signal(SIGPIPE, SIG_IGN);

  if (Status ready = PrepareDataDir(config.daemon.data_dir); !ready) {
    PrintStartupFailure(ready.error().message);
    return 1;
  }
  Result<std::unique_ptr<DaemonLog>> log = DaemonLog::Open(config.daemon.data_dir);
  if (!log) {
    PrintStartupFailure(log.error().message);
    return 1;
  }
  spdlog::info("draftbox {} starting (pid {}, data dir {})", kVersion, getpid(),
               config.daemon.data_dir.string());
  for (const auto& source : config.sources) spdlog::info("config: {}", source.string());

  int code = Serve(config, **log, signals);
  if (code == 0) spdlog::info("stopped");
  return code;
}

Result<MailboxFolders> CheckMailbox(const Config& config) {
  if (config.mailbox.host.empty()) {
    return Fail(ErrorCode::kConfig, "mailbox.host: no IMAP server to check");
  }
  LoginGate gate(SystemClock());
  Result<std::unique_ptr<Mailbox>> mailbox = MakeMailboxFactory(config.mailbox, gate)();
  if (!mailbox) return std::unexpected(mailbox.error());
  Result<MailboxFolders> folders = CheckMailboxOnce(**mailbox);
  (*mailbox)->Disconnect();  // log out now: init exits next
  return folders;
}

}  // namespace draftbox
