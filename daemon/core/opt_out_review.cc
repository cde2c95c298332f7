#include "core/opt_out_review.h"

#include <array>
#include <utility>

namespace draftbox {
namespace {

constexpr std::array<std::pair<OptOutReviewState, std::string_view>, 3> kNames = {{
    {OptOutReviewState::kPending, "pending"},
    {OptOutReviewState::kConfirmed, "confirmed"},
    {OptOutReviewState::kDismissed, "dismissed"},
}};

}  // namespace

std::string_view OptOutReviewStateName(OptOutReviewState state) {
  for (const auto& [s, name] : kNames) {
    if (s == state) return name;
  }
  return "pending";
}

Result<OptOutReviewState> ParseOptOutReviewState(std::string_view name) {
  for (const auto& [s, n] : kNames) {
    if (n == name) return s;
  }
  return Fail(ErrorCode::kInvalidArgument,
              "state must be pending, confirmed or dismissed, not '" + std::string(name) + "'");
}

std::string OptOutReviewHoldReason(const OptOutReview& review) {
  const std::string id = std::to_string(review.id);
  std::string why = "possible opt-out " + id + " awaits review";
  if (!review.phrase.empty()) why += " (" + review.phrase + ")";
  if (!review.message_id.empty()) why += " in reply " + review.message_id;
  return why + ": confirm or dismiss it (draftbox optouts confirm|dismiss " + id + ")";
}

}  // namespace draftbox
