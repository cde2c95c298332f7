#include "compose/edit_patterns.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "compose/text_scan.h"
#include "core/suppression.h"

namespace draftbox {
namespace {

struct Tally {
  size_t seen = 0;
  size_t changed = 0;
};

// Most often changed first; ties by text, so the order does not depend on the input order.
std::vector<std::string> Frequent(const std::map<std::string, Tally>& tallies) {
  std::vector<std::pair<std::string, Tally>> hits;
  for (const auto& [text, tally] : tallies) {
    if (tally.seen >= EditPatternFinder::kMinOccurrences && tally.changed * 2 > tally.seen) {
      hits.emplace_back(text, tally);
    }
  }
  std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
    if (a.second.changed != b.second.changed) return a.second.changed > b.second.changed;
    return a.first < b.first;
  });
  std::vector<std::string> out;
  for (auto& [text, tally] : hits) out.push_back(std::move(text));
  return out;
}

// One pair with its recipient masked out of all four texts.
struct MaskedPair {
  std::string draft_subject;
  std::vector<std::string> draft_phrases;  // each once
  std::string draft_text;                  // the body on one line
  std::string sent_subject;
  std::vector<std::string> sent_phrases;
  std::string sent_text;
};

std::vector<std::string> UniquePhrases(const std::string& body) {
  std::vector<std::string> out;
  std::set<std::string> seen;  // a phrase twice in one draft is one sighting
  for (std::string& phrase : EditPatternFinder::Phrases(body)) {
    if (seen.insert(phrase).second) out.push_back(std::move(phrase));
  }
  return out;
}

MaskedPair MaskPair(const EditPair& pair) {
  MaskedPair m;
  const std::string draft = EditMasker::Mask(pair.draft_body, pair.recipient);
  const std::string sent = EditMasker::Mask(pair.sent_body, pair.recipient);
  m.draft_subject = TextScan::OneLine(EditMasker::Mask(pair.draft_subject, pair.recipient));
  m.sent_subject = TextScan::OneLine(EditMasker::Mask(pair.sent_subject, pair.recipient));
  m.draft_phrases = UniquePhrases(draft);
  m.sent_phrases = UniquePhrases(sent);
  m.draft_text = TextScan::OneLine(draft);
  m.sent_text = TextScan::OneLine(sent);
  return m;
}

// Phrases of `counts` made in at least kMinReportSends sends: most first, ties by text.
std::vector<PhraseEdit> Top(const std::map<std::string, int64_t>& counts, size_t top) {
  std::vector<PhraseEdit> out;
  for (const auto& [text, sends] : counts) {
    if (sends >= EditPatternFinder::kMinReportSends) out.push_back({text, sends});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const PhraseEdit& a, const PhraseEdit& b) { return a.sends > b.sends; });
  if (out.size() > top) out.resize(top);
  return out;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// "YYYY-MM-DD" of the Monday (UTC) starting the week of `unix_seconds`.
std::string WeekOf(int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_seconds(seconds(unix_seconds)));
  const sys_days monday = day - (weekday(day) - Monday);
  return FormatSuppressionDate(duration_cast<seconds>(monday.time_since_epoch()).count());
}

}  // namespace

std::vector<std::string> EditPatternFinder::Phrases(const std::string& body) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    std::string phrase = TextScan::OneLine(current);
    if (!phrase.empty()) out.push_back(std::move(phrase));
    current.clear();
  };
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\n') {
      flush();
      continue;
    }
    current += c;
    bool end = (c == '.' || c == '!' || c == '?' || c == ':') &&
               (i + 1 == body.size() || body[i + 1] == ' ' || body[i + 1] == '\n');
    if (end) flush();
  }
  flush();
  return out;
}

EditPatterns EditPatternFinder::Find(const std::vector<EditPair>& pairs) {
  std::map<std::string, Tally> phrases;
  std::map<std::string, Tally> subjects;
  for (const EditPair& pair : pairs) {
    const MaskedPair m = MaskPair(pair);
    for (const std::string& phrase : m.draft_phrases) {
      Tally& tally = phrases[phrase];
      ++tally.seen;
      if (m.sent_text.find(phrase) == std::string::npos) ++tally.changed;
    }
    if (m.draft_subject.empty()) continue;
    Tally& tally = subjects[m.draft_subject];
    ++tally.seen;
    if (m.sent_subject != m.draft_subject) ++tally.changed;
  }
  return EditPatterns{Frequent(phrases), Frequent(subjects)};
}

EditReport EditPatternFinder::Report(const std::vector<EditPair>& pairs, const std::string& persona,
                                     size_t top) {
  EditReport report;
  report.persona = persona;
  report.sends = static_cast<int64_t>(pairs.size());
  std::map<std::string, int64_t> removed;
  std::map<std::string, int64_t> added;
  std::map<std::string, std::map<std::string, int64_t>> rewrites;  // from -> to -> sends
  std::map<std::string, std::vector<double>> weeks;
  std::vector<double> ratios;
  for (const EditPair& pair : pairs) {
    const MaskedPair m = MaskPair(pair);
    for (const std::string& phrase : m.draft_phrases) {
      if (m.sent_text.find(phrase) == std::string::npos) ++removed[phrase];
    }
    for (const std::string& phrase : m.sent_phrases) {
      if (m.draft_text.find(phrase) == std::string::npos) ++added[phrase];
    }
    if (!m.draft_subject.empty() && m.sent_subject != m.draft_subject) {
      ++rewrites[m.draft_subject][m.sent_subject];
    }
    ratios.push_back(pair.edit_ratio);
    weeks[WeekOf(pair.sent_at)].push_back(pair.edit_ratio);
  }
  report.removed = Top(removed, top);
  report.added = Top(added, top);
  for (const auto& [from, targets] : rewrites) {
    int64_t sends = 0;
    const std::pair<const std::string, int64_t>* best = nullptr;
    for (const auto& target : targets) {
      sends += target.second;
      if (best == nullptr || target.second > best->second) best = &target;
    }
    if (sends >= kMinReportSends) report.subject_rewrites.push_back({from, best->first, sends});
  }
  std::stable_sort(
      report.subject_rewrites.begin(), report.subject_rewrites.end(),
      [](const SubjectRewrite& a, const SubjectRewrite& b) { return a.sends > b.sends; });
  if (report.subject_rewrites.size() > top) report.subject_rewrites.resize(top);
  report.median_ratio = Median(ratios);
  for (auto& [week, values] : weeks) {  // std::map: "YYYY-MM-DD" sorts oldest first
    report.weeks.push_back({week, static_cast<int64_t>(values.size()), Median(values)});
  }
  return report;
}

}  // namespace draftbox
