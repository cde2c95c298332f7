// Chooses what a draft stands on (DESIGN.md "Composers": grounded): the most relevant recent
// activity first, relevance set by the campaign kind and boosted by the intent's own words;
// then the recipient's role, company, plan and account state. Every piece passes FactScreen
// first; what is dropped is kept with its reason, so a recipient with nothing usable gets a
// failure that says why instead of a generic email. Stateless apart from its settings;
// thread-safe for concurrent Select calls.
#ifndef DRAFTBOX_COMPOSE_FACT_SELECTOR_H_
#define DRAFTBOX_COMPOSE_FACT_SELECTOR_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/campaign.h"
#include "core/recipient.h"

namespace draftbox {

struct SelectedFact {
  std::string id;    // "activity:<id>" | "recipient:<field>"
  std::string type;  // activity type, or the field name
  std::string text;  // screened text, trimmed
  std::string date;  // activity date, "" for fields
  int score = 0;     // relevance; higher is better
};

struct DroppedFact {
  std::string id;
  std::string reason;  // "link", "instruction-like", "future-dated", "older than 120 days", ...
};

struct FactSelection {
  std::vector<SelectedFact> activities;  // usable and relevant, best first
  std::optional<SelectedFact> role;
  std::optional<SelectedFact> company;
  std::optional<SelectedFact> account_state;  // "customer" | "churned" | ... as given
  std::optional<SelectedFact> plan;
  std::string first_name;  // screened first_name, else first word of name; "" if none usable
  std::string last_name;   // screened last_name, else the rest of name; may be ""
  std::vector<DroppedFact> dropped;

  // True if a draft can stand on something: an activity, a role or a company.
  bool HasUsableFacts() const;
  // "no usable facts: 2 activities dropped (link, instruction-like); role and company missing"
  // — meant for needs_attention. Empty when HasUsableFacts().
  std::string FailureReason() const;
};

class FactSelector {
 public:
  // Activities older than this are stale for a "saw that you..." opener: a quarter plus a
  // month of slack for CRM sync lag.
  static constexpr int kDefaultWindowDays = 120;

  explicit FactSelector(int window_days = kDefaultWindowDays) : window_days_(window_days) {}

  // The facts of `recipient` for a campaign of `intent`, judged as of `today` ("YYYY-MM-DD").
  // An unparsable `today` makes every dated activity count as undatable (dropped with reason).
  FactSelection Select(const Recipient& recipient, const CampaignIntent& intent,
                       std::string_view today) const;

  // "activity:<id>" for a stored activity, "activity:#<index>" before it is stored.
  static std::string ActivityId(const Recipient& recipient, size_t index);
  // Relevance of an activity type to a campaign kind (0 = not used for that kind).
  static int TypeWeight(CampaignKind kind, std::string_view type);
  // True for an activity that reports something going down (seats dropped, usage fell).
  static bool IsNegative(const Activity& activity);
  // "outreach" | "check_in" | "milestone".
  static std::string_view KindName(CampaignKind kind);

 private:
  int window_days_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_FACT_SELECTOR_H_
