// A unique scratch directory for one test, removed with everything in it when the object dies.
// Tests run in parallel (ctest -j), so every test makes its own instead of sharing a path.
// The directory is mode 0755 so that Dovecot's own users (dovenull, dovecot) can traverse it
// when the tests run as root. Not thread-safe; one owner.
#ifndef DRAFTBOX_TESTS_SUPPORT_TEMP_DIR_H_
#define DRAFTBOX_TESTS_SUPPORT_TEMP_DIR_H_

#include <filesystem>
#include <string_view>

#include "core/error.h"

namespace draftbox::test {

class TempDir {
 public:
  // Creates $TMPDIR/<prefix>-XXXXXX (or /tmp/... when TMPDIR is unset or empty).
  // Throws std::runtime_error naming the path and errno text if it cannot: GoogleTest reports
  // that as a test failure, which is what a test wants. Use Create() to get an error value.
  explicit TempDir(std::string_view prefix = "draftbox-test");

  // Same as the constructor, but returns kIo instead of throwing.
  static Result<TempDir> Create(std::string_view prefix = "draftbox-test");

  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Removes the directory recursively unless Keep() was called. Errors are ignored: a test's
  // outcome must not depend on cleanup.
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }

  // Leaves the directory in place after destruction (for looking at logs while debugging) and
  // prints its path to stderr.
  void Keep();

 private:
  struct Adopt {};
  TempDir(Adopt, std::filesystem::path path) : path_(std::move(path)) {}
  void Remove();

  std::filesystem::path path_;
  bool keep_ = false;
};

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_SUPPORT_TEMP_DIR_H_
