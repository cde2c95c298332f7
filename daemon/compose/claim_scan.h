// Finds the claims in a text that a grounding check must trace to a source: money amounts
// ("$15M", "€1.2M", "1,5 Mio. €", "EUR 300k"), percentages ("40%", "12,5 Prozent") and
// calendar dates ("2027-03-14", "14 March 2027", "March 14", "14. März 2027", "14.03.2027").
// Each claim is returned as written and as a canonical key, so "$15M" and "$15 million" (or
// "1,5 Mio. €" and "€1.5M") compare equal while "$15M" and "€15M" do not. Stateless;
// thread-safe.
#ifndef DRAFTBOX_COMPOSE_CLAIM_SCAN_H_
#define DRAFTBOX_COMPOSE_CLAIM_SCAN_H_

#include <string>
#include <string_view>
#include <vector>

namespace draftbox {

class ClaimScan {
 public:
  struct Claim {
    std::string written;  // as found in the text
    // Money: "USD:1500000000" (currency and the amount in cents); percentage: "12.5";
    // date: "2027-03-14", or "?-03-14" when the year is not written.
    std::string key;
  };

  static std::vector<Claim> Money(std::string_view text);
  static std::vector<Claim> Percentages(std::string_view text);
  static std::vector<Claim> Dates(std::string_view text);

  // True if a date key of a draft matches one of the source: same month and day, and the same
  // year unless either side leaves the year out.
  static bool SameDate(std::string_view draft_key, std::string_view source_key);
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_CLAIM_SCAN_H_
