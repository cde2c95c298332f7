// Helpers for the config tests: environment variables set for one test and restored after it,
// and writing small files into a temp dir. Not thread-safe (the environment is process-wide);
// each test binary runs its tests one at a time.
#ifndef DRAFTBOX_TESTS_UNIT_CONFIG_CONFIG_TEST_ENV_H_
#define DRAFTBOX_TESTS_UNIT_CONFIG_CONFIG_TEST_ENV_H_

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace draftbox::test {

// Sets (or, with nullopt, unsets) one variable and puts the old value back when destroyed.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, std::optional<std::string> value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) old_ = old;
    if (value) {
      ::setenv(name_.c_str(), value->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }

 private:
  std::string name_;
  std::optional<std::string> old_;
};

// Writes `text` to `file`, creating parent directories.
inline void WriteText(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_UNIT_CONFIG_CONFIG_TEST_ENV_H_
