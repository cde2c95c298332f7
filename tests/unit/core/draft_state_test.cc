#include "core/draft_state.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

constexpr DraftState kAll[] = {
    DraftState::kGenerated, DraftState::kPlaced,      DraftState::kSent,
    DraftState::kReplied,   DraftState::kBounced,     DraftState::kUnsubscribed,
    DraftState::kNoReply,   DraftState::kRegenerated, DraftState::kRejected,
    DraftState::kVanished,  DraftState::kSkipped,     DraftState::kNeedsAttention,
};

TEST(DraftStateTest, NamesRoundTrip) {
  for (DraftState s : kAll) {
    auto parsed = ParseDraftState(DraftStateName(s));
    ASSERT_TRUE(parsed) << DraftStateName(s);
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_FALSE(ParseDraftState("Placed"));
  EXPECT_FALSE(ParseDraftState(""));
}

TEST(DraftStateTest, OnlyGeneratedAndPlacedAreOpen) {
  for (DraftState s : kAll) {
    EXPECT_EQ(IsOpen(s), s == DraftState::kGenerated || s == DraftState::kPlaced)
        << DraftStateName(s);
  }
}

TEST(DraftStateTest, FollowsTheDesignedPath) {
  EXPECT_TRUE(CanTransition(DraftState::kGenerated, DraftState::kPlaced));
  EXPECT_TRUE(CanTransition(DraftState::kPlaced, DraftState::kSent));
  EXPECT_TRUE(CanTransition(DraftState::kSent, DraftState::kReplied));
  EXPECT_TRUE(CanTransition(DraftState::kPlaced, DraftState::kVanished));
  EXPECT_TRUE(CanTransition(DraftState::kNoReply, DraftState::kReplied));
}

TEST(DraftStateTest, RefusesMovesBackwardsAndOutOfEndStates) {
  EXPECT_FALSE(CanTransition(DraftState::kSent, DraftState::kPlaced));
  EXPECT_FALSE(CanTransition(DraftState::kGenerated, DraftState::kSent));
  EXPECT_FALSE(CanTransition(DraftState::kRejected, DraftState::kPlaced));
  EXPECT_FALSE(CanTransition(DraftState::kSkipped, DraftState::kGenerated));
  EXPECT_FALSE(CanTransition(DraftState::kBounced, DraftState::kReplied));
  for (DraftState s : kAll) EXPECT_FALSE(CanTransition(s, s)) << DraftStateName(s);
}

}  // namespace
}  // namespace draftbox
