// DovecotServer and tests/support/throwaway-dovecot against a real Dovecot on loopback.
#include "support/dovecot_server.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <thread>

#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace draftbox::test {
namespace {

using std::chrono::seconds;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

// A blocking loopback connection that speaks IMAP one line at a time; just enough to check
// what a real client would see.
class ImapConnection {
 public:
  explicit ImapConnection(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval timeout{.tv_sec = 10, .tv_usec = 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~ImapConnection() { close(fd_); }

  bool connected() const { return connected_; }

  // The next CRLF-terminated line without the CRLF; "" on EOF or timeout.
  std::string ReadLine() {
    while (buffer_.find("\r\n") == std::string::npos) {
      char chunk[4096];
      ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
      if (n <= 0) return "";
      buffer_.append(chunk, static_cast<size_t>(n));
    }
    size_t end = buffer_.find("\r\n");
    std::string line = buffer_.substr(0, end);
    buffer_.erase(0, end + 2);
    return line;
  }

  // Sends "<tag> <command>" and returns every line up to and including the tagged reply.
  std::vector<std::string> Command(const std::string& tag, const std::string& command) {
    std::string wire = tag + " " + command + "\r\n";
    send(fd_, wire.data(), wire.size(), MSG_NOSIGNAL);
    std::vector<std::string> lines;
    for (std::string line = ReadLine(); !line.empty(); line = ReadLine()) {
      lines.push_back(line);
      if (line.starts_with(tag + " ")) break;
    }
    return lines;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

std::unique_ptr<DovecotServer> StartOrDie(DovecotOptions options = {}) {
  Result<std::unique_ptr<DovecotServer>> server = DovecotServer::Start(std::move(options));
  if (!server) ADD_FAILURE() << server.error().ToString();
  return server ? std::move(*server) : nullptr;
}

std::string Message(const std::string& message_id, const std::string& draftbox_id) {
  std::string raw = "From: Dana <dana@example.com>\r\nTo: lee@example.org\r\n";
  raw += "Message-ID: " + message_id + "\r\n";
  if (!draftbox_id.empty()) raw += "X-Draftbox-Id: " + draftbox_id + "\r\n";
  raw += "Subject: Hello\r\n\r\nHi Lee,\r\nsee you.\r\n";
  return raw;
}

TEST(DovecotServerTest, PlainPortGreetsWithStartTlsAndIdle) {
  auto server = StartOrDie();
  ASSERT_NE(server, nullptr);
  ImapConnection imap(server->imap_port());
  ASSERT_TRUE(imap.connected());
  std::string greeting = imap.ReadLine();
  EXPECT_TRUE(greeting.starts_with("* OK")) << greeting;
  EXPECT_THAT(greeting, HasSubstr("STARTTLS"));
  EXPECT_THAT(greeting, HasSubstr("IDLE"));
}

TEST(DovecotServerTest, FirstUserLogsInWithPlaintextPassword) {
  auto server = StartOrDie();
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->user(), "dana@example.com");
  EXPECT_EQ(server->password(), "secret");
  ImapConnection imap(server->imap_port());
  imap.ReadLine();
  std::vector<std::string> reply =
      imap.Command("a1", "LOGIN " + server->user() + " " + server->password());
  ASSERT_FALSE(reply.empty());
  EXPECT_TRUE(reply.back().starts_with("a1 OK")) << Joined(reply);
  reply = imap.Command("a2", "LOGIN " + server->user() + " wrong");
  EXPECT_THAT(Joined(reply), Not(HasSubstr("a2 OK")));
}

TEST(DovecotServerTest, ImapsHandshakeVerifiesAgainstGeneratedCertificate) {
  auto server = StartOrDie();
  ASSERT_NE(server, nullptr);
  Result<RunResult> run = RunProcess(
      {.argv = {"openssl", "s_client", "-connect",
                "127.0.0.1:" + std::to_string(server->imaps_port()), "-CAfile",
                server->ca_file().string(), "-verify_return_error", "-verify_ip", "127.0.0.1",
                "-crlf", "-ign_eof"},
       // LOGOUT makes the server close the connection, so s_client reads everything first.
       .stdin_data = "a1 LOGOUT\n"},
      seconds(20));
  ASSERT_TRUE(run.has_value()) << run.error().ToString();
  EXPECT_EQ(run->exit_code, 0) << run->err;
  EXPECT_THAT(run->out, HasSubstr("Verify return code: 0 (ok)"));
  EXPECT_THAT(run->out, HasSubstr("* OK"));
  EXPECT_THAT(run->out, HasSubstr("a1 OK"));
}

TEST(DovecotServerTest, StartTlsHandshakeVerifiesForLocalhost) {
  auto server = StartOrDie();
  ASSERT_NE(server, nullptr);
  Result<RunResult> run =
      RunProcess({.argv = {"openssl", "s_client", "-starttls", "imap", "-connect",
                           "127.0.0.1:" + std::to_string(server->imap_port()), "-CAfile",
                           server->ca_file().string(), "-verify_return_error", "-verify_hostname",
                           "localhost"}},
                 seconds(20));
  ASSERT_TRUE(run.has_value()) << run.error().ToString();
  EXPECT_EQ(run->exit_code, 0) << run->err;
  EXPECT_THAT(run->out, HasSubstr("Verify return code: 0 (ok)"));
}

TEST(DovecotServerTest, SpecialUseAttributesMarkTheStandardFolders) {
  auto server = StartOrDie();
  ASSERT_NE(server, nullptr);
  ImapConnection imap(server->imap_port());
  imap.ReadLine();
  imap.Command("a1", "LOGIN " + server->user() + " " + server->password());
  std::string list = Joined(imap.Command("a2", "LIST \"\" \"*\""));
  EXPECT_THAT(list, HasSubstr("\\Drafts) \"/\" Drafts"));
  EXPECT_THAT(list, HasSubstr("\\Sent) \"/\" Sent"));
  EXPECT_THAT(list, HasSubstr("\\Trash) \"/\" Trash"));
  EXPECT_THAT(list, HasSubstr("\\Junk) \"/\" Junk"));
  EXPECT_THAT(list, HasSubstr("INBOX"));
}

TEST(DovecotServerTest, NoSpecialUseKeepsNamesWithoutAttributes) {
  auto server = StartOrDie({.special_use = false});
  ASSERT_NE(server, nullptr);
  ImapConnection imap(server->imap_port());
  imap.ReadLine();
  imap.Command("a1", "LOGIN " + server->user() + " " + server->password());
  std::string list = Joined(imap.Command("a2", "LIST \"\" \"*\""));
  EXPECT_THAT(list, HasSubstr("\"/\" Drafts"));
  EXPECT_THAT(list, HasSubstr("\"/\" Sent"));
  EXPECT_THAT(list, Not(HasSubstr("\\Drafts")));
  EXPECT_THAT(list, Not(HasSubstr("\\Sent")));
}

TEST(DovecotServerTest, SaveThenListShowsFlagsMessageIdAndDraftboxId) {
  auto server = StartOrDie();
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->Save(server->user(), "Drafts", Message("<m1@example.com>", "d-17"),
                           {"\\Draft", "\\Seen"}));
  ASSERT_TRUE(server->Save(server->user(), "Drafts", Message("<m2@example.com>", "")));
  Result<std::vector<StoredMessage>> list = server->List(server->user(), "Drafts");
  ASSERT_TRUE(list.has_value()) << list.error().ToString();
  ASSERT_EQ(list->size(), 2u);
  const StoredMessage& first = (*list)[0];
  EXPECT_EQ(first.uid, 1u);
  EXPECT_THAT(first.flags, Contains("\\Draft"));
  EXPECT_THAT(first.flags, Contains("\\Seen"));
  EXPECT_THAT(first.flags, Not(Contains("\\Recent")));
  EXPECT_EQ(first.message_id, "<m1@example.com>");
  EXPECT_EQ(first.draftbox_id, "d-17");
  const StoredMessage& second = (*list)[1];
  EXPECT_EQ(second.uid, 2u);
  EXPECT_TRUE(second.flags.empty());
  EXPECT_EQ(second.message_id, "<m2@example.com>");
  EXPECT_EQ(second.draftbox_id, "");
}

TEST(DovecotServerTest, FetchReturnsTheWholeMessageWithCrlf) {
  auto server = StartOrDie();
  ASSERT_NE(server, nullptr);
  std::string raw = Message("<m1@example.com>", "d-1");
  ASSERT_TRUE(server->Save(server->user(), "INBOX", raw));
  Result<std::string> fetched = server->Fetch(server->user(), "INBOX", 1);
  ASSERT_TRUE(fetched.has_value()) << fetched.error().ToString();
  EXPECT_EQ(*fetched, raw);
  Result<std::string> missing = server->Fetch(server->user(), "INBOX", 99);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(DovecotServerTest, UnknownMailboxAndUserAreNotFound) {
  auto server = StartOrDie();
  ASSERT_NE(server, nullptr);
  Result<std::vector<StoredMessage>> no_box = server->List(server->user(), "Nope");
  ASSERT_FALSE(no_box.has_value());
  EXPECT_EQ(no_box.error().code, ErrorCode::kNotFound);
  Status no_user = server->Save("nobody@example.com", "INBOX", Message("<x@y>", ""));
  ASSERT_FALSE(no_user.has_value());
  EXPECT_EQ(no_user.error().code, ErrorCode::kNotFound);
}

TEST(DovecotServerTest, CreateDeleteMailboxAndFolderInfo) {
  auto server = StartOrDie();
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->CreateMailbox(server->user(), "Archive/2024"));
  EXPECT_EQ(server->CreateMailbox(server->user(), "Archive/2024").error().code,
            ErrorCode::kAlreadyExists);
  Result<FolderInfo> empty = server->GetFolderInfo(server->user(), "Archive/2024");
  ASSERT_TRUE(empty.has_value()) << empty.error().ToString();
  EXPECT_EQ(empty->messages, 0u);
  EXPECT_EQ(empty->uid_next, 1u);
  EXPECT_GT(empty->uid_validity, 0u);
  ASSERT_TRUE(server->Save(server->user(), "Archive/2024", Message("<a@b>", "")));
  Result<FolderInfo> one = server->GetFolderInfo(server->user(), "Archive/2024");
  ASSERT_TRUE(one.has_value()) << one.error().ToString();
  EXPECT_EQ(one->messages, 1u);
  EXPECT_EQ(one->uid_next, 2u);
  EXPECT_EQ(one->uid_validity, empty->uid_validity);
  ASSERT_TRUE(server->DeleteMailbox(server->user(), "Archive/2024"));
  EXPECT_EQ(server->GetFolderInfo(server->user(), "Archive/2024").error().code,
            ErrorCode::kNotFound);
}

TEST(DovecotServerTest, RestartKeepsPortsAndMail) {
  auto server = StartOrDie();
  ASSERT_NE(server, nullptr);
  uint16_t imap_port = server->imap_port();
  uint16_t imaps_port = server->imaps_port();
  ASSERT_TRUE(server->Save(server->user(), "Sent", Message("<kept@example.com>", "")));
  ASSERT_TRUE(server->Restart());
  EXPECT_EQ(server->imap_port(), imap_port);
  EXPECT_EQ(server->imaps_port(), imaps_port);
  ImapConnection imap(server->imap_port());
  EXPECT_TRUE(imap.ReadLine().starts_with("* OK"));
  Result<std::vector<StoredMessage>> list = server->List(server->user(), "Sent");
  ASSERT_TRUE(list.has_value()) << list.error().ToString();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].message_id, "<kept@example.com>");
}

TEST(DovecotServerTest, StopClosesThePortsAndRestartOpensThem) {
  auto server = StartOrDie();
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->Stop());
  EXPECT_FALSE(ImapConnection(server->imap_port()).connected());
  EXPECT_FALSE(ImapConnection(server->imaps_port()).connected());
  ASSERT_TRUE(server->Restart());
  EXPECT_TRUE(ImapConnection(server->imap_port()).connected());
}

TEST(DovecotServerTest, TwoServersRunAtOnceWithSeparateMail) {
  auto first = StartOrDie();
  auto second = StartOrDie({.users = {{"lee@example.org", "hunter2"}}});
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(first->imap_port(), second->imap_port());
  EXPECT_NE(first->imaps_port(), second->imaps_port());
  EXPECT_NE(first->dir(), second->dir());
  ASSERT_TRUE(first->Save(first->user(), "INBOX", Message("<one@example.com>", "")));
  Result<std::vector<StoredMessage>> other = second->List(second->user(), "INBOX");
  ASSERT_TRUE(other.has_value()) << other.error().ToString();
  EXPECT_TRUE(other->empty());
  ImapConnection imap(second->imap_port());
  imap.ReadLine();
  EXPECT_TRUE(imap.Command("a1", "LOGIN lee@example.org hunter2").back().starts_with("a1 OK"));
}

TEST(DovecotServerTest, AddedUserCanLogInAtOnce) {
  auto server = StartOrDie({.users = {{"a@example.com", "pw-a"}, {"b@example.com", "pw-b"}}});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AddUser("c@example.com", "pw-c"));
  for (const auto& [user, password] : std::vector<std::pair<std::string, std::string>>{
           {"a@example.com", "pw-a"}, {"b@example.com", "pw-b"}, {"c@example.com", "pw-c"}}) {
    ImapConnection imap(server->imap_port());
    imap.ReadLine();
    EXPECT_TRUE(imap.Command("a1", "LOGIN " + user + " " + password).back().starts_with("a1 OK"))
        << user;
  }
  EXPECT_EQ(server->AddUser("d@example.com", "a:b").error().code, ErrorCode::kInvalidArgument);
}

TEST(DovecotServerTest, DestructorStopsTheServerAndRemovesItsDir) {
  std::filesystem::path dir;
  uint16_t port = 0;
  {
    auto server = StartOrDie();
    ASSERT_NE(server, nullptr);
    dir = server->dir();
    port = server->imap_port();
  }
  EXPECT_FALSE(std::filesystem::exists(dir));
  EXPECT_FALSE(ImapConnection(port).connected());
}

// --- the script on its own ------------------------------------------------------------------

Result<RunResult> RunScript(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"bash", ThrowawayDovecotScript().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess({.argv = std::move(argv)}, seconds(60));
}

std::map<std::string, std::string> ReadEnv(const std::filesystem::path& path) {
  std::map<std::string, std::string> values;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    size_t eq = line.find('=');
    if (eq != std::string::npos) values[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return values;
}

TEST(ThrowawayDovecotTest, WritesAShellSourceableEnvFile) {
  TempDir dir;
  std::filesystem::path home = dir.path() / "dovecot";
  ASSERT_TRUE(RunScript({"start", home.string(), "--user", "x@example.com:pw"}).has_value());
  Result<RunResult> sourced =
      RunProcess({.argv = {"bash", "-c",
                           ". \"$1\" && echo \"$IMAP_HOST|$IMAP_USER|$IMAP_PASSWORD|$DOVECOT_CONF|"
                           "$CA_FILE\" && test \"$IMAP_PORT\" -gt 0 && test \"$IMAPS_PORT\" -gt 0",
                           "_", (home / "env").string()}},
                 seconds(10));
  ASSERT_TRUE(sourced.has_value()) << sourced.error().ToString();
  EXPECT_EQ(sourced->exit_code, 0) << sourced->err;
  EXPECT_EQ(sourced->out, "127.0.0.1|x@example.com|pw|" + (home / "dovecot.conf").string() + "|" +
                              (home / "ssl/cert.pem").string() + "\n");
  Result<RunResult> stopped = RunScript({"stop", home.string()});
  ASSERT_TRUE(stopped.has_value());
  EXPECT_EQ(stopped->exit_code, 0) << stopped->err;
}

TEST(ThrowawayDovecotTest, RefusesASecondStartInTheSameDir) {
  TempDir dir;
  std::filesystem::path home = dir.path() / "dovecot";
  Result<RunResult> first = RunScript({"start", home.string()});
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->exit_code, 0) << first->err;
  Result<RunResult> second = RunScript({"start", home.string()});
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->exit_code, 1);
  EXPECT_THAT(second->err, HasSubstr("use restart"));
  (void)RunScript({"stop", home.string()});
}

TEST(ThrowawayDovecotTest, RejectsAUserWithoutPassword) {
  TempDir dir;
  Result<RunResult> run =
      RunScript({"start", (dir.path() / "d").string(), "--user", "dana@example.com"});
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->exit_code, 1);
  EXPECT_THAT(run->err, HasSubstr("NAME:PASSWORD"));
}

TEST(ThrowawayDovecotTest, WatcherStopsDovecotAndRemovesDirWhenOwnerDies) {
  TempDir dir;
  std::filesystem::path home = dir.path() / "dovecot";
  Result<std::unique_ptr<Subprocess>> owner = Subprocess::Spawn({.argv = {"sleep", "60"}});
  ASSERT_TRUE(owner.has_value()) << owner.error().ToString();
  Result<RunResult> started =
      RunScript({"start", home.string(), "--owner-pid", std::to_string((*owner)->pid())});
  ASSERT_TRUE(started.has_value());
  ASSERT_EQ(started->exit_code, 0) << started->err;
  uint16_t port = static_cast<uint16_t>(std::stoi(ReadEnv(home / "env")["IMAP_PORT"]));
  ASSERT_TRUE(ImapConnection(port).connected());

  owner->reset();  // kills the owner
  auto deadline = std::chrono::steady_clock::now() + seconds(15);
  while (std::filesystem::exists(home) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(std::filesystem::exists(home));
  EXPECT_FALSE(ImapConnection(port).connected());
}

// Every other test runs the script as whoever runs the tests; as root, check that a normal
// user can run it too (developers run the demo without root).
TEST(ThrowawayDovecotTest, RunsAsAnUnprivilegedUser) {
  if (geteuid() != 0) {
    GTEST_SKIP() << "not running as root: every other test already runs the script "
                    "unprivileged";
  }
  passwd* nobody = getpwnam("nobody");
  if (nobody == nullptr) GTEST_SKIP() << "no user 'nobody' on this machine to run it as";
  Result<RunResult> has_setpriv = RunProcess({.argv = {"setpriv", "--version"}}, seconds(10));
  if (!has_setpriv || has_setpriv->exit_code != 0) {
    GTEST_SKIP() << "setpriv (util-linux) is not available to drop privileges";
  }
  TempDir dir;
  ASSERT_EQ(chown(dir.path().c_str(), nobody->pw_uid, nobody->pw_gid), 0);
  // A copy inside the temp dir: the checkout may not be readable by nobody.
  std::filesystem::path script = dir.path() / "throwaway-dovecot";
  std::filesystem::copy_file(ThrowawayDovecotScript(), script);
  std::filesystem::path home = dir.path() / "dovecot";
  auto as_nobody = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = {"setpriv",
                                     "--reuid=" + std::to_string(nobody->pw_uid),
                                     "--regid=" + std::to_string(nobody->pw_gid),
                                     "--clear-groups",
                                     "bash",
                                     script.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess({.argv = std::move(argv),
                       .env_add = {"HOME=" + dir.path().string(), "USER=nobody"},
                       .cwd = dir.path()},
                      seconds(60));
  };
  Result<RunResult> started = as_nobody({"start", home.string()});
  ASSERT_TRUE(started.has_value()) << started.error().ToString();
  ASSERT_EQ(started->exit_code, 0) << started->err;
  std::map<std::string, std::string> env = ReadEnv(home / "env");
  uint16_t port = static_cast<uint16_t>(std::stoi(env["IMAP_PORT"]));
  {
    ImapConnection imap(port);
    ASSERT_TRUE(imap.connected());
    EXPECT_TRUE(imap.ReadLine().starts_with("* OK"));
    EXPECT_TRUE(imap.Command("a1", "LOGIN dana@example.com secret").back().starts_with("a1 OK"));
  }
  Result<RunResult> stopped = as_nobody({"stop", home.string()});
  ASSERT_TRUE(stopped.has_value()) << stopped.error().ToString();
  EXPECT_EQ(stopped->exit_code, 0) << stopped->err;
  EXPECT_FALSE(ImapConnection(port).connected());
}

}  // namespace
}  // namespace draftbox::test
