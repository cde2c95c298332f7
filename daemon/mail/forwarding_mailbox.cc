#include "mail/forwarding_mailbox.h"

#include <utility>

namespace draftbox {

ForwardingMailbox::ForwardingMailbox(std::unique_ptr<Mailbox> inner)
    : owned_(std::move(inner)), inner_(*owned_) {}

ForwardingMailbox::ForwardingMailbox(Mailbox& inner) : inner_(inner) {}

Status ForwardingMailbox::BeforeCall(Call) { return {}; }

void ForwardingMailbox::AfterCall(Call, const Error*) {}

template <typename Op>
auto ForwardingMailbox::Forward(Call call, Op op) -> decltype(op()) {
  if (Status admitted = BeforeCall(call); !admitted) return std::unexpected(admitted.error());
  auto result = op();
  AfterCall(call, result ? nullptr : &result.error());
  return result;
}

Status ForwardingMailbox::Connect() {
  return Forward(Call::kConnect, [&] { return inner_.Connect(); });
}

Result<std::vector<std::string>> ForwardingMailbox::ListFolders() {
  return Forward(Call::kListFolders, [&] { return inner_.ListFolders(); });
}

Result<MailboxFolders> ForwardingMailbox::FindFolders() {
  return Forward(Call::kFindFolders, [&] { return inner_.FindFolders(); });
}

Result<FolderStatus> ForwardingMailbox::GetStatus(const std::string& folder) {
  return Forward(Call::kGetStatus, [&] { return inner_.GetStatus(folder); });
}

Result<AppendedMessage> ForwardingMailbox::Append(const std::string& folder, const std::string& raw,
                                                  unsigned flags) {
  return Forward(Call::kAppend, [&] { return inner_.Append(folder, raw, flags); });
}

std::vector<Result<AppendedMessage>> ForwardingMailbox::AppendMany(
    const std::string& folder, const std::vector<std::string>& raws, unsigned flags) {
  if (Status admitted = BeforeCall(Call::kAppendMany); !admitted) {
    return std::vector<Result<AppendedMessage>>(raws.size(), std::unexpected(admitted.error()));
  }
  std::vector<Result<AppendedMessage>> results = inner_.AppendMany(folder, raws, flags);
  const Error* first_error = nullptr;
  for (const Result<AppendedMessage>& result : results) {
    if (!result) {
      first_error = &result.error();
      break;
    }
  }
  AfterCall(Call::kAppendMany, first_error);
  return results;
}

Result<bool> ForwardingMailbox::BatchesAppends() {
  return Forward(Call::kBatchesAppends, [&] { return inner_.BatchesAppends(); });
}

Result<std::vector<FetchedMessage>> ForwardingMailbox::FetchSince(const std::string& folder,
                                                                  uint32_t after_uid,
                                                                  int max_count) {
  return Forward(Call::kFetchSince,
                 [&] { return inner_.FetchSince(folder, after_uid, max_count); });
}

Status ForwardingMailbox::Delete(const std::string& folder, const std::vector<uint32_t>& uids) {
  return Forward(Call::kDelete, [&] { return inner_.Delete(folder, uids); });
}

Result<std::vector<uint32_t>> ForwardingMailbox::FindByMessageId(const std::string& folder,
                                                                 const std::string& message_id) {
  return Forward(Call::kFindByMessageId,
                 [&] { return inner_.FindByMessageId(folder, message_id); });
}

Result<std::vector<uint32_t>> ForwardingMailbox::ListUids(const std::string& folder) {
  return Forward(Call::kListUids, [&] { return inner_.ListUids(folder); });
}

Result<bool> ForwardingMailbox::WaitForChange(const std::string& folder, uint32_t after_uid,
                                              std::chrono::milliseconds timeout,
                                              const std::atomic<bool>* stop,
                                              std::chrono::milliseconds poll_interval) {
  return Forward(Call::kWaitForChange, [&] {
    return inner_.WaitForChange(folder, after_uid, timeout, stop, poll_interval);
  });
}

void ForwardingMailbox::Disconnect() { inner_.Disconnect(); }

}  // namespace draftbox
