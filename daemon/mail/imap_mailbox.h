// Mailbox over IMAP (vmime 0.9.2): TLS/STARTTLS, password or XOAUTH2 login, folder discovery,
// STATUS, APPEND, peek-only fetches and exact UID EXPUNGE. NOT thread-safe: one worker owns one
// ImapMailbox. vmime's exceptions stop here; after any failure the whole IMAP session is thrown
// away and the next call reconnects (vmime's state after an error cannot be trusted).
#ifndef DRAFTBOX_MAIL_IMAP_MAILBOX_H_
#define DRAFTBOX_MAIL_IMAP_MAILBOX_H_

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "mail/folder_names.h"
#include "mail/mailbox.h"

namespace draftbox {

enum class ImapSecurity {
  kTls,       // implicit TLS (imaps, usually port 993)
  kStartTls,  // plain connect, then STARTTLS; refuses to continue without it
  kNone,      // plain text; only allowed to a loopback host
};

struct ImapOptions {
  std::string host;
  uint16_t port = 993;
  ImapSecurity security = ImapSecurity::kTls;
  std::string user;
  std::string password;  // with oauth2: an OAuth2 bearer token, sent with SASL XOAUTH2
  bool oauth2 = false;
  // With oauth2: asked for a fresh token when the server refuses the current one at login
  // (access tokens expire, after about an hour at Gmail and Microsoft 365); the login is then
  // tried once more with it, and its token is used from then on. Runs on the calling thread,
  // inside the call that logs in. Empty: a refusal is final.
  std::function<Result<std::string>()> refresh_token;
  std::string drafts_folder;  // overrides; empty = find by SPECIAL-USE, then common names
  std::string sent_folder;
  std::filesystem::path ca_file;  // PEM trusted in addition to the system store (may be empty)
  std::chrono::seconds timeout{30};
};

// What ImapMailbox::AppendMany sent, over the mailbox's life: for logs, benchmarks and the
// tests that prove which path a server's capabilities chose.
struct AppendRecord {
  int64_t multiappend_commands = 0;  // MULTIAPPEND commands (each with several messages)
  int64_t pipelined_appends = 0;     // single APPENDs sent with others in one write
  int64_t single_appends = 0;        // APPENDs that waited for the server's go-ahead
  int64_t writes = 0;                // batches written before reading the answers
};

class ImapSession;

class ImapMailbox : public Mailbox {
 public:
  // kInvalidArgument for an empty host or user, port 0, security kNone to a non-loopback host,
  // or a ca_file that cannot be read. Does not connect.
  // Every call that logs in fails with kAuth when the login is refused: with oauth2 and
  // refresh_token, only after the fresh token was refused too (or could not be had, or was the
  // same as the refused one); the message then says which. A refusal whose RFC 5530 code says
  // the server cannot check the login now ([UNAVAILABLE], [SERVERBUG], [INUSE], [LIMIT],
  // [THROTTLED]) is kUnavailable instead, and costs no fresh token: the credentials may be fine.
  static Result<std::unique_ptr<ImapMailbox>> Create(ImapOptions options);

  ~ImapMailbox() override;
  ImapMailbox(const ImapMailbox&) = delete;
  ImapMailbox& operator=(const ImapMailbox&) = delete;

  Status Connect() override;
  Result<std::vector<std::string>> ListFolders() override;
  Result<MailboxFolders> FindFolders() override;
  Result<FolderStatus> GetStatus(const std::string& folder) override;
  Result<AppendedMessage> Append(const std::string& folder, const std::string& raw,
                                 unsigned flags) override;
  // Places the batch as ImapSession::AppendMany does. Never retried (as Append); after a
  // connection failure the messages not yet answered get its kUnavailable.
  std::vector<Result<AppendedMessage>> AppendMany(const std::string& folder,
                                                  const std::vector<std::string>& raws,
                                                  unsigned flags) override;
  // True when the server offers LITERAL+ or LITERAL- (drafts are mostly under LITERAL-'s
  // 4096 bytes).
  Result<bool> BatchesAppends() override;
  Result<std::vector<FetchedMessage>> FetchSince(const std::string& folder, uint32_t after_uid,
                                                 int max_count) override;
  Status Delete(const std::string& folder, const std::vector<uint32_t>& uids) override;
  Result<std::vector<uint32_t>> ListUids(const std::string& folder) override;
  Result<bool> WaitForChange(const std::string& folder, uint32_t after_uid,
                             std::chrono::milliseconds timeout, const std::atomic<bool>* stop,
                             std::chrono::milliseconds poll_interval) override;
  // Also kInvalidArgument when `message_id` is empty or not printable ASCII.
  Result<std::vector<uint32_t>> FindByMessageId(const std::string& folder,
                                                const std::string& message_id) override;
  void Disconnect() override;

  // Every folder with its attributes (SPECIAL-USE, \Noselect, ...), names decoded to UTF-8.
  // Errors as Connect(), kMailbox when the server refuses LIST.
  Result<std::vector<FolderInfo>> ListFolderInfo();

  // What AppendMany has sent so far.
  const AppendRecord& append_record() const { return append_record_; }

 private:
  explicit ImapMailbox(ImapOptions options);

  // Runs `op` on a connected session. Any failure discards the session. With `retry`, an op
  // that failed with kUnavailable on a session that was already open (a server restart or a
  // dropped idle connection) is run once more on a fresh one; only idempotent ops retry.
  // Errors naming `folder` (may be empty) map to kNotFound when the server says it is missing.
  template <typename T, typename Op>
  Result<T> WithSession(const char* what, const std::string& folder, bool retry, Op op);
  // Logs in unless a session is open; with oauth2, a refused token is refreshed once.
  Status EnsureSession();
  Error MapCurrentException(const char* what, const std::string& folder) const;

  ImapOptions options_;
  std::unique_ptr<ImapSession> session_;
  AppendRecord append_record_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_IMAP_MAILBOX_H_
