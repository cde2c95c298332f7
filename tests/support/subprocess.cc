#include "support/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

extern char** environ;

namespace draftbox::test {
namespace {

std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string NameOf(const std::string& assignment) {
  return assignment.substr(0, assignment.find('='));
}

// The current environment without the removed names and the ones env_add replaces, then
// env_add itself.
Result<std::vector<std::string>> BuildEnv(const SubprocessOptions& options) {
  std::set<std::string> drop(options.env_remove.begin(), options.env_remove.end());
  for (const std::string& entry : options.env_add) {
    if (entry.find('=') == std::string::npos || entry.front() == '=') {
      return Fail(ErrorCode::kInvalidArgument,
                  "env_add entry \"" + entry + "\" is not of the form NAME=VALUE");
    }
    drop.insert(NameOf(entry));
  }
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    if (!drop.contains(NameOf(entry))) env.push_back(std::move(entry));
  }
  env.insert(env.end(), options.env_add.begin(), options.env_add.end());
  return env;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

std::string Join(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& arg : argv) {
    if (!out.empty()) out += ' ';
    out += arg;
  }
  return out;
}

// Owns the posix_spawn attribute objects for one Spawn() call.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

// Own process group, so that the destructor can kill the child's children too; default
// dispositions and an empty mask, so that a test runner's signal setup does not leak in.
void ConfigureAttributes(posix_spawnattr_t* attr) {
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2}) {
    sigaddset(&defaults, sig);
  }
  sigset_t mask;
  sigemptyset(&mask);
  posix_spawnattr_setsigdefault(attr, &defaults);
  posix_spawnattr_setsigmask(attr, &mask);
  posix_spawnattr_setpgroup(attr, 0);
  posix_spawnattr_setflags(attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
}

}  // namespace

Result<std::unique_ptr<Subprocess>> Subprocess::Spawn(SubprocessOptions options) {
  if (options.argv.empty() || options.argv.front().empty()) {
    return Fail(ErrorCode::kInvalidArgument, "Subprocess::Spawn: argv is empty");
  }
  Result<std::vector<std::string>> env = BuildEnv(options);
  if (!env) return std::unexpected(env.error());
  Result<TempDir> io_dir = TempDir::Create("draftbox-proc");
  if (!io_dir) return std::unexpected(io_dir.error());

  std::string in_path = "/dev/null";
  if (!options.stdin_data.empty()) {
    in_path = (io_dir->path() / "stdin").string();
    std::ofstream in(in_path, std::ios::binary);
    in << options.stdin_data;
    if (!in.flush()) return Fail(ErrorCode::kIo, "cannot write " + in_path);
  }
  std::string out_path = (io_dir->path() / "stdout").string();
  std::string err_path = (io_dir->path() / "stderr").string();

  SpawnSetup setup;
  posix_spawn_file_actions_addopen(&setup.actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&setup.actions, 1, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&setup.actions, 2, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!options.cwd.empty()) {
    posix_spawn_file_actions_addchdir_np(&setup.actions, options.cwd.c_str());
  }
  ConfigureAttributes(&setup.attr);

  std::vector<std::string> argv_copy = options.argv;
  std::vector<char*> argv = CStrings(argv_copy);
  std::vector<char*> envp = CStrings(*env);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &setup.actions, &setup.attr, argv.data(), envp.data());
  if (rc != 0) {
    std::string where = options.cwd.empty() ? "" : " in " + options.cwd.string();
    return Fail(ErrorCode::kIo,
                "cannot start \"" + Join(options.argv) + "\"" + where + ": " + std::strerror(rc));
  }
  return std::unique_ptr<Subprocess>(
      new Subprocess(std::move(*io_dir), pid, std::move(options.argv)));
}

Subprocess::Subprocess(TempDir io_dir, pid_t pid, std::vector<std::string> argv)
    : io_dir_(std::move(io_dir)), pid_(pid), argv_(std::move(argv)) {}

Subprocess::~Subprocess() {
  if (!Running()) return;
  kill(-pid_, SIGKILL);
  kill(pid_, SIGKILL);
  Reap(/*block=*/true);
}

Status Subprocess::Signal(int sig) {
  if (!Running()) {
    return Fail(ErrorCode::kConflict,
                "cannot signal \"" + CommandLine() + "\": it has already exited");
  }
  if (kill(pid_, sig) != 0) {
    return Fail(ErrorCode::kIo, "kill(" + std::to_string(pid_) + ", " + std::to_string(sig) +
                                    "): " + std::strerror(errno));
  }
  return {};
}

Result<int> Subprocess::Wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(1);
  while (Running()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return Fail(ErrorCode::kUnavailable, "\"" + CommandLine() + "\" still running after " +
                                               std::to_string(timeout.count()) + " ms");
    }
    std::this_thread::sleep_for(pause);
    // Back off so a long wait does not spin, but stay quick for short-lived tools.
    pause = std::min(pause * 2, std::chrono::milliseconds(20));
  }
  return *exit_code_;
}

bool Subprocess::Running() {
  if (!exit_code_) Reap(/*block=*/false);
  return !exit_code_.has_value();
}

std::string Subprocess::Stdout() const { return ReadWholeFile(io_dir_.path() / "stdout"); }

std::string Subprocess::Stderr() const { return ReadWholeFile(io_dir_.path() / "stderr"); }

std::string Subprocess::CommandLine() const { return Join(argv_); }

void Subprocess::Reap(bool block) {
  int status = 0;
  pid_t rc;
  do {
    rc = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (rc < 0 && errno == EINTR);
  if (rc == 0) return;
  if (rc < 0) {
    exit_code_ = -1;  // ECHILD: reaped elsewhere; the code is lost.
    return;
  }
  if (WIFEXITED(status)) {
    exit_code_ = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    exit_code_ = 128 + WTERMSIG(status);
  }
}

Result<RunResult> RunProcess(SubprocessOptions options, std::chrono::milliseconds timeout) {
  Result<std::unique_ptr<Subprocess>> child = Subprocess::Spawn(std::move(options));
  if (!child) return std::unexpected(child.error());
  Subprocess& process = **child;
  Result<int> code = process.Wait(timeout);
  if (!code) {
    (void)process.Signal(SIGKILL);
    (void)process.Wait(std::chrono::seconds(5));
    return Fail(ErrorCode::kUnavailable, "\"" + process.CommandLine() + "\" timed out after " +
                                             std::to_string(timeout.count()) +
                                             " ms and was killed; stderr: " + process.Stderr());
  }
  return RunResult{*code, process.Stdout(), process.Stderr()};
}

}  // namespace draftbox::test
