// A recipient and the facts Draftbox knows about them (DESIGN.md "Recipients"). Every string
// here is untrusted outside text: data in prompts, escaped in headers, never an instruction.
// Plain value types.
#ifndef DRAFTBOX_CORE_RECIPIENT_H_
#define DRAFTBOX_CORE_RECIPIENT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace draftbox {

// Something that happened to the recipient or their company: the ground a draft stands on.
struct Activity {
  int64_t id = 0;    // store id; 0 before it is stored
  std::string type;  // job_change | funding | product_release | hiring | renewal |
                     // milestone | usage_change | event | news | ... (open set)
  std::string date;  // ISO 8601 "YYYY-MM-DD", or "" when unknown
  std::string summary;
  std::string source;  // where the fact came from (crm, linkedin, news, product, ...)
};

struct Recipient {
  int64_t id = 0;     // store id; 0 before it is stored
  std::string email;  // normalised by NormaliseEmail
  std::string name;   // full name as given; may be empty
  std::string first_name;
  std::string last_name;
  std::string role;
  std::string company;
  std::string company_domain;
  std::string country;   // ISO 3166 alpha-2, upper-case, or ""
  std::string language;  // BCP 47 primary tag, lower-case ("en", "de"), or ""
  std::string timezone;
  std::vector<std::string> tags;
  std::string account_state;  // prospect | customer | churned | ... (open set)
  std::string plan;
  std::string renewal_date;  // "YYYY-MM-DD" or ""
  std::string health;
  std::string owner;
  std::map<std::string, std::string> consent;  // e.g. {"email": "yes"}
  std::map<std::string, std::string> custom;   // unknown import columns, by header name
  std::vector<Activity> activities;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CORE_RECIPIENT_H_
