// A Mailbox that forwards every call to another one and adds up the wall time spent in it, so
// the place benchmark can say how much of a run is IMAP and how much is Draftbox's own work.
// Adds two clock reads per call; nothing else changes. NOT thread-safe (as any Mailbox).
#ifndef DRAFTBOX_BENCH_TIMED_MAILBOX_H_
#define DRAFTBOX_BENCH_TIMED_MAILBOX_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "mail/mailbox.h"

namespace draftbox::bench {

struct MailboxTimes {
  std::chrono::nanoseconds append{0};  // APPEND round trips
  std::chrono::nanoseconds other{0};   // connect, LIST, STATUS, SEARCH, FETCH, ...
  int64_t appends = 0;
  int64_t other_calls = 0;
};

class TimedMailbox : public Mailbox {
 public:
  // `inner` must outlive this object.
  explicit TimedMailbox(Mailbox& inner) : inner_(inner) {}

  // Each returns what `inner` returns.
  Status Connect() override;
  Result<std::vector<std::string>> ListFolders() override;
  Result<MailboxFolders> FindFolders() override;
  Result<FolderStatus> GetStatus(const std::string& folder) override;
  Result<AppendedMessage> Append(const std::string& folder, const std::string& raw,
                                 unsigned flags) override;
  Result<std::vector<FetchedMessage>> FetchSince(const std::string& folder, uint32_t after_uid,
                                                 int max_count) override;
  Status Delete(const std::string& folder, const std::vector<uint32_t>& uids) override;
  Result<std::vector<uint32_t>> FindByMessageId(const std::string& folder,
                                                const std::string& message_id) override;
  Result<std::vector<uint32_t>> ListUids(const std::string& folder) override;
  Result<bool> WaitForChange(const std::string& folder, uint32_t after_uid,
                             std::chrono::milliseconds timeout, const std::atomic<bool>* stop,
                             std::chrono::milliseconds poll_interval) override;
  void Disconnect() override;

  const MailboxTimes& times() const { return times_; }

 private:
  template <typename Op>
  auto Timed(bool is_append, Op op);

  Mailbox& inner_;
  MailboxTimes times_;
};

}  // namespace draftbox::bench

#endif  // DRAFTBOX_BENCH_TIMED_MAILBOX_H_
