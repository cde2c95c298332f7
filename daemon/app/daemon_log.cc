#include "app/daemon_log.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <string>
#include <system_error>

namespace draftbox {
namespace {

constexpr size_t kMaxFileBytes = 5u << 20;
constexpr size_t kMaxFiles = 3;

}  // namespace

Result<std::unique_ptr<DaemonLog>> DaemonLog::Open(const std::filesystem::path& data_dir) {
  namespace fs = std::filesystem;
  fs::path dir = data_dir / "logs";
  fs::path file = dir / "draftbox.log";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!ec) fs::permissions(dir, fs::perms::owner_all, ec);
  if (ec)
    return Fail(ErrorCode::kIo,
                "cannot create log directory " + dir.string() + ": " + ec.message());
  try {
    auto file_sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        file.string(), kMaxFileBytes, kMaxFiles);
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
