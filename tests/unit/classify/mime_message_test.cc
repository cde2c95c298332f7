// MimeMessage on broken structure: a multipart whose declared boundary is not the one its body
// uses is split by the boundary the body does use, so the parts keep their types and transfer
// encodings; a body with no usable boundary stays one text part.
#include "classify/mime_message.h"

#include <gtest/gtest.h>

#include <string>

namespace draftbox {
namespace {

TEST(MimeMessageTest, SplitsByTheBoundaryTheBodyUsesWhenTheDeclaredOneIsAbsent) {
  const std::string raw =
      "Subject: Delivery Status Notification (Failure)\n"
      "Content-Type: multipart/report; boundary=\"abc01\"; report-type=delivery-status\n"
      "\n"
      "--abc00\n"
      "Content-Type: text/plain; charset=UTF-8\n"
      "Content-Transfer-Encoding: quoted-printable\n"
      "\n"
      "The email account that you tried to reach does not exi=\n"
      "st.\n"
      "--abc00\n"
      "Content-Type: message/delivery-status\n"
      "\n"
      "Final-Recipient: rfc822; gone@example.org\n"
      "Status: 5.1.1\n"
      "--abc00--\n";
  MimeMessage message = MimeMessage::Parse(raw);
  ASSERT_EQ(message.parts().size(), 2u);
  EXPECT_EQ(message.parts()[0].content_type, "text/plain");
  EXPECT_EQ(message.parts()[0].body, "The email account that you tried to reach does not exist.");
  EXPECT_EQ(message.parts()[1].content_type, "message/delivery-status");
}

TEST(MimeMessageTest, ReadsAMultipartWithoutAnyClosedBoundaryAsOneTextPart) {
  const std::string raw =
      "Content-Type: multipart/mixed; boundary=\"declared\"\n"
      "\n"
      "--not-closed\n"
      "Some text\n"
      "-----Original Message-----\n";
  MimeMessage message = MimeMessage::Parse(raw);
  ASSERT_EQ(message.parts().size(), 1u);
  EXPECT_EQ(message.parts()[0].content_type, "text/plain");
  EXPECT_NE(message.parts()[0].body.find("Some text"), std::string::npos);
}

}  // namespace
}  // namespace draftbox
