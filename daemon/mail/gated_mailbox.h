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

#include "mail/forwarding_mailbox.h"
#include "mail/login_gate.h"

namespace draftbox {

class GatedMailbox : public ForwardingMailbox {
 public:
  // `gate` must outlive this mailbox; `credentials` fingerprints the user and secret `inner`
  // logs in with (see LoginGate::Admit).
  GatedMailbox(std::unique_ptr<Mailbox> inner, LoginGate& gate, uint64_t credentials);

 protected:
  // Admits the call, proving the login first when the gate asks.
  Status BeforeCall(Call call) override;
  // Reports a kAuth the call ended with.
  void AfterCall(Call call, const Error* error) override;

 private:
  LoginGate& gate_;
  uint64_t credentials_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_GATED_MAILBOX_H_
