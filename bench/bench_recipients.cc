#include "bench_recipients.h"

#include <array>
#include <ctime>
#include <string_view>

namespace draftbox::bench {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
// Dates spread over a quarter: recent enough for the composer's window, varied enough that the
// drafts' openers differ.
constexpr int64_t kActivitySpreadDays = 90;

constexpr std::array<std::string_view, 12> kFirstNames = {"Lena",  "Farhan", "Greta", "Mateo",
                                                          "Aisha", "Jonas",  "Priya", "Tomás",
                                                          "Chloé", "Kenji",  "Olga",  "Samuel"};
constexpr std::array<std::string_view, 12> kLastNames = {
    "Walsh", "Okafor", "Lindqvist", "Romero", "Haddad", "Brennan",
    "Iyer",  "Novak",  "Dubois",    "Tanaka", "Mensah", "Kowalski"};
constexpr std::array<std::string_view, 8> kRoles = {"VP of Sales",
                                                    "Head of Customer Success",
                                                    "CFO",
                                                    "Revenue Operations Lead",
                                                    "Director of Sales",
                                                    "Chief Operating Officer",
                                                    "Head of Growth",
                                                    "Sales Manager"};
struct Company {
  std::string_view name;
  std::string_view domain;
  std::string_view country;
};
constexpr std::array<Company, 10> kCompanies = {{{"Coral Reef Media", "coralreef.media", "AU"},
                                                 {"Bluefjord Systems", "bluefjord.no", "NO"},
                                                 {"Northwind Analytics", "northwind.io", "US"},
                                                 {"Baobab Cloud", "baobabcloud.ng", "NG"},
                                                 {"Harbor Lane Health", "harborlane.com", "US"},
                                                 {"Kestrel Freight", "kestrelfreight.co.uk", "GB"},
                                                 {"Tidewater Labs", "tidewaterlabs.com", "IE"},
                                                 {"Orchard Robotics", "orchardrobotics.nl", "NL"},
                                                 {"Lumen Ledger", "lumenledger.se", "SE"},
                                                 {"Saffron Retail", "saffronretail.in", "IN"}}};
constexpr std::array<std::string_view, 3> kPlans = {"", "Business", "Team"};
struct Fact {
  std::string_view type;
  std::string_view summary;
  std::string_view source;
};
constexpr std::array<Fact, 6> kFacts = {
    {{"funding", "Raised a 12 million dollar Series A led by Northwind Ventures", "news"},
     {"hiring", "Posted 29 open roles for account executives", "news"},
     {"product_release", "Launched a self-serve analytics dashboard", "product"},
     {"job_change", "Promoted to lead the revenue team after 4 years at the company", "linkedin"},
     {"funding", "Closed a 30 million dollar Series B to expand into Europe", "crm"},
     {"hiring", "Opened a new sales office in Austin with 15 roles", "news"}}};

std::string AsciiLower(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x80) continue;  // the address keeps ASCII only; names keep their accents
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

template <typename T, size_t N>
const T& Pick(const std::array<T, N>& items, int64_t i) {
  return items[static_cast<size_t>(i) % N];
}

// Row i's address: unique by the number, spread over the companies' domains.
std::string Email(int64_t i) {
  return AsciiLower(Pick(kFirstNames, i)) + "." + AsciiLower(Pick(kLastNames, i / 12)) +
         std::to_string(i) + "@" + std::string(Pick(kCompanies, i).domain);
}

std::string Day(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d", &tm);
  return buffer;
}

}  // namespace

std::string RecipientsCsv(int64_t count) {
  std::string csv =
      "email,first_name,last_name,role,company,company_domain,country,language,tags,"
      "account_state,plan,consent\n";
  for (int64_t i = 0; i < count; ++i) {
    const Company& company = Pick(kCompanies, i);
    csv += Email(i) + ',' + std::string(Pick(kFirstNames, i)) + ',' +
           std::string(Pick(kLastNames, i / 12)) + ',' + std::string(Pick(kRoles, i)) + ',' +
           std::string(company.name) + ',' + std::string(company.domain) + ',' +
           std::string(company.country) + ",en,\"" + kBenchTag + ";q4-funded\",prospect," +
           std::string(Pick(kPlans, i)) + ",yes\n";
  }
  return csv;
}

std::string ActivitiesCsv(int64_t count, int64_t today_unix) {
  std::string csv = "email,type,date,summary,source\n";
  for (int64_t i = 0; i < count; ++i) {
    const Fact& fact = Pick(kFacts, i);
    const int64_t days_ago = 1 + i % kActivitySpreadDays;
    csv += Email(i) + ',' + std::string(fact.type) + ',' +
           Day(today_unix - days_ago * kSecondsPerDay) + ',' + std::string(fact.summary) + ',' +
           std::string(fact.source) + '\n';
  }
  return csv;
}

}  // namespace draftbox::bench
