#include "cli/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace draftbox {
namespace {

constexpr int kBarWidth = 30;  // fits an 80-column terminal with a label and counts

}  // namespace

ProgressBar::ProgressBar(std::ostream& out, bool enabled, std::string label, int64_t total)
    : out_(&out),
      enabled_(enabled),
      label_(std::move(label)),
      total_(std::max<int64_t>(0, total)) {}

ProgressBar::ProgressBar(ProgressBar&& other) noexcept
    : out_(other.out_),
      enabled_(other.enabled_),
      finished_(other.finished_),
      label_(std::move(other.label_)),
      total_(other.total_),
      done_(other.done_),
      note_(std::move(other.note_)),
      last_line_(std::move(other.last_line_)) {
  other.out_ = nullptr;
  other.enabled_ = false;
  other.last_line_.clear();
}

ProgressBar ProgressBar::ForStderr(std::string label, int64_t total) {
  return ProgressBar(std::cerr, isatty(STDERR_FILENO) == 1, std::move(label), total);
}

ProgressBar::~ProgressBar() {
  if (out_ != nullptr && !last_line_.empty()) Finish();
}

void ProgressBar::Update(int64_t done, std::string note) {
  if (finished_) return;
  done_ = done;
  note_ = std::move(note);
  Draw();
}

void ProgressBar::Finish() {
  if (finished_) return;
  Draw();
  finished_ = true;
  if (!enabled_) return;
  *out_ << '\n' << std::flush;
}

void ProgressBar::Draw() {
  if (!enabled_) return;
  std::string line = RenderProgressLine(label_, done_, total_, kBarWidth);
  if (!note_.empty()) line += "  " + note_;
  if (line == last_line_) return;
  // Pad with spaces so a shorter line fully covers the previous one.
  std::string padded = line;
  if (padded.size() < last_line_.size()) padded.append(last_line_.size() - padded.size(), ' ');
  *out_ << '\r' << padded << std::flush;
  last_line_ = std::move(line);
}

std::string RenderProgressLine(std::string_view label, int64_t done, int64_t total, int width) {
  std::string line(label);
  if (total <= 0) return line + " " + std::to_string(std::max<int64_t>(0, done));
  const int64_t clamped = std::clamp<int64_t>(done, 0, total);
  const int filled = static_cast<int>(clamped * width / total);
  const int percent = static_cast<int>(clamped * 100 / total);
  line += " [";
  line.append(static_cast<size_t>(filled), '#');
  line.append(static_cast<size_t>(width - filled), '.');
  line += "] " + std::to_string(clamped) + "/" + std::to_string(total) + " " +
          std::to_string(percent) + "%";
  return line;
}

}  // namespace draftbox
