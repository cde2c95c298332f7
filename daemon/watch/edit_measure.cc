#include "watch/edit_measure.h"

#include <algorithm>
#include <dtl/dtl.hpp>
#include <vector>

#include "core/text.h"

namespace draftbox {
namespace {

constexpr size_t kSummaryChanges = 3;   // changes named in the summary
constexpr size_t kSummaryRunWords = 6;  // words quoted per change

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// Code points of the text with whitespace runs collapsed to one space.
std::vector<uint32_t> CodePoints(const std::vector<std::string>& words) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out.push_back(' ');
    const std::string& w = words[i];
    for (size_t j = 0; j < w.size();) {
      // An invalid byte counts as one character of its own.
      char32_t cp = static_cast<unsigned char>(w[j]);
      const size_t len = DecodeUtf8At(w, j, &cp);
      out.push_back(static_cast<uint32_t>(cp));
      j += len == 0 ? 1 : len;
    }
  }
  return out;
}

std::string Quote(const std::vector<std::string>& run) {
  std::string text;
  for (size_t i = 0; i < run.size() && i < kSummaryRunWords; ++i) {
    if (i > 0) text += ' ';
    text += run[i];
  }
  if (run.size() > kSummaryRunWords) text += " ...";
  return "'" + text + "'";
}

}  // namespace

EditMeasure MeasureEdit(std::string_view draft_subject, std::string_view draft_body,
                        std::string_view sent_subject, std::string_view sent_body) {
  EditMeasure m;
  std::vector<std::string> before = Words(draft_body);
  std::vector<std::string> after = Words(sent_body);
  m.words_before = static_cast<int64_t>(before.size());
  m.words_after = static_cast<int64_t>(after.size());
  m.subject_changed = Words(draft_subject) != Words(sent_subject);

  dtl::Diff<std::string> words(before, after);
  words.compose();
  std::vector<std::string> summary;
  std::vector<std::string> removed_run;
  std::vector<std::string> added_run;
  auto flush = [&] {
    if (summary.size() < kSummaryChanges && (!removed_run.empty() || !added_run.empty())) {
      std::string change;
      if (!removed_run.empty()) change += "-" + Quote(removed_run);
      if (!added_run.empty()) change += (change.empty() ? "+" : " +") + Quote(added_run);
      summary.push_back(change);
    }
    removed_run.clear();
    added_run.clear();
  };
  for (const auto& [word, info] : words.getSes().getSequence()) {
    if (info.type == dtl::SES_DELETE) {
      ++m.words_removed;
      removed_run.push_back(word);
    } else if (info.type == dtl::SES_ADD) {
      ++m.words_added;
      added_run.push_back(word);
    } else {
      flush();
    }
  }
  flush();

  std::vector<uint32_t> chars_before = CodePoints(before);
  std::vector<uint32_t> chars_after = CodePoints(after);
  dtl::Diff<uint32_t> chars(chars_before, chars_after);
  chars.onOnlyEditDistance();
  chars.compose();
  m.chars_changed = chars.getEditDistance();
  const size_t longest = std::max(chars_before.size(), chars_after.size());
  m.edit_ratio = longest == 0 ? 0.0 : static_cast<double>(m.chars_changed) / longest;
  if (m.edit_ratio > 1.0) m.edit_ratio = 1.0;

  if (summary.empty()) {
    m.summary = "no change to the text";
  } else {
    for (size_t i = 0; i < summary.size(); ++i) m.summary += (i ? "; " : "") + summary[i];
    const int64_t changes = m.words_added + m.words_removed;
    m.summary += " (" + std::to_string(changes) + " words changed)";
  }
  if (m.subject_changed) m.summary = "subject changed; " + m.summary;
  return m;
}

double TextSimilarity(std::string_view a, std::string_view b) {
  std::vector<std::string> wa = Words(a);
  std::vector<std::string> wb = Words(b);
  if (wa.empty() && wb.empty()) return 1.0;
  dtl::Diff<std::string> diff(wa, wb);
  diff.onOnlyEditDistance();
  diff.compose();
  // Edit distance counts insertions + deletions: the common words are what is left.
  const double common = (static_cast<double>(wa.size() + wb.size()) - diff.getEditDistance()) / 2;
  return 2 * common / static_cast<double>(wa.size() + wb.size());
}

nlohmann::json EditMeasureToJson(const EditMeasure& m) {
  return {{"words_before", m.words_before},
          {"words_after", m.words_after},
          {"words_added", m.words_added},
          {"words_removed", m.words_removed},
          {"words_changed", m.words_added + m.words_removed},
          {"chars_changed", m.chars_changed},
          {"edit_ratio", m.edit_ratio},
          {"subject_changed", m.subject_changed},
          {"summary", m.summary}};
}

}  // namespace draftbox
