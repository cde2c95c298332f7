// The embedded `template` composer (DESIGN.md "Composers"): no model, English and German,
// persona-aware, grounded on FactSelector's choice, worded from FactPhraser and Phrasebook with
// alternatives picked by Variation(seed, recipient). Its own output is run through
// GroundingCheck before it is returned, so a wording bug becomes a ComposeFailure, never a
// draft. Stateless; thread-safe (Compose may run concurrently).
#ifndef DRAFTBOX_COMPOSE_TEMPLATE_COMPOSER_H_
#define DRAFTBOX_COMPOSE_TEMPLATE_COMPOSER_H_

#include <string>

#include "compose/composer.h"
#include "compose/fact_selector.h"

namespace draftbox {

class TemplateComposer : public Composer {
 public:
  // Subjects longer than this get cut in most inbox lists and read as clickbait (RFC 5322
  // recommends 78 characters per header line).
  static constexpr size_t kMaxSubjectChars = 78;

  explicit TemplateComposer(int window_days = FactSelector::kDefaultWindowDays)
      : selector_(window_days) {}

  // A grounded draft, or a failure naming why: no recipient, no signature or sender name in the
  // persona, no usable facts (with the dropped facts' reasons), or a failed grounding check.
  // The failure reason names the language that was attempted.
  ComposeResult Compose(const ComposeRequest& request) override;

  std::string Name() const override { return "template"; }

 private:
  FactSelector selector_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_TEMPLATE_COMPOSER_H_
