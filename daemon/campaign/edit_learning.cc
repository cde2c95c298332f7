#include "campaign/edit_learning.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "core/text.h"

namespace draftbox {
namespace {

std::string Capped(const std::string& text) {
  if (text.size() <= EditLearning::kMaxExampleBytes) return text;
  return TruncateUtf8WithEllipsis(text, EditLearning::kMaxExampleBytes);
}

// The example for `pair`, or nullopt when any of its texts may still carry its recipient.
std::optional<EditExample> MaskedExample(const EditPair& pair) {
  auto draft_subject = EditMasker::MaskReliably(pair.draft_subject, pair.recipient);
  auto draft_body = EditMasker::MaskReliably(pair.draft_body, pair.recipient);
  auto sent_subject = EditMasker::MaskReliably(pair.sent_subject, pair.recipient);
  auto sent_body = EditMasker::MaskReliably(pair.sent_body, pair.recipient);
  if (!draft_subject || !draft_body || !sent_subject || !sent_body) return std::nullopt;
  return EditExample{Capped(*draft_subject), Capped(*draft_body), Capped(*sent_subject),
                     Capped(*sent_body)};
}

// `patterns` filled with `who`'s strings, at most kMaxPatterns.
std::vector<std::string> Filled(const std::vector<std::string>& patterns,
                                const RecipientStrings& who) {
  std::vector<std::string> out;
  for (const std::string& pattern : patterns) {
    if (out.size() == EditLearning::kMaxPatterns) break;
    if (std::optional<std::string> filled = EditMasker::Fill(pattern, who)) {
      out.push_back(std::move(*filled));
    }
  }
  return out;
}

}  // namespace

EditPair EditLearning::PairOf(const EditPairRow& row) {
  EditPair pair{row.draft_subject, row.draft_body, row.sent_subject, row.sent_body, {},
                row.sent_at,       row.edit_ratio};
  RecipientStrings& who = pair.recipient;
  who.first_name = row.first_name;
  who.last_name = row.last_name;
  who.full_name = row.full_name;
  who.company = row.company;
  who.company_domain = row.company_domain;
  who.email = row.email;
  // facts_used is our own JSON, but parse it without throwing all the same.
  nlohmann::json facts = nlohmann::json::parse(row.facts_used_json, nullptr, false);
  if (!facts.is_array()) return pair;
  for (const nlohmann::json& fact : facts) {
    if (!fact.is_object()) continue;
    if (fact.contains("text") && fact["text"].is_string()) {
      who.facts.push_back(fact["text"].get<std::string>());
    }
    if (!fact.contains("sentences") || !fact["sentences"].is_array()) continue;
    for (const nlohmann::json& passage : fact["sentences"]) {
      if (passage.is_string()) who.passages.push_back(passage.get<std::string>());
    }
  }
  return pair;
}

Result<EditLearning> EditLearning::Load(Database& db, const std::string& persona) {
  Result<std::vector<EditPairRow>> rows = EditPairStore(db).Recent(persona, kMaxPairs);
  if (!rows) return std::unexpected(rows.error());
  return FromRows(*rows);
}

EditLearning EditLearning::FromRows(const std::vector<EditPairRow>& rows) {
  EditLearning learning;
  std::vector<EditPair> pairs;
  pairs.reserve(rows.size());
  for (const EditPairRow& row : rows) pairs.push_back(PairOf(row));
  learning.patterns_ = EditPatternFinder::Find(pairs);

  struct Candidate {
    size_t recency;  // 0 = most recent
    double ratio;
    EditExample example;
  };
  std::vector<Candidate> candidates;
  for (size_t i = 0; i < pairs.size() && i < kExampleWindow; ++i) {
    if (pairs[i].edit_ratio <= 0) continue;  // sent as drafted: nothing to learn from
    if (std::optional<EditExample> example = MaskedExample(pairs[i])) {
      candidates.push_back({i, pairs[i].edit_ratio, std::move(*example)});
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.ratio != b.ratio) return a.ratio > b.ratio;
                     return a.recency < b.recency;
                   });
  for (size_t i = 0; i < candidates.size() && i < kMaxExamples; ++i) {
    learning.examples_.push_back(std::move(candidates[i].example));
  }
  return learning;
}

void EditLearning::Apply(ComposeRequest& request) const {
  if (request.recipient != nullptr) {
    const Recipient& r = *request.recipient;
    RecipientStrings who{r.first_name,     r.last_name, r.name, r.company,
                         r.company_domain, r.email,     {},     {}};
    request.avoid_phrases = Filled(patterns_.removed_phrases, who);
    request.avoid_subjects = Filled(patterns_.rewritten_subjects, who);
  }
  request.edit_examples = examples_;
}

}  // namespace draftbox
