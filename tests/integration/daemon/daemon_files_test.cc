// The real daemon binary and its data dir: it refuses a folder others can write and does not
// follow a link planted inside it (the database, the log folder, the token), and every file it
// makes there is 0600.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "integration/daemon/daemon_process.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;

mode_t ModeOf(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return 07777;
  return st.st_mode & 07777;
}

std::string LinkRefusal(const fs::path& path) {
  return path.string() + " is a symbolic link; Draftbox does not follow links in its data dir";
}

class DaemonFilesTest : public ::testing::Test {
 protected:
  // The data dir as a user would have it: there already, private.
  void MakeDataDir() { ASSERT_EQ(::mkdir(daemon_.data_dir().c_str(), 0700), 0); }

  // Starts the daemon and expects it to give up at start-up: exit status 1 and a stderr line
  // holding `expected`.
  void ExpectStartUpRefused(const std::string& expected) {
    ASSERT_TRUE(test::Ok(daemon_.Spawn()));
    Result<int> code = daemon_.child().Wait(std::chrono::seconds(10));
    ASSERT_TRUE(code) << "the daemon started; it should have refused: " << expected;
    EXPECT_EQ(*code, 1);
    EXPECT_NE(daemon_.child().Stderr().find(expected), std::string::npos)
        << daemon_.child().Stderr();
  }

  test::DaemonProcess daemon_;
  test::TempDir outside_{"daemon-outside"};
};

TEST_F(DaemonFilesTest, DataDirOthersCanWriteStopsStartUpNamingTheModeAndTheFix) {
  MakeDataDir();
  ASSERT_EQ(::chmod(daemon_.data_dir().c_str(), 0777), 0);
  const std::string dir = daemon_.data_dir().string();
  ExpectStartUpRefused("draftbox: data dir " + dir + " is writable by group or others (mode " +
                       "0777), so other users can put files in it: run `chmod 700 " + dir + "`");
  EXPECT_FALSE(fs::exists(daemon_.data_dir() / "draftbox.db"));
  EXPECT_EQ(ModeOf(daemon_.data_dir()), 0777u);
}

TEST_F(DaemonFilesTest, LinkedDatabaseFileStopsStartUpAndNothingIsMadeAtItsTarget) {
  MakeDataDir();
  const fs::path target = outside_.path() / "stolen.db";
  fs::create_symlink(target, daemon_.data_dir() / "draftbox.db");
  ExpectStartUpRefused(LinkRefusal(daemon_.data_dir() / "draftbox.db"));
  EXPECT_FALSE(fs::exists(target));
  EXPECT_FALSE(fs::exists(target.string() + "-wal"));
  EXPECT_FALSE(fs::exists(target.string() + "-shm"));
}

TEST_F(DaemonFilesTest, LinkedLogFolderStopsStartUpAndItsTargetKeepsItsMode) {
  MakeDataDir();
  const fs::path target = outside_.path() / "their-logs";
  ASSERT_EQ(::mkdir(target.c_str(), 0755), 0);
  ASSERT_EQ(::chmod(target.c_str(), 0755), 0);
  fs::create_directory_symlink(target, daemon_.data_dir() / "logs");
  ExpectStartUpRefused(LinkRefusal(daemon_.data_dir() / "logs"));
  EXPECT_EQ(ModeOf(target), 0755u);
  EXPECT_TRUE(fs::is_empty(target));
}

TEST_F(DaemonFilesTest, DanglingTokenLinkStopsStartUpWithTheLinkMessage) {
  MakeDataDir();
  const fs::path target = outside_.path() / "planted-token";
  fs::create_symlink(target, daemon_.data_dir() / "token");
  ExpectStartUpRefused("draftbox: API token: " + LinkRefusal(daemon_.data_dir() / "token"));
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(DaemonFilesTest, EveryFileTheDaemonMakesInTheDataDirIsOwnerOnly) {
  ASSERT_TRUE(test::Ok(daemon_.Start()));
  const fs::path data = daemon_.data_dir();
  EXPECT_EQ(ModeOf(data), 0700u);
  EXPECT_EQ(ModeOf(data / "logs"), 0700u);
  for (const fs::path& file : {data / "draftbox.db", data / "draftbox.db-wal",
                               data / "draftbox.db-shm", data / "token", daemon_.log_file()}) {
    EXPECT_EQ(ModeOf(file), 0600u) << file;
  }
  ASSERT_TRUE(test::Ok(daemon_.child().Signal(SIGTERM)));
  EXPECT_TRUE(daemon_.child().Wait(std::chrono::seconds(5)));
}

}  // namespace
}  // namespace draftbox
