// MatchDraftCopies: which message in Drafts is the copy a client saved of a placed draft.
#include "app/draft_copies.h"

#include <gtest/gtest.h>

#include <string>

namespace draftbox {
namespace {

constexpr char kBody[] =
    "Hi Ana,\n\nCongratulations on the Series B. Teams that just raised grow their pipeline "
    "fastest with clean CRM data.\n\nWould a 20-minute call next week work?\n\nDana Reyes\n";

DraftRecord Draft(int64_t id, const std::string& to, const std::string& body = kBody) {
  DraftRecord d;
  d.id = id;
  d.to_address = to;
  d.body = body;
  return d;
}

FetchedMessage Copy(uint32_t uid, const std::string& to, const std::string& body,
                    const std::string& draft_id_header = "") {
  std::string raw = "From: Dana <dana@example.com>\r\nTo: " + to +
                    "\r\nSubject: Hello\r\nMessage-ID: <" + std::to_string(uid) +
                    "@client.example>\r\n";
  if (!draft_id_header.empty()) raw += "X-Draftbox-Id: " + draft_id_header + "\r\n";
  raw += "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body;
  return FetchedMessage{uid, raw, {}};
}

TEST(DraftCopiesTest, AnEditedCopyToTheSameRecipientIsTheDraftsCopy) {
  auto found = MatchDraftCopies(
      {Draft(7, "Ana@Acme.example")},
      {Copy(12, "Ana Lima <ana@acme.example>", std::string("One line of my own.\n\n") + kBody)});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found.at(7), 12u);
}

TEST(DraftCopiesTest, TheDraftIdHeaderWinsOverTextAndAddress) {
  auto found = MatchDraftCopies(
      {Draft(7, "ana@acme.example"), Draft(8, "ben@bolt.example")},
      {Copy(12, "ana@acme.example", kBody, "8"), Copy(13, "ana@acme.example", kBody)});
  EXPECT_EQ(found.at(8), 12u);
  EXPECT_EQ(found.at(7), 13u);
}

TEST(DraftCopiesTest, NoCopyForOtherRecipientsOrOtherText) {
  auto found = MatchDraftCopies({Draft(7, "ana@acme.example")},
                                {Copy(12, "bob@acme.example", kBody),
                                 Copy(13, "ana@acme.example", "Lunch on Friday? Best, Dana")});
  EXPECT_TRUE(found.empty());
}

TEST(DraftCopiesTest, TheNewestOfTwoEqualCopiesWinsAndEachCopyServesOneDraft) {
  auto found =
      MatchDraftCopies({Draft(7, "ana@acme.example"), Draft(9, "ana@acme.example")},
                       {Copy(12, "ana@acme.example", kBody), Copy(15, "ana@acme.example", kBody)});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found.at(7), 15u);
  EXPECT_EQ(found.at(9), 12u);
}

}  // namespace
}  // namespace draftbox
