#include "core/draft_state.h"

#include <array>
#include <utility>

namespace draftbox {
namespace {

constexpr std::array<std::pair<DraftState, std::string_view>, 12> kNames = {{
    {DraftState::kGenerated, "generated"},
    {DraftState::kPlaced, "placed"},
    {DraftState::kSent, "sent"},
    {DraftState::kReplied, "replied"},
    {DraftState::kBounced, "bounced"},
    {DraftState::kUnsubscribed, "unsubscribed"},
    {DraftState::kNoReply, "no_reply"},
    {DraftState::kRegenerated, "regenerated"},
    {DraftState::kRejected, "rejected"},
    {DraftState::kVanished, "vanished"},
    {DraftState::kSkipped, "skipped"},
    {DraftState::kNeedsAttention, "needs_attention"},
}};

}  // namespace

std::string_view DraftStateName(DraftState state) {
  for (const auto& [s, name] : kNames) {
    if (s == state) return name;
  }
  return "needs_attention";
}

std::optional<DraftState> ParseDraftState(std::string_view name) {
  for (const auto& [s, n] : kNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

bool IsOpen(DraftState state) {
  return state == DraftState::kGenerated || state == DraftState::kPlaced;
}

bool CanTransition(DraftState from, DraftState to) {
  using enum DraftState;
  switch (from) {
    case kGenerated:
      return to == kPlaced || to == kNeedsAttention;
    case kPlaced:
      return to == kSent || to == kRegenerated || to == kRejected || to == kVanished;
    case kVanished:  // the rep sent it after all, from a copy the watcher did not follow
      return to == kSent;
    case kSent:
      return to == kReplied || to == kBounced || to == kUnsubscribed || to == kNoReply;
    case kReplied:
      return to == kUnsubscribed;
    case kNoReply:
      return to == kReplied || to == kBounced || to == kUnsubscribed;
    default:
      return false;
  }
}

}  // namespace draftbox
