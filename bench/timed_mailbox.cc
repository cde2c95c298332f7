#include "timed_mailbox.h"

namespace draftbox::bench {

template <typename Op>
auto TimedMailbox::Timed(bool is_append, Op op) {
  const auto start = std::chrono::steady_clock::now();
  auto result = op();
  const auto spent = std::chrono::steady_clock::now() - start;
  if (is_append) {
    times_.append += spent;
    ++times_.appends;
  } else {
    times_.other += spent;
    ++times_.other_calls;
  }
  return result;
}

Status TimedMailbox::Connect() {
  return Timed(false, [&] { return inner_.Connect(); });
}

Result<std::vector<std::string>> TimedMailbox::ListFolders() {
  return Timed(false, [&] { return inner_.ListFolders(); });
}

Result<MailboxFolders> TimedMailbox::FindFolders() {
  return Timed(false, [&] { return inner_.FindFolders(); });
}

Result<FolderStatus> TimedMailbox::GetStatus(const std::string& folder) {
  return Timed(false, [&] { return inner_.GetStatus(folder); });
}

Result<AppendedMessage> TimedMailbox::Append(const std::string& folder, const std::string& raw,
                                             unsigned flags) {
  return Timed(true, [&] { return inner_.Append(folder, raw, flags); });
}

Result<std::vector<FetchedMessage>> TimedMailbox::FetchSince(const std::string& folder,
                                                             uint32_t after_uid, int max_count) {
  return Timed(false, [&] { return inner_.FetchSince(folder, after_uid, max_count); });
}

Status TimedMailbox::Delete(const std::string& folder, const std::vector<uint32_t>& uids) {
  return Timed(false, [&] { return inner_.Delete(folder, uids); });
}

Result<std::vector<uint32_t>> TimedMailbox::FindByMessageId(const std::string& folder,
                                                            const std::string& message_id) {
  return Timed(false, [&] { return inner_.FindByMessageId(folder, message_id); });
}

Result<std::vector<uint32_t>> TimedMailbox::ListUids(const std::string& folder) {
  return Timed(false, [&] { return inner_.ListUids(folder); });
}

Result<bool> TimedMailbox::WaitForChange(const std::string& folder, uint32_t after_uid,
                                         std::chrono::milliseconds timeout,
                                         const std::atomic<bool>* stop,
                                         std::chrono::milliseconds poll_interval) {
  return Timed(
      false, [&] { return inner_.WaitForChange(folder, after_uid, timeout, stop, poll_interval); });
}

void TimedMailbox::Disconnect() { inner_.Disconnect(); }

}  // namespace draftbox::bench
