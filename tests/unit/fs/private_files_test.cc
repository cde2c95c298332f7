// The data dir's rules on disk, against real folders, links and FIFOs in a temp dir.
#include "fs/private_files.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

mode_t ModeOf(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 07777;
  return st.st_mode & 07777;
}

// Sets the umask for one test and puts the old one back.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : previous_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(previous_); }

 private:
  mode_t previous_;
};

class PrivateFilesTest : public ::testing::Test {
 protected:
  test::TempDir dir_{"draftbox-private"};
  test::TempDir outside_{"draftbox-outside"};
};

TEST_F(PrivateFilesTest, CreatesAMissingFolderAndItsParentsOwnerOnly) {
  ScopedUmask open_umask(0);
  fs::path data = dir_.path() / "share" / "draftbox";
  ASSERT_TRUE(EnsurePrivateDir(data, "data dir", DirLink::kFollow));
  EXPECT_EQ(ModeOf(data), 0700u);
}

TEST_F(PrivateFilesTest, AFolderMadeUnderAStrictUmaskIsStillUsableByItsOwner) {
  ScopedUmask strict_umask(0277);
  fs::path data = dir_.path() / "data";
  ASSERT_TRUE(EnsurePrivateDir(data, "data dir", DirLink::kFollow));
  EXPECT_EQ(ModeOf(data), 0700u);
}

TEST_F(PrivateFilesTest, RefusesAWorldWritableFolderNamingItsModeAndTheFix) {
  fs::path data = dir_.path() / "data";
  ASSERT_EQ(::mkdir(data.c_str(), 0700), 0);
  ASSERT_EQ(::chmod(data.c_str(), 0777), 0);
  Status ok = EnsurePrivateDir(data, "data dir", DirLink::kFollow);
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, ErrorCode::kIo);
  EXPECT_THAT(ok.error().message, HasSubstr("data dir " + data.string() +
                                            " is writable by group or others (mode 0777)"));
  EXPECT_THAT(ok.error().message, HasSubstr("run `chmod 700 " + data.string() + "`"));
  EXPECT_EQ(ModeOf(data), 0777u) << "the user fixes the mode, not Draftbox";
}

TEST_F(PrivateFilesTest, RefusesAGroupWritableFolder) {
  fs::path data = dir_.path() / "data";
  ASSERT_EQ(::mkdir(data.c_str(), 0700), 0);
  ASSERT_EQ(::chmod(data.c_str(), 0770), 0);
  Status ok = EnsurePrivateDir(data, "data dir", DirLink::kFollow);
  ASSERT_FALSE(ok);
  EXPECT_THAT(ok.error().message, HasSubstr("(mode 0770)"));
}

TEST_F(PrivateFilesTest, AcceptsAFolderOthersMayOnlyRead) {
  fs::path data = dir_.path() / "data";
  ASSERT_EQ(::mkdir(data.c_str(), 0700), 0);
  ASSERT_EQ(::chmod(data.c_str(), 0755), 0);
  EXPECT_TRUE(EnsurePrivateDir(data, "data dir", DirLink::kFollow));
  EXPECT_EQ(ModeOf(data), 0755u);
}

TEST_F(PrivateFilesTest, RefusesAFolderOfAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a folder to another user";
  fs::path data = dir_.path() / "data";
  ASSERT_EQ(::mkdir(data.c_str(), 0700), 0);
  ASSERT_EQ(::chown(data.c_str(), 65534, 65534), 0);
  Status ok = EnsurePrivateDir(data, "data dir", DirLink::kFollow);
  ASSERT_FALSE(ok);
  EXPECT_THAT(ok.error().message,
              HasSubstr("data dir " + data.string() + " is owned by uid 65534, not by this user"));
}

TEST_F(PrivateFilesTest, FollowsADataDirLinkTheUserMade) {
  fs::path real = outside_.path() / "real";
  ASSERT_EQ(::mkdir(real.c_str(), 0700), 0);
  fs::path data = dir_.path() / "data";
  fs::create_directory_symlink(real, data);
  EXPECT_TRUE(EnsurePrivateDir(data, "data dir", DirLink::kFollow));
}

TEST_F(PrivateFilesTest, RefusesALinkedFolderInsideTheDataDirAndLeavesItsTargetAlone) {
  fs::path target = outside_.path() / "target";
  ASSERT_EQ(::mkdir(target.c_str(), 0700), 0);
  ASSERT_EQ(::chmod(target.c_str(), 0755), 0);
  fs::path logs = dir_.path() / "logs";
  fs::create_directory_symlink(target, logs);
  Status ok = EnsurePrivateDir(logs, "log folder", DirLink::kRefuse);
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().message, SymlinkRefusal(logs));
  EXPECT_EQ(ModeOf(target), 0755u);
}

TEST_F(PrivateFilesTest, ADanglingFolderLinkGetsTheLinkMessageNotFileExists) {
  fs::path logs = dir_.path() / "logs";
  fs::create_directory_symlink(outside_.path() / "missing", logs);
  Status ok = EnsurePrivateDir(logs, "log folder", DirLink::kRefuse);
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().message, logs.string() +
                                    " is a symbolic link; Draftbox does not follow links in "
                                    "its data dir: remove it");
  EXPECT_FALSE(fs::exists(outside_.path() / "missing"));
}

TEST_F(PrivateFilesTest, RefusesAFileInPlaceOfAFolder) {
  fs::path data = dir_.path() / "data";
  std::ofstream(data) << "x";
  Status ok = EnsurePrivateDir(data, "data dir", DirLink::kFollow);
  ASSERT_FALSE(ok);
  EXPECT_THAT(ok.error().message, HasSubstr("data dir " + data.string() + " is not a directory"));
}

TEST_F(PrivateFilesTest, CreatesFilesOwnerOnlyWhateverTheUmask) {
  ScopedUmask open_umask(0);
  fs::path file = dir_.path() / "draftbox.log";
  Result<UniqueFd> fd = OpenPrivateFile(file, O_WRONLY | O_CREAT | O_APPEND);
  ASSERT_TRUE(fd) << fd.error().message;
  EXPECT_EQ(ModeOf(file), 0600u);
  EXPECT_EQ(::fcntl(fd->get(), F_GETFL) & O_NONBLOCK, 0) << "the fd is left blocking";
}

TEST_F(PrivateFilesTest, RefusesADanglingLinkWithoutCreatingItsTarget) {
  fs::path target = outside_.path() / "stolen";
  fs::path file = dir_.path() / "token";
  fs::create_symlink(target, file);
  for (int flags :
       {O_RDONLY, O_WRONLY | O_CREAT, O_WRONLY | O_CREAT | O_EXCL, O_WRONLY | O_CREAT | O_TRUNC}) {
    Result<UniqueFd> fd = OpenPrivateFile(file, flags);
    ASSERT_FALSE(fd) << "flags " << flags;
    EXPECT_EQ(fd.error().message, SymlinkRefusal(file)) << "flags " << flags;
  }
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(PrivateFilesTest, RefusesALinkToAnExistingFileAndLeavesItIntact) {
  fs::path target = outside_.path() / "victim";
  std::ofstream(target) << "keep me";
  ASSERT_EQ(::chmod(target.c_str(), 0644), 0);
  fs::path file = dir_.path() / "webhook.cursor.tmp";
  fs::create_symlink(target, file);
  Result<UniqueFd> fd = OpenPrivateFile(file, O_WRONLY | O_CREAT | O_TRUNC);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fs::file_size(target), 7u);
  EXPECT_EQ(ModeOf(target), 0644u);
}

TEST_F(PrivateFilesTest, RefusesAFifoWithoutBlocking) {
  fs::path file = dir_.path() / "token";
  ASSERT_EQ(::mkfifo(file.c_str(), 0600), 0);
  Result<UniqueFd> fd = OpenPrivateFile(file, O_RDONLY);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().message, file.string() + " is not a regular file");
}

TEST_F(PrivateFilesTest, RefusesAnotherUsersFileWithoutTruncatingIt) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a file to another user";
  fs::path file = dir_.path() / "draftbox.log";
  std::ofstream(file) << "theirs";
  ASSERT_EQ(::chown(file.c_str(), 65534, 65534), 0);
  Result<UniqueFd> fd = OpenPrivateFile(file, O_WRONLY | O_CREAT | O_TRUNC);
  ASSERT_FALSE(fd);
  EXPECT_THAT(fd.error().message, HasSubstr(file.string() + " is owned by uid 65534"));
  EXPECT_EQ(fs::file_size(file), 6u);
}

TEST_F(PrivateFilesTest, CheckPrivateFileNameAcceptsAMissingOrOwnFileAndRefusesALink) {
  fs::path file = dir_.path() / "draftbox.db-wal";
  EXPECT_TRUE(CheckPrivateFileName(file));
  std::ofstream(file) << "";
  EXPECT_TRUE(CheckPrivateFileName(file));
  fs::remove(file);
  fs::create_symlink(outside_.path() / "wal", file);
  Status ok = CheckPrivateFileName(file);
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().message, SymlinkRefusal(file));
}

TEST_F(PrivateFilesTest, RestrictToOwnerTakesGroupAndOtherBitsOff) {
  fs::path file = dir_.path() / "draftbox.db";
  std::ofstream(file) << "";
  ASSERT_EQ(::chmod(file.c_str(), 0664), 0);
  Result<UniqueFd> fd = OpenPrivateFile(file, O_RDWR);
  ASSERT_TRUE(fd);
  ASSERT_TRUE(RestrictToOwner(fd->get(), file));
  EXPECT_EQ(ModeOf(file), 0600u);
}

}  // namespace
}  // namespace draftbox
