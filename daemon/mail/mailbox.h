// The mailbox as the rest of Draftbox sees it: folders, append, fetch-since-UID, delete.
// The IMAP implementation (ImapMailbox, over vmime) is the only code that includes vmime;
// core logic is tested against this interface. Implementations are NOT thread-safe: one worker
// owns one Mailbox.
#ifndef DRAFTBOX_MAIL_MAILBOX_H_
#define DRAFTBOX_MAIL_MAILBOX_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace draftbox {

// Server-side names of the folders Draftbox uses.
struct MailboxFolders {
  std::string inbox = "INBOX";
  std::string drafts;
  std::string sent;
  std::string trash;  // may be empty
};

struct FolderStatus {
  uint32_t uid_validity = 0;
  uint32_t uid_next = 0;
  uint64_t highest_modseq = 0;  // 0 when the server has no CONDSTORE
  uint32_t messages = 0;
};

struct FetchedMessage {
  uint32_t uid = 0;
  std::string raw;                 // the whole RFC 5322 message, CRLF line ends as stored
  std::vector<std::string> flags;  // e.g. "\\Seen", "\\Draft"
};

struct AppendedMessage {
  uint32_t uid = 0;  // from UIDPLUS APPENDUID; 0 if the server did not say
  uint32_t uid_validity = 0;
};

// Messages a caller hands AppendMany at once: enough to fill a long round trip, few enough that
// a dropped connection leaves little to look up by Message-ID.
inline constexpr size_t kMaxAppendBatch = 32;

enum MessageFlag : unsigned {
  kFlagSeen = 1u << 0,
  kFlagDraft = 1u << 1,
};

class Mailbox {
 public:
  virtual ~Mailbox() = default;

  // Connects and logs in (a no-op when already connected). kAuth for rejected credentials,
  // kTls for certificate/handshake failures, kUnavailable when the server cannot be reached.
  virtual Status Connect() = 0;

  // Every folder name on the server (hierarchy separator as the server uses it).
  virtual Result<std::vector<std::string>> ListFolders() = 0;

  // Drafts and Sent: configured name if given (kNotFound if it does not exist), else the folder
  // with the \Drafts / \Sent SPECIAL-USE attribute, else a common name ("Drafts", "Entwürfe",
  // "[Gmail]/Drafts", "Sent", "Sent Items", "Sent Messages", "Gesendet", ...). kNotFound names
  // the folder that could not be found.
  virtual Result<MailboxFolders> FindFolders() = 0;

  // UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and message count without selecting the folder.
  virtual Result<FolderStatus> GetStatus(const std::string& folder) = 0;

  // Appends `raw` (a complete RFC 5322 message) with `flags` (MessageFlag bits).
  virtual Result<AppendedMessage> Append(const std::string& folder, const std::string& raw,
                                         unsigned flags) = 0;

  // Appends every message of `raws` with `flags` and returns one result per message, in order:
  // a message whose result is an error may still have reached the server when the error is
  // kUnavailable (the connection dropped before its answer), so look for it by Message-ID
  // before appending it again. This base loops Append, stopping at the first kUnavailable
  // (the rest get that error without being tried); an implementation may place the whole
  // batch in fewer round trips. Callers keep batches small (kMaxAppendBatch).
  virtual std::vector<Result<AppendedMessage>> AppendMany(const std::string& folder,
                                                          const std::vector<std::string>& raws,
                                                          unsigned flags) {
    std::vector<Result<AppendedMessage>> results;
    results.reserve(raws.size());
    for (const std::string& raw : raws) {
      if (!results.empty() && !results.back() &&
          results.back().error().code == ErrorCode::kUnavailable) {
        results.push_back(std::unexpected(results.back().error()));
        continue;
      }
      results.push_back(Append(folder, raw, flags));
    }
    return results;
  }

  // True when AppendMany places a batch in about one round trip (the server offers
  // non-synchronizing literals), so spreading a batch over several connections gains nothing.
  // This base: false. Errors as Connect().
  virtual Result<bool> BatchesAppends() { return false; }

  // Messages with UID > after_uid in UID order, at most max_count, WITHOUT setting \Seen.
  virtual Result<std::vector<FetchedMessage>> FetchSince(const std::string& folder,
                                                         uint32_t after_uid, int max_count) = 0;

  // Marks the given UIDs \Deleted and expunges exactly those (UID EXPUNGE), leaving any other
  // message already flagged \Deleted alone. UIDs that no longer exist are not an error.
  virtual Status Delete(const std::string& folder, const std::vector<uint32_t>& uids) = 0;

  // UIDs of the messages in `folder` whose Message-ID header equals `message_id` (UID SEARCH
  // HEADER Message-ID), ascending; empty if none. Used to find a draft whose APPEND may or may
  // not have reached the server before a crash. Errors as FetchSince.
  virtual Result<std::vector<uint32_t>> FindByMessageId(const std::string& folder,
                                                        const std::string& message_id) = 0;

  // Every UID in `folder`, ascending (UID SEARCH ALL, read-only). Errors as FetchSince.
  virtual Result<std::vector<uint32_t>> ListUids(const std::string& folder) = 0;

  // Waits until `folder` holds a message with a UID above `after_uid` or the server reports
  // another change, or `timeout` passes, whichever is first; `stop` (may be null) is checked
  // about every 200 ms and ends the wait early. Returns at once (true) when such a message is
  // already there, so nothing that arrived just before the wait is missed. Uses IMAP IDLE where
  // the server offers it, else polls STATUS every `poll_interval`. Returns true on a change,
  // false on timeout or stop. Never marks mail read. Errors as FetchSince.
  virtual Result<bool> WaitForChange(const std::string& folder, uint32_t after_uid,
                                     std::chrono::milliseconds timeout,
                                     const std::atomic<bool>* stop,
                                     std::chrono::milliseconds poll_interval) = 0;

  // Closes the connection; the next call reconnects.
  virtual void Disconnect() = 0;
};

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_MAILBOX_H_
