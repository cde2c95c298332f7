// Subprocess, RunProcess, TempDir and FreeLoopbackPort: the pieces every other test relies on.
#include "support/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "support/ports.h"
#include "support/temp_dir.h"

namespace draftbox::test {
namespace {

using std::chrono::milliseconds;

TEST(SubprocessTest, CapturesStdoutStderrAndExitCode) {
  Result<RunResult> run =
      RunProcess({.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"}}, milliseconds(5000));
  ASSERT_TRUE(run.has_value()) << run.error().ToString();
  EXPECT_EQ(run->exit_code, 3);
  EXPECT_EQ(run->out, "out\n");
  EXPECT_EQ(run->err, "err\n");
}

TEST(SubprocessTest, PassesArgumentsWithoutAShell) {
  Result<RunResult> run = RunProcess({.argv = {"echo", "$HOME", "a b"}}, milliseconds(5000));
  ASSERT_TRUE(run.has_value()) << run.error().ToString();
  EXPECT_EQ(run->out, "$HOME a b\n");
}

TEST(SubprocessTest, FeedsStdinData) {
  Result<RunResult> run =
      RunProcess({.argv = {"cat"}, .stdin_data = "line one\nline two\n"}, milliseconds(5000));
  ASSERT_TRUE(run.has_value()) << run.error().ToString();
  EXPECT_EQ(run->out, "line one\nline two\n");
}

TEST(SubprocessTest, AddsAndRemovesEnvironmentVariables) {
  setenv("DRAFTBOX_SUBPROCESS_TEST_DROP", "present", 1);
  Result<RunResult> run = RunProcess(
      {.argv = {"sh", "-c", "echo \"$DRAFTBOX_A|${DRAFTBOX_SUBPROCESS_TEST_DROP-unset}\""},
       .env_add = {"DRAFTBOX_A=x=y"},
       .env_remove = {"DRAFTBOX_SUBPROCESS_TEST_DROP"}},
      milliseconds(5000));
  unsetenv("DRAFTBOX_SUBPROCESS_TEST_DROP");
  ASSERT_TRUE(run.has_value()) << run.error().ToString();
  EXPECT_EQ(run->out, "x=y|unset\n");
}

TEST(SubprocessTest, RunsInTheGivenDirectory) {
  TempDir dir;
  Result<RunResult> run = RunProcess({.argv = {"pwd"}, .cwd = dir.path()}, milliseconds(5000));
  ASSERT_TRUE(run.has_value()) << run.error().ToString();
  EXPECT_EQ(run->out, dir.path().string() + "\n");
}

TEST(SubprocessTest, MissingProgramIsAnIoError) {
  Result<std::unique_ptr<Subprocess>> child =
      Subprocess::Spawn({.argv = {"draftbox-no-such-program"}});
  ASSERT_FALSE(child.has_value());
  EXPECT_EQ(child.error().code, ErrorCode::kIo);
  EXPECT_NE(child.error().message.find("draftbox-no-such-program"), std::string::npos);
}

TEST(SubprocessTest, EmptyArgvIsInvalid) {
  Result<std::unique_ptr<Subprocess>> child = Subprocess::Spawn({});
  ASSERT_FALSE(child.has_value());
  EXPECT_EQ(child.error().code, ErrorCode::kInvalidArgument);
}

TEST(SubprocessTest, WaitTimesOutWithoutKillingThenSignalEndsIt) {
  Result<std::unique_ptr<Subprocess>> child = Subprocess::Spawn({.argv = {"sleep", "30"}});
  ASSERT_TRUE(child.has_value()) << child.error().ToString();
  Result<int> early = (*child)->Wait(milliseconds(50));
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE((*child)->Running());
  ASSERT_TRUE((*child)->Signal(SIGTERM).has_value());
  Result<int> code = (*child)->Wait(milliseconds(5000));
  ASSERT_TRUE(code.has_value()) << code.error().ToString();
  EXPECT_EQ(*code, 128 + SIGTERM);
  EXPECT_EQ((*child)->Signal(SIGTERM).error().code, ErrorCode::kConflict);
}

TEST(SubprocessTest, StdoutIsReadableWhileRunning) {
  Result<std::unique_ptr<Subprocess>> child =
      Subprocess::Spawn({.argv = {"sh", "-c", "echo ready; exec sleep 30"}});
  ASSERT_TRUE(child.has_value()) << child.error().ToString();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((*child)->Stdout().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  EXPECT_EQ((*child)->Stdout(), "ready\n");
  EXPECT_TRUE((*child)->Running());
}

TEST(SubprocessTest, DestructorKillsARunningChild) {
  pid_t pid = 0;
  {
    Result<std::unique_ptr<Subprocess>> child = Subprocess::Spawn({.argv = {"sleep", "30"}});
    ASSERT_TRUE(child.has_value()) << child.error().ToString();
    pid = (*child)->pid();
    EXPECT_EQ(kill(pid, 0), 0);
  }
  EXPECT_NE(kill(pid, 0), 0);  // reaped: the pid no longer exists
}

TEST(RunProcessTest, KillsOnTimeoutAndReportsIt) {
  auto start = std::chrono::steady_clock::now();
  Result<RunResult> run = RunProcess({.argv = {"sleep", "30"}}, milliseconds(200));
  ASSERT_FALSE(run.has_value());
  EXPECT_EQ(run.error().code, ErrorCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(TempDirTest, CreatesTraversableDirAndRemovesItRecursively) {
  std::filesystem::path path;
  {
    TempDir dir;
    path = dir.path();
    struct stat st {};
    ASSERT_EQ(stat(path.c_str(), &st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(st.st_mode & 0777, 0755u);
    std::filesystem::create_directories(path / "a" / "b");
    std::ofstream(path / "a" / "b" / "f") << "x";
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(TempDirTest, TwoDirsAreDistinct) {
  TempDir a;
  TempDir b;
  EXPECT_NE(a.path(), b.path());
}

TEST(TempDirTest, KeepLeavesTheDirectory) {
  std::filesystem::path path;
  {
    TempDir dir;
    path = dir.path();
    dir.Keep();
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  std::filesystem::remove_all(path);
}

TEST(FreeLoopbackPortTest, ReturnsABindablePort) {
  uint16_t port = FreeLoopbackPort();
  EXPECT_GT(port, 0);
}

}  // namespace
}  // namespace draftbox::test
