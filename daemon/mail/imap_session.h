// One logged-in IMAP connection over vmime, with the few commands Draftbox needs sent as raw
// IMAP so that the exact wire behaviour is ours (BODY.PEEK, UID EXPUNGE, one-shot APPEND).
// Internal to mail/: only ImapMailbox uses it. Throws vmime exceptions and ImapRefusal; after
// any exception the object must be destroyed, never reused. NOT thread-safe.
#ifndef DRAFTBOX_MAIL_IMAP_SESSION_H_
#define DRAFTBOX_MAIL_IMAP_SESSION_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>
#include <vmime/net/imap/IMAPCommand.hpp>
#include <vmime/net/imap/IMAPConnection.hpp>
#include <vmime/net/imap/IMAPParser.hpp>
#include <vmime/net/imap/IMAPStore.hpp>
#include <vmime/vmime.hpp>

#include "mail/folder_names.h"
#include "mail/imap_mailbox.h"
#include "mail/mailbox.h"

namespace draftbox {

// The server answered a command with NO (or BAD). `nonexistent` is set when the server said the
// mailbox does not exist (RFC 5530 [NONEXISTENT] or the usual wording without it).
class ImapRefusal : public std::runtime_error {
 public:
  ImapRefusal(const std::string& message, bool nonexistent, bool throttled = false)
      : std::runtime_error(message), nonexistent_(nonexistent), throttled_(throttled) {}
  bool nonexistent() const { return nonexistent_; }
  // The server asked us to slow down ([THROTTLED], or [LIMIT]): worth another try later.
  bool throttled() const { return throttled_; }

 private:
  bool nonexistent_;
  bool throttled_;
};

// The server refused the login for a reason of its own, not the credentials: RFC 5530's
// [UNAVAILABLE] (Dovecot's "Temporary authentication failure" when its password database
// cannot answer, Gmail's auth backend), [SERVERBUG], [INUSE], or [LIMIT] / [THROTTLED]. Another
// login later may well succeed, so callers must not count it as a rejected password.
class ImapLoginUnavailable : public std::runtime_error {
 public:
  explicit ImapLoginUnavailable(const std::string& server_said) : std::runtime_error(server_said) {}
};

// True when `path` holds at least one PEM certificate vmime can load.
bool CaFileHasCertificate(const std::filesystem::path& path);

class ImapSession {
 public:
  using Response = std::unique_ptr<vmime::net::imap::IMAPParser::response>;

  // Connects, secures, logs in and reads the server's CAPABILITY (what it offers after login,
  // which may differ from the greeting's). Throws on any failure: a refused login is vmime's
  // authentication_error, or ImapLoginUnavailable when the server's answer says it was not
  // about the credentials.
  explicit ImapSession(const ImapOptions& options);
  // Logs out if still connected; never throws.
  ~ImapSession();

  ImapSession(const ImapSession&) = delete;
  ImapSession& operator=(const ImapSession&) = delete;

  // `name` (case-insensitive) as the server listed it after login.
  bool HasCapability(const std::string& name) const;
  // The server's APPENDLIMIT (RFC 7889) in bytes; 0 when it names none.
  uint64_t AppendLimit() const { return append_limit_; }
  // True when the server takes several APPENDs in one write: LITERAL+, or LITERAL- (RFC 7888)
  // for messages of at most 4096 bytes.
  bool NonSyncLiterals(size_t message_bytes) const;

  std::vector<FolderInfo> List();
  FolderStatus Status(const std::string& folder);
  AppendedMessage Append(const std::string& folder, const std::string& raw, unsigned flags);
  // Appends `raws` in as few round trips as the server allows and sets results[i] for every
  // message the server answered (a refusal is an Error: kUnavailable when it asked to slow
  // down, kInvalidArgument over APPENDLIMIT, else kMailbox). With MULTIAPPEND and
  // non-synchronizing literals, one command per write; with non-synchronizing literals only,
  // one tagged APPEND per message, all in one write; else one APPEND at a time. Throws (as
  // every call) when the connection fails: results[i] left empty were sent but not answered.
  // `record` counts what was sent.
  void AppendMany(const std::string& folder, const std::vector<std::string>& raws, unsigned flags,
                  std::vector<std::optional<Result<AppendedMessage>>>& results,
                  AppendRecord& record);
  std::vector<FetchedMessage> FetchSince(const std::string& folder, uint32_t after_uid,
                                         int max_count);
  void Delete(const std::string& folder, const std::vector<uint32_t>& uids);
  // UIDs whose Message-ID header is exactly `message_id` (printable ASCII), ascending.
  std::vector<uint32_t> FindByMessageId(const std::string& folder, const std::string& message_id);
  std::vector<uint32_t> ListUids(const std::string& folder);
  // IDLE on `folder` (opened read-only) until data arrives, `timeout` passes or `stop` is set;
  // true if the server sent anything while idling, or at once if a UID above `after_uid` is
  // already there. The server must offer IDLE.
  bool Idle(const std::string& folder, uint32_t after_uid, std::chrono::milliseconds timeout,
            const std::atomic<bool>* stop);

 private:
  // One write holding a whole batch (see AppendMany); false when a MULTIAPPEND was refused
  // for a reason other than throttling (it stored nothing: RFC 3502 is all-or-nothing).
  bool MultiAppend(const std::string& quoted, const std::string& flag_list,
                   const std::vector<std::string>& raws, const std::vector<size_t>& batch,
                   std::vector<std::optional<Result<AppendedMessage>>>& results,
                   AppendRecord& record);
  void PipelinedAppend(const std::string& quoted, const std::string& flag_list,
                       const std::vector<std::string>& raws, const std::vector<size_t>& batch,
                       std::vector<std::optional<Result<AppendedMessage>>>& results,
                       AppendRecord& record);
  // A tag of our own for raw commands: never one vmime's connection uses.
  std::string NextTag();
  void ReadCapabilities();

  // Sends one command and reads its whole response; throws ImapRefusal on NO/BAD.
  Response Run(const std::string& command);
  // Throws ImapRefusal unless `resp` completed with OK.
  void CheckOk(const Response& resp, const std::string& command) const;
  // Leaves the selected state without expunging anything.
  void Unselect(const std::string& quoted);
  std::string Quote(const std::string& folder) const;
  // `text` (printable ASCII) as an IMAP quoted string.
  static std::string QuoteAscii(const std::string& text);

  vmime::shared_ptr<vmime::net::session> session_;
  vmime::shared_ptr<vmime::net::imap::IMAPStore> store_;
  vmime::shared_ptr<vmime::net::imap::IMAPConnection> connection_;
  std::chrono::seconds timeout_;
  std::vector<std::string> capabilities_;  // upper-case
  uint64_t append_limit_ = 0;
  uint64_t next_tag_ = 0;
};

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_IMAP_SESSION_H_
