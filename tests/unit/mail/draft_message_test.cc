// BuildDraftMessage, NewMessageId and HeaderValue. Every built message is parsed back twice:
// with HeaderValue and, independently, with vmime's MIME parser (headers, addresses, body).
#include "mail/draft_message.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <vmime/vmime.hpp>

namespace draftbox {
namespace {

const std::vector<std::string> kExpectedHeaders = {
    "Date",         "From",         "To",
    "Subject",      "Message-ID",   "X-Draftbox-Id",
    "MIME-Version", "Content-Type", "Content-Transfer-Encoding"};

DraftMessage Base() {
  DraftMessage m;
  m.from_name = "Dana Reyes";
  m.from_address = "dana@example.com";
  m.to_name = "Jordan Lee";
  m.to_address = "jordan@acme.test";
  m.subject = "Congratulations on the Series B";
  m.body = "Hi Jordan,\n\ncongratulations!\n\nDana Reyes\nAccount Executive\n";
  m.message_id = "<0123456789abcdef0123456789abcdef.draftbox@example.com>";
  m.draft_id = 42;
  m.date_unix = 1700000000;
  return m;
}

std::string Build(const DraftMessage& m) {
  auto built = BuildDraftMessage(m);
  if (!built) throw std::runtime_error(built.error().ToString());
  return *built;
}

std::string HeaderSection(const std::string& raw) { return raw.substr(0, raw.find("\r\n\r\n")); }

// Names of the header fields in order, by the RFC 5322 rule: a line not starting with white
// space starts a field.
std::vector<std::string> HeaderNames(const std::string& raw) {
  std::vector<std::string> names;
  std::istringstream in(HeaderSection(raw));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != ' ' && line[0] != '\t')
      names.push_back(line.substr(0, line.find(':')));
  }
  return names;
}

// CRLF only, no line over 998 octets, an all-ASCII header section, every header once.
void ExpectWellFormed(const std::string& raw) {
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n') {
      ASSERT_TRUE(i > 0 && raw[i - 1] == '\r') << "bare LF at " << i;
    }
    if (raw[i] == '\r') {
      ASSERT_TRUE(i + 1 < raw.size() && raw[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  size_t start = 0;
  while (start < raw.size()) {
    const size_t end = raw.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "message does not end with CRLF";
    EXPECT_LE(end - start, 998u) << raw.substr(start, 60);
    start = end + 2;
  }
  for (unsigned char c : HeaderSection(raw)) ASSERT_TRUE(c < 0x80) << "8-bit byte in headers";
  EXPECT_EQ(HeaderNames(raw), kExpectedHeaders) << raw;
}

vmime::shared_ptr<vmime::message> Parse(const std::string& raw) {
  auto message = vmime::make_shared<vmime::message>();
  message->parse(raw);
  return message;
}

std::string Utf8(const vmime::text& text) { return text.getConvertedText(vmime::charsets::UTF_8); }

// From and To as vmime reads them: {name, address}; To must hold exactly one mailbox.
std::pair<std::string, std::string> ParsedFrom(const std::string& raw) {
  auto from = Parse(raw)->getHeader()->From()->getValue<vmime::mailbox>();
  return {Utf8(from->getName()), from->getEmail().toString()};
}

std::pair<std::string, std::string> ParsedTo(const std::string& raw) {
  auto to = Parse(raw)->getHeader()->To()->getValue<vmime::addressList>();
  if (to->getAddressCount() != 1)
    throw std::runtime_error("To holds " + std::to_string(to->getAddressCount()) + " addresses");
  auto mailbox = vmime::dynamicCast<vmime::mailbox>(to->getAddressAt(0));
  if (!mailbox) throw std::runtime_error("To is not a single mailbox");
  return {Utf8(mailbox->getName()), mailbox->getEmail().toString()};
}

std::string ParsedSubject(const std::string& raw) {
  return Utf8(*Parse(raw)->getHeader()->Subject()->getValue<vmime::text>());
}

// The body after undoing its Content-Transfer-Encoding, decoded by vmime.
std::string DecodedBody(const std::string& raw) {
  std::string out;
  vmime::utility::outputStreamStringAdapter stream(out);
  Parse(raw)->getBody()->getContents()->extract(stream);
  return out;
}

std::string Crlf(const std::string& lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

TEST(DraftMessageTest, WritesEachRequiredHeaderOnceWithCrlf) {
  const std::string raw = Build(Base());
  ExpectWellFormed(raw);
  EXPECT_EQ(HeaderValue(raw, "MIME-Version"), "1.0");
  EXPECT_EQ(HeaderValue(raw, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(HeaderValue(raw, "Content-Transfer-Encoding"), "7bit");
}

TEST(DraftMessageTest, PlainHeadersRoundTrip) {
  const std::string raw = Build(Base());
  EXPECT_EQ(HeaderValue(raw, "From"), "Dana Reyes <dana@example.com>");
  EXPECT_EQ(HeaderValue(raw, "To"), "Jordan Lee <jordan@acme.test>");
  EXPECT_EQ(HeaderValue(raw, "Subject"), "Congratulations on the Series B");
  EXPECT_EQ(HeaderValue(raw, "Message-ID"), Base().message_id);
  EXPECT_EQ(HeaderValue(raw, "X-Draftbox-Id"), "42");
  EXPECT_EQ(HeaderValue(raw, "Date"), "Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(ParsedFrom(raw), std::make_pair(std::string("Dana Reyes"), Base().from_address));
  EXPECT_EQ(ParsedTo(raw), std::make_pair(std::string("Jordan Lee"), Base().to_address));
  EXPECT_EQ(ParsedSubject(raw), Base().subject);
}

TEST(DraftMessageTest, EmptyDisplayNamesGiveBareAddresses) {
  DraftMessage m = Base();
  m.from_name = "";
  m.to_name = " \r\n ";
  const std::string raw = Build(m);
  ExpectWellFormed(raw);
  EXPECT_EQ(HeaderValue(raw, "From"), "dana@example.com");
  EXPECT_EQ(HeaderValue(raw, "To"), "jordan@acme.test");
}

TEST(DraftMessageTest, GermanUmlautsRoundTripEncoded) {
  DraftMessage m = Base();
  m.from_name = "Dana Größer";
  m.to_name = "Jörg Müller";
  m.subject = "Grüße aus Köln – Glückwunsch zur Finanzierung";
  const std::string raw = Build(m);
  ExpectWellFormed(raw);
  EXPECT_NE(HeaderSection(raw).find("=?UTF-8?"), std::string::npos);
  EXPECT_EQ(HeaderValue(raw, "Subject"), m.subject);
  EXPECT_EQ(HeaderValue(raw, "To"), "Jörg Müller <jordan@acme.test>");
  EXPECT_EQ(ParsedFrom(raw).first, "Dana Größer");
  EXPECT_EQ(ParsedTo(raw), std::make_pair(m.to_name, m.to_address));
  EXPECT_EQ(ParsedSubject(raw), m.subject);
}

TEST(DraftMessageTest, EmojiRoundTrip) {
  DraftMessage m = Base();
  m.to_name = "🚀 Rocket Team 🎉";
  m.subject =
      "🎉🎉 Congrats 🥳 on 10k users "
      "🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀";
  const std::string raw = Build(m);
  ExpectWellFormed(raw);
  EXPECT_EQ(HeaderValue(raw, "Subject"), m.subject);
  EXPECT_EQ(ParsedSubject(raw), m.subject);
  EXPECT_EQ(ParsedTo(raw).first, m.to_name);
}

TEST(DraftMessageTest, LongSubjectIsFoldedUnder78AndRoundTrips) {
  std::string words;
  while (words.size() < 200) words += "word" + std::to_string(words.size()) + " ";
  words.pop_back();
  for (const std::string& subject : {words, "Grüße " + words}) {
    DraftMessage m = Base();
    m.subject = subject;
    const std::string raw = Build(m);
    ExpectWellFormed(raw);
    std::istringstream in(HeaderSection(raw));
    for (std::string line; std::getline(in, line);) EXPECT_LE(line.size(), 79u) << line;  // + CR
    EXPECT_EQ(HeaderValue(raw, "Subject"), subject);
    EXPECT_EQ(ParsedSubject(raw), subject);
  }
}

TEST(DraftMessageTest, SubjectWithoutSpacesStaysUnder998Octets) {
  for (size_t length : {200u, 1200u, 5000u}) {
    DraftMessage m = Base();
    m.subject = std::string(length, 'x');
    m.to_name = std::string(length, 'y');
    const std::string raw = Build(m);
    ExpectWellFormed(raw);
    EXPECT_EQ(HeaderValue(raw, "Subject"), m.subject);
    EXPECT_EQ(ParsedTo(raw).first, m.to_name);
  }
}

TEST(DraftMessageTest, NamesWithQuotesCommasAndDotsAreQuoted) {
  DraftMessage m = Base();
  m.from_name = "Reyes, Dana \"The Closer\" Jr.";
  m.to_name = "Lee, Jordan (CTO) <boss@evil.test> \\ @";
  const std::string raw = Build(m);
  ExpectWellFormed(raw);
  EXPECT_EQ(HeaderValue(raw, "From"), "\"Reyes, Dana \\\"The Closer\\\" Jr.\" <dana@example.com>");
  EXPECT_EQ(ParsedFrom(raw), std::make_pair(m.from_name, m.from_address));
  EXPECT_EQ(ParsedTo(raw), std::make_pair(m.to_name, m.to_address));
}

TEST(DraftMessageTest, NonAsciiNameWithCommaStaysOneMailbox) {
  DraftMessage m = Base();
  m.to_name = "Müller, Jörg \"JJ\"";
  const std::string raw = Build(m);
  ExpectWellFormed(raw);
  EXPECT_EQ(ParsedTo(raw), std::make_pair(m.to_name, m.to_address));
}

// Hostile text in every free-text field stays inside its own header as spaces.
TEST(DraftMessageTest, LineBreaksInNamesAndSubjectCannotAddHeaders) {
  const std::vector<std::string> hostile = {"Bob\r\nBcc: evil@x.com",
                                            "Bob\nBcc: evil@x.com",
                                            "Bob\rBcc: evil@x.com",
                                            "Bob\r\n\r\nBcc: evil@x.com",
                                            std::string("Bob\0Bcc: evil@x.com", 19),
                                            "Bob\t\x0b\x0c\x7f\xc2\x85\xe2\x80\xa8"
                                            "Bcc: evil@x.com"};
  for (const std::string& text : hostile) {
    for (std::string DraftMessage::*field :
         {&DraftMessage::from_name, &DraftMessage::to_name, &DraftMessage::subject}) {
      DraftMessage m = Base();
      m.*field = text;
      const std::string raw = Build(m);
      SCOPED_TRACE(raw);
      ExpectWellFormed(raw);
      EXPECT_EQ(HeaderValue(raw, "Bcc"), std::nullopt);
      EXPECT_FALSE(Parse(raw)->getHeader()->hasField("Bcc"));
      EXPECT_EQ(Parse(raw)->getHeader()->getFieldCount(), kExpectedHeaders.size());
      if (field == &DraftMessage::subject) {
        EXPECT_EQ(HeaderValue(raw, "Subject"), "Bob Bcc: evil@x.com");
      } else if (field == &DraftMessage::to_name) {
        EXPECT_EQ(ParsedTo(raw), std::make_pair(std::string("Bob Bcc: evil@x.com"), m.to_address));
      } else {
        EXPECT_EQ(ParsedFrom(raw).first, "Bob Bcc: evil@x.com");
      }
    }
  }
}

TEST(DraftMessageTest, HostileAddressesAndMessageIdAreRejectedNamingTheField) {
  const std::string hostile = "bob@x.com\r\nBcc: evil@x.com";
  for (std::string DraftMessage::*field :
       {&DraftMessage::from_address, &DraftMessage::to_address, &DraftMessage::message_id}) {
    DraftMessage m = Base();
    m.*field = field == &DraftMessage::message_id ? "<a@x.com>\r\nBcc: evil@x.com" : hostile;
    auto built = BuildDraftMessage(m);
    ASSERT_FALSE(built.has_value());
    EXPECT_EQ(built.error().code, ErrorCode::kInvalidArgument);
    const std::string name = field == &DraftMessage::from_address ? "from_address"
                             : field == &DraftMessage::to_address ? "to_address"
                                                                  : "message_id";
    EXPECT_EQ(built.error().message.rfind(name + ":", 0), 0u) << built.error().message;
    EXPECT_EQ(built.error().message.find_first_of("\r\n"), std::string::npos);
  }
}

TEST(DraftMessageTest, BodyCannotAddHeaders) {
  DraftMessage m = Base();
  m.body = "\r\nBcc: evil@x.com\r\n\r\nBob\nBcc: evil@x.com\n";
  const std::string raw = Build(m);
  ExpectWellFormed(raw);
  EXPECT_EQ(HeaderValue(raw, "Bcc"), std::nullopt);
  EXPECT_EQ(DecodedBody(raw), "\r\nBcc: evil@x.com\r\n\r\nBob\r\nBcc: evil@x.com\r\n");
}

TEST(DraftMessageTest, RejectsInvalidAddresses) {
  for (const std::string address :
       {"", "no-at-sign", "a@b@c.com", "a..b@x.com", ".a@x.com", "a@-x.com", "a@x..com",
        "jörg@x.de", "a b@x.com", "<a@x.com>", "Bob <a@x.com>", "a@x.com, b@y.com", "a@", "@x.com",
        "\"quoted\"@x.com", "a@[127.0.0.1]"}) {
    for (std::string DraftMessage::*field :
         {&DraftMessage::from_address, &DraftMessage::to_address}) {
      DraftMessage m = Base();
      m.*field = address;
      auto built = BuildDraftMessage(m);
      ASSERT_FALSE(built.has_value()) << address;
      EXPECT_EQ(built.error().code, ErrorCode::kInvalidArgument);
      const char* name = field == &DraftMessage::from_address ? "from_address:" : "to_address:";
      EXPECT_EQ(built.error().message.rfind(name, 0), 0u) << built.error().message;
    }
  }
}

TEST(DraftMessageTest, AcceptsOrdinaryAddresses) {
  for (const std::string address :
       {"a@x.com", "first.last+tag@sub.example.co.uk", "o'brien@x-y.de", "dana@localhost"}) {
    DraftMessage m = Base();
    m.to_address = address;
    const std::string raw = Build(m);
    EXPECT_EQ(ParsedTo(raw).second, address);
  }
}

TEST(DraftMessageTest, RejectsMalformedMessageId) {
  for (const std::string& id : std::vector<std::string>{
           "", "abc@x.com", "<abc>", "<a b@x.com>", "<a@x.com", "<@x.com>", "<a@>", "<a@b@c>",
           "<a@x.com> ", "<" + std::string(300, 'a') + "@x.com>"}) {
    DraftMessage m = Base();
    m.message_id = id;
    auto built = BuildDraftMessage(m);
    ASSERT_FALSE(built.has_value()) << id;
    EXPECT_EQ(built.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(built.error().message.rfind("message_id:", 0), 0u) << built.error().message;
  }
}

TEST(DraftMessageTest, RejectsNonPositiveDraftId) {
  for (int64_t id : {int64_t{0}, int64_t{-5}}) {
    DraftMessage m = Base();
    m.draft_id = id;
    auto built = BuildDraftMessage(m);
    ASSERT_FALSE(built.has_value());
    EXPECT_EQ(built.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(built.error().message.rfind("draft_id:", 0), 0u) << built.error().message;
  }
}

TEST(DraftMessageTest, DateIsRfc5322InUtc) {
  DraftMessage m = Base();
  m.date_unix = 0;
  EXPECT_EQ(HeaderValue(Build(m), "Date"), "Thu, 01 Jan 1970 00:00:00 +0000");
  m.date_unix = 1709251199;  // leap day 2024, last second
  EXPECT_EQ(HeaderValue(Build(m), "Date"), "Thu, 29 Feb 2024 23:59:59 +0000");
}

TEST(DraftMessageTest, TextThatLooksLikeAnEncodedWordIsNotDecoded) {
  DraftMessage m = Base();
  m.subject = "=?UTF-8?Q?a=0D=0ABcc:_x?= literally";
  const std::string raw = Build(m);
  ExpectWellFormed(raw);
  EXPECT_EQ(HeaderValue(raw, "Subject"), m.subject);
  EXPECT_EQ(ParsedSubject(raw), m.subject);
}

TEST(DraftMessageTest, InvalidUtf8InHeadersBecomesReplacementCharacter) {
  DraftMessage m = Base();
  m.subject = "caf\xe9 \xff\xfe end";
  const std::string raw = Build(m);
  ExpectWellFormed(raw);
  EXPECT_EQ(HeaderValue(raw, "Subject"), "caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD end");
}

TEST(DraftMessageTest, Utf8BodyRoundTripsAsQuotedPrintable) {
  DraftMessage m = Base();
  m.body = "Hallo Jörg,\n\nschön, dass es klappt = gut.  \nTabs\tand trailing tab\t\n" +
           std::string(300, 'y') + "\n" + std::string(75, 'z') + "=\n" + std::string(76, 'a') +
           "\nÄÖÜ äöü ß " + std::string(100, 'u') + "\n.\nFrom here\n\nDana";
  const std::string raw = Build(m);
  ExpectWellFormed(raw);
  EXPECT_EQ(HeaderValue(raw, "Content-Transfer-Encoding"), "quoted-printable");
  const std::string body = raw.substr(raw.find("\r\n\r\n") + 4);
  std::istringstream in(body);
  for (std::string line; std::getline(in, line);) EXPECT_LE(line.size(), 77u) << line;  // + CR
  EXPECT_EQ(DecodedBody(raw), Crlf(m.body + "\n"));
}

TEST(DraftMessageTest, BodyLineEndsBecomeCrlf) {
  DraftMessage m = Base();
  m.body = "one\r\ntwo\rthree\nfour\n";
  EXPECT_EQ(DecodedBody(Build(m)), "one\r\ntwo\r\nthree\r\nfour\r\n");
}

TEST(DraftMessageTest, AsciiBodyIsSevenBitAndReadable) {
  const std::string raw = Build(Base());
  EXPECT_EQ(raw.substr(raw.find("\r\n\r\n") + 4), Crlf(Base().body));
}

TEST(DraftMessageTest, MostlyEmojiBodyUsesBase64) {
  DraftMessage m = Base();
  m.body = "🎉🚀🥳 恭喜你们完成融资！我们很高兴。\n" + std::string(200, 'x') +
           "🎉\n";
  const std::string raw = Build(m);
  ExpectWellFormed(raw);
  EXPECT_EQ(HeaderValue(raw, "Content-Transfer-Encoding"), "base64");
  EXPECT_EQ(DecodedBody(raw), Crlf(m.body));
}

TEST(NewMessageIdTest, HasSenderDomainAnd128RandomBits) {
  const std::regex shape(R"(<[0-9a-f]{32}\.draftbox@example\.com>)");
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = NewMessageId("Dana@example.com");
    ASSERT_TRUE(std::regex_match(id, shape)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(NewMessageIdTest, FallsBackToDraftboxInvalidDomain) {
  const std::regex shape(R"(<[0-9a-f]{32}\.draftbox@draftbox\.invalid>)");
  for (const std::string sender : {"", "no-at-sign", "a@bad domain", "a@x.com\r\nBcc: e@x"})
    EXPECT_TRUE(std::regex_match(NewMessageId(sender), shape)) << sender;
}

TEST(NewMessageIdTest, IsAcceptedByBuildDraftMessage) {
  DraftMessage m = Base();
  m.message_id = NewMessageId(m.from_address);
  EXPECT_EQ(HeaderValue(Build(m), "Message-ID"), m.message_id);
}

TEST(HeaderValueTest, FindsNameCaseInsensitivelyAndUnfolds) {
  const std::string raw =
      "Received: from x\r\n\tby y\r\nSUBJECT: part one\r\n  part two\r\nX-Empty:\r\n"
      "Subject: second\r\n\r\nSubject: in body\r\n";
  EXPECT_EQ(HeaderValue(raw, "subject"), "part one  part two");
  EXPECT_EQ(HeaderValue(raw, "Received"), "from x\tby y");
  EXPECT_EQ(HeaderValue(raw, "X-Empty"), "");
}

TEST(HeaderValueTest, AbsentOrOnlyInBodyIsNullopt) {
  const std::string raw = "From: a@x.com\r\n\r\nTo: b@x.com\r\n";
  EXPECT_EQ(HeaderValue(raw, "To"), std::nullopt);
  EXPECT_EQ(HeaderValue(raw, "Fro"), std::nullopt);
  EXPECT_EQ(HeaderValue("", "From"), std::nullopt);
}

TEST(HeaderValueTest, AcceptsBareLfMessages) {
  EXPECT_EQ(HeaderValue("A: 1\nB: two\n three\n\nbody", "b"), "two three");
}

TEST(HeaderValueTest, DecodesOtherCharsetsToUtf8) {
  const std::string raw =
      "Subject: =?ISO-8859-1?Q?Gr=FC=DFe?= und =?utf-8?b?8J+OiQ==?=\r\n"
      "From: =?UTF-8?Q?J=C3=B6rg?=\r\n =?UTF-8?Q?_M=C3=BCller?= <j@x.de>\r\n\r\n";
  EXPECT_EQ(HeaderValue(raw, "Subject"), "Grüße und 🎉");
  EXPECT_EQ(HeaderValue(raw, "From"), "Jörg Müller <j@x.de>");
}

}  // namespace
}  // namespace draftbox
