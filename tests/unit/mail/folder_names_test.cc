#include "mail/folder_names.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

FolderInfo F(std::string name, std::vector<std::string> attributes = {}) {
  return FolderInfo{std::move(name), std::move(attributes)};
}

TEST(FolderNamesTest, PrefersSpecialUseOverCommonNames) {
  const std::vector<FolderInfo> folders = {F("INBOX"),
                                           F("Drafts"),
                                           F("Sent"),
                                           F("Entwürfe", {"\\Drafts"}),
                                           F("Gesendete Elemente", {"\\HasNoChildren", "\\Sent"}),
                                           F("Papierkorb", {"\\Trash"})};
  auto chosen = ChooseFolders(folders, {});
  ASSERT_TRUE(chosen.has_value()) << chosen.error().message;
  EXPECT_EQ(chosen->drafts, "Entwürfe");
  EXPECT_EQ(chosen->sent, "Gesendete Elemente");
  EXPECT_EQ(chosen->trash, "Papierkorb");
  EXPECT_EQ(chosen->inbox, "INBOX");
}

TEST(FolderNamesTest, FindsLocalisedNamesWithoutSpecialUse) {
  auto chosen = ChooseFolders({F("INBOX"), F("Entwürfe"), F("Gesendete Objekte")}, {});
  ASSERT_TRUE(chosen.has_value()) << chosen.error().message;
  EXPECT_EQ(chosen->drafts, "Entwürfe");
  EXPECT_EQ(chosen->sent, "Gesendete Objekte");
  EXPECT_EQ(chosen->trash, "");
}

TEST(FolderNamesTest, FindsNamesUnderInboxAndGmailPrefixes) {
  auto courier = ChooseFolders({F("INBOX"), F("INBOX.Drafts"), F("INBOX.Sent")}, {});
  ASSERT_TRUE(courier.has_value());
  EXPECT_EQ(courier->drafts, "INBOX.Drafts");
  EXPECT_EQ(courier->sent, "INBOX.Sent");
  auto gmail = ChooseFolders({F("INBOX"), F("[Google Mail]", {"\\Noselect"}),
                              F("[Google Mail]/Entwürfe"), F("[Google Mail]/Gesendet")},
                             {});
  ASSERT_TRUE(gmail.has_value());
  EXPECT_EQ(gmail->drafts, "[Google Mail]/Entwürfe");
  EXPECT_EQ(gmail->sent, "[Google Mail]/Gesendet");
}

TEST(FolderNamesTest, MatchesCommonNamesCaseInsensitively) {
  auto chosen = ChooseFolders({F("inbox"), F("DRAFTS"), F("sent items")}, {});
  ASSERT_TRUE(chosen.has_value());
  EXPECT_EQ(chosen->drafts, "DRAFTS");
  EXPECT_EQ(chosen->sent, "sent items");
  EXPECT_EQ(chosen->inbox, "inbox");
}

TEST(FolderNamesTest, PrefersTheMoreCommonName) {
  auto chosen = ChooseFolders({F("Sent Messages"), F("Sent"), F("Draft"), F("Drafts")}, {});
  ASSERT_TRUE(chosen.has_value());
  EXPECT_EQ(chosen->drafts, "Drafts");
  EXPECT_EQ(chosen->sent, "Sent");
}

TEST(FolderNamesTest, ConfiguredNameWinsOverSpecialUse) {
  auto chosen = ChooseFolders({F("Drafts", {"\\Drafts"}), F("Sent", {"\\Sent"}), F("Outreach")},
                              {.drafts = "Outreach", .sent = ""});
  ASSERT_TRUE(chosen.has_value());
  EXPECT_EQ(chosen->drafts, "Outreach");
  EXPECT_EQ(chosen->sent, "Sent");
}

TEST(FolderNamesTest, MissingConfiguredFolderIsNotFoundNamingIt) {
  auto chosen = ChooseFolders({F("Drafts", {"\\Drafts"}), F("Sent", {"\\Sent"})},
                              {.drafts = "", .sent = "Versendet"});
  ASSERT_FALSE(chosen.has_value());
  EXPECT_EQ(chosen.error().code, ErrorCode::kNotFound);
  EXPECT_NE(chosen.error().message.find("\"Versendet\""), std::string::npos);
  EXPECT_NE(chosen.error().message.find("sent_folder"), std::string::npos);
}

TEST(FolderNamesTest, NoDraftsFolderIsNotFound) {
  auto chosen = ChooseFolders({F("INBOX"), F("Sent")}, {});
  ASSERT_FALSE(chosen.has_value());
  EXPECT_EQ(chosen.error().code, ErrorCode::kNotFound);
  EXPECT_NE(chosen.error().message.find("\\Drafts"), std::string::npos);
}

TEST(FolderNamesTest, NeverChoosesNoselectFolders) {
  auto chosen = ChooseFolders(
      {F("Drafts", {"\\Noselect", "\\Drafts"}), F("Entwürfe"), F("Sent", {"\\Sent"})}, {});
  ASSERT_TRUE(chosen.has_value());
  EXPECT_EQ(chosen->drafts, "Entwürfe");
}

}  // namespace
}  // namespace draftbox
