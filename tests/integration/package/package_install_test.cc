// The .deb from scripts/package put on a system: its draftbox run against a throwaway Dovecot,
// and dpkg installing, removing and purging it in a throwaway root (its own admin dir, so the
// machine's dpkg database is never touched).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "integration/daemon/daemon_process.h"
#include "integration/package/built_package.h"
#include "support/dovecot_server.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;
using test::ReadText;
using test::RunOk;
using testing::HasSubstr;

class PackageInstallTest : public testing::Test {
 protected:
  void SetUp() override {
    deb_ = test::BuiltPackage();
    if (deb_.empty()) GTEST_SKIP() << test::kNoPackage;
  }

  fs::path root() const { return dir_.path() / "root"; }

  // dpkg acting on root() with its own admin dir, running the maintainer scripts without chroot
  // (they honour $DPKG_ROOT). --force-depends: the fresh database knows none of the libraries.
  test::RunResult Dpkg(std::vector<std::string> args) const {
    std::vector<std::string> argv = {"dpkg", "--root=" + root().string(),
                                     "--log=" + (dir_.path() / "dpkg.log").string(),
                                     "--force-script-chrootless", "--force-depends"};
    if (geteuid() != 0) argv.push_back("--force-not-root");
    argv.insert(argv.end(), args.begin(), args.end());
    Result<test::RunResult> run =
        test::RunProcess(test::SubprocessOptions{.argv = argv}, std::chrono::seconds(60));
    EXPECT_TRUE(run) << (run ? "" : run.error().ToString());
    if (!run) return {};
    EXPECT_EQ(run->exit_code, 0) << run->out << run->err;
    return *run;
  }

  // An empty dpkg database under root().
  void MakeAdminDir() const {
    const fs::path admin = root() / "var/lib/dpkg";
    for (const char* sub : {"info", "updates", "triggers"}) fs::create_directories(admin / sub);
    std::ofstream(admin / "status").flush();
    std::ofstream(admin / "available").flush();
  }

  test::TempDir dir_{"package-install"};
  fs::path deb_;
};

TEST_F(PackageInstallTest, PackagedDraftboxPrintsItsVersionAndItsDaemonServesStatusAgainstDovecot) {
  RunOk({"dpkg-deb", "-x", deb_.string(), root().string()});
  const fs::path binary = root() / "usr/bin/draftbox";
  EXPECT_EQ(RunOk({binary.string(), "--version"}),
            std::string("draftbox ") + DRAFTBOX_VERSION + "\n");

  Result<std::unique_ptr<test::DovecotServer>> dovecot = test::DovecotServer::Start();
  ASSERT_TRUE(dovecot) << dovecot.error().ToString();
  // DaemonProcess starts $DRAFTBOX_BINARY: here the packaged one, not this build's.
  ASSERT_EQ(setenv("DRAFTBOX_BINARY", binary.c_str(), 1), 0);
  test::DaemonProcess daemon(
      test::TestMailbox{.host = "127.0.0.1",
                        .port = (*dovecot)->imaps_port(),
                        .security = "tls",
                        .user = (*dovecot)->user(),
                        .password_command = "printf " + (*dovecot)->password(),
                        .ca_file = (*dovecot)->ca_file().string()});
  ASSERT_TRUE(test::Ok(daemon.Start()));

  nlohmann::json status;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = daemon.Client().Get("/v1/status", daemon.AuthHeaders());
    if (res && res->status == 200) {
      status = nlohmann::json::parse(res->body);
      if (!status["mailbox"]["last_checked"].is_null()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status["mailbox"]["reachable"], true) << status.dump();
  EXPECT_EQ(status["mailbox"]["folders"]["drafts"], "Drafts") << status.dump();
  EXPECT_THAT(ReadText(daemon.log_file()), HasSubstr(std::string("draftbox ") + DRAFTBOX_VERSION));
}

TEST_F(PackageInstallTest,
       RemoveKeepsTheConffileAndUserDataAndPurgeDeletesEtcAndNamesWhatItLeaves) {
  MakeAdminDir();
  Dpkg({"--install", deb_.string()});
  ASSERT_TRUE(fs::exists(root() / "usr/bin/draftbox"));
  const fs::path config = root() / "etc/draftbox/config.toml";
  ASSERT_TRUE(fs::exists(config));
  // IT's edit, a user's data, and the link `systemctl --global enable draftbox` makes.
  std::ofstream(config, std::ios::app) << "[compliance]\ncooldown_days = 30\n";
  const fs::path user_db = root() / "home/dana/.local/share/draftbox/draftbox.db";
  fs::create_directories(user_db.parent_path());
  std::ofstream(user_db) << "the user's drafts";
  const fs::path wants = root() / "etc/systemd/user/default.target.wants/draftbox.service";
  fs::create_directories(wants.parent_path());
  fs::create_symlink("/usr/lib/systemd/user/draftbox.service", wants);

  Dpkg({"--remove", "draftbox"});
  EXPECT_FALSE(fs::exists(root() / "usr/bin/draftbox"));
  EXPECT_FALSE(fs::exists(root() / "usr/lib/systemd/user/draftbox.service"));
  EXPECT_THAT(ReadText(config), HasSubstr("cooldown_days = 30\n")) << "remove lost IT's edit";
  EXPECT_EQ(ReadText(user_db), "the user's drafts");
  EXPECT_EQ(RunOk({"dpkg-query", "--admindir=" + (root() / "var/lib/dpkg").string(), "-W",
                   "-f=${Status}", "draftbox"}),
            "deinstall ok config-files");

  test::RunResult purge = Dpkg({"--purge", "draftbox"});
  EXPECT_FALSE(fs::exists(root() / "etc/draftbox"));
  EXPECT_FALSE(fs::is_symlink(wants));
  EXPECT_EQ(ReadText(user_db), "the user's drafts") << "purge must not touch home directories";
  EXPECT_THAT(purge.out, HasSubstr("~/.local/share/draftbox/")) << purge.out;
  EXPECT_THAT(purge.out, HasSubstr("~/.config/draftbox/config.toml")) << purge.out;
}

}  // namespace
}  // namespace draftbox
