#include "api/daemon_status.h"

#include <nlohmann/json.hpp>

namespace draftbox {
namespace {

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json ToJson(const MailboxStatus& m) {
  return {
      {"configured", m.configured},
      {"reachable", m.reachable},
      {"host", m.host},
      {"user", m.user},
      {"security", m.security},
      {"folders",
       {{"drafts", OrNull(m.drafts_folder)},
        {"sent", OrNull(m.sent_folder)},
        {"inbox", OrNull(m.inbox_folder)}}},
      {"last_error", OrNull(m.last_error)},
      {"last_checked", OrNull(m.last_checked_unix)},
      {"login_rejected", m.login_rejected},
      {"next_login_attempt", OrNull(m.next_login_attempt_unix)},
  };
}

nlohmann::json ToJson(const WatchStatus& w) {
  nlohmann::json recent = nlohmann::json::array();
  for (const FailedMessageStatus& f : w.recent) {
    recent.push_back({{"time", f.time_unix},
                      {"role", f.role},
                      {"folder", f.folder},
                      {"uid_validity", f.uid_validity},
                      {"uid", f.uid},
                      {"message_id", f.message_id.empty() ? nlohmann::json(nullptr)
                                                          : nlohmann::json(f.message_id)},
                      {"error", f.error}});
  }
  return {{"failed_messages", w.failed_messages}, {"recent_failures", std::move(recent)}};
}

}  // namespace

nlohmann::json ToJson(const DaemonStatus& status) {
  return {
      {"version", status.version},
      {"uptime_s", status.uptime_s},
      {"data_dir", status.data_dir},
      {"config_sources", status.config_sources},
      {"config_managed", status.config_managed},
      {"store", {{"schema_version", status.store.schema_version}, {"counts", status.store.counts}}},
      {"mailbox", ToJson(status.mailbox)},
      {"watch", ToJson(status.watch)},
  };
}

}  // namespace draftbox
