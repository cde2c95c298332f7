// What the .deb from scripts/package holds, read with dpkg-deb: the files, the conffile, the
// Depends that dpkg-shlibdeps worked out, the user unit's keys, the native messaging host, the
// add-on and the man page.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "integration/package/built_package.h"
#include "support/temp_dir.h"

namespace draftbox {
namespace {

using test::ReadText;
using test::RunOk;
using testing::HasSubstr;
using testing::Not;

// The package's files, unpacked (dpkg-deb -x) into a temp dir for a look at their text.
class PackageContentsTest : public testing::Test {
 protected:
  void SetUp() override {
    deb_ = test::BuiltPackage();
    if (deb_.empty()) {
      GTEST_SKIP() << test::kNoPackage;
    }
    RunOk({"dpkg-deb", "-x", deb_.string(), root().string()});
  }

  std::filesystem::path root() const { return dir_.path() / "root"; }
  std::string Field(const std::string& name) const {
    return RunOk({"dpkg-deb", "-f", deb_.string(), name});
  }
  // The lines of a control file of the package (dpkg-deb -I DEB NAME).
  std::string Control(const std::string& name) const {
    return RunOk({"dpkg-deb", "-I", deb_.string(), name});
  }

  test::TempDir dir_{"package-contents"};
  std::filesystem::path deb_;
};

TEST_F(PackageContentsTest, HoldsBinaryUnitNativeHostAddonManPageConfigAndDocsOwnedByRoot) {
  const std::string listing = RunOk({"dpkg-deb", "-c", deb_.string()});
  for (const char* path :
       {"./usr/bin/draftbox", "./usr/lib/systemd/user/draftbox.service",
        "./usr/lib/mozilla/native-messaging-hosts/draftbox.json",
        "./usr/lib/draftbox/draftbox-native-host", "./usr/share/draftbox/draftbox.xpi",
        "./usr/share/man/man1/draftbox.1.gz", "./etc/draftbox/config.toml",
        "./usr/share/doc/draftbox/copyright", "./usr/share/doc/draftbox/changelog.gz",
        "./usr/share/doc/draftbox/deploy.md", "./usr/share/doc/draftbox/config.example.toml"}) {
    EXPECT_THAT(listing, HasSubstr(std::string(path) + "\n")) << listing;
  }
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_THAT(line, HasSubstr(" root/root ")) << "not owned by root";
  }
}

TEST_F(PackageContentsTest, VersionIsTheProjectVersion) {
  EXPECT_EQ(Field("Package"), "draftbox\n");
  EXPECT_EQ(Field("Version"), std::string(DRAFTBOX_VERSION) + "\n");
}

TEST_F(PackageContentsTest, DependsOnTheSharedLibrariesTheBinaryLinks) {
  const std::string depends = Field("Depends");
  // dpkg-shlibdeps writes versioned dependencies for what the binary links, nothing by hand.
  for (const char* library : {"libc6 (>= ", "libstdc++6 (>= ", "libvmime", "libsqlite3-0",
                              "libcpp-httplib", "libspdlog", "libfmt"}) {
    EXPECT_THAT(depends, HasSubstr(library)) << depends;
  }
}

TEST_F(PackageContentsTest, EtcConfigIsAConffileShippedCommentedOut) {
  EXPECT_EQ(Control("conffiles"), "/etc/draftbox/config.toml\n");
  const std::filesystem::path config = root() / "etc/draftbox/config.toml";
  // Shipped commented out: the built-in defaults hold until IT edits it.
  std::istringstream lines(ReadText(config));
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(line.empty() || line.starts_with("#")) << "not commented out: " << line;
  }
}

TEST_F(PackageContentsTest, UserUnitRunsTheDaemonRestartsOnFailureSandboxedWithItsDataDirWritable) {
  const std::string unit = ReadText(root() / "usr/lib/systemd/user/draftbox.service");
  for (const char* line : {"ExecStart=/usr/bin/draftbox daemon\n", "Restart=on-failure\n",
                           "StandardError=journal\n", "NoNewPrivileges=yes\n", "PrivateTmp=yes\n",
                           "ProtectSystem=strict\n", "ReadWritePaths=%h/.local/share/draftbox\n",
                           "ExecStartPre=+/bin/mkdir -p -m 700 %h/.local/share/draftbox\n",
                           "WantedBy=default.target\n"}) {
    EXPECT_THAT(unit, HasSubstr(line)) << unit;
  }
  // A user unit has no User= (it runs as the session's user) and no system-only targets.
  EXPECT_THAT(unit, Not(HasSubstr("\nUser="))) << unit;
  EXPECT_THAT(unit, Not(HasSubstr("multi-user.target"))) << unit;
}

TEST_F(PackageContentsTest, NativeHostManifestNamesTheInstalledWrapperWhichRunsTheInstalledBinary) {
  const nlohmann::json manifest = nlohmann::json::parse(
      ReadText(root() / "usr/lib/mozilla/native-messaging-hosts/draftbox.json"));
  EXPECT_EQ(manifest["name"], "draftbox");
  EXPECT_EQ(manifest["type"], "stdio");
  EXPECT_EQ(manifest["path"], "/usr/lib/draftbox/draftbox-native-host");
  EXPECT_EQ(manifest["allowed_extensions"], nlohmann::json::array({"draftbox@draftbox.invalid"}));
  const std::filesystem::path wrapper = root() / "usr/lib/draftbox/draftbox-native-host";
  EXPECT_THAT(ReadText(wrapper), HasSubstr("exec '/usr/bin/draftbox' native-host \"$@\"\n"));
  EXPECT_NE(std::filesystem::status(wrapper).permissions() & std::filesystem::perms::others_exec,
            std::filesystem::perms::none);
}

TEST_F(PackageContentsTest, AddonXpiHoldsTheManifestAndModulesButNoDevelopmentFiles) {
  const std::string xpi = (root() / "usr/share/draftbox/draftbox.xpi").string();
  const std::string names = RunOk({"python3", "-c",
                                   "import sys, zipfile\n"
                                   "print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
                                   xpi});
  for (const char* name : {"manifest.json", "background.js", "modules/settings.js",
                           "_locales/en/messages.json", "panel/panel.html"}) {
    EXPECT_THAT(names, HasSubstr(std::string(name) + "\n")) << names;
  }
  for (const char* name : {"package.json", "test/", "scripts/", "node_modules/"}) {
    EXPECT_THAT(names, Not(HasSubstr(name))) << names;
  }
  const std::string manifest = RunOk({"python3", "-c",
                                      "import sys, zipfile\n"
                                      "print(zipfile.ZipFile(sys.argv[1]).read('manifest.json')"
                                      ".decode())",
                                      xpi});
  EXPECT_EQ(nlohmann::json::parse(manifest)["browser_specific_settings"]["gecko"]["id"],
            "draftbox@draftbox.invalid");
}

TEST_F(PackageContentsTest, ManPageCarriesTheSubcommandsFromHelpAndTheFiles) {
  const std::string page = RunOk({"sh", "-c", "gzip -dc \"$1\"", "sh",
                                  (root() / "usr/share/man/man1/draftbox.1.gz").string()});
  EXPECT_THAT(page, HasSubstr(".TH DRAFTBOX \"1\"")) << page.substr(0, 400);
  for (const char* text : {"daemon", "native\\-host", "/etc/draftbox/config.toml",
                           "journalctl \\-\\-user \\-u draftbox"}) {
    EXPECT_THAT(page, HasSubstr(text));
  }
}

}  // namespace
}  // namespace draftbox
