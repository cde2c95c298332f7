#include "app/suppression_sources.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/text.h"

namespace draftbox {
namespace {

Result<std::string> ReadList(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, "cannot read: no such file or not readable");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Fail(ErrorCode::kIo, "cannot read");
  return text.str();
}

}  // namespace

std::vector<SuppressionSourceOutcome> ImportSuppressionSources(
    SuppressionStore& store, const std::vector<std::filesystem::path>& sources) {
  std::vector<SuppressionSourceOutcome> outcomes;
  for (const std::filesystem::path& file : sources) {
    SuppressionSourceOutcome outcome;
    outcome.file = file;
    Result<std::string> text = ReadList(file);
    Result<SuppressionImportResult> imported =
        text ? store.Import(*text) : Result<SuppressionImportResult>(std::unexpected(text.error()));
    if (!imported) {
      outcome.error = imported.error().message;
      spdlog::warn("suppression source {}: {}; skipped, entries it added before stay",
                   EscapeForLog(file.string()), imported.error().message);
    } else {
      outcome.added = imported->added;
      outcome.refused = std::count_if(imported->issues.begin(), imported->issues.end(),
                                      [](const SuppressionCsvIssue& i) { return !i.imported; });
      spdlog::info("suppression source {}: {} added, {} already listed, {} rows refused",
                   EscapeForLog(file.string()), outcome.added, imported->already_present,
                   outcome.refused);
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace draftbox
