#include "bench_support.h"

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace draftbox::bench {
namespace {

// Reads everything from `fd` until EOF.
std::string ReadAll(int fd) {
  std::string out;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return out;
    out.append(buffer, static_cast<size_t>(n));
  }
}

std::string LastLine(const std::string& text) {
  size_t end = text.find_last_not_of("\r\n \t");
  if (end == std::string::npos) return "";
  size_t start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end + 1 - (start + 1));
}

}  // namespace

double PeakRssMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

Result<std::filesystem::path> MakeWorkDir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + ".XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Fail(ErrorCode::kIo, "cannot make a work dir " + pattern + ": " + std::strerror(errno));
  }
  std::error_code ec;
  std::filesystem::permissions(pattern, std::filesystem::perms(0755), ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot chmod " + pattern + ": " + ec.message());
  return std::filesystem::path(pattern);
}

Result<std::string> RequiredEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return Fail(ErrorCode::kInvalidArgument,
                std::string("environment variable ") + name +
                    " is not set (run through scripts/bench, or source the env file of "
                    "tests/support/throwaway-dovecot with set -a)");
  }
  return std::string(value);
}

Result<ImapOptions> MailboxFromEnv(const std::string& security) {
  Result<std::string> host = RequiredEnv("IMAP_HOST");
  Result<std::string> port = RequiredEnv(security == "tls" ? "IMAPS_PORT" : "IMAP_PORT");
  Result<std::string> user = RequiredEnv("IMAP_USER");
  Result<std::string> password = RequiredEnv("IMAP_PASSWORD");
  Result<std::string> ca_file = RequiredEnv("CA_FILE");
  for (const auto* got : {&host, &port, &user, &password, &ca_file}) {
    if (!*got) return std::unexpected(got->error());
  }
  ImapOptions options;
  options.host = *host;
  options.port = static_cast<uint16_t>(std::stoi(*port));
  options.security = security == "tls" ? ImapSecurity::kTls : ImapSecurity::kNone;
  options.user = *user;
  options.password = *password;
  options.ca_file = *ca_file;
  return options;
}

Result<nlohmann::json> RunJsonScript(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return Fail(ErrorCode::kIo, std::string("pipe: ") + strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    return Fail(ErrorCode::kIo, "cannot start " + argv[0] + ": " + std::strerror(spawned));
  }
  const std::string out = ReadAll(pipe_fds[0]);
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Fail(ErrorCode::kIo, argv[argv.size() > 1 ? 1 : 0] + " failed (exit status " +
                                    std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                                    ")");
  }
  nlohmann::json answer = nlohmann::json::parse(LastLine(out), nullptr, false);
  if (!answer.is_object()) {
    return Fail(ErrorCode::kIo, argv[argv.size() > 1 ? 1 : 0] +
                                    " did not end its output with a JSON object: " + LastLine(out));
  }
  return answer;
}

}  // namespace draftbox::bench
