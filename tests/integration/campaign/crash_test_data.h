// The recipients, suppressions and campaign the exactly-once tests run: `count` recipients
// tagged crash-test, each at a company of its own, every 30th on the do-not-contact list.
#ifndef DRAFTBOX_TESTS_INTEGRATION_CAMPAIGN_CRASH_TEST_DATA_H_
#define DRAFTBOX_TESTS_INTEGRATION_CAMPAIGN_CRASH_TEST_DATA_H_

#include <sstream>
#include <string>

namespace draftbox::test {

inline constexpr int kCrashTestSuppressEvery = 30;

inline std::string CrashTestEmail(int i) {
  return "person" + std::to_string(i) + "@company" + std::to_string(i) + ".example";
}

inline bool CrashTestSuppressed(int i) { return i % kCrashTestSuppressEvery == 0; }

// Recipients 0..count-1 who are not suppressed.
inline constexpr int CrashTestEligible(int count) {
  return count - (count + kCrashTestSuppressEvery - 1) / kCrashTestSuppressEvery;
}

inline std::string CrashTestRecipientsCsv(int count) {
  std::ostringstream csv;
  csv << "email,first_name,last_name,role,company,company_domain,country,tags,account_state\n";
  for (int i = 0; i < count; ++i) {
    csv << CrashTestEmail(i) << ",Alex" << i << ",Doe,Head of Operations,Company " << i
        << " Labs,company" << i << ".example,US,crash-test,prospect\n";
  }
  return csv.str();
}

inline std::string CrashTestSuppressionsCsv(int count) {
  std::ostringstream csv;
  csv << "address,reason,date,source\n";
  for (int i = 0; i < count; ++i) {
    if (CrashTestSuppressed(i)) csv << CrashTestEmail(i) << ",unsubscribed,2026-10-01,crm\n";
  }
  return csv.str();
}

inline constexpr char kCrashTestCampaign[] = R"(name = "Crash test"
kind = "outreach"
goal = "Book a call"
key_message = "Operations teams save hours with clean data"
cta = "Would a short call next week work?"
[target]
tags = ["crash-test"]
)";

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_INTEGRATION_CAMPAIGN_CRASH_TEST_DATA_H_
