// What GET /v1/status reports (shared/api/status.json), as plain values filled in by the app
// layer, and their JSON form. Kept free of store/ and mail/ types so api/ depends on neither.
// Plain values: thread-safe as values are.
#ifndef DRAFTBOX_API_DAEMON_STATUS_H_
#define DRAFTBOX_API_DAEMON_STATUS_H_

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace draftbox {

struct StoreStatus {
  int schema_version = 0;
  std::map<std::string, int64_t> counts;  // "recipients", "drafts", ... → rows
};

struct MailboxStatus {
  bool configured = false;  // false: no [mailbox] host in the config
  bool reachable = false;   // the last check logged in and found the folders
  std::string host;
  std::string user;
  std::string security;  // tls | starttls | none
  // Server-side names found by the last good check; nullopt until one succeeds.
  std::optional<std::string> drafts_folder;
  std::optional<std::string> sent_folder;
  std::optional<std::string> inbox_folder;
  std::optional<std::string> last_error;     // why the last check failed; nullopt after success
  std::optional<int64_t> last_checked_unix;  // when the last check ended; nullopt before the first
  // The server refused the login: no connection tries again before next_login_attempt_unix.
  bool login_rejected = false;
  std::optional<int64_t> next_login_attempt_unix;
};

// A message in Sent or INBOX the watcher could not handle (a `message_error` event).
struct FailedMessageStatus {
  int64_t time_unix = 0;
  std::string role;  // sent | inbox
  std::string folder;
  int64_t uid_validity = 0;
  int64_t uid = 0;
  std::string message_id;  // "" when the message has none
  std::string error;
};

struct WatchStatus {
  int64_t failed_messages = 0;              // ever
  std::vector<FailedMessageStatus> recent;  // the last few, newest first
};

struct DaemonStatus {
  std::string version;
  int64_t uptime_s = 0;
  std::string data_dir;
  std::vector<std::string> config_sources;  // files read, lowest layer first
  std::vector<std::string> config_managed;  // keys the system file locks ("compliance.*")
  StoreStatus store;
  MailboxStatus mailbox;
  WatchStatus watch;
};

// The body of GET /v1/status.
nlohmann::json ToJson(const DaemonStatus& status);

}  // namespace draftbox

#endif  // DRAFTBOX_API_DAEMON_STATUS_H_
