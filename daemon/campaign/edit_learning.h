// What a campaign run learns from the edits reps of its persona made before sending (issue
// "learning from edits", docs/edits.md), read once per run and applied to every request:
//   - for the template composer, the phrases they delete and the subjects they rewrite in most
//     sends (EditPatternFinder), filled with this recipient's name and company, go into
//     ComposeRequest::avoid_phrases / avoid_subjects; a pattern that stood on another
//     recipient's fact ("[fact]") cannot be filled and is left out;
//   - for the model composer, a few recent sends, most edited first, masked so they carry no
//     recipient's name, company, address or facts (EditMasker::MaskReliably; a send that cannot
//     be masked reliably is never shown) go into ComposeRequest::edit_examples.
// Immutable after Load; thread-safe to Apply from several threads.
#ifndef DRAFTBOX_CAMPAIGN_EDIT_LEARNING_H_
#define DRAFTBOX_CAMPAIGN_EDIT_LEARNING_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "compose/composer.h"
#include "compose/edit_patterns.h"
#include "core/error.h"
#include "store/database.h"
#include "store/edit_pair_store.h"

namespace draftbox {

class EditLearning {
 public:
  // Recent sends read per run: enough for a pattern to show (EditPatternFinder needs 3 of
  // each), few enough that reading and masking them is a fraction of one compose.
  static constexpr int64_t kMaxPairs = 200;
  // Examples come from this many most recent sends, so an old heavy edit does not stay forever.
  static constexpr size_t kExampleWindow = 20;
  // Few-shot examples per prompt, and bytes per example text: a prompt stays small.
  static constexpr size_t kMaxExamples = 3;
  static constexpr size_t kMaxExampleBytes = 700;
  // Patterns passed on per request; the template composer scans each option against each.
  static constexpr size_t kMaxPatterns = 20;

  // Reads the recent sends of campaigns written as `persona` and finds their patterns.
  // kStore on a database error.
  static Result<EditLearning> Load(Database& db, const std::string& persona);
  // From pairs already read, most recent first (tests; the report uses PairOf alone).
  static EditLearning FromRows(const std::vector<EditPairRow>& rows);

  // Adds the avoid lists for request.recipient (which must be set) and the examples.
  void Apply(ComposeRequest& request) const;

  // A stored pair as EditPatternFinder reads it: the recipient's strings and the draft's facts
  // (facts_used texts and the passages resting on them) to mask.
  static EditPair PairOf(const EditPairRow& row);

  const EditPatterns& patterns() const { return patterns_; }
  const std::vector<EditExample>& examples() const { return examples_; }

 private:
  EditPatterns patterns_;
  std::vector<EditExample> examples_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CAMPAIGN_EDIT_LEARNING_H_
