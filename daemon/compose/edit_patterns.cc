#include "compose/edit_patterns.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "compose/text_scan.h"

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
    std::string sent = TextScan::OneLine(pair.sent_body);
    std::set<std::string> counted;  // a phrase twice in one draft is one sighting
    for (const std::string& phrase : Phrases(pair.draft_body)) {
      if (!counted.insert(phrase).second) continue;
      Tally& tally = phrases[phrase];
      ++tally.seen;
      if (sent.find(phrase) == std::string::npos) ++tally.changed;
    }
    std::string subject = TextScan::OneLine(pair.draft_subject);
    if (subject.empty()) continue;
    Tally& tally = subjects[subject];
    ++tally.seen;
    if (TextScan::OneLine(pair.sent_subject) != subject) ++tally.changed;
  }
  return EditPatterns{Frequent(phrases), Frequent(subjects)};
}

}  // namespace draftbox
