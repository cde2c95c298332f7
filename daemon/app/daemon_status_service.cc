#include "app/daemon_status_service.h"

#include "core/version.h"
#include "store/message_error_store.h"

namespace draftbox {
namespace {

// Failed messages listed in the status; the rest are in the event log.
constexpr int kRecentFailures = 5;

}  // namespace

const char* SecurityName(MailSecurity security) {
  switch (security) {
    case MailSecurity::kTls:
      return "tls";
    case MailSecurity::kStartTls:
      return "starttls";
    case MailSecurity::kNone:
      return "none";
  }
  return "tls";
}

DaemonStatusService::DaemonStatusService(const Config& config, Database& db,
                                         const MailboxMonitor* monitor, const LoginGate* login_gate)
    : config_(config),
      db_(db),
      monitor_(monitor),
      login_gate_(login_gate),
      started_(std::chrono::steady_clock::now()) {}

Result<DaemonStatus> DaemonStatusService::GetStatus() {
  Result<int> schema = db_.SchemaVersion();
  if (!schema) return std::unexpected(schema.error());
  Result<StoreCounts> counts = db_.Counts();
  if (!counts) return std::unexpected(counts.error());

  DaemonStatus status;
  status.version = kVersion;
  status.uptime_s =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_)
          .count();
  status.data_dir = config_.daemon.data_dir.string();
  for (const auto& source : config_.sources) status.config_sources.push_back(source.string());
  status.config_managed = config_.managed.locked;
  status.store.schema_version = *schema;
  status.store.counts = {{"recipients", counts->recipients},
                         {"suppressions", counts->suppressions},
                         {"campaigns", counts->campaigns},
                         {"drafts", counts->drafts},
                         {"events", counts->events}};
  status.mailbox = Mailbox();
  Result<WatchStatus> watch = Watch();
  if (!watch) return std::unexpected(watch.error());
  status.watch = std::move(*watch);
  return status;
}

Result<WatchStatus> DaemonStatusService::Watch() {
  MessageErrorStore errors(db_);
  Result<int64_t> count = errors.Count();
  if (!count) return std::unexpected(count.error());
  Result<std::vector<MessageError>> recent = errors.Recent(kRecentFailures);
  if (!recent) return std::unexpected(recent.error());
  WatchStatus out;
  out.failed_messages = *count;
  for (const MessageError& e : *recent) {
    out.recent.push_back(FailedMessageStatus{e.time_unix, e.role, e.folder, e.uid_validity, e.uid,
                                             e.message_id, e.error});
  }
  return out;
}

MailboxStatus DaemonStatusService::Mailbox() const {
  const MailboxConfig& mc = config_.mailbox;
  MailboxStatus out;
  out.configured = !mc.host.empty();
  out.host = mc.host;
  out.user = mc.user;
  out.security = out.configured ? SecurityName(mc.security) : "";
  if (monitor_ == nullptr) return out;
  MailboxHealth health = monitor_->Snapshot();
  out.reachable = health.reachable;
  if (health.folders) {
    out.drafts_folder = health.folders->drafts;
    out.sent_folder = health.folders->sent;
    out.inbox_folder = health.folders->inbox;
  }
  out.last_error = health.last_error;
  out.last_checked_unix = health.last_checked_unix;
  if (login_gate_ != nullptr) {
    LoginGateState login = login_gate_->Snapshot();
    out.login_rejected = login.rejected;
    out.next_login_attempt_unix = login.next_attempt_unix;
  }
  return out;
}

}  // namespace draftbox
