#include "mail/gated_mailbox.h"

#include <utility>

namespace draftbox {

GatedMailbox::GatedMailbox(std::unique_ptr<Mailbox> inner, LoginGate& gate, uint64_t credentials)
    : inner_(std::move(inner)), gate_(gate), credentials_(credentials) {}

template <typename Call>
auto GatedMailbox::Gated(Call call) -> decltype(call()) {
  Result<bool> probe = gate_.Admit(credentials_);
  if (!probe) return std::unexpected(probe.error());
  if (*probe) {
    Status connected = inner_->Connect();
    gate_.RecordLogin(credentials_, connected, /*probe=*/true);
    if (!connected) return std::unexpected(connected.error());
  }
  auto result = call();
  // A connection dropped after the proving login logs in again inside the call; a refusal
  // there (the password changed on the server) must close the gate as well.
  if (!result && result.error().code == ErrorCode::kAuth) {
    gate_.RecordLogin(credentials_, std::unexpected(result.error()), /*probe=*/false);
  }
  return result;
}

Status GatedMailbox::Connect() {
  return Gated([&] { return inner_->Connect(); });
}

Result<std::vector<std::string>> GatedMailbox::ListFolders() {
  return Gated([&] { return inner_->ListFolders(); });
}

Result<MailboxFolders> GatedMailbox::FindFolders() {
  return Gated([&] { return inner_->FindFolders(); });
}

Result<FolderStatus> GatedMailbox::GetStatus(const std::string& folder) {
  return Gated([&] { return inner_->GetStatus(folder); });
}

Result<AppendedMessage> GatedMailbox::Append(const std::string& folder, const std::string& raw,
                                             unsigned flags) {
  return Gated([&] { return inner_->Append(folder, raw, flags); });
}

std::vector<Result<AppendedMessage>> GatedMailbox::AppendMany(const std::string& folder,
                                                              const std::vector<std::string>& raws,
                                                              unsigned flags) {
  Result<bool> admitted = Gated([&]() -> Result<bool> { return true; });
  if (!admitted)
    return std::vector<Result<AppendedMessage>>(raws.size(), std::unexpected(admitted.error()));
  std::vector<Result<AppendedMessage>> results = inner_->AppendMany(folder, raws, flags);
  for (const Result<AppendedMessage>& r : results) {
    if (!r && r.error().code == ErrorCode::kAuth) {
      gate_.RecordLogin(credentials_, std::unexpected(r.error()), /*probe=*/false);
      break;
    }
  }
  return results;
}

Result<bool> GatedMailbox::BatchesAppends() {
  return Gated([&] { return inner_->BatchesAppends(); });
}

Result<std::vector<FetchedMessage>> GatedMailbox::FetchSince(const std::string& folder,
                                                             uint32_t after_uid, int max_count) {
  return Gated([&] { return inner_->FetchSince(folder, after_uid, max_count); });
}

Status GatedMailbox::Delete(const std::string& folder, const std::vector<uint32_t>& uids) {
  return Gated([&] { return inner_->Delete(folder, uids); });
}

Result<std::vector<uint32_t>> GatedMailbox::FindByMessageId(const std::string& folder,
                                                            const std::string& message_id) {
  return Gated([&] { return inner_->FindByMessageId(folder, message_id); });
}

Result<std::vector<uint32_t>> GatedMailbox::ListUids(const std::string& folder) {
  return Gated([&] { return inner_->ListUids(folder); });
}

Result<bool> GatedMailbox::WaitForChange(const std::string& folder, uint32_t after_uid,
                                         std::chrono::milliseconds timeout,
                                         const std::atomic<bool>* stop,
                                         std::chrono::milliseconds poll_interval) {
  return Gated(
      [&] { return inner_->WaitForChange(folder, after_uid, timeout, stop, poll_interval); });
}

void GatedMailbox::Disconnect() { inner_->Disconnect(); }

}  // namespace draftbox
