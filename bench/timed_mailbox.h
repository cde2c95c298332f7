// A Mailbox that forwards every call to another one (ForwardingMailbox) and adds up the wall time
// spent in it, so the place benchmark can say how much of a run is IMAP and how much is Draftbox's
// own work. Adds two clock reads per call; nothing else changes. NOT thread-safe (as any Mailbox).
#ifndef DRAFTBOX_BENCH_TIMED_MAILBOX_H_
#define DRAFTBOX_BENCH_TIMED_MAILBOX_H_

#include <chrono>
#include <cstdint>

#include "mail/forwarding_mailbox.h"

namespace draftbox::bench {

struct MailboxTimes {
  std::chrono::nanoseconds append{0};  // APPEND round trips
  std::chrono::nanoseconds other{0};   // connect, LIST, STATUS, SEARCH, FETCH, ...
  int64_t appends = 0;
  int64_t other_calls = 0;
};

class TimedMailbox : public ForwardingMailbox {
 public:
  // `inner` must outlive this object.
  explicit TimedMailbox(Mailbox& inner) : ForwardingMailbox(inner) {}

  const MailboxTimes& times() const { return times_; }

 protected:
  Status BeforeCall(Call call) override;
  void AfterCall(Call call, const Error* error) override;

 private:
  std::chrono::steady_clock::time_point started_;  // of the call in progress
  MailboxTimes times_;
};

}  // namespace draftbox::bench

#endif  // DRAFTBOX_BENCH_TIMED_MAILBOX_H_
