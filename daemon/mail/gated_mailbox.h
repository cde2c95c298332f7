// A Mailbox that asks a shared LoginGate before each call, so that every connection of the
// daemon honours one "login rejected" state instead of retrying a refused password on its own.
// When the gate says the login is unproven, the call first connects (the one proving login) and
// reports the outcome; a kAuth from any later call is reported too. Calls refused by the gate
// never reach the server and fail with kAuth naming the next attempt's time.
// Not thread-safe (as every Mailbox); the gate it shares is.
#ifndef DRAFTBOX_MAIL_GATED_MAILBOX_H_
#define DRAFTBOX_MAIL_GATED_MAILBOX_H_

#include <cstdint>
#include <memory>

#include "mail/login_gate.h"
#include "mail/mailbox.h"

namespace draftbox {

class GatedMailbox : public Mailbox {
 public:
  // `gate` must outlive this mailbox; `credentials` fingerprints the user and secret `inner`
  // logs in with (see LoginGate::Admit).
  GatedMailbox(std::unique_ptr<Mailbox> inner, LoginGate& gate, uint64_t credentials);

  Status Connect() override;
  Result<std::vector<std::string>> ListFolders() override;
  Result<MailboxFolders> FindFolders() override;
  Result<FolderStatus> GetStatus(const std::string& folder) override;
  Result<AppendedMessage> Append(const std::string& folder, const std::string& raw,
                                 unsigned flags) override;
  std::vector<Result<AppendedMessage>> AppendMany(const std::string& folder,
                                                  const std::vector<std::string>& raws,
                                                  unsigned flags) override;
  Result<bool> BatchesAppends() override;
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

 private:
  // Admits the call (proving the login first when the gate asks), runs it, and reports a kAuth
  // it ends with.
  template <typename Call>
  auto Gated(Call call) -> decltype(call());

  std::unique_ptr<Mailbox> inner_;
  LoginGate& gate_;
  uint64_t credentials_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_GATED_MAILBOX_H_
