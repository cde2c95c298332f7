// The classifier on real client replies (tests/data/replies/), on auto-replies and opt-out
// requests, and on every file in tests/data/ plus hostile input: no crash, bounded work.
#include "classify/message_classifier.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "classify/mime_message.h"
#include "classify/reply_text.h"
#include "support/test_data.h"

namespace draftbox {
namespace {

std::filesystem::path DataDir() { return test::TestDataPath(""); }

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Where the corpus gives the expected reply text (*_reply_text) it is used; every other client
// reply in it answers "Hi" with the single word "Hello" above or below the quote.
TEST(MessageClassifierTest, SplitsEveryClientsReplyFromItsQuote) {
  std::filesystem::path dir = DataDir() / "replies";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".eml") continue;
    Classification result = ClassifyMessage(ReadFile(entry.path()));
    std::filesystem::path expected_file = dir / (entry.path().stem().string() + "_reply_text");
    std::string expected =
        std::filesystem::exists(expected_file) ? Trim(ReadFile(expected_file)) : "Hello";
    EXPECT_EQ(result.kind, MessageKind::kReply) << entry.path();
    EXPECT_EQ(Trim(result.reply_text), expected) << entry.path();
    EXPECT_EQ(result.opt_out, OptOutVerdict::kNone) << entry.path();
    ++checked;
  }
  EXPECT_GE(checked, 12);
}

TEST(MessageClassifierTest, ReadsLinkingHeadersOfAReply) {
  Classification result = ClassifyMessage(
      "From: Ann <ann@example.com>\nSubject: Re: Hello\nMessage-ID: <r1@example.com>\n"
      "In-Reply-To: <d1@draftbox>\nReferences: <a@x> <d1@draftbox>\n\nThanks!\n");
  EXPECT_EQ(result.kind, MessageKind::kReply);
  EXPECT_EQ(result.from, "ann@example.com");
  EXPECT_EQ(result.subject, "Re: Hello");
  EXPECT_EQ(result.in_reply_to, "d1@draftbox");
  ASSERT_EQ(result.references.size(), 2u);
  EXPECT_EQ(result.references[1], "d1@draftbox");
}

TEST(MessageClassifierTest, FindsOptOutInTheReplyButNotInTheQuote) {
  const char* kHeader = "From: a@example.com\nSubject: Re: Hi\nIn-Reply-To: <x@y>\n\n";
  for (const char* body :
       {"Please remove me from your list.", "unsubscribe", "Kein Interesse mehr, bitte austragen.",
        "Merci de me désabonner.", "Por favor, darme de baja.", "Please stop emailing me"}) {
    Classification result = ClassifyMessage(std::string(kHeader) + body + "\n");
    EXPECT_EQ(result.opt_out, OptOutVerdict::kOptOut) << body;
  }
  Classification quoted = ClassifyMessage(std::string(kHeader) +
                                          "Sounds good, call me Monday.\n\nOn Mon, 1 Jan 2024, Bob "
                                          "wrote:\n> To unsubscribe click here\n");
  EXPECT_EQ(quoted.reply_text, "Sounds good, call me Monday.");
  EXPECT_EQ(quoted.opt_out, OptOutVerdict::kNone);
}

TEST(MessageClassifierTest, TellsAutoRepliesFromRepliesAndBounces) {
  for (const char* headers :
       {"Auto-Submitted: auto-replied\nSubject: Re: Hi\n", "Subject: Out of Office: Hi\n",
        "Subject: Automatische Antwort: Hallo\n", "Subject: Abwesenheitsnotiz: Hallo\n",
        "Subject: Réponse automatique : Bonjour\n", "Subject: Respuesta automática: Hola\n",
        "Precedence: auto_reply\nSubject: Re: Hi\n"}) {
    Classification result =
        ClassifyMessage(std::string("From: a@example.com\nIn-Reply-To: <x@y>\n") + headers +
                        "\nI am away until Monday.\n");
    EXPECT_EQ(result.kind, MessageKind::kAutoReply) << headers;
  }
  // X-Auto-Response-Suppress only asks others not to answer: a person's reply carries it.
  Classification person = ClassifyMessage(
      "From: a@example.com\nSubject: Re: Hi\nX-Auto-Response-Suppress: All\n\nYes, let's talk.\n");
  EXPECT_EQ(person.kind, MessageKind::kReply);
}

TEST(MessageClassifierTest, ReadsAPermanentDsnAndNeverSuppressesADelay) {
  auto dsn = [](const char* action, const char* status) {
    return std::string(
               "From: MAILER-DAEMON@example.org\nSubject: Delivery Status Notification\n"
               "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n"
               "--b\nContent-Type: text/plain\n\nSorry.\n--b\n"
               "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
               "Final-Recipient: rfc822; gone@example.com\nAction: ") +
           action + "\nStatus: " + status +
           "\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n\n--b--\n";
  };
  Classification failed = ClassifyMessage(dsn("failed", "5.1.1"));
  ASSERT_EQ(failed.kind, MessageKind::kBounce);
  ASSERT_EQ(failed.recipients.size(), 1u);
  EXPECT_EQ(failed.recipients[0].address, "gone@example.com");
  EXPECT_EQ(failed.recipients[0].status, "5.1.1");
  EXPECT_EQ(failed.recipients[0].reason, "userunknown");
  EXPECT_TRUE(failed.recipients[0].permanent);
  Classification delayed = ClassifyMessage(dsn("delayed", "4.4.7"));
  ASSERT_EQ(delayed.kind, MessageKind::kBounce);
  EXPECT_FALSE(delayed.recipients[0].permanent);
  nlohmann::json line = ClassificationToJson(failed, "x.eml");
  EXPECT_EQ(line["kind"], "bounce");
  EXPECT_EQ(line["permanent"], true);
  EXPECT_EQ(line["recipient"], "gone@example.com");
  EXPECT_TRUE(line["reply_text"].is_null());
}

TEST(MessageClassifierTest, ReadsEveryDataFileWithoutCrashing) {
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(DataDir())) {
    if (!entry.is_regular_file()) continue;
    Classification result = ClassifyMessage(ReadFile(entry.path()));
    std::string dumped = ClassificationToJson(result, entry.path().string()).dump();
    EXPECT_FALSE(dumped.empty()) << entry.path();
    ++files;
  }
  EXPECT_GT(files, 430);
}

TEST(MessageClassifierTest, BoundsNestingHeadersAndParts) {
  std::string deep = "Content-Type: multipart/mixed; boundary=b0\n\n";
  for (int i = 1; i < 2000; ++i) {
    deep += "--b" + std::to_string(i - 1) + "\nContent-Type: multipart/mixed; boundary=b" +
            std::to_string(i) + "\n\n";
  }
  MimeMessage nested = MimeMessage::Parse(deep);
  EXPECT_TRUE(nested.truncated());
  EXPECT_LE(nested.parts().size(), MimeMessage::kMaxParts);

  std::string many_headers;
  for (int i = 0; i < 100000; ++i) many_headers += "X-H: v\n";
  EXPECT_LE(MimeMessage::Parse(many_headers + "\nbody").headers().size(), MimeMessage::kMaxHeaders);

  std::string many_parts = "Content-Type: multipart/mixed; boundary=b\n\n";
  for (int i = 0; i < 10000; ++i) many_parts += "--b\n\nx\n";
  MimeMessage wide = MimeMessage::Parse(many_parts);
  EXPECT_TRUE(wide.truncated());
  EXPECT_EQ(wide.parts().size(), MimeMessage::kMaxParts);

  Classification garbage = ClassifyMessage(std::string("\xff\xfe=?utf-8?B?\x80?=\0\n\n", 14));
  EXPECT_EQ(garbage.kind, MessageKind::kOther);
}

TEST(MessageClassifierTest, HtmlOnlyReplyLosesItsBlockquote) {
  std::string text = ExtractReplyText(HtmlToText(
      "<div>Not now, thanks<br></div><blockquote>Old <b>offer</b><br>unsubscribe</blockquote>"));
  EXPECT_EQ(text, "Not now, thanks");
}

}  // namespace
}  // namespace draftbox
