// A throwaway Dovecot IMAP server on 127.0.0.1 for integration tests, with doveadm helpers to
// put mail in and look at it without going through IMAP. It drives
// tests/support/throwaway-dovecot, the same script the demo uses, so tests and demo run the
// same server setup. Each server lives in its own temp dir on its own free ports, so tests may
// run many at once. Works as root and as a normal user.
// Not thread-safe: one test owns one DovecotServer.
#ifndef DRAFTBOX_TESTS_SUPPORT_DOVECOT_SERVER_H_
#define DRAFTBOX_TESTS_SUPPORT_DOVECOT_SERVER_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "support/temp_dir.h"

namespace draftbox::test {

struct DovecotOptions {
  // NAME, PASSWORD pairs; the first one is user()/password(). Names: letters, digits, _.@+-;
  // passwords must not contain ':'.
  std::vector<std::pair<std::string, std::string>> users = {{"dana@example.com", "secret"}};
  // false: Drafts, Sent, Trash and Junk exist but carry no SPECIAL-USE attribute, to test
  // finding folders by name.
  bool special_use = true;
  // Non-empty: what Dovecot advertises after login instead of its own list (Dovecot's
  // imap_capability), e.g. to take LITERAL+ or MULTIAPPEND away. kImapBaseCapabilities holds
  // what Draftbox's other commands rely on; add the extensions under test to it.
  std::string imap_capability = {};
  // Non-empty: SASL XOAUTH2 and OAUTHBEARER are offered too and each token is checked by
  // Dovecot's oauth2 passdb at this http:// URL (POST token=...; the answer
  // {"active": true, "username": NAME} lets NAME in). PLAIN and LOGIN keep working.
  std::string oauth2_introspection_url = {};
  // Set: a passdb in front of the users' answers this many password logins (PLAIN, LOGIN)
  // with a temporary failure ("NO [UNAVAILABLE] Temporary authentication failure.", which
  // Dovecot may hold for up to 5 s), then lets the users' passwords decide again.
  // FailLoginsTemporarily sets the count again later. Unset: no such passdb.
  std::optional<int> temporary_login_failures = {};
};

// Dovecot 2.3's post-login capabilities without LITERAL+, LITERAL- and MULTIAPPEND.
inline constexpr char kImapBaseCapabilities[] =
    "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT THREAD=REFERENCES UNSELECT CHILDREN "
    "NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH SEARCHRES WITHIN "
    "LIST-STATUS BINARY MOVE SPECIAL-USE";

// One message as doveadm sees it.
struct StoredMessage {
  uint32_t uid = 0;
  std::vector<std::string> flags = {};  // e.g. "\\Seen", "\\Draft", "$Custom"; never "\\Recent"
  std::string message_id = {};          // Message-ID header, "" if absent
  std::string draftbox_id = {};         // X-Draftbox-Id header, unfolded; "" if absent
};

struct FolderInfo {
  uint32_t uid_validity = 0;
  uint32_t uid_next = 0;
  uint32_t messages = 0;
  uint64_t highest_modseq = 0;
};

class DovecotServer {
 public:
  // Sets up a temp dir, starts Dovecot and waits until IMAP (with STARTTLS) and IMAPS answer.
  // If this process dies without running the destructor, a watcher stops Dovecot and removes
  // the dir within a second.
  // Mailboxes: INBOX, Drafts, Sent, Trash, Junk (auto-subscribed; hierarchy separator "/").
  // kIo if the script cannot be found or run; kUnavailable if Dovecot did not come up (the
  // message carries the script's output, including the tail of Dovecot's log).
  static Result<std::unique_ptr<DovecotServer>> Start(DovecotOptions options = {});

  DovecotServer(const DovecotServer&) = delete;
  DovecotServer& operator=(const DovecotServer&) = delete;

  // Kills Dovecot (if running) and removes its directory with all mail.
  ~DovecotServer();

  uint16_t imap_port() const { return imap_port_; }    // plain IMAP, offers STARTTLS
  uint16_t imaps_port() const { return imaps_port_; }  // implicit TLS
  // The self-signed server certificate (SAN IP:127.0.0.1, DNS:localhost), to pin or trust.
  const std::filesystem::path& ca_file() const { return ca_file_; }
  const std::filesystem::path& dir() const { return temp_.path(); }
  std::filesystem::path conf_file() const { return dir() / "dovecot.conf"; }
  std::filesystem::path log_file() const { return dir() / "dovecot.log"; }
  const std::string& user() const { return users_.front().first; }
  const std::string& password() const { return users_.front().second; }

  // Stops the server and waits until its processes and ports are gone (for "server down"
  // tests). kUnavailable/kIo with the script's output on failure.
  Status Stop();

  // Starts it again (stopping first if running) on the same ports with the same mail.
  Status Restart();

  // The next `count` password logins get a temporary failure (see
  // DovecotOptions::temporary_login_failures), whatever came before. kInvalidArgument for a
  // negative count or a server started without that option.
  Status FailLoginsTemporarily(int count);

  // How many of those temporary failures are still to come. kIo if the count cannot be read.
  Result<int> TemporaryLoginFailuresLeft() const;

  // Adds a user (usable at once, no restart). kInvalidArgument for a bad name or password.
  Status AddUser(const std::string& name, const std::string& password);

  // Stores `raw` (an RFC 5322 message) in `mailbox` as `user`, then sets `flags` on it
  // (e.g. {"\\Draft", "\\Seen"}). kNotFound for an unknown user or mailbox, kMailbox for
  // other doveadm failures.
  Status Save(const std::string& user, const std::string& mailbox, const std::string& raw,
              const std::vector<std::string>& flags = {});

  // Every message in `mailbox`, in UID order. kNotFound for an unknown user or mailbox.
  Result<std::vector<StoredMessage>> List(const std::string& user, const std::string& mailbox);

  // The whole message with CRLF line ends (as IMAP would return it). kNotFound if the user,
  // mailbox or UID does not exist.
  Result<std::string> Fetch(const std::string& user, const std::string& mailbox, uint32_t uid);

  // kAlreadyExists / kNotFound where doveadm says so, kMailbox otherwise.
  Status CreateMailbox(const std::string& user, const std::string& name);
  Status DeleteMailbox(const std::string& user, const std::string& name);

  // IMAP connections logged in as `user` right now (doveadm who). kMailbox if doveadm fails.
  Result<int> Connections(const std::string& user);

  // UIDVALIDITY, UIDNEXT, message count and HIGHESTMODSEQ. Same errors as Save().
  Result<FolderInfo> GetFolderInfo(const std::string& user, const std::string& mailbox);

 private:
  DovecotServer(TempDir temp, DovecotOptions options);

  // Runs throwaway-dovecot with `args` after the command; kUnavailable with its output if it
  // fails.
  Status RunScript(const std::string& command, std::vector<std::string> args);
  // Runs doveadm -c CONF with `args`; stdout on success, else an error from its stderr.
  Result<std::string> Doveadm(std::vector<std::string> args, std::string stdin_data = {});
  // Reads ports and CA file from DIR/env.
  Status LoadEnv();

  TempDir temp_;
  std::vector<std::pair<std::string, std::string>> users_;
  bool special_use_;
  std::string imap_capability_;
  std::string oauth2_introspection_url_;
  std::optional<int> temporary_login_failures_;
  bool running_ = false;
  uint16_t imap_port_ = 0;
  uint16_t imaps_port_ = 0;
  std::filesystem::path ca_file_;
};

// Path of tests/support/throwaway-dovecot: under $DRAFTBOX_SOURCE_DIR if set, else in the
// source tree this library was built from.
std::filesystem::path ThrowawayDovecotScript();

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_SUPPORT_DOVECOT_SERVER_H_
