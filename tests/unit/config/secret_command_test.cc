// RunSecretCommand with real /bin/sh processes.
#include "config/secret_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

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

}  // namespace
}  // namespace draftbox
