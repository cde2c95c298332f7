// The daemon's logging: spdlog's default logger writes to stderr (the journal under systemd)
// and to a rotating file, <data_dir>/logs/draftbox.log (5 MiB x 3 files), so a user can send
// the file with a bug report. Start-up failures get one plain "draftbox: ..." line on stderr.
// Thread-safe after Open (spdlog's _mt sinks); Open and destruction belong to the main thread.
#ifndef DRAFTBOX_APP_DAEMON_LOG_H_
#define DRAFTBOX_APP_DAEMON_LOG_H_

#include <filesystem>
#include <memory>
#include <string_view>

#include "core/error.h"

namespace spdlog {
class logger;
}

namespace draftbox {

class DaemonLog {
 public:
  // Creates <data_dir>/logs (0700) and installs the default logger. kIo naming the file if the
  // directory or the log file cannot be created.
  static Result<std::unique_ptr<DaemonLog>> Open(const std::filesystem::path& data_dir);

  // Flushes and puts the previous default logger back.
  ~DaemonLog();
  DaemonLog(const DaemonLog&) = delete;
  DaemonLog& operator=(const DaemonLog&) = delete;

  // Writes "draftbox: <message>" to stderr and an error line to the log file only, so the
  // terminal shows the reason once.
  void StartupFailure(std::string_view message);

  const std::filesystem::path& file() const { return file_; }

 private:
  DaemonLog(std::filesystem::path file, std::shared_ptr<spdlog::logger> file_only,
            std::shared_ptr<spdlog::logger> previous);

  std::filesystem::path file_;
  std::shared_ptr<spdlog::logger> file_only_;
  std::shared_ptr<spdlog::logger> previous_;
};

// "draftbox: <message>" on stderr, for failures before the log exists.
void PrintStartupFailure(std::string_view message);

}  // namespace draftbox

#endif  // DRAFTBOX_APP_DAEMON_LOG_H_
