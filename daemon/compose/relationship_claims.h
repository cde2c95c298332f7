// Phrases that claim a relationship with the recipient — a conversation, a meeting, an order —
// which a draft may only make when the recipient's facts record it (DESIGN.md "Composers": no
// invented claims). One table for every language, in relationship_claims.cc, so adding a
// phrase or a language is one line there. Stateless; thread-safe.
#ifndef DRAFTBOX_COMPOSE_RELATIONSHIP_CLAIMS_H_
#define DRAFTBOX_COMPOSE_RELATIONSHIP_CLAIMS_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace draftbox {

class RelationshipClaims {
 public:
  struct Found {
    std::string phrase;  // as listed in the table, lower-case: "as we discussed"
    std::string claims;  // what it claims: "a conversation", "a meeting", "an order"
  };

  // The phrases in `text` (compared case-insensitively on word boundaries) whose relationship
  // none of `activity_types` records: a "meeting" or "call" activity supports "as we discussed",
  // an "order" or "purchase" activity supports "thanks for your order". Each phrase once.
  static std::vector<Found> Unsupported(std::string_view text,
                                        const std::set<std::string>& activity_types);
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_RELATIONSHIP_CLAIMS_H_
