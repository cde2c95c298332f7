// The native messaging host as Thunderbird runs it: the manifest generated at build time names
// a wrapper, which is started with the manifest's path and the add-on's id, gets a framed
// {"type":"pair"} on stdin and answers the daemon's address and token from the user's config.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "integration/cli/cli_runner.h"

namespace draftbox {
namespace {

using nlohmann::json;

const std::filesystem::path kManifest =
    std::filesystem::path(DRAFTBOX_NATIVE_HOST_DIR) / "draftbox.json";

std::string Frame(const std::string& text) {
  const uint32_t length = static_cast<uint32_t>(text.size());
  std::string out(4, '\0');
  std::memcpy(out.data(), &length, 4);
  return out + text;
}

// The first framed answer in `out`.
json FirstAnswer(const std::string& out) {
  if (out.size() < 4) return nullptr;
  uint32_t length = 0;
  std::memcpy(&length, out.data(), 4);
  if (out.size() < 4 + length) return nullptr;
  return json::parse(out.substr(4, length), nullptr, false);
}

class NativeHostCliTest : public testing::Test {
 protected:
  json Manifest() {
    std::ifstream in(kManifest);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str(), nullptr, false);
  }

  // Runs the host the way Thunderbird does, with `stdin_data`.
  test::RunResult RunHost(const std::string& stdin_data) {
    Result<test::RunResult> result = test::RunProcess(
        test::SubprocessOptions{.argv = {Manifest()["path"].get<std::string>(), kManifest.string(),
                                         "draftbox@draftbox.invalid"},
                                .env_add = cli_.Env(),
                                .env_remove = {"DRAFTBOX_CONFIG"},
                                .stdin_data = stdin_data},
        std::chrono::seconds(30));
    EXPECT_TRUE(result) << (result ? "" : result.error().message);
    return result.value_or(test::RunResult{.exit_code = -1});
  }

  // A config at the default path and the daemon's token file, as `draftbox daemon` leaves them.
  void Configure(const std::string& token) {
    const std::filesystem::path data = cli_.dir() / "data";
    cli_.WriteFile(cli_.default_config(),
                   "[daemon]\nlisten = \"127.0.0.1:7499\"\ndata_dir = \"" + data.string() + "\"\n");
    std::filesystem::create_directories(data);
    ::chmod(data.c_str(), 0700);
    cli_.WriteFile(data / "token", token + "\n");
    ::chmod((data / "token").c_str(), 0600);
  }

  test::CliRunner cli_;
};

TEST_F(NativeHostCliTest, TheManifestNamesTheHostForTheAddOnOnly) {
  json manifest = Manifest();
  ASSERT_TRUE(manifest.is_object()) << kManifest;
  EXPECT_EQ(manifest["name"], "draftbox");
  EXPECT_EQ(manifest["type"], "stdio");
  EXPECT_EQ(manifest["allowed_extensions"], json::array({"draftbox@draftbox.invalid"}));
  const std::filesystem::path host = manifest["path"].get<std::string>();
  EXPECT_TRUE(host.is_absolute());
  EXPECT_EQ(::access(host.c_str(), X_OK), 0) << host;
}

TEST_F(NativeHostCliTest, APairRequestIsAnsweredWithTheDaemonsAddressAndToken) {
  const std::string token(64, 'c');
  Configure(token);
  test::RunResult run = RunHost(Frame(R"({"type":"pair"})"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  json answer = FirstAnswer(run.out);
  EXPECT_EQ(answer, (json{{"address", "http://127.0.0.1:7499"}, {"token", token}})) << run.out;
  uint32_t length = 0;
  std::memcpy(&length, run.out.data(), 4);
  EXPECT_EQ(run.out.size(), 4 + length);  // nothing but the framed answer on stdout
}

TEST_F(NativeHostCliTest, WithoutATokenFileTheAnswerSaysWhy) {
  Configure("");
  std::filesystem::remove(cli_.dir() / "data" / "token");
  test::RunResult run = RunHost(Frame(R"({"type":"pair"})"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  json answer = FirstAnswer(run.out);
  ASSERT_TRUE(answer.contains("error")) << run.out;
  EXPECT_FALSE(answer.contains("token"));
  EXPECT_NE(answer["error"]["message"].get<std::string>().find("token"), std::string::npos)
      << answer.dump();
}

}  // namespace
}  // namespace draftbox
