#include "app/daemon_log.h"

#include <fcntl.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <stdio.h>

#include <cstdio>
#include <string>
#include <system_error>

#include "fs/private_files.h"

namespace draftbox {
namespace {

constexpr size_t kMaxFileBytes = 5u << 20;
constexpr size_t kMaxFiles = 3;

// spdlog opens the log by name (fopen, which follows links and creates 0644). The folder is
// private, so nobody can put a link there once it is checked; each file spdlog opens (the
// first, and a new one after each rotation) is checked before and made 0600 after.
spdlog::file_event_handlers PrivateLogHandlers() {
  spdlog::file_event_handlers handlers;
  handlers.before_open = [](const spdlog::filename_t& name) {
    if (Status ok = CheckPrivateFileName(name); !ok) throw spdlog::spdlog_ex(ok.error().message);
  };
  handlers.after_open = [](const spdlog::filename_t& name, std::FILE* file) {
    if (Status ok = RestrictToOwner(::fileno(file), name); !ok) {
      throw spdlog::spdlog_ex(ok.error().message);
    }
  };
  return handlers;
}

}  // namespace

Result<std::unique_ptr<DaemonLog>> DaemonLog::Open(const std::filesystem::path& data_dir) {
  namespace fs = std::filesystem;
  fs::path dir = data_dir / "logs";
  fs::path file = dir / "draftbox.log";
  if (Status ok = EnsurePrivateDir(dir, "log folder", DirLink::kRefuse); !ok) {
    return std::unexpected(ok.error());
  }
  // Made 0600 (or checked) here before spdlog opens it: a clear start-up line instead of
  // spdlog's, and a new file that is never 0644, not even until after_open.
  Result<UniqueFd> fd = OpenPrivateFile(file, O_WRONLY | O_CREAT | O_APPEND);
  if (!fd) return std::unexpected(fd.error());
  if (Status ok = RestrictToOwner(fd->get(), file); !ok) return std::unexpected(ok.error());
  fd->Close();
  try {
    auto file_sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        file.string(), kMaxFileBytes, kMaxFiles, /*rotate_on_open=*/false, PrivateLogHandlers());
    auto stderr_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    auto logger = std::make_shared<spdlog::logger>("draftbox",
                                                   spdlog::sinks_init_list{stderr_sink, file_sink});
    auto file_only = std::make_shared<spdlog::logger>("draftbox-file", file_sink);
    // Log lines are few; flushing each one keeps the file complete if the process is killed.
    logger->flush_on(spdlog::level::trace);
    file_only->flush_on(spdlog::level::trace);
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(logger);
    return std::unique_ptr<DaemonLog>(new DaemonLog(file, file_only, previous));
  } catch (const spdlog::spdlog_ex& e) {
    return Fail(ErrorCode::kIo, "cannot open log file " + file.string() + ": " + e.what());
  }
}

DaemonLog::DaemonLog(std::filesystem::path file, std::shared_ptr<spdlog::logger> file_only,
                     std::shared_ptr<spdlog::logger> previous)
    : file_(std::move(file)), file_only_(std::move(file_only)), previous_(std::move(previous)) {}

DaemonLog::~DaemonLog() {
  spdlog::default_logger()->flush();
  if (previous_) spdlog::set_default_logger(previous_);
}

void DaemonLog::StartupFailure(std::string_view message) {
  file_only_->error("start-up failed: {}", message);
  PrintStartupFailure(message);
}

void PrintStartupFailure(std::string_view message) {
  std::string line = "draftbox: " + std::string(message) + "\n";
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace draftbox
