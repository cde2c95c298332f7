// A one-line progress bar for long commands (recipients import, campaign run). It draws on
// stderr only when stderr is a terminal, and stays silent when piped or redirected, so scripts
// and --json output never see carriage returns. Not thread-safe: update it from one thread.
#ifndef DRAFTBOX_CLI_PROGRESS_BAR_H_
#define DRAFTBOX_CLI_PROGRESS_BAR_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace draftbox {

class ProgressBar {
 public:
  // A bar writing to `out` when `enabled`. `total` 0 means unknown: a counter is drawn instead.
  ProgressBar(std::ostream& out, bool enabled, std::string label, int64_t total);

  // A bar on std::cerr, enabled only if stderr is a terminal.
  static ProgressBar ForStderr(std::string label, int64_t total);

  // The moved-from bar is disabled.
  ProgressBar(ProgressBar&& other) noexcept;
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Finishes the line if Finish() was not called, so the shell prompt starts on its own line.
  ~ProgressBar();

  bool enabled() const { return enabled_; }

  // Records that `done` items are finished and redraws if the drawn line changed. `note`
  // (one line, may be empty) is drawn after the counts, e.g. "8 placed, 4 composing".
  void Update(int64_t done, std::string note = "");

  // Draws the final state and ends the line. Later calls do nothing.
  void Finish();

 private:
  void Draw();

  std::ostream* out_;
  bool enabled_;
  bool finished_ = false;
  std::string label_;
  int64_t total_;
  int64_t done_ = 0;
  std::string note_;
  std::string last_line_;
};

// The text of one progress line, `width` columns at most for the bar itself:
// "import [#########.........]  45/100  45%", or "import 45" when total is 0 (unknown).
std::string RenderProgressLine(std::string_view label, int64_t done, int64_t total, int width);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_PROGRESS_BAR_H_
