// The one seam for "what time is it": code that stamps or schedules by the wall clock takes a
// `const Clock&`, so tests hand it a ManualClock (core/manual_clock.h) and move time on purpose
// instead of waiting for it. Implementations must be thread-safe.
#ifndef DRAFTBOX_CORE_CLOCK_H_
#define DRAFTBOX_CORE_CLOCK_H_

#include <cstdint>
#include <functional>

namespace draftbox {

class Clock {
 public:
  virtual ~Clock() = default;

  // Seconds since the Unix epoch (UTC). Never fails.
  virtual int64_t NowUnix() const = 0;
};

// The process-wide system clock (std::chrono::system_clock). Lives as long as the program.
const Clock& SystemClock();

// `clock` as the `std::function<int64_t()>` the stores take; `clock` must outlive the result.
std::function<int64_t()> NowFunction(const Clock& clock);

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_CLOCK_H_
