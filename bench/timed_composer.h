// A Composer that forwards to another one and adds up the wall time spent composing, so the
// place benchmark can separate composing from storing and appending. NOT thread-safe (the
// totals are plain counters), unlike the template composer it wraps.
#ifndef DRAFTBOX_BENCH_TIMED_COMPOSER_H_
#define DRAFTBOX_BENCH_TIMED_COMPOSER_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "compose/composer.h"

namespace draftbox::bench {

class TimedComposer : public Composer {
 public:
  // `inner` must outlive this object.
  explicit TimedComposer(Composer& inner) : inner_(inner) {}

  // What `inner` returns.
  ComposeResult Compose(const ComposeRequest& request) override;
  std::string Name() const override { return inner_.Name(); }

  std::chrono::nanoseconds spent() const { return spent_; }
  int64_t calls() const { return calls_; }

 private:
  Composer& inner_;
  std::chrono::nanoseconds spent_{0};
  int64_t calls_ = 0;
};

}  // namespace draftbox::bench

#endif  // DRAFTBOX_BENCH_TIMED_COMPOSER_H_
