// Decides whether one piece of untrusted recipient data (an activity summary, a name, a role, a
// company) may appear in a draft. Text that could carry a link, markup, an address, a header
// break or an instruction to a model is dropped whole, never cleaned up: a half-sanitised
// injection is still an injection, and a dropped fact only makes a draft less specific.
// HTML entities are left as they are (never decoded into markup). Stateless; thread-safe.
#ifndef DRAFTBOX_COMPOSE_FACT_SCREEN_H_
#define DRAFTBOX_COMPOSE_FACT_SCREEN_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace draftbox {

class FactScreen {
 public:
  // Which limits apply. A CRM or news one-liner fits in ~200 characters; anything past
  // kMaxSummaryChars is pasted notes that cannot be quoted in one sentence of an email.
  // Names, roles and companies over their limits are not names but data spills.
  enum class Field { kSummary, kName, kRole, kCompany, kPlan, kShortValue };
  static constexpr size_t kMaxSummaryChars = 240;
  static constexpr size_t kMaxNameChars = 40;
  static constexpr size_t kMaxRoleChars = 80;
  static constexpr size_t kMaxCompanyChars = 80;
  static constexpr size_t kMaxPlanChars = 40;
  static constexpr size_t kMaxShortValueChars = 40;

  struct Verdict {
    bool usable = false;
    std::string text;    // trimmed text when usable, else empty
    std::string reason;  // when not usable: "empty", "link", "html", "email address",
                         // "control character", "instruction-like", "too long (>240 chars)",
                         // "placeholder-like", "not a name"
  };

  // The verdict for `raw` used as `field`. Never fails otherwise.
  static Verdict Check(std::string_view raw, Field field);

  // True if `text` reads like an instruction to a model or to the writer ("ignore previous
  // instructions", "you are now", "system:", "write ...", "click", "in your email say", and
  // German/French/Spanish equivalents).
  static bool IsInstructionLike(std::string_view text);
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_FACT_SCREEN_H_
