// Finds the .deb that scripts/package built, for the package's tests, and runs the tools that
// look into it. The package is built from build/packager after the rest of the suite (scripts/test
// passes its path as $DRAFTBOX_DEB); a test without it skips, saying how to make one.
#ifndef DRAFTBOX_TESTS_INTEGRATION_PACKAGE_BUILT_PACKAGE_H_
#define DRAFTBOX_TESTS_INTEGRATION_PACKAGE_BUILT_PACKAGE_H_

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/subprocess.h"

namespace draftbox::test {

// Why a package test skips.
inline constexpr const char* kNoPackage =
    "no .deb to test: run scripts/package (scripts/test does, after the rest) or set DRAFTBOX_DEB";

// $DRAFTBOX_DEB, else build/packager/draftbox_<version>_*.deb; empty when there is none.
inline std::filesystem::path BuiltPackage() {
  const char* deb = std::getenv("DRAFTBOX_DEB");
  if (deb != nullptr && *deb != '\0') return deb;
  const std::filesystem::path dir = DRAFTBOX_PACKAGE_DIR;
  const std::string prefix = std::string("draftbox_") + DRAFTBOX_VERSION + "_";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(prefix) && name.ends_with(".deb")) return entry.path();
  }
  return {};
}

// Runs argv to completion; a failure to start or a non-zero exit fails the test, with stderr.
inline std::string RunOk(const std::vector<std::string>& argv,
                         std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  Result<RunResult> run = RunProcess(SubprocessOptions{.argv = argv}, timeout);
  if (!run) {
    ADD_FAILURE() << argv.front() << ": " << run.error().ToString();
    return "";
  }
  EXPECT_EQ(run->exit_code, 0) << argv.front() << " " << (argv.size() > 1 ? argv[1] : "") << ": "
                               << run->err;
  return run->out;
}

inline std::string ReadText(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_INTEGRATION_PACKAGE_BUILT_PACKAGE_H_
