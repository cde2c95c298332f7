// A Mailbox that hands every call to an inner Mailbox: the base of the decorators that act
// around each call (the login gate, a pool's lease, the benchmark's timer), so each of them
// overrides two hooks instead of repeating every method of the interface.
// Not thread-safe (as every Mailbox); a subclass's shared state must be.
#ifndef DRAFTBOX_MAIL_FORWARDING_MAILBOX_H_
#define DRAFTBOX_MAIL_FORWARDING_MAILBOX_H_

#include <memory>

#include "mail/mailbox.h"

namespace draftbox {

class ForwardingMailbox : public Mailbox {
 public:
  // Which call is being forwarded, for hooks that treat some calls apart (APPEND, say).
  enum class Call {
    kConnect,
    kListFolders,
    kFindFolders,
    kGetStatus,
    kAppend,
    kAppendMany,
    kBatchesAppends,
    kFetchSince,
    kDelete,
    kFindByMessageId,
    kListUids,
    kWaitForChange,
  };

  // Owns `inner` (must not be null).
  explicit ForwardingMailbox(std::unique_ptr<Mailbox> inner);
  // Borrows `inner`, which must outlive this mailbox.
  explicit ForwardingMailbox(Mailbox& inner);

  // Each returns what the inner mailbox returns, unless BeforeCall refused the call.
  Status Connect() override;
  Result<std::vector<std::string>> ListFolders() override;
  Result<MailboxFolders> FindFolders() override;
  Result<FolderStatus> GetStatus(const std::string& folder) override;
  Result<AppendedMessage> Append(const std::string& folder, const std::string& raw,
                                 unsigned flags) override;
  // AfterCall sees the first error among the results (null when every message was placed).
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
  // Forwarded without hooks: closing never needs permission and has no outcome.
  void Disconnect() override;

 protected:
  // Runs before every call but Disconnect. An error is returned in place of the call's result
  // and the inner mailbox is not called (nor AfterCall). Default: go ahead.
  virtual Status BeforeCall(Call call);
  // Runs after every call that reached the inner mailbox: `error` is its error, null on
  // success. Default: nothing.
  virtual void AfterCall(Call call, const Error* error);

  Mailbox& inner() { return inner_; }

 private:
  template <typename Op>
  auto Forward(Call call, Op op) -> decltype(op());

  std::unique_ptr<Mailbox> owned_;  // null when borrowed
  Mailbox& inner_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_FORWARDING_MAILBOX_H_
