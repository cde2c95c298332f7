#include "compose/fact_selector.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <set>

#include "compose/fact_screen.h"
#include "compose/text_scan.h"

namespace draftbox {
namespace {

// Days since the epoch for "YYYY-MM-DD", or nullopt if it is not a real calendar date.
std::optional<int> ParseDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                                  std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

// Words in the campaign's own text that say which kind of news it is about.
const std::map<std::string, std::vector<std::string>>& IntentKeywords() {
  static const std::map<std::string, std::vector<std::string>> kKeywords = {
      {"funding", {"raise", "raised", "funding", "funded", "series", "round", "investors"}},
      {"hiring", {"hiring", "hire", "headcount", "new roles", "growing team", "onboarding"}},
      {"job_change", {"new role", "promoted", "promotion", "joined", "new job"}},
      {"product_release", {"launch", "launched", "release", "released", "new product"}},
      {"renewal", {"renewal", "renew", "renews", "contract"}},
      {"usage_change", {"usage", "adoption", "seats", "active users"}},
      {"milestone", {"milestone", "anniversary", "one year", "year together"}},
      {"event", {"conference", "event", "talk", "summit"}},
  };
  return kKeywords;
}

int IntentBoost(const CampaignIntent& intent, std::string_view type) {
  const auto& keywords = IntentKeywords();
  auto it = keywords.find(std::string(type));
  if (it == keywords.end()) return 0;
  std::string text = intent.goal + " " + intent.key_message + " " + intent.cta;
  for (const auto& word : it->second) {
    if (TextScan::ContainsPhrase(text, word)) return 3;
  }
  return 0;
}

std::optional<SelectedFact> ScreenField(std::string_view value, std::string_view field,
                                        FactScreen::Field kind, std::vector<DroppedFact>* dropped) {
  std::string id = "recipient:" + std::string(field);
  if (TextScan::Trim(value).empty()) return std::nullopt;
  auto verdict = FactScreen::Check(value, kind);
  if (!verdict.usable) {
    dropped->push_back({id, verdict.reason});
    return std::nullopt;
  }
  return SelectedFact{id, std::string(field), verdict.text, "", 0};
}

std::string ScreenName(std::string_view value) {
  auto verdict = FactScreen::Check(value, FactScreen::Field::kName);
  return verdict.usable ? verdict.text : "";
}

std::string JoinReasons(const std::vector<std::string>& reasons) {
  std::string out;
  std::set<std::string> seen;
  for (const auto& r : reasons) {
    if (!seen.insert(r).second) continue;
    if (!out.empty()) out += ", ";
    out += r;
  }
  return out;
}

}  // namespace

std::string_view FactSelector::KindName(CampaignKind kind) {
  switch (kind) {
    case CampaignKind::kOutreach:
      return "outreach";
    case CampaignKind::kCheckIn:
      return "check_in";
    case CampaignKind::kMilestone:
      return "milestone";
  }
  return "outreach";
}

int FactSelector::TypeWeight(CampaignKind kind, std::string_view type) {
  // Outreach opens on news about the prospect; a check-in on how the account is doing; a
  // milestone note on the milestone. Renewals and usage are our business, not an opener for a
  // prospect, so outreach does not use them.
  static const std::map<std::string_view, std::array<int, 3>> kWeights = {
      //                 outreach check_in milestone
      {"funding", {10, 3, 5}},   {"job_change", {9, 5, 4}},    {"product_release", {8, 4, 5}},
      {"hiring", {8, 3, 3}},     {"news", {5, 2, 3}},          {"event", {5, 2, 2}},
      {"milestone", {3, 6, 10}}, {"usage_change", {0, 10, 2}}, {"renewal", {0, 9, 1}},
  };
  auto it = kWeights.find(type);
  int fallback[3] = {2, 1, 1};  // an unknown type still beats nothing, but only just
  int index = static_cast<int>(kind);
  return it == kWeights.end() ? fallback[index] : it->second[index];
}

bool FactSelector::IsNegative(const Activity& activity) {
  for (std::string_view word : {"dropped", "drop", "fell", "declined", "decreased", "down", "lost",
                                "churned", "shrank", "cut"}) {
    if (TextScan::ContainsPhrase(activity.summary, word)) return true;
  }
  return false;
}

std::string FactSelector::ActivityId(const Recipient& recipient, size_t index) {
  const Activity& a = recipient.activities[index];
  return a.id != 0 ? "activity:" + std::to_string(a.id) : "activity:#" + std::to_string(index);
}

FactSelection FactSelector::Select(const Recipient& recipient, const CampaignIntent& intent,
                                   std::string_view today) const {
  FactSelection sel;
  std::optional<int> today_day = ParseDay(today);
  std::set<std::string> seen_summaries;
  for (size_t i = 0; i < recipient.activities.size(); ++i) {
    const Activity& a = recipient.activities[i];
    std::string id = ActivityId(recipient, i);
    auto verdict = FactScreen::Check(a.summary, FactScreen::Field::kSummary);
    if (!verdict.usable) {
      sel.dropped.push_back({id, verdict.reason});
      continue;
    }
    std::optional<int> day = ParseDay(TextScan::Trim(a.date));
    if (!day || !today_day) {
      sel.dropped.push_back({id, "no valid date"});
      continue;
    }
    if (*day > *today_day) {
      sel.dropped.push_back({id, "future-dated"});
      continue;
    }
    int age = *today_day - *day;
    if (age > window_days_) {
      sel.dropped.push_back({id, "older than " + std::to_string(window_days_) + " days"});
      continue;
    }
    std::string type = TextScan::LowerAscii(TextScan::Trim(a.type));
    int weight = TypeWeight(intent.kind, type);
    if (IsNegative(a) && intent.kind != CampaignKind::kCheckIn) weight = 0;
    if (weight == 0) {
      sel.dropped.push_back({id, "not relevant to " + std::string(KindName(intent.kind))});
      continue;
    }
    if (!seen_summaries.insert(TextScan::LowerAscii(verdict.text)).second) {
      sel.dropped.push_back({id, "duplicate"});
      continue;
    }
    // Relevance dominates; within the same relevance the newer fact wins.
    int score = (weight + IntentBoost(intent, type)) * 1000 + (window_days_ - age);
    sel.activities.push_back(SelectedFact{id, type, verdict.text, std::string(a.date), score});
  }
  std::stable_sort(sel.activities.begin(), sel.activities.end(),
                   [](const SelectedFact& x, const SelectedFact& y) { return x.score > y.score; });

  sel.role = ScreenField(recipient.role, "role", FactScreen::Field::kRole, &sel.dropped);
  sel.company =
      ScreenField(recipient.company, "company", FactScreen::Field::kCompany, &sel.dropped);
  sel.plan = ScreenField(recipient.plan, "plan", FactScreen::Field::kPlan, &sel.dropped);
  sel.account_state = ScreenField(TextScan::LowerAscii(recipient.account_state), "account_state",
                                  FactScreen::Field::kShortValue, &sel.dropped);

  sel.first_name = ScreenName(recipient.first_name);
  sel.last_name = ScreenName(recipient.last_name);
  std::string full = ScreenName(recipient.name);
  if (sel.first_name.empty() && !full.empty()) {
    size_t space = full.find(' ');
    sel.first_name = full.substr(0, space);
    if (sel.last_name.empty() && space != std::string::npos) {
      sel.last_name = std::string(TextScan::Trim(full.substr(space + 1)));
    }
  }
  return sel;
}

bool FactSelection::HasUsableFacts() const {
  return !activities.empty() || role.has_value() || company.has_value();
}

std::string FactSelection::FailureReason() const {
  if (HasUsableFacts()) return "";
  std::vector<std::string> activity_reasons;
  std::map<std::string, std::string> field_reasons;
  for (const auto& d : dropped) {
    if (d.id.starts_with("activity:")) activity_reasons.push_back(d.reason);
    if (d.id == "recipient:role" || d.id == "recipient:company") field_reasons[d.id] = d.reason;
  }
  std::string reason = "no usable facts: ";
  if (activity_reasons.empty()) {
    reason += "no activities";
  } else {
    size_t n = activity_reasons.size();
    reason += std::to_string(n) + (n == 1 ? " activity" : " activities") + " dropped (" +
              JoinReasons(activity_reasons) + ")";
  }
  for (std::string_view field : {"role", "company"}) {
    auto it = field_reasons.find("recipient:" + std::string(field));
    reason += "; ";
    reason += it == field_reasons.end() ? "no " + std::string(field)
                                        : std::string(field) + " dropped (" + it->second + ")";
  }
  return reason;
}

}  // namespace draftbox
