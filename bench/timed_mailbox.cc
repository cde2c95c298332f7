#include "timed_mailbox.h"

namespace draftbox::bench {

Status TimedMailbox::BeforeCall(Call) {
  started_ = std::chrono::steady_clock::now();
  return {};
}

void TimedMailbox::AfterCall(Call call, const Error*) {
  const auto spent = std::chrono::steady_clock::now() - started_;
  if (call == Call::kAppend || call == Call::kAppendMany) {
    times_.append += spent;
    ++times_.appends;
  } else {
    times_.other += spent;
    ++times_.other_calls;
  }
}

}  // namespace draftbox::bench
