// ImapMailbox against a real throwaway Dovecot on loopback (test::DovecotServer). Every test gets
// its own server, ports and temp dir, so tests run in parallel. Assertions about the server's
// state go through doveadm, not through the code under test.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "core/clock.h"
#include "mail/gated_mailbox.h"
#include "mail/imap_mailbox.h"
#include "mail/login_gate.h"
#include "support/dovecot_server.h"
#include "support/must.h"

namespace draftbox {
namespace {

using namespace std::chrono_literals;

using test::Must;

// test::DovecotServer for one user, with the ImapOptions that reach it.
class Dovecot {
 public:
  explicit Dovecot(bool special_use = true)
      : server_(Must(test::DovecotServer::Start({.special_use = special_use}))) {}
  explicit Dovecot(test::DovecotOptions options)
      : server_(Must(test::DovecotServer::Start(std::move(options)))) {}

  test::DovecotServer& server() { return *server_; }
  void Stop() { Must(server_->Stop()); }
  void Restart() { Must(server_->Restart()); }
  void Save(const std::string& mailbox, const std::string& raw,
            const std::vector<std::string>& flags = {}) {
    Must(server_->Save(server_->user(), mailbox, raw, flags));
  }
  void CreateMailbox(const std::string& name) {
    Must(server_->CreateMailbox(server_->user(), name));
  }
  void DeleteMailbox(const std::string& name) {
    Must(server_->DeleteMailbox(server_->user(), name));
  }
  std::vector<test::StoredMessage> List(const std::string& mailbox) {
    return Must(server_->List(server_->user(), mailbox));
  }
  test::FolderInfo GetFolderInfo(const std::string& mailbox) {
    return Must(server_->GetFolderInfo(server_->user(), mailbox));
  }

  ImapOptions Options(ImapSecurity security = ImapSecurity::kNone) const {
    ImapOptions o;
    o.host = "127.0.0.1";
    o.security = security;
    o.port = security == ImapSecurity::kTls ? server_->imaps_port() : server_->imap_port();
    o.user = server_->user();
    o.password = server_->password();
    if (security != ImapSecurity::kNone) o.ca_file = server_->ca_file();
    o.timeout = 10s;
    return o;
  }

 private:
  std::unique_ptr<test::DovecotServer> server_;
};

std::unique_ptr<ImapMailbox> Make(const ImapOptions& options) {
  auto mailbox = ImapMailbox::Create(options);
  if (!mailbox) throw std::runtime_error(mailbox.error().ToString());
  return std::move(*mailbox);
}

std::string Message(const std::string& id, const std::string& body = "Hello") {
  return "From: Jörg Müller <joerg@example.com>\r\nTo: dana@example.com\r\nSubject: Grüße " + id +
         "\r\nMessage-ID: <" + id + "@draftbox.test>\r\nX-Draftbox-Id: " + id +
         "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: 8bit\r\n\r\n" +
         body + "\r\n";
}

bool HasFlag(const std::vector<std::string>& flags, const std::string& flag) {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

std::string Join(const std::vector<std::string>& flags) {
  std::string out;
  for (const std::string& f : flags) out += f + " ";
  return out;
}

TEST(ImapMailboxIntegrationTest, PlainLoginToLoopback) {
  Dovecot dovecot;
  auto mailbox = Make(dovecot.Options());
  auto connected = mailbox->Connect();
  ASSERT_TRUE(connected.has_value()) << connected.error().ToString();
  auto folders = mailbox->ListFolders();
  ASSERT_TRUE(folders.has_value()) << folders.error().ToString();
  EXPECT_NE(std::find(folders->begin(), folders->end(), "Drafts"), folders->end());
}

TEST(ImapMailboxIntegrationTest, StartTlsWithPinnedCertificate) {
  Dovecot dovecot;
  auto mailbox = Make(dovecot.Options(ImapSecurity::kStartTls));
  auto status = mailbox->GetStatus("INBOX");
  ASSERT_TRUE(status.has_value()) << status.error().ToString();
  EXPECT_GT(status->uid_validity, 0u);
}

TEST(ImapMailboxIntegrationTest, ImapsWithPinnedCertificate) {
  Dovecot dovecot;
  auto mailbox = Make(dovecot.Options(ImapSecurity::kTls));
  auto connected = mailbox->Connect();
  ASSERT_TRUE(connected.has_value()) << connected.error().ToString();
}

TEST(ImapMailboxIntegrationTest, ImapsWithoutPinnedCertificateIsTlsError) {
  Dovecot dovecot;
  ImapOptions options = dovecot.Options(ImapSecurity::kTls);
  options.ca_file.clear();
  auto mailbox = Make(options);
  auto connected = mailbox->Connect();
  ASSERT_FALSE(connected.has_value());
  EXPECT_EQ(connected.error().code, ErrorCode::kTls) << connected.error().ToString();
  // The session was thrown away cleanly: a second attempt fails the same way, no crash.
  auto again = mailbox->ListFolders();
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kTls);
}

TEST(ImapMailboxIntegrationTest, WrongPasswordIsAuthErrorWithoutThePassword) {
  Dovecot dovecot;
  ImapOptions bad = dovecot.Options();
  bad.password = "not-the-password-42";
  auto mailbox = Make(bad);
  auto connected = mailbox->Connect();
  ASSERT_FALSE(connected.has_value());
  EXPECT_EQ(connected.error().code, ErrorCode::kAuth);
  EXPECT_NE(connected.error().message.find("login rejected"), std::string::npos);
  EXPECT_EQ(connected.error().message.find(bad.password), std::string::npos);
  auto good = Make(dovecot.Options());
  auto folders = good->FindFolders();
  ASSERT_TRUE(folders.has_value()) << folders.error().ToString();
}

// Dovecot answers "NO [UNAVAILABLE] Temporary authentication failure." when its password
// database cannot answer (as right after a restart, or Gmail when its auth backend hiccups):
// RFC 5530 says try again, so it must not count as a rejected password.
TEST(ImapMailboxIntegrationTest, TemporaryLoginFailureIsUnavailableAndTheNextLoginWorks) {
  Dovecot dovecot(test::DovecotOptions{.temporary_login_failures = 1});
  auto mailbox = Make(dovecot.Options());
  auto refused = mailbox->Connect();
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable) << refused.error().ToString();
  EXPECT_NE(refused.error().message.find("[UNAVAILABLE] Temporary authentication failure"),
            std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().message.find(dovecot.Options().password), std::string::npos);
  EXPECT_EQ(Must(dovecot.server().TemporaryLoginFailuresLeft()), 0);
  auto folders = mailbox->FindFolders();
  ASSERT_TRUE(folders.has_value()) << folders.error().ToString();
}

TEST(ImapMailboxIntegrationTest, WrongPasswordIsStillAuthWhereLoginsCanFailTemporarily) {
  Dovecot dovecot(test::DovecotOptions{.temporary_login_failures = 0});
  ImapOptions bad = dovecot.Options();
  bad.password = "not-the-password-42";
  auto connected = Make(bad)->Connect();
  ASSERT_FALSE(connected.has_value());
  EXPECT_EQ(connected.error().code, ErrorCode::kAuth) << connected.error().ToString();
  EXPECT_NE(connected.error().message.find("[AUTHENTICATIONFAILED]"), std::string::npos)
      << connected.error().message;
}

// The daemon's connections share one LoginGate: a temporary failure must leave it open, so the
// next call logs in at once instead of waiting out the five-minute backoff of a refusal.
TEST(ImapMailboxIntegrationTest, TemporaryLoginFailureLeavesTheLoginGateOpen) {
  Dovecot dovecot(test::DovecotOptions{.temporary_login_failures = 1});
  LoginGate gate(SystemClock());
  GatedMailbox mailbox(Make(dovecot.Options()), gate, /*credentials=*/1);
  auto refused = mailbox.FindFolders();
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable) << refused.error().ToString();
  EXPECT_FALSE(gate.Snapshot().rejected);
  auto folders = mailbox.FindFolders();
  ASSERT_TRUE(folders.has_value()) << folders.error().ToString();
  EXPECT_FALSE(gate.Snapshot().rejected);
}

TEST(ImapMailboxIntegrationTest, OAuth2AgainstServerWithoutXoauth2IsAuthError) {
  Dovecot dovecot;
  ImapOptions options = dovecot.Options();
  options.oauth2 = true;
  options.password = "ya29.bearer-token-value";
  auto connected = Make(options)->Connect();
  ASSERT_FALSE(connected.has_value());
  EXPECT_EQ(connected.error().code, ErrorCode::kAuth) << connected.error().ToString();
  EXPECT_EQ(connected.error().message.find(options.password), std::string::npos);
}

// Dovecot here has no OAuth2 backend, so a scripted peer on a real socket checks what goes on
// the wire for XOAUTH2: base64("user=U\x01auth=Bearer T\x01\x01") (SASL-IR or continuation).
TEST(ImapMailboxIntegrationTest, OAuth2SendsXoauth2BearerToken) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);

  std::string credential;
  std::thread peer([&] {
    const int fd = accept(listener, nullptr, nullptr);
    if (fd < 0) return;
    std::string buffer;
    auto send_text = [&](const std::string& text) { (void)!write(fd, text.data(), text.size()); };
    auto read_line = [&](std::string& line) {
      char c;
      line.clear();
      while (read(fd, &c, 1) == 1) {
        if (c == '\n') return true;
        if (c != '\r') line += c;
      }
      return false;
    };
    // As Gmail and Microsoft 365 advertise it. vmime 0.9.2 asks GNU SASL to "suggest" a
    // mechanism first, which fails when XOAUTH2 is the only one offered.
    const std::string caps = "IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2";
    send_text("* OK [CAPABILITY " + caps + "] fake ready\r\n");
    for (std::string line; read_line(line);) {
      const std::string tag = line.substr(0, line.find(' '));
      const std::string rest = line.substr(tag.size() + 1);
      if (rest.rfind("AUTHENTICATE XOAUTH2", 0) == 0) {
        credential = rest.size() > 21 ? rest.substr(21) : "";
        if (credential.empty()) {
          send_text("+ \r\n");
          read_line(credential);
        }
        send_text(tag + " OK [CAPABILITY " + caps + "] logged in\r\n");
      } else if (rest.rfind("CAPABILITY", 0) == 0) {
        send_text("* CAPABILITY " + caps + "\r\n" + tag + " OK done\r\n");
      } else if (rest.rfind("LIST", 0) == 0) {
        send_text("* LIST (\\Noselect) \"/\" \"\"\r\n" + tag + " OK done\r\n");
      } else if (rest.rfind("LOGOUT", 0) == 0) {
        send_text("* BYE bye\r\n" + tag + " OK done\r\n");
        break;
      } else {
        send_text(tag + " OK done\r\n");
      }
    }
    close(fd);
  });

  ImapOptions options;
  options.host = "127.0.0.1";
  options.port = ntohs(addr.sin_port);
  options.security = ImapSecurity::kNone;
  options.user = "dana@example.com";
  options.password = "ya29.token";
  options.oauth2 = true;
  options.timeout = 5s;
  auto mailbox = Make(options);
  auto connected = mailbox->Connect();
  mailbox->Disconnect();
  peer.join();
  close(listener);
  ASSERT_TRUE(connected.has_value()) << connected.error().ToString();
  EXPECT_EQ(credential, "dXNlcj1kYW5hQGV4YW1wbGUuY29tAWF1dGg9QmVhcmVyIHlhMjkudG9rZW4BAQ==");
}

TEST(ImapMailboxIntegrationTest, ServerDownIsUnavailable) {
  Dovecot dovecot;
  ImapOptions options = dovecot.Options();
  dovecot.Stop();
  auto connected = Make(options)->Connect();
  ASSERT_FALSE(connected.has_value());
  EXPECT_EQ(connected.error().code, ErrorCode::kUnavailable) << connected.error().ToString();
}

// A peer that accepts the TCP connection but never sends a greeting: the timeout must fire,
// map to kUnavailable and leave nothing broken behind (ASan watches the session teardown).
TEST(ImapMailboxIntegrationTest, SilentServerTimesOutAsUnavailable) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ImapOptions options;
  options.host = "127.0.0.1";
  options.port = ntohs(addr.sin_port);
  options.security = ImapSecurity::kNone;
  options.user = "dana";
  options.password = "secret";
  options.timeout = 1s;
  auto mailbox = Make(options);
  const auto start = std::chrono::steady_clock::now();
  auto connected = mailbox->Connect();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(connected.has_value());
  EXPECT_EQ(connected.error().code, ErrorCode::kUnavailable) << connected.error().ToString();
  EXPECT_LT(elapsed, 10s);
  auto again = mailbox->GetStatus("INBOX");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kUnavailable);
  close(fd);
}

TEST(ImapMailboxIntegrationTest, FindsFoldersBySpecialUse) {
  Dovecot dovecot;
  auto folders = Make(dovecot.Options())->FindFolders();
  ASSERT_TRUE(folders.has_value()) << folders.error().ToString();
  EXPECT_EQ(folders->drafts, "Drafts");
  EXPECT_EQ(folders->sent, "Sent");
  EXPECT_EQ(folders->trash, "Trash");
}

TEST(ImapMailboxIntegrationTest, FindsFoldersByNameWithoutSpecialUse) {
  Dovecot dovecot(/*special_use=*/false);
  auto mailbox = Make(dovecot.Options());
  auto infos = mailbox->ListFolderInfo();
  ASSERT_TRUE(infos.has_value()) << infos.error().ToString();
  for (const FolderInfo& info : *infos) {
    for (const std::string& a : info.attributes)
      EXPECT_TRUE(a != "\\Drafts" && a != "\\Sent") << info.name << " has " << a;
  }
  auto folders = mailbox->FindFolders();
  ASSERT_TRUE(folders.has_value()) << folders.error().ToString();
  EXPECT_EQ(folders->drafts, "Drafts");
  EXPECT_EQ(folders->sent, "Sent");
}

// The throwaway Dovecot auto-creates Drafts and Sent, so a localised folder is reached through
// the configured name here; choosing it by name alone is covered by FolderNamesTest.
TEST(ImapMailboxIntegrationTest, LocalisedFolderNamesRoundTripThroughModifiedUtf7) {
  Dovecot dovecot(/*special_use=*/false);
  dovecot.CreateMailbox("Entwürfe");
  dovecot.CreateMailbox("Éléments envoyés");
  ImapOptions options = dovecot.Options();
  options.drafts_folder = "Entwürfe";
  options.sent_folder = "Éléments envoyés";
  auto mailbox = Make(options);
  auto names = mailbox->ListFolders();
  ASSERT_TRUE(names.has_value()) << names.error().ToString();
  EXPECT_NE(std::find(names->begin(), names->end(), "Entwürfe"), names->end());
  auto folders = mailbox->FindFolders();
  ASSERT_TRUE(folders.has_value()) << folders.error().ToString();
  EXPECT_EQ(folders->drafts, "Entwürfe");
  EXPECT_EQ(folders->sent, "Éléments envoyés");
  auto appended = mailbox->Append(folders->drafts, Message("utf7"), kFlagDraft);
  ASSERT_TRUE(appended.has_value()) << appended.error().ToString();
  EXPECT_EQ(dovecot.List("Entwürfe").size(), 1u);
  auto status = mailbox->GetStatus(folders->sent);
  ASSERT_TRUE(status.has_value()) << status.error().ToString();
  EXPECT_EQ(status->uid_validity, dovecot.GetFolderInfo("Éléments envoyés").uid_validity);
}

TEST(ImapMailboxIntegrationTest, MissingConfiguredFolderIsNotFoundNamingIt) {
  Dovecot dovecot;
  ImapOptions options = dovecot.Options();
  options.drafts_folder = "Outbox Drafts";
  auto folders = Make(options)->FindFolders();
  ASSERT_FALSE(folders.has_value());
  EXPECT_EQ(folders.error().code, ErrorCode::kNotFound);
  EXPECT_NE(folders.error().message.find("\"Outbox Drafts\""), std::string::npos);
}

TEST(ImapMailboxIntegrationTest, AppendReturnsUidAndSetsFlags) {
  Dovecot dovecot;
  auto mailbox = Make(dovecot.Options());
  auto appended = mailbox->Append("Drafts", Message("a1"), kFlagDraft | kFlagSeen);
  ASSERT_TRUE(appended.has_value()) << appended.error().ToString();
  const auto listed = dovecot.List("Drafts");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(appended->uid, listed[0].uid);
  EXPECT_EQ(appended->uid_validity, dovecot.GetFolderInfo("Drafts").uid_validity);
  EXPECT_TRUE(HasFlag(listed[0].flags, "\\Draft")) << Join(listed[0].flags);
  EXPECT_TRUE(HasFlag(listed[0].flags, "\\Seen")) << Join(listed[0].flags);
}

TEST(ImapMailboxIntegrationTest, AppendToMissingFolderIsNotFound) {
  Dovecot dovecot;
  auto appended = Make(dovecot.Options())->Append("Nowhere", Message("x"), 0);
  ASSERT_FALSE(appended.has_value());
  EXPECT_EQ(appended.error().code, ErrorCode::kNotFound);
  EXPECT_NE(appended.error().message.find("\"Nowhere\""), std::string::npos);
}

TEST(ImapMailboxIntegrationTest, Utf8MessageRoundTripsByteExact) {
  Dovecot dovecot;
  auto mailbox = Make(dovecot.Options());
  const std::string raw = Message("rt", "Grüße aus Köln – “quoted” 😀\r\nzweite Zeile");
  auto appended = mailbox->Append("Drafts", raw, kFlagDraft | kFlagSeen);
  ASSERT_TRUE(appended.has_value()) << appended.error().ToString();
  auto fetched = mailbox->FetchSince("Drafts", 0, 10);
  ASSERT_TRUE(fetched.has_value()) << fetched.error().ToString();
  ASSERT_EQ(fetched->size(), 1u);
  EXPECT_EQ((*fetched)[0].uid, appended->uid);
  EXPECT_EQ((*fetched)[0].raw, raw);
}

TEST(ImapMailboxIntegrationTest, LargeMessageRoundTrips) {
  Dovecot dovecot;
  auto mailbox = Make(dovecot.Options(ImapSecurity::kTls));
  std::string body;
  while (body.size() < 300000) body += "Zeile mit Umlauten äöü und etwas Text.\r\n";
  const std::string raw = Message("big", body);
  ASSERT_TRUE(mailbox->Append("Drafts", raw, kFlagSeen).has_value());
  auto fetched = mailbox->FetchSince("Drafts", 0, 10);
  ASSERT_TRUE(fetched.has_value()) << fetched.error().ToString();
  ASSERT_EQ(fetched->size(), 1u);
  EXPECT_EQ((*fetched)[0].raw, raw);
}

TEST(ImapMailboxIntegrationTest, FetchSinceReturnsOnlyNewerAndNeverSetsSeen) {
  Dovecot dovecot;
  for (const char* id : {"m1", "m2", "m3"}) dovecot.Save("INBOX", Message(id));
  auto mailbox = Make(dovecot.Options());
  auto fetched = mailbox->FetchSince("INBOX", 1, 10);
  ASSERT_TRUE(fetched.has_value()) << fetched.error().ToString();
  ASSERT_EQ(fetched->size(), 2u);
  EXPECT_EQ((*fetched)[0].uid, 2u);
  EXPECT_EQ((*fetched)[1].uid, 3u);
  EXPECT_NE((*fetched)[0].raw.find("X-Draftbox-Id: m2"), std::string::npos);
  // The "N:*" quirk: asking past the end must not return the last message again.
  auto none = mailbox->FetchSince("INBOX", 3, 10);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
  auto limited = mailbox->FetchSince("INBOX", 0, 2);
  ASSERT_TRUE(limited.has_value());
  ASSERT_EQ(limited->size(), 2u);
  EXPECT_EQ((*limited)[1].uid, 2u);
  for (const test::StoredMessage& m : dovecot.List("INBOX"))
    EXPECT_FALSE(HasFlag(m.flags, "\\Seen")) << "uid " << m.uid << ": " << Join(m.flags);
}

TEST(ImapMailboxIntegrationTest, DeleteRemovesExactlyTheGivenUids) {
  Dovecot dovecot;
  for (const char* id : {"d1", "d2", "d3"}) dovecot.Save("Drafts", Message(id));
  dovecot.Save("Drafts", Message("d4"), {"\\Deleted"});  // someone else's pending delete
  auto mailbox = Make(dovecot.Options());
  auto deleted = mailbox->Delete("Drafts", {1, 3, 99});
  ASSERT_TRUE(deleted.has_value()) << deleted.error().ToString();
  const auto listed = dovecot.List("Drafts");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].uid, 2u);
  EXPECT_EQ(listed[1].uid, 4u);
  EXPECT_TRUE(HasFlag(listed[1].flags, "\\Deleted"));
}

TEST(ImapMailboxIntegrationTest, StatusMatchesServer) {
  Dovecot dovecot;
  dovecot.Save("Sent", Message("s1"));
  dovecot.Save("Sent", Message("s2"));
  auto status = Make(dovecot.Options())->GetStatus("Sent");
  ASSERT_TRUE(status.has_value()) << status.error().ToString();
  const test::FolderInfo server = dovecot.GetFolderInfo("Sent");
  EXPECT_EQ(status->uid_validity, server.uid_validity);
  EXPECT_EQ(status->uid_next, server.uid_next);
  EXPECT_EQ(status->messages, 2u);
  EXPECT_EQ(status->highest_modseq, server.highest_modseq);  // Dovecot has CONDSTORE
}

TEST(ImapMailboxIntegrationTest, StatusOfMissingFolderIsNotFound) {
  Dovecot dovecot;
  auto status = Make(dovecot.Options())->GetStatus("Archiv 2019");
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kNotFound);
  EXPECT_NE(status.error().message.find("\"Archiv 2019\""), std::string::npos);
}

// Documented behaviour: read-only calls (ListFolders, FindFolders, GetStatus, FetchSince,
// Delete) reconnect transparently once when the old connection is dead; Append does not (the
// message may already be stored), so its first call after a restart fails with kUnavailable.
TEST(ImapMailboxIntegrationTest, RecoversAfterServerRestart) {
  Dovecot dovecot;
  auto mailbox = Make(dovecot.Options());
  ASSERT_TRUE(mailbox->GetStatus("Drafts").has_value());
  dovecot.Restart();
  auto status = mailbox->GetStatus("Drafts");
  ASSERT_TRUE(status.has_value()) << status.error().ToString();

  dovecot.Restart();
  auto first = mailbox->Append("Drafts", Message("after-restart"), kFlagDraft);
  if (!first) {
    EXPECT_EQ(first.error().code, ErrorCode::kUnavailable) << first.error().ToString();
  }
  auto second = mailbox->Append("Drafts", Message("after-restart-2"), kFlagDraft);
  ASSERT_TRUE(second.has_value()) << second.error().ToString();
}

TEST(ImapMailboxIntegrationTest, RecreatedMailboxGetsNewUidValidity) {
  Dovecot dovecot;
  dovecot.CreateMailbox("Outreach");
  auto mailbox = Make(dovecot.Options());
  auto before = mailbox->GetStatus("Outreach");
  ASSERT_TRUE(before.has_value()) << before.error().ToString();
  dovecot.DeleteMailbox("Outreach");
  // Dovecot derives UIDVALIDITY from the clock in seconds.
  std::this_thread::sleep_for(1100ms);
  dovecot.CreateMailbox("Outreach");
  auto after = mailbox->GetStatus("Outreach");
  ASSERT_TRUE(after.has_value()) << after.error().ToString();
  EXPECT_NE(after->uid_validity, before->uid_validity);
}

// --- WaitForChange (IDLE) ----------------------------------------------------------------

// Waits for a change of INBOX above `after_uid` on a thread of its own; the answer and how long
// it took.
struct Waited {
  Result<bool> changed = false;
  std::chrono::steady_clock::duration took{};
};

std::future<Waited> WaitInBackground(ImapMailbox& mailbox, uint32_t after_uid,
                                     std::chrono::milliseconds timeout,
                                     const std::atomic<bool>* stop = nullptr) {
  return std::async(std::launch::async, [&mailbox, after_uid, timeout, stop] {
    auto start = std::chrono::steady_clock::now();
    Waited w;
    w.changed = mailbox.WaitForChange("INBOX", after_uid, timeout, stop, 30s);
    w.took = std::chrono::steady_clock::now() - start;
    return w;
  });
}

class ImapIdleTest : public testing::TestWithParam<ImapSecurity> {};

// A message that lands at any moment around the start of IDLE — before the EXAMINE, between
// the SEARCH and the IDLE, with the continuation, or while idling — wakes the waiter; none
// waits for the timeout. (With vmime's own reading, a notification that came in the same
// packet as the continuation sat in vmime's buffer until the timeout.)
TEST_P(ImapIdleTest, AMessageArrivingAroundTheStartOfIdleWakesTheWaiter) {
  Dovecot dovecot;
  auto watcher = Make(dovecot.Options(GetParam()));
  auto writer = Make(dovecot.Options());
  ASSERT_TRUE(watcher->Connect());
  constexpr auto kTimeout = 60s;
  for (int i = 0; i < 12; ++i) {
    uint32_t last = static_cast<uint32_t>(i);  // UIDs 1..i are there already
    std::future<Waited> waiting = WaitInBackground(*watcher, last, kTimeout);
    // Staggered so the APPEND lands at different points of the IDLE set-up.
    std::this_thread::sleep_for(std::chrono::milliseconds(i * 15));
    ASSERT_TRUE(writer->Append("INBOX", Message("idle" + std::to_string(i)), 0));
    Waited w = waiting.get();
    ASSERT_TRUE(w.changed) << w.changed.error().ToString();
    EXPECT_TRUE(*w.changed) << "round " << i;
    EXPECT_LT(w.took, kTimeout / 4) << "round " << i << ": woken by the timeout, not the message";
  }
  // Never marked read by watching.
  for (const test::StoredMessage& m : dovecot.List("INBOX"))
    EXPECT_FALSE(HasFlag(m.flags, "\\Seen")) << "uid " << m.uid;
}

TEST_P(ImapIdleTest, NothingArrivingReturnsFalseAtTheTimeoutAndTheConnectionStaysUsable) {
  Dovecot dovecot;
  auto watcher = Make(dovecot.Options(GetParam()));
  Waited w = WaitInBackground(*watcher, 0, 1500ms).get();
  ASSERT_TRUE(w.changed) << w.changed.error().ToString();
  EXPECT_FALSE(*w.changed);
  EXPECT_GE(w.took, 1500ms);
  // DONE was answered and the stream is in step: the next command works on the same session.
  dovecot.Save("INBOX", Message("after"));
  auto fetched = watcher->FetchSince("INBOX", 0, 10);
  ASSERT_TRUE(fetched) << fetched.error().ToString();
  EXPECT_EQ(fetched->size(), 1u);
}

TEST_P(ImapIdleTest, StopEndsTheWaitPromptly) {
  Dovecot dovecot;
  auto watcher = Make(dovecot.Options(GetParam()));
  ASSERT_TRUE(watcher->Connect());
  std::atomic<bool> stop{false};
  std::future<Waited> waiting = WaitInBackground(*watcher, 0, 60s, &stop);
  std::this_thread::sleep_for(500ms);
  stop = true;
  Waited w = waiting.get();
  ASSERT_TRUE(w.changed) << w.changed.error().ToString();
  EXPECT_FALSE(*w.changed);
  EXPECT_LT(w.took, 30s);
  auto status = watcher->GetStatus("INBOX");
  EXPECT_TRUE(status) << status.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(PlainAndTls, ImapIdleTest,
                         testing::Values(ImapSecurity::kNone, ImapSecurity::kTls),
                         [](const testing::TestParamInfo<ImapSecurity>& info) {
                           return info.param == ImapSecurity::kTls ? std::string("Tls")
                                                                   : std::string("Plain");
                         });

}  // namespace
}  // namespace draftbox
