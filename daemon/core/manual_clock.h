// A Clock that stands still until told to move: for tests of anything that stamps or schedules
// by time (trigger cadence, cool-downs, daily caps). Thread-safe: Set/Advance may race NowUnix.
#ifndef DRAFTBOX_CORE_MANUAL_CLOCK_H_
#define DRAFTBOX_CORE_MANUAL_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>

#include "core/clock.h"

namespace draftbox {

class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t now_unix) : now_(now_unix) {}

  int64_t NowUnix() const override { return now_.load(); }

  void Set(int64_t now_unix) { now_.store(now_unix); }
  void Advance(std::chrono::seconds by) { now_.fetch_add(by.count()); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_MANUAL_CLOCK_H_
