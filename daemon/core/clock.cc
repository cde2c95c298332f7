#include "core/clock.h"

#include <chrono>

namespace draftbox {
namespace {

class SystemClockImpl : public Clock {
 public:
  int64_t NowUnix() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace

const Clock& SystemClock() {
  static const SystemClockImpl clock;
  return clock;
}

std::function<int64_t()> NowFunction(const Clock& clock) {
  return [&clock] { return clock.NowUnix(); };
}

}  // namespace draftbox
