// RunSecretCommand with real /bin/sh processes.
#include "config/secret_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "app/shutdown_signals.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

TEST(RunSecretCommandTest, ReturnsFirstLineWithoutNewline) {
  Result<std::string> secret = RunSecretCommand("printf 'hunter2\\nsecond line\\n'");
  ASSERT_TRUE(secret.has_value()) << secret.error().message;
  EXPECT_EQ(*secret, "hunter2");
}

TEST(RunSecretCommandTest, StripsCarriageReturnAndKeepsSpaces) {
  Result<std::string> secret = RunSecretCommand("printf ' pass word \\r\\n'");
  ASSERT_TRUE(secret.has_value()) << secret.error().message;
  EXPECT_EQ(*secret, " pass word ");
}

TEST(RunSecretCommandTest, AcceptsOutputWithoutTrailingNewline) {
  Result<std::string> secret = RunSecretCommand("printf token");
  ASSERT_TRUE(secret.has_value()) << secret.error().message;
  EXPECT_EQ(*secret, "token");
}

TEST(RunSecretCommandTest, FailingCommandReportsStatusAndStderrButNotStdout) {
  Result<std::string> secret =
      RunSecretCommand("echo hunter2; echo 'no such item in keyring' >&2; echo more >&2; exit 3");
  ASSERT_FALSE(secret.has_value());
  EXPECT_EQ(secret.error().code, ErrorCode::kConfig);
  EXPECT_THAT(secret.error().message,
              AllOf(HasSubstr("exited with status 3"), HasSubstr("no such item in keyring"),
                    Not(HasSubstr("hunter2")), Not(HasSubstr("more"))));
}

TEST(RunSecretCommandTest, MissingProgramIsReportedAsFailure) {
  Result<std::string> secret = RunSecretCommand("draftbox-no-such-program-xyz");
  ASSERT_FALSE(secret.has_value());
  EXPECT_THAT(secret.error().message, AllOf(HasSubstr("status 127"), HasSubstr("not found")));
}

TEST(RunSecretCommandTest, EmptyOutputIsAnError) {
  for (const char* command : {"true", "echo", "printf '\\nsecret\\n'"}) {
    Result<std::string> secret = RunSecretCommand(command);
    ASSERT_FALSE(secret.has_value()) << command;
    EXPECT_EQ(secret.error().code, ErrorCode::kConfig);
    EXPECT_THAT(secret.error().message, HasSubstr("printed nothing")) << command;
  }
}

TEST(RunSecretCommandTest, EmptyCommandIsAnError) {
  Result<std::string> secret = RunSecretCommand("");
  ASSERT_FALSE(secret.has_value());
  EXPECT_EQ(secret.error().code, ErrorCode::kConfig);
}

bool ProcessGone(const std::string& pid) {
  std::ifstream stat("/proc/" + pid + "/stat");
  if (!stat) return true;
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  size_t close = text.rfind(')');
  return close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z';
}

TEST(RunSecretCommandTest, TimeoutKillsTheCommandAndItsChildren) {
  test::TempDir dir("draftbox-secret");
  std::string pid_file = (dir.path() / "child.pid").string();
  auto start = std::chrono::steady_clock::now();
  Result<std::string> secret =
      RunSecretCommand("sleep 30 & echo $! > '" + pid_file + "'; wait", 1s);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(secret.has_value());
  EXPECT_EQ(secret.error().code, ErrorCode::kConfig);
  EXPECT_THAT(secret.error().message, HasSubstr("timed out after 1s"));
  EXPECT_LT(elapsed, 5s);

  std::ifstream in(pid_file);
  std::string child;
  ASSERT_TRUE(std::getline(in, child)) << "the command did not record its child";
  bool gone = false;
  for (int i = 0; i < 50 && !gone; ++i) {
    gone = ProcessGone(child);
    if (!gone) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(gone) << "sleep " << child << " outlived the timeout";
}

TEST(RunSecretCommandTest, BackgroundChildHoldingOutputDoesNotBlock) {
  // Like a password manager that starts an agent which inherits stdout.
  auto start = std::chrono::steady_clock::now();
  Result<std::string> secret = RunSecretCommand("echo token; sleep 3 &", 10s);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(secret.has_value()) << secret.error().message;
  EXPECT_EQ(*secret, "token");
  EXPECT_LT(elapsed, 2s);
}

TEST(RunSecretCommandTest, StdinIsClosed) {
  // A command that would prompt must not hang waiting for the daemon's stdin.
  Result<std::string> secret =
      RunSecretCommand("if read line; then echo \"read:$line\"; else echo eof; fi", 5s);
  ASSERT_TRUE(secret.has_value()) << secret.error().message;
  EXPECT_EQ(*secret, "eof");
}

// The processes of group `pgid` that are still alive (zombies are dead: only not yet reaped by
// whoever adopted them).
std::vector<std::string> LiveMembersOfGroup(pid_t pgid) {
  std::vector<std::string> members;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    size_t close = text.rfind(')');
    if (close == std::string::npos) continue;
    // After the command name: state, ppid, pgrp.
    std::istringstream fields(text.substr(close + 2));
    char state = 0;
    long ppid = 0;
    long pgrp = 0;
    if (fields >> state >> ppid >> pgrp && pgrp == pgid && state != 'Z') members.push_back(pid);
  }
  return members;
}

// Waits (bounded) for the group to empty: SIGKILL is delivered asynchronously.
std::vector<std::string> SurvivorsOfGroup(pid_t pgid) {
  std::vector<std::string> alive = LiveMembersOfGroup(pgid);
  for (int i = 0; i < 100 && !alive.empty(); ++i) {
    std::this_thread::sleep_for(20ms);
    alive = LiveMembersOfGroup(pgid);
  }
  return alive;
}

// The hex mask after "SigBlk:" or "SigIgn:" in `line` (lines of /proc/PID/status).
std::string MaskField(const std::string& line, const std::string& name) {
  size_t at = line.find(name + ":");
  if (at == std::string::npos) return "missing";
  std::istringstream rest(line.substr(at + name.size() + 1));
  std::string mask;
  rest >> mask;
  return mask;
}

TEST(RunSecretCommandTest, LeavesNoProcessOfItsGroupBehind) {
  // With the daemon's mask in force: a child that inherited it would shrug off SIGTERM.
  ShutdownSignals daemon_mask;
  Result<std::string> secret = RunSecretCommand("sleep 300 & echo $$", 10s);
  ASSERT_TRUE(secret.has_value()) << secret.error().message;
  const pid_t pgid = std::stoi(*secret);  // the shell leads the command's own group
  std::vector<std::string> survivors = SurvivorsOfGroup(pgid);
  EXPECT_TRUE(survivors.empty()) << "still running in group " << pgid << ": "
                                 << testing::PrintToString(survivors);
  ::kill(-pgid, SIGKILL);  // on a failure, leave nothing behind for the next test
}

TEST(RunSecretCommandTest, TheCommandStartsWithNoSignalBlockedOrIgnoredWhateverTheDaemonBlocks) {
  ShutdownSignals daemon_mask;  // blocks SIGTERM and SIGINT, as the daemon does
  struct sigaction ignore {};
  struct sigaction previous {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);  // ignored, as the daemon does
  // The shell's own status and that of the child it leaves in the background.
  Result<std::string> secret = RunSecretCommand(
      "sleep 300 & echo \"$$ shell $(grep -E 'SigBlk|SigIgn' /proc/$$/status | tr '\\n' ' ')"
      " child $(grep SigBlk /proc/$!/status)\"",
      10s);
  sigaction(SIGPIPE, &previous, nullptr);
  ASSERT_TRUE(secret.has_value()) << secret.error().message;
  std::string shell = secret->substr(0, secret->find(" child "));
  std::string child = secret->substr(secret->find(" child "));
  EXPECT_EQ(MaskField(shell, "SigBlk"), "0000000000000000") << *secret;
  // Only signals 1..31: glibc's posix_spawn sets its own internal ones (32, 33) to ignored.
  EXPECT_EQ(std::stoull(MaskField(shell, "SigIgn"), nullptr, 16) & 0x7fffffffu, 0u) << *secret;
  EXPECT_EQ(MaskField(child, "SigBlk"), "0000000000000000") << *secret;
  ::kill(-std::stoi(*secret), SIGKILL);  // the shell's pid is its group's id
}

}  // namespace
}  // namespace draftbox
