// Runs a child process for tests: a server (Dovecot, the draftbox binary) or a tool (doveadm,
// openssl). No shell unless argv names one. Output goes to files in a private temp dir, so a
// chatty child never blocks on a full pipe and its output can be read at any time.
// The child runs in its own process group; destroying a Subprocess kills that group.
// Not thread-safe: one owner per Subprocess. RunProcess() is thread-safe.
#ifndef DRAFTBOX_TESTS_SUPPORT_SUBPROCESS_H_
#define DRAFTBOX_TESTS_SUPPORT_SUBPROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "support/temp_dir.h"

namespace draftbox::test {

struct SubprocessOptions {
  std::vector<std::string> argv = {};        // argv[0] is looked up in PATH unless it has a '/'
  std::vector<std::string> env_add = {};     // "K=V", added to (or replacing in) the current env
  std::vector<std::string> env_remove = {};  // names removed from the current env
  std::string stdin_data = {};               // empty: stdin is /dev/null
  std::filesystem::path cwd = {};            // empty: the current directory
};

struct RunResult {
  int exit_code = 0;  // 128 + signal number if killed by a signal
  std::string out = {};
  std::string err = {};
};

class Subprocess {
 public:
  // Starts the child. kInvalidArgument for an empty argv or a malformed env_add entry; kIo if
  // the program cannot be found or started (the message names it and the errno text).
  static Result<std::unique_ptr<Subprocess>> Spawn(SubprocessOptions options);

  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // SIGKILLs the child's process group if the child is still running, then reaps it.
  ~Subprocess();

  pid_t pid() const { return pid_; }

  // Sends `sig` to the child. kConflict if it has already exited and been reaped (its pid may
  // belong to someone else by now); kIo if kill() fails.
  Status Signal(int sig);

  // Waits up to `timeout` for the child to exit and returns its exit code (128 + signal if it
  // was killed by one; -1 if someone else reaped it). kUnavailable if it is still running then;
  // the child is NOT killed.
  Result<int> Wait(std::chrono::milliseconds timeout);

  // True until the child has exited (reaps it when it has).
  bool Running();

  // Everything the child wrote to stdout / stderr so far.
  std::string Stdout() const;
  std::string Stderr() const;

  // "argv0 arg1 ...", for messages.
  std::string CommandLine() const;

 private:
  Subprocess(TempDir io_dir, pid_t pid, std::vector<std::string> argv);
  void Reap(bool block);

  TempDir io_dir_;
  pid_t pid_;
  std::vector<std::string> argv_;
  std::optional<int> exit_code_;
};

// Runs the command to completion and returns its exit code and output. A non-zero exit is NOT
// an error (check exit_code). kUnavailable if it did not finish within `timeout` (it is killed;
// the message includes its stderr); errors of Spawn() otherwise.
Result<RunResult> RunProcess(SubprocessOptions options, std::chrono::milliseconds timeout);

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_SUPPORT_SUBPROCESS_H_
