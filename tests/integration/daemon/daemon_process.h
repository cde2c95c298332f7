// Runs the real `draftbox daemon` for integration tests: writes a config into a private temp
// dir, starts $DRAFTBOX_BINARY on a free loopback port, waits until /v1/health answers, and
// offers raw and httplib requests against it. Not thread-safe: one test owns one DaemonProcess.
#ifndef DRAFTBOX_TESTS_INTEGRATION_DAEMON_DAEMON_PROCESS_H_
#define DRAFTBOX_TESTS_INTEGRATION_DAEMON_DAEMON_PROCESS_H_

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "support/ports.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace draftbox::test {

// What goes under [mailbox] in the test config; empty host = no mailbox section.
struct TestMailbox {
  std::string host;
  uint16_t port = 0;
  std::string security = "tls";
  std::string user;
  std::string password_command;
  std::string ca_file;
  int max_connections = 0;                // 0: not written (the daemon's default)
  std::string oauth2_token_command = {};  // written only when set (then leave password empty)
};

// For ASSERT_TRUE(Ok(status)): prints the error when a Status fails.
inline testing::AssertionResult Ok(const Status& status) {
  if (status) return testing::AssertionSuccess();
  return testing::AssertionFailure() << status.error().ToString();
}

class DaemonProcess {
 public:
  // Writes the config (listen on `port`, or a free one when 0) without starting anything.
  // `extra_toml` is appended to the config as is (e.g. a [sender] or [compliance] table).
  explicit DaemonProcess(const TestMailbox& mailbox = {}, uint16_t port = 0,
                         const std::string& extra_toml = "")
      : dir_("daemon-it"), port_(port != 0 ? port : FreeLoopbackPort()), auto_port_(port == 0) {
    std::ofstream config(config_file());
    config << "[daemon]\n"
           << "listen = \"127.0.0.1:" << port_ << "\"\n"
           << "data_dir = \"" << data_dir().string() << "\"\n";
    if (!mailbox.host.empty()) {
      config << "[mailbox]\n"
             << "host = \"" << mailbox.host << "\"\n"
             << "port = " << mailbox.port << "\n"
             << "security = \"" << mailbox.security << "\"\n"
             << "user = \"" << mailbox.user << "\"\n"
             << "password_command = \"" << mailbox.password_command << "\"\n"
             << "ca_file = \"" << mailbox.ca_file << "\"\n";
      if (mailbox.max_connections > 0) {
        config << "max_connections = " << mailbox.max_connections << "\n";
      }
      if (!mailbox.oauth2_token_command.empty()) {
        config << "oauth2_token_command = \"" << mailbox.oauth2_token_command << "\"\n";
      }
    }
    config << extra_toml;
  }

  static std::string Binary() {
    const char* binary = std::getenv("DRAFTBOX_BINARY");
    if (binary != nullptr && *binary != '\0') return binary;
#ifdef DRAFTBOX_BUILT_BINARY
    return DRAFTBOX_BUILT_BINARY;
#else
    return "";
#endif
  }

  // Spawns the daemon; XDG dirs point into the temp dir so no user config leaks in.
  Status Spawn() {
    if (Binary().empty())
      return Fail(ErrorCode::kInvalidArgument,
                  "DRAFTBOX_BINARY is not set and no draftbox binary was built");
    std::string home = dir_.path().string();
    std::vector<std::string> env = {"HOME=" + home, "XDG_CONFIG_HOME=" + home + "/xdg-config",
                                    "XDG_DATA_HOME=" + home + "/xdg-data"};
    // The system file too, unless the test names one, so the machine's
    // /etc/draftbox/config.toml never leaks in.
    const bool named = std::any_of(extra_env_.begin(), extra_env_.end(), [](const auto& entry) {
      return entry.starts_with("DRAFTBOX_SYSTEM_CONFIG=");
    });
    if (!named) env.push_back("DRAFTBOX_SYSTEM_CONFIG=" + home + "/no-system-config.toml");
    env.insert(env.end(), extra_env_.begin(), extra_env_.end());
    Result<std::unique_ptr<Subprocess>> child = Subprocess::Spawn(SubprocessOptions{
        .argv = {Binary(), "daemon", "--config", config_file().string()},
        .env_add = std::move(env),
    });
    if (!child) return std::unexpected(child.error());
    child_ = std::move(*child);
    return {};
  }

  // Spawn() and wait until this daemon answers: GET /v1/health and, with its token,
  // GET /v1/status answer 200 while the process still runs (after a restart on the same port,
  // another test's process may hold the port the killed daemon left). When the port was chosen
  // here and is taken meanwhile, the daemon moves to another free port (the config is
  // rewritten) up to three times. kUnavailable with the daemon's stderr if it exits or does
  // not answer within `timeout`.
  Status Start(std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
    for (int attempt = 0;; ++attempt) {
      if (Status spawned = Spawn(); !spawned) return spawned;
      auto deadline = std::chrono::steady_clock::now() + timeout;
      bool moved = false;
      while (std::chrono::steady_clock::now() < deadline) {
        if (!child_->Running()) {
          const std::string err = child_->Stderr();
          if (auto_port_ && attempt < 3 &&
              err.find("Address already in use") != std::string::npos) {
            MoveToAnotherPort();
            moved = true;
            break;
          }
          return Fail(ErrorCode::kUnavailable, "daemon exited during start-up: " + err);
        }
        if (ReadTokenFile()) {
          auto health = Client().Get("/v1/health", AuthHeaders());
          if (health && health->status == 200) {
            auto status = Client().Get("/v1/status", AuthHeaders());
            if (status && status->status == 200 && child_->Running()) return {};
          }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (!moved) {
        return Fail(ErrorCode::kUnavailable,
                    "daemon did not answer /v1/health: " + child_->Stderr());
      }
    }
  }

  // Adds "NAME=value" to the environment of every later Spawn().
  void AddEnv(std::string entry) { extra_env_.push_back(std::move(entry)); }

  uint16_t port() const { return port_; }
  Subprocess& child() { return *child_; }
  const std::string& token() const { return token_; }
  std::filesystem::path config_file() const { return dir_.path() / "config.toml"; }
  std::filesystem::path data_dir() const { return dir_.path() / "data"; }
  std::filesystem::path log_file() const { return data_dir() / "logs" / "draftbox.log"; }

  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(std::chrono::seconds(2));
    client.set_read_timeout(std::chrono::seconds(10));
    return client;
  }
  httplib::Headers AuthHeaders() const { return {{"Authorization", "Bearer " + token_}}; }

  // Connects the TCP socket `fd` to the daemon's port; false if that fails.
  bool ConnectTo(int fd) const {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }

  // Sends `request` verbatim (for Host headers httplib would not send) and returns the whole
  // response; "" if the connection failed.
  std::string Raw(const std::string& request) const {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return "";
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string out;
    if (ConnectTo(fd) && send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
                             static_cast<ssize_t>(request.size())) {
      char buf[4096];
      ssize_t n;
      while ((n = recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
    }
    close(fd);
    return out;
  }

 private:
  bool ReadTokenFile() {
    std::ifstream in(data_dir() / "token");
    std::string token;
    if (!(in >> token) || token.size() != 64) return false;
    token_ = token;
    return true;
  }

  // Rewrites the config's listen line to a new free port.
  void MoveToAnotherPort() {
    std::ifstream in(config_file());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string old_listen = "listen = \"127.0.0.1:" + std::to_string(port_) + "\"";
    port_ = FreeLoopbackPort();
    const size_t at = text.find(old_listen);
    if (at != std::string::npos) {
      text.replace(at, old_listen.size(), "listen = \"127.0.0.1:" + std::to_string(port_) + "\"");
    }
    std::ofstream(config_file()) << text;
  }

  TempDir dir_;
  uint16_t port_;
  bool auto_port_;
  std::string token_;
  std::vector<std::string> extra_env_;
  std::unique_ptr<Subprocess> child_;
};

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_INTEGRATION_DAEMON_DAEMON_PROCESS_H_
