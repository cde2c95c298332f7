#include "bench_table.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace draftbox::bench {

std::string Fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, value);
  return buffer;
}

void BenchTable::Add(std::string label, std::string value, std::string note) {
  rows_.push_back({std::move(label), std::move(value), std::move(note)});
}

void BenchTable::AddTarget(std::string label, std::string value, std::string target, bool met) {
  all_met_ = all_met_ && met;
  rows_.push_back(
      {std::move(label), std::move(value), "target " + target + (met ? "  PASS" : "  MISS")});
}

void BenchTable::Print(std::ostream& out) const {
  size_t label_width = 0;
  size_t value_width = 0;
  for (const Row& row : rows_) {
    label_width = std::max(label_width, row.label.size());
    value_width = std::max(value_width, row.value.size());
  }
  out << title_ << "\n";
  for (const Row& row : rows_) {
    out << "  " << row.label << std::string(label_width - row.label.size() + 2, ' ')
        << std::string(value_width - row.value.size(), ' ') << row.value;
    if (!row.note.empty()) out << "  " << row.note;
    out << "\n";
  }
  out.flush();
}

}  // namespace draftbox::bench
