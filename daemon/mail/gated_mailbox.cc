#include "mail/gated_mailbox.h"

#include <utility>

namespace draftbox {

GatedMailbox::GatedMailbox(std::unique_ptr<Mailbox> inner, LoginGate& gate, uint64_t credentials)
    : ForwardingMailbox(std::move(inner)), gate_(gate), credentials_(credentials) {}

Status GatedMailbox::BeforeCall(Call) {
  Result<bool> probe = gate_.Admit(credentials_);
  if (!probe) return std::unexpected(probe.error());
  if (!*probe) return {};
  Status connected = inner().Connect();
  gate_.RecordLogin(credentials_, connected, /*probe=*/true);
  return connected;
}

void GatedMailbox::AfterCall(Call, const Error* error) {
  // A connection dropped after the proving login logs in again inside the call; a refusal
  // there (the password changed on the server) must close the gate as well.
  if (error != nullptr && error->code == ErrorCode::kAuth) {
    gate_.RecordLogin(credentials_, std::unexpected(*error), /*probe=*/false);
  }
}

}  // namespace draftbox
