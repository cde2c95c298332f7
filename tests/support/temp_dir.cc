#include "support/temp_dir.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace draftbox::test {
namespace {

std::filesystem::path TempRoot() {
  const char* env = std::getenv("TMPDIR");
  if (env != nullptr && env[0] != '\0') return env;
  return "/tmp";
}

}  // namespace

Result<TempDir> TempDir::Create(std::string_view prefix) {
  std::string pattern = (TempRoot() / (std::string(prefix) + "-XXXXXX")).string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    return Fail(ErrorCode::kIo, "mkdtemp " + pattern + ": " + std::strerror(errno));
  }
  std::filesystem::path path(buffer.data());
  // mkdtemp makes 0700; Dovecot's unprivileged processes must be able to traverse it.
  if (chmod(path.c_str(), 0755) != 0) {
    int saved = errno;
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return Fail(ErrorCode::kIo, "chmod 0755 " + path.string() + ": " + std::strerror(saved));
  }
  return TempDir(Adopt{}, std::move(path));
}

TempDir::TempDir(std::string_view prefix) {
  Result<TempDir> made = Create(prefix);
  if (!made) throw std::runtime_error(made.error().ToString());
  path_ = std::move(made->path_);
  made->path_.clear();
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)), keep_(other.keep_) {
  other.path_.clear();
}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this == &other) return *this;
  Remove();
  path_ = std::move(other.path_);
  keep_ = other.keep_;
  other.path_.clear();
  return *this;
}

TempDir::~TempDir() { Remove(); }

void TempDir::Keep() {
  keep_ = true;
  std::cerr << "keeping temp dir " << path_ << "\n";
}

void TempDir::Remove() {
  if (path_.empty() || keep_) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
  path_.clear();
}

}  // namespace draftbox::test
