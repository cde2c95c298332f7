#include "config/secret_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "fs/unique_fd.h"

extern char** environ;

namespace draftbox {
namespace {

using Clock = std::chrono::steady_clock;

// Enough for any password or token; more is read and dropped so the child never blocks.
constexpr size_t kMaxCapture = 64 * 1024;
// How often a child that has exited is noticed even if a background grandchild keeps its
// pipes open (gpg-agent and the like).
constexpr int kPollSliceMs = 50;

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

std::optional<Pipe> MakePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  Pipe pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
  ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
  return pipe;
}

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Reads what is available; returns false at end of file or error.
bool Drain(int fd, std::string& into) {
  std::array<char, 4096> buffer;
  while (true) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n > 0) {
      size_t room = kMaxCapture - std::min(kMaxCapture, into.size());
      into.append(buffer.data(), std::min(room, static_cast<size_t>(n)));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

struct Outcome {
  std::string out;
  std::string err;
  bool exited = false;  // false: still running when the deadline passed
};

// True once `pid` has ended, without reaping it: while it is a zombie its pid, which is also
// its process group's id, cannot be given to another process, so killing the group after
// this cannot hit a stranger.
bool HasEnded(pid_t pid) {
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid;
}

// Collects output until the child exits (and its pipes are drained) or the deadline passes.
// The child is left unreaped (see HasEnded).
Outcome Collect(pid_t pid, UniqueFd& out_fd, UniqueFd& err_fd, Clock::time_point deadline) {
  Outcome outcome;
  bool out_open = true;
  bool err_open = true;
  while (Clock::now() < deadline) {
    std::array<pollfd, 2> fds = {pollfd{out_open ? out_fd.get() : -1, POLLIN, 0},
                                 pollfd{err_open ? err_fd.get() : -1, POLLIN, 0}};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    int slice = static_cast<int>(std::clamp<int64_t>(left.count(), 0, kPollSliceMs));
    if (::poll(fds.data(), fds.size(), slice) < 0 && errno != EINTR) break;
    if (out_open && fds[0].revents != 0) out_open = Drain(out_fd.get(), outcome.out);
    if (err_open && fds[1].revents != 0) err_open = Drain(err_fd.get(), outcome.err);
    if (HasEnded(pid)) {
      if (out_open) Drain(out_fd.get(), outcome.out);
      if (err_open) Drain(err_fd.get(), outcome.err);
      outcome.exited = true;
      return outcome;
    }
  }
  return outcome;
}

Result<pid_t> Spawn(const std::string& command, Pipe& out, Pipe& err) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write.get(), STDERR_FILENO);
  // A group of its own, so that the shell and everything it started can be ended together.
  posix_spawnattr_setpgroup(&attr, 0);
  // The daemon blocks SIGTERM and SIGINT (ShutdownSignals) and ignores SIGPIPE; a child would
  // inherit both, and a process it leaves behind could then not be stopped with kill or
  // Ctrl-C. The command starts as from a shell: nothing blocked, every signal at its default.
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  sigset_t all;
  sigfillset(&all);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    return Fail(ErrorCode::kConfig, std::string("cannot start /bin/sh: ") + std::strerror(rc));
  }
  return pid;
}

std::string StatusText(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
  return "ended abnormally";
}

}  // namespace

Result<std::string> RunSecretCommand(const std::string& command, std::chrono::seconds timeout) {
  if (command.empty()) return Fail(ErrorCode::kConfig, "secret command is empty");
  std::optional<Pipe> out = MakePipe();
  std::optional<Pipe> err = MakePipe();
  if (!out || !err) {
    return Fail(ErrorCode::kConfig, std::string("cannot create pipe: ") + std::strerror(errno));
  }
  Result<pid_t> pid = Spawn(command, *out, *err);
  if (!pid) return std::unexpected(pid.error());
  out->write.Close();
  err->write.Close();
  Outcome outcome = Collect(*pid, out->read, err->read, Clock::now() + timeout);
  // Whatever the command left running in its group (`sleep 300 &`) ends with it: a secret
  // command hands over one line, it does not start services. An agent that means to outlive
  // it (gpg-agent) makes a session of its own with setsid and is not in the group.
  ::kill(-*pid, SIGKILL);
  int status = 0;
  while (::waitpid(*pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!outcome.exited) {
    return Fail(ErrorCode::kConfig, "secret command timed out after " +
                                        std::to_string(timeout.count()) + "s and was killed");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string message = "secret command " + StatusText(status);
    std::string reason = FirstLine(outcome.err);
    return Fail(ErrorCode::kConfig, reason.empty() ? message : message + ": " + reason);
  }
  std::string secret = FirstLine(outcome.out);
  if (secret.empty()) {
    return Fail(ErrorCode::kConfig, "secret command printed nothing on its first line");
  }
  return secret;
}

}  // namespace draftbox
