#include "core/suppression.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace draftbox {
namespace {

constexpr int64_t kOct1 = 1790812800;  // 2026-10-01T00:00:00Z

SuppressionEntry Entry(SuppressionKind kind, std::string value, std::string reason = "unsubscribed",
                       std::string source = "crm", int64_t created_at = kOct1) {
  return SuppressionEntry{1,         kind, std::move(value), std::move(reason), std::move(source),
                          created_at};
}

Recipient Person(std::string email, int64_t id = 0, std::string country = "",
                 std::map<std::string, std::string> consent = {}) {
  Recipient r;
  r.id = id;
  r.email = std::move(email);
  r.country = std::move(country);
  r.consent = std::move(consent);
  return r;
}

const ComplianceRules kRules{{"DE", "CA"}};

struct VerdictCase {
  const char* name;
  Recipient recipient;
  std::vector<SuppressionEntry> entries;
  bool suppressed;
  std::string reason;
};

class CheckSuppressionTest : public ::testing::TestWithParam<VerdictCase> {};

TEST_P(CheckSuppressionTest, DecidesAsTheRulesSay) {
  const VerdictCase& c = GetParam();
  SuppressionVerdict verdict = CheckSuppression(c.recipient, SuppressionLookup{c.entries}, kRules);
  EXPECT_EQ(verdict.suppressed, c.suppressed);
  EXPECT_EQ(verdict.reason, c.reason);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, CheckSuppressionTest,
    ::testing::Values(
        VerdictCase{"AddressOnList",
                    Person("ana@acme.com"),
                    {Entry(SuppressionKind::kAddress, "ana@acme.com")},
                    true,
                    "address on suppression list (unsubscribed, 2026-10-01, crm)"},
        VerdictCase{"AddressIsCaseInsensitive",
                    Person(" Ana@ACME.com "),
                    {Entry(SuppressionKind::kAddress, "ana@acme.com")},
                    true,
                    "address on suppression list (unsubscribed, 2026-10-01, crm)"},
        VerdictCase{"OtherAddressDoesNotMatch",
                    Person("bob@acme.com"),
                    {Entry(SuppressionKind::kAddress, "ana@acme.com")},
                    false,
                    ""},
        VerdictCase{"DomainOnList",
                    Person("bob@acme.com"),
                    {Entry(SuppressionKind::kDomain, "acme.com", "customer freeze", "legal")},
                    true,
                    "domain @acme.com on suppression list (customer freeze, 2026-10-01, legal)"},
        VerdictCase{"DomainCoversSubdomains",
                    Person("x@mail.eu.acme.com"),
                    {Entry(SuppressionKind::kDomain, "acme.com", "freeze", "", 0)},
                    true,
                    "domain @acme.com on suppression list (freeze)"},
        VerdictCase{"DomainDoesNotCoverLookalikes",
                    Person("x@notacme.com"),
                    {Entry(SuppressionKind::kDomain, "acme.com")},
                    false,
                    ""},
        VerdictCase{"SubdomainEntryDoesNotCoverParent",
                    Person("x@acme.com"),
                    {Entry(SuppressionKind::kDomain, "mail.acme.com")},
                    false,
                    ""},
        VerdictCase{"RecipientIdOnList",
                    Person("x@acme.com", 12),
                    {Entry(SuppressionKind::kRecipient, "12", "rejected", "reject")},
                    true,
                    "recipient id 12 suppressed (rejected, 2026-10-01, reject)"},
        VerdictCase{"UnstoredRecipientIgnoresIdEntries",
                    Person("x@acme.com", 0),
                    {Entry(SuppressionKind::kRecipient, "0")},
                    false,
                    ""},
        VerdictCase{"AddressReasonWinsOverDomain",
                    Person("ana@acme.com"),
                    {Entry(SuppressionKind::kDomain, "acme.com", "freeze"),
                     Entry(SuppressionKind::kAddress, "ana@acme.com", "bounce_hard", "bounce")},
                    true,
                    "address on suppression list (bounce_hard, 2026-10-01, bounce)"},
        VerdictCase{"ConsentCountryWithConsentYes",
                    Person("a@firma.de", 1, "DE", {{"email", "yes"}}),
                    {},
                    false,
                    ""},
        VerdictCase{"ConsentCountryWithConsentTrueAnyCase",
                    Person("a@firma.de", 1, "de", {{"email", " TRUE "}}),
                    {},
                    false,
                    ""},
        VerdictCase{"ConsentCountryWithConsentNo",
                    Person("a@firma.de", 1, "DE", {{"email", "no"}}),
                    {},
                    true,
                    "country DE requires prior consent and it is recorded as 'no'"},
        VerdictCase{"ConsentCountryWithConsentEmpty",
                    Person("a@firma.de", 1, "DE", {{"email", ""}}),
                    {},
                    true,
                    "country DE requires prior consent and none is recorded"},
        VerdictCase{"ConsentCountryWithConsentMissing",
                    Person("a@firma.ca", 1, "CA"),
                    {},
                    true,
                    "country CA requires prior consent and none is recorded"},
        VerdictCase{"CountryWithoutConsentRule", Person("a@firma.us", 1, "US"), {}, false, ""},
        VerdictCase{"ListedAddressInConsentCountryStillNamesTheList",
                    Person("a@firma.de", 1, "DE", {{"email", "yes"}}),
                    {Entry(SuppressionKind::kAddress, "a@firma.de", "gdpr_objection", "manual", 0)},
                    true,
                    "address on suppression list (gdpr_objection, manual)"}),
    [](const ::testing::TestParamInfo<VerdictCase>& info) { return info.param.name; });

struct TargetCase {
  const char* raw;
  SuppressionKind kind;
  const char* value;
};

TEST(SuppressionTargetTest, ParsesAddressesDomainsAndIds) {
  const std::vector<TargetCase> cases = {
      {"Ana@ACME.com", SuppressionKind::kAddress, "ana@acme.com"},
      {"  ana@acme.com ", SuppressionKind::kAddress, "ana@acme.com"},
      {"@ACME.com", SuppressionKind::kDomain, "acme.com"},
      {"@mail.acme.com", SuppressionKind::kDomain, "mail.acme.com"},
      {"id:12", SuppressionKind::kRecipient, "12"},
      {"ID: 7", SuppressionKind::kRecipient, "7"},
  };
  for (const TargetCase& c : cases) {
    Result<SuppressionTarget> target = ParseSuppressionTarget(c.raw);
    ASSERT_TRUE(target) << c.raw << ": " << target.error().message;
    EXPECT_EQ(target->kind, c.kind) << c.raw;
    EXPECT_EQ(target->value, c.value) << c.raw;
  }
}

TEST(SuppressionTargetTest, RefusesBadTargetsWithReason) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"", "empty target"},
      {"@", "'@' must be followed by a domain"},
      {"@com", "domain has no dot"},
      {"@a@b.com", "more than one '@'"},
      {"@acme..com", "empty label"},
      {"not-an-address", "missing '@'"},
      {"id:", "positive recipient id"},
      {"id:0", "positive recipient id"},
      {"id:12x", "positive recipient id"},
  };
  for (const auto& [raw, reason] : cases) {
    Result<SuppressionTarget> target = ParseSuppressionTarget(raw);
    ASSERT_FALSE(target) << raw;
    EXPECT_EQ(target.error().code, ErrorCode::kInvalidArgument) << raw;
    EXPECT_NE(target.error().message.find(reason), std::string::npos)
        << raw << ": " << target.error().message;
  }
}

TEST(SuppressionTargetTest, ToStringGivesTheTypedForm) {
  EXPECT_EQ((SuppressionTarget{SuppressionKind::kAddress, "a@b.com"}).ToString(), "a@b.com");
  EXPECT_EQ((SuppressionTarget{SuppressionKind::kDomain, "b.com"}).ToString(), "@b.com");
  EXPECT_EQ((SuppressionTarget{SuppressionKind::kRecipient, "3"}).ToString(), "id:3");
}

TEST(SuppressionKeysTest, ListsAddressIdThenDomainsMostSpecificFirst) {
  std::vector<SuppressionTarget> keys = SuppressionKeysFor(Person("X@Mail.Acme.co.uk", 9));
  std::vector<SuppressionTarget> expected = {
      {SuppressionKind::kAddress, "x@mail.acme.co.uk"},
      {SuppressionKind::kRecipient, "9"},
      {SuppressionKind::kDomain, "mail.acme.co.uk"},
      {SuppressionKind::kDomain, "acme.co.uk"},
      {SuppressionKind::kDomain, "co.uk"},
  };
  EXPECT_EQ(keys, expected);
}

TEST(SuppressionRulesTest, ProtectsGdprObjectionsOnly) {
  EXPECT_TRUE(IsProtectedReason("gdpr_objection"));
  EXPECT_TRUE(IsProtectedReason("GDPR Art. 21 objection"));
  EXPECT_TRUE(IsProtectedReason("Objection"));
  EXPECT_FALSE(IsProtectedReason("unsubscribed"));
  EXPECT_FALSE(IsProtectedReason("customer freeze"));
}

TEST(SuppressionDateTest, RoundTripsCalendarDates) {
  Result<int64_t> oct1 = ParseSuppressionDate("2026-10-01");
  ASSERT_TRUE(oct1);
  EXPECT_EQ(*oct1, kOct1);
  EXPECT_EQ(FormatSuppressionDate(kOct1 + 86399), "2026-10-01");
  EXPECT_EQ(FormatSuppressionDate(*ParseSuppressionDate("2028-02-29")), "2028-02-29");
}

TEST(SuppressionDateTest, RefusesNonDates) {
  for (const char* bad :
       {"2026-02-30", "2026-13-01", "01/10/2026", "2026-1-01", "", "2026-10-01x"}) {
    EXPECT_FALSE(ParseSuppressionDate(bad)) << bad;
  }
}

TEST(SuppressionCsvTest, ReadsRowsWithQuotesCrlfAndBom) {
  SuppressionCsv csv = ParseSuppressionCsv(
      "\xEF\xBB\xBFsource,address,reason,date\r\n"
      "crm,A@B.com,\"unsubscribed, by phone\",2026-10-01\r\n"
      "\r\n"
      "legal,@Acme.com,\"said \"\"never\"\"\",\r\n");
  EXPECT_TRUE(csv.issues.empty());
  ASSERT_EQ(csv.rows.size(), 2u);
  EXPECT_EQ(csv.rows[0].line, 2);
  EXPECT_EQ(csv.rows[0].target, (SuppressionTarget{SuppressionKind::kAddress, "a@b.com"}));
  EXPECT_EQ(csv.rows[0].reason, "unsubscribed, by phone");
  EXPECT_EQ(csv.rows[0].source, "crm");
  EXPECT_EQ(csv.rows[0].created_at, kOct1);
  EXPECT_EQ(csv.rows[1].line, 4);
  EXPECT_EQ(csv.rows[1].target, (SuppressionTarget{SuppressionKind::kDomain, "acme.com"}));
  EXPECT_EQ(csv.rows[1].reason, "said \"never\"");
  EXPECT_EQ(csv.rows[1].created_at, 0);
}

TEST(SuppressionCsvTest, ReportsBadRowsByLineAndFieldAndKeepsTheRest) {
  SuppressionCsv csv = ParseSuppressionCsv(
      "address,reason,date,source\n"
      "good@b.com,unsubscribed,2026-10-01,crm\n"
      "no-at-sign,unsubscribed,2026-10-01,crm\n"
      "late@b.com,unsubscribed,yesterday,crm\n"
      "wide@b.com,a,2026-10-01,crm,extra\n");
  ASSERT_EQ(csv.rows.size(), 2u);
  EXPECT_EQ(csv.rows[1].target.value, "late@b.com");
  EXPECT_EQ(csv.rows[1].created_at, 0);  // imported anyway, dated by the store
  ASSERT_EQ(csv.issues.size(), 3u);
  EXPECT_EQ(csv.issues[0], (SuppressionCsvIssue{3, "address", "missing '@'", false}));
  EXPECT_EQ(csv.issues[1].line, 4);
  EXPECT_EQ(csv.issues[1].field, "date");
  EXPECT_TRUE(csv.issues[1].imported);
  EXPECT_EQ(csv.issues[2],
            (SuppressionCsvIssue{5, "row", "has 5 fields, the header names 4", false}));
}

TEST(SuppressionCsvTest, RefusesAFileWithoutAddressHeader) {
  SuppressionCsv csv = ParseSuppressionCsv("a@b.com,unsubscribed\n");
  EXPECT_TRUE(csv.rows.empty());
  ASSERT_EQ(csv.issues.size(), 1u);
  EXPECT_EQ(csv.issues[0].line, 1);
  EXPECT_EQ(csv.issues[0].field, "header");
}

TEST(SuppressionCsvTest, CountsLinesInsideQuotedLineBreaks) {
  SuppressionCsv csv = ParseSuppressionCsv(
      "address,reason\n"
      "a@b.com,\"two\nlines\"\n"
      "bad,x\n");
  ASSERT_EQ(csv.rows.size(), 1u);
  ASSERT_EQ(csv.issues.size(), 1u);
  EXPECT_EQ(csv.issues[0].line, 4);
}

}  // namespace
}  // namespace draftbox
