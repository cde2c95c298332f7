// Deterministic choice among wording alternatives. The same (seed, recipient) always picks the
// same wording, so a draft can be rebuilt exactly; another seed (Regenerate) or another
// recipient picks differently, so a campaign does not read like a mail merge.
// Plain value type; thread-safe for concurrent const use.
#ifndef DRAFTBOX_COMPOSE_VARIATION_H_
#define DRAFTBOX_COMPOSE_VARIATION_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace draftbox {

class Variation {
 public:
  Variation(uint64_t seed, std::string_view recipient_email);

  // An index in [0, n) for the named slot ("greeting", "opener", ...); 0 when n == 0.
  // Independent slots get independent picks.
  size_t Pick(std::string_view slot, size_t n) const;

 private:
  uint64_t base_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_VARIATION_H_
