#include "api/token.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>
#include <vector>

#include "support/temp_dir.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;

unsigned FileMode(const fs::path& file) {
  struct stat st {};
  EXPECT_EQ(stat(file.c_str(), &st), 0);
  return st.st_mode & 07777;
}

TEST(TokenTest, CreatesA64HexCharacterTokenInAPrivateFile) {
  test::TempDir dir("token");
  Result<std::string> token = EnsureToken(dir.path());
  ASSERT_TRUE(token) << token.error().ToString();
  EXPECT_TRUE(std::regex_match(*token, std::regex("[0-9a-f]{64}"))) << *token;
  EXPECT_EQ(FileMode(TokenPath(dir.path())), 0600u);
}

TEST(TokenTest, CreatesTheFileEvenUnderAPermissiveUmask) {
  test::TempDir dir("token");
  mode_t old = umask(0);
  Result<std::string> token = EnsureToken(dir.path());
  umask(old);
  ASSERT_TRUE(token) << token.error().ToString();
  EXPECT_EQ(FileMode(TokenPath(dir.path())), 0600u);
}

TEST(TokenTest, ReusesTheTokenOnRestart) {
  test::TempDir dir("token");
  Result<std::string> first = EnsureToken(dir.path());
  Result<std::string> second = EnsureToken(dir.path());
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, *second);
}

TEST(TokenTest, DifferentDataDirsGetDifferentTokens) {
  test::TempDir a("token");
  test::TempDir b("token");
  EXPECT_NE(EnsureToken(a.path()).value(), EnsureToken(b.path()).value());
}

TEST(TokenTest, ConcurrentStartsAgreeOnOneToken) {
  test::TempDir dir("token");
  std::vector<std::string> got(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] { got[i] = EnsureToken(dir.path()).value_or("error"); });
  }
  for (auto& t : threads) t.join();
  for (const std::string& token : got) EXPECT_EQ(token, got.front());
  EXPECT_NE(got.front(), "error");
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(TokenTest, RefusesATokenFileOthersCanRead) {
  test::TempDir dir("token");
  ASSERT_TRUE(EnsureToken(dir.path()));
  fs::path file = TokenPath(dir.path());
  ASSERT_EQ(chmod(file.c_str(), 0644), 0);
  Result<std::string> token = EnsureToken(dir.path());
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kAuth);
  EXPECT_NE(token.error().message.find(file.string()), std::string::npos);
  EXPECT_NE(token.error().message.find("0644"), std::string::npos);
  EXPECT_EQ(FileMode(file), 0644u) << "a refused file is left for the user to look at";
}

TEST(TokenTest, RefusesASymlinkedTokenFile) {
  test::TempDir dir("token");
  test::TempDir elsewhere("token");
  ASSERT_TRUE(EnsureToken(elsewhere.path()));
  fs::create_symlink(TokenPath(elsewhere.path()), TokenPath(dir.path()));
  Result<std::string> token = EnsureToken(dir.path());
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kAuth);
}

TEST(TokenTest, ADanglingSymlinkGetsTheLinkMessageAndNoTokenIsWrittenThrough) {
  test::TempDir dir("token");
  test::TempDir elsewhere("token");
  fs::path target = elsewhere.path() / "planted";
  fs::create_symlink(target, TokenPath(dir.path()));
  Result<std::string> token = EnsureToken(dir.path());
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kAuth);
  EXPECT_EQ(token.error().message.find(TokenPath(dir.path()).string() +
                                       " is a symbolic link; Draftbox does not follow links in "
                                       "its data dir"),
            0u)
      << token.error().message;
  EXPECT_FALSE(fs::exists(target));
}

TEST(TokenTest, AFifoInPlaceOfTheTokenIsRefusedWithoutHanging) {
  test::TempDir dir("token");
  ASSERT_EQ(::mkfifo(TokenPath(dir.path()).c_str(), 0600), 0);
  Result<std::string> token = EnsureToken(dir.path());
  ASSERT_FALSE(token);
  EXPECT_NE(token.error().message.find("is not a regular file"), std::string::npos)
      << token.error().message;
}

TEST(TokenTest, RefusesAFileThatIsNotAToken) {
  test::TempDir dir("token");
  fs::path file = TokenPath(dir.path());
  std::ofstream(file) << "not a token\n";
  ASSERT_EQ(chmod(file.c_str(), 0600), 0);
  Result<std::string> token = EnsureToken(dir.path());
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kIo);
  EXPECT_NE(token.error().message.find("64 hex"), std::string::npos);
}

TEST(TokenTest, ReadTokenReturnsWhatEnsureTokenMade) {
  test::TempDir dir("token");
  Result<std::string> made = EnsureToken(dir.path());
  Result<std::string> read = ReadToken(dir.path());
  ASSERT_TRUE(made && read);
  EXPECT_EQ(*made, *read);
}

TEST(TokenTest, ReadTokenWithoutAFileSaysWhatToDo) {
  test::TempDir dir("token");
  Result<std::string> read = ReadToken(dir.path());
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(read.error().message, "no token at " + TokenPath(dir.path()).string() +
                                      ": is the daemon initialised/started?");
}

TEST(TokenTest, EnsureTokenInAMissingDirectoryFailsNamingIt) {
  test::TempDir dir("token");
  Result<std::string> token = EnsureToken(dir.path() / "missing");
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kIo);
  EXPECT_NE(token.error().message.find("missing"), std::string::npos);
}

}  // namespace
}  // namespace draftbox
