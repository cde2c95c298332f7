// Runs the real `draftbox` binary for CLI integration tests, with HOME and the XDG dirs inside a
// private temp dir so no user config leaks in or out. Not thread-safe: one test owns one
// CliRunner.
#ifndef DRAFTBOX_TESTS_INTEGRATION_CLI_CLI_RUNNER_H_
#define DRAFTBOX_TESTS_INTEGRATION_CLI_CLI_RUNNER_H_

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace draftbox::test {

class CliRunner {
 public:
  CliRunner() : dir_("cli-it") {}

  // $DRAFTBOX_BINARY (set by CTest), else the path compiled in for runs by hand.
  static std::string Binary() {
    const char* binary = std::getenv("DRAFTBOX_BINARY");
    if (binary != nullptr && *binary != '\0') return binary;
#ifdef DRAFTBOX_BUILT_BINARY
    return DRAFTBOX_BUILT_BINARY;
#else
    return "";
#endif
  }

  const std::filesystem::path& dir() const { return dir_.path(); }
  std::filesystem::path home() const { return dir() / "home"; }
  std::filesystem::path xdg_config_home() const { return dir() / "xdg-config"; }
  std::filesystem::path xdg_data_home() const { return dir() / "xdg-data"; }
  // Where `draftbox` looks without --config.
  std::filesystem::path default_config() const {
    return xdg_config_home() / "draftbox" / "config.toml";
  }

  // The system file the binary reads (DRAFTBOX_SYSTEM_CONFIG): inside dir(), absent until a
  // test writes it, so the machine's /etc/draftbox/config.toml never leaks in.
  std::filesystem::path system_config() const { return dir() / "etc/draftbox/config.toml"; }

  std::vector<std::string> Env() const {
    std::vector<std::string> env = {"HOME=" + home().string(),
                                    "XDG_CONFIG_HOME=" + xdg_config_home().string(),
                                    "XDG_DATA_HOME=" + xdg_data_home().string(),
                                    "DRAFTBOX_SYSTEM_CONFIG=" + system_config().string()};
    env.insert(env.end(), extra_env_.begin(), extra_env_.end());
    return env;
  }

  // Adds "NAME=value" to the environment of every later run.
  void AddEnv(const std::string& assignment) { extra_env_.push_back(assignment); }

  // Runs `draftbox args...` to completion (fails the test if it hangs).
  RunResult Run(const std::vector<std::string>& args,
                std::chrono::milliseconds timeout = std::chrono::seconds(30)) const {
    std::vector<std::string> argv = {Binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    Result<RunResult> result =
        RunProcess(SubprocessOptions{.argv = argv, .env_add = Env()}, timeout);
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
    return result.value_or(RunResult{.exit_code = -1});
  }

  // Writes `text` to `file` (relative paths are inside dir()) and returns the full path.
  std::filesystem::path WriteFile(const std::filesystem::path& file,
                                  const std::string& text) const {
    std::filesystem::path path = file.is_absolute() ? file : dir() / file;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }

  // A config whose daemon listens on 127.0.0.1:`port` with its data dir inside dir().
  std::filesystem::path WriteDaemonConfig(uint16_t port) const {
    return WriteFile("draftbox.toml", "[daemon]\nlisten = \"127.0.0.1:" + std::to_string(port) +
                                          "\"\ndata_dir = \"" + (dir() / "data").string() + "\"\n");
  }

  // Starts `draftbox daemon --config config` into *daemon and waits (up to 15 s) until
  // `draftbox status` succeeds. Fails the test (use ASSERT_NO_FATAL_FAILURE) otherwise.
  void StartDaemon(const std::filesystem::path& config, std::unique_ptr<Subprocess>* daemon) const {
    Result<std::unique_ptr<Subprocess>> child = Subprocess::Spawn(SubprocessOptions{
        .argv = {Binary(), "daemon", "--config", config.string()}, .env_add = Env()});
    ASSERT_TRUE(child.has_value()) << child.error().message;
    *daemon = std::move(*child);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
      ASSERT_TRUE((*daemon)->Running()) << "daemon exited: " << (*daemon)->Stderr();
      if (Run({"status", "--config", config.string()}).exit_code == 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "status never succeeded; daemon stderr: " << (*daemon)->Stderr();
  }

  static std::string ReadFile(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  TempDir dir_;
  std::vector<std::string> extra_env_;
};

// True if `err` is exactly one "draftbox: ..." line.
inline bool IsOneErrorLine(const std::string& err) {
  return err.starts_with("draftbox: ") && err.ends_with("\n") && err.find('\n') == err.size() - 1;
}

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_INTEGRATION_CLI_CLI_RUNNER_H_
