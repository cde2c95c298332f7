// The StatusService of the running daemon: version and uptime, the config it was started with,
// the database's schema version and counts, the mailbox monitor's latest check, whether the server
// refused the login, and the messages the watchers could not handle. Thread-safe: the database
// serialises its own calls, the monitor hands out snapshots, and everything else is fixed at
// construction.
#ifndef DRAFTBOX_APP_DAEMON_STATUS_SERVICE_H_
#define DRAFTBOX_APP_DAEMON_STATUS_SERVICE_H_

#include <chrono>

#include "api/status_service.h"
#include "app/mailbox_monitor.h"
#include "config/config.h"
#include "mail/login_gate.h"
#include "store/database.h"

namespace draftbox {

class DaemonStatusService : public StatusService {
 public:
  // `monitor` and `login_gate` are null when no mailbox is configured. All must outlive the
  // service.
  DaemonStatusService(const Config& config, Database& db, const MailboxMonitor* monitor,
                      const LoginGate* login_gate = nullptr);

  // kStore when the database cannot be read.
  Result<DaemonStatus> GetStatus() override;

 private:
  MailboxStatus Mailbox() const;
  // Messages the watchers could not handle. kStore when they cannot be read.
  Result<WatchStatus> Watch();

  const Config& config_;
  Database& db_;
  const MailboxMonitor* monitor_;
  const LoginGate* login_gate_;
  std::chrono::steady_clock::time_point started_;
};

// "tls" | "starttls" | "none".
const char* SecurityName(MailSecurity security);

}  // namespace draftbox

#endif  // DRAFTBOX_APP_DAEMON_STATUS_SERVICE_H_
