// The short table a benchmark prints: figures, and figures with a target marked PASS or MISS,
// plus the exit code that tells scripts/bench whether every target was met. Not thread-safe.
#ifndef DRAFTBOX_BENCH_BENCH_TABLE_H_
#define DRAFTBOX_BENCH_BENCH_TABLE_H_

#include <ostream>
#include <string>
#include <vector>

namespace draftbox::bench {

// Exit codes of every benchmark binary (scripts/bench relies on them).
inline constexpr int kExitAllMet = 0;
inline constexpr int kExitCouldNotRun = 1;  // setup, Dovecot, the baseline or a check failed
inline constexpr int kExitUsage = 2;
inline constexpr int kExitTargetMissed = 3;  // it ran; at least one target was missed

// `value` with `decimals` digits after the point.
std::string Fixed(double value, int decimals);

class BenchTable {
 public:
  explicit BenchTable(std::string title) : title_(std::move(title)) {}

  // A figure without a target; `note` (may be empty) follows it in the same line.
  void Add(std::string label, std::string value, std::string note = "");
  // A figure with its target ("≥ 0.80"), shown with PASS or MISS.
  void AddTarget(std::string label, std::string value, std::string target, bool met);

  void Print(std::ostream& out) const;
  bool AllTargetsMet() const { return all_met_; }
  int ExitCode() const { return all_met_ ? kExitAllMet : kExitTargetMissed; }

 private:
  struct Row {
    std::string label;
    std::string value;
    std::string note;
  };
  std::string title_;
  std::vector<Row> rows_;
  bool all_met_ = true;
};

}  // namespace draftbox::bench

#endif  // DRAFTBOX_BENCH_BENCH_TABLE_H_
