// Starting and stopping the real daemon binary: signals, a taken port, the token file.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "integration/daemon/daemon_process.h"
#include "support/ports.h"

namespace draftbox {
namespace {

std::string ReadFile(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(DaemonLifecycleTest, SigtermExitsZeroWithinFiveSecondsAndLogsStopped) {
  test::DaemonProcess daemon;
  ASSERT_TRUE(test::Ok(daemon.Start()));
  ASSERT_TRUE(test::Ok(daemon.child().Signal(SIGTERM)));
  Result<int> code = daemon.child().Wait(std::chrono::seconds(5));
  ASSERT_TRUE(code) << "still running 5 s after SIGTERM";
  EXPECT_EQ(*code, 0) << daemon.child().Stderr();
  EXPECT_NE(ReadFile(daemon.log_file()).find("stopped"), std::string::npos);
}

TEST(DaemonLifecycleTest, SigintExitsZero) {
  test::DaemonProcess daemon;
  ASSERT_TRUE(test::Ok(daemon.Start()));
  ASSERT_TRUE(test::Ok(daemon.child().Signal(SIGINT)));
  Result<int> code = daemon.child().Wait(std::chrono::seconds(5));
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 0) << daemon.child().Stderr();
}

// SIGHUP's default action would end the process on the spot, skipping the ordered shutdown.
TEST(DaemonLifecycleTest, SighupStopsInOrderExitingZeroAndLoggingStopped) {
  test::DaemonProcess daemon;
  ASSERT_TRUE(test::Ok(daemon.Start()));
  ASSERT_TRUE(test::Ok(daemon.child().Signal(SIGHUP)));
  Result<int> code = daemon.child().Wait(std::chrono::seconds(5));
  ASSERT_TRUE(code) << "still running 5 s after SIGHUP";
  EXPECT_EQ(*code, 0) << daemon.child().Stderr();
  const std::string log = ReadFile(daemon.log_file());
  EXPECT_NE(log.find("received SIGHUP, stopping"), std::string::npos) << log;
  EXPECT_NE(log.find("stopped"), std::string::npos) << log;
}

TEST(DaemonLifecycleTest, PortInUseExitsOneWithAClearLine) {
  test::LoopbackListener holder(1);
  ASSERT_NE(holder.port(), 0);
  test::DaemonProcess daemon({}, holder.port());
  ASSERT_TRUE(test::Ok(daemon.Spawn()));
  Result<int> code = daemon.child().Wait(std::chrono::seconds(10));
  ASSERT_TRUE(code) << "the daemon kept running on a taken port";
  EXPECT_EQ(*code, 1);
  EXPECT_NE(
      daemon.child().Stderr().find("draftbox: cannot listen on 127.0.0.1:" +
                                   std::to_string(holder.port()) + ": Address already in use\n"),
      std::string::npos)
      << daemon.child().Stderr();
}

TEST(DaemonLifecycleTest, SecondDaemonOnTheSamePortExitsOneAndTheFirstKeepsServing) {
  test::DaemonProcess first;
  ASSERT_TRUE(test::Ok(first.Start()));
  test::DaemonProcess second({}, first.port());
  ASSERT_TRUE(test::Ok(second.Spawn()));
  Result<int> code = second.child().Wait(std::chrono::seconds(10));
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 1);
  auto res = first.Client().Get("/v1/health", first.AuthHeaders());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(DaemonLifecycleTest, DataDirAndTokenArePrivateAndTheTokenSurvivesARestart) {
  test::DaemonProcess daemon;
  ASSERT_TRUE(test::Ok(daemon.Start()));
  std::string first_token = daemon.token();
  struct stat dir {};
  struct stat token {};
  ASSERT_EQ(stat(daemon.data_dir().c_str(), &dir), 0);
  ASSERT_EQ(stat((daemon.data_dir() / "token").c_str(), &token), 0);
  EXPECT_EQ(dir.st_mode & 07777, 0700u);
  EXPECT_EQ(token.st_mode & 07777, 0600u);
  ASSERT_TRUE(test::Ok(daemon.child().Signal(SIGTERM)));
  ASSERT_TRUE(daemon.child().Wait(std::chrono::seconds(5)));

  ASSERT_TRUE(test::Ok(daemon.Start()));
  EXPECT_EQ(daemon.token(), first_token);
}

TEST(DaemonLifecycleTest, TokenFileOthersCanReadStopsStartUp) {
  test::DaemonProcess daemon;
  ASSERT_TRUE(test::Ok(daemon.Start()));
  ASSERT_TRUE(test::Ok(daemon.child().Signal(SIGTERM)));
  ASSERT_TRUE(daemon.child().Wait(std::chrono::seconds(5)));
  ASSERT_EQ(chmod((daemon.data_dir() / "token").c_str(), 0644), 0);

  ASSERT_TRUE(test::Ok(daemon.Spawn()));
  Result<int> code = daemon.child().Wait(std::chrono::seconds(10));
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 1);
  EXPECT_NE(daemon.child().Stderr().find("draftbox: API token: "), std::string::npos)
      << daemon.child().Stderr();
}

}  // namespace
}  // namespace draftbox
