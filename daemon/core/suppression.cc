#include "core/suppression.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <optional>

#include "core/email_address.h"

namespace draftbox {
namespace {

std::string_view Trim(std::string_view s) {
  auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// ASCII only, like SQLite's lower(): the schema checks value = lower(trim(value)).
std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

Result<std::string> NormaliseDomain(std::string_view raw) {
  std::string_view domain = Trim(raw);
  if (domain.empty()) return Fail(ErrorCode::kInvalidArgument, "'@' must be followed by a domain");
  if (domain.find('@') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "more than one '@'");
  }
  // A domain is valid here exactly when an address could have it.
  Result<std::string> address = NormaliseEmail("x@" + std::string(domain));
  if (!address) return std::unexpected(address.error());
  return std::string(EmailDomain(*address));
}

Result<std::string> ParseRecipientId(std::string_view digits) {
  int64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || id <= 0) {
    return Fail(ErrorCode::kInvalidArgument, "id:N needs a positive recipient id");
  }
  return std::to_string(id);
}

// " (unsubscribed, 2026-10-01, crm)", leaving out what is unknown.
std::string EntryDetails(const SuppressionEntry& entry) {
  std::string details;
  auto add = [&details](std::string_view part) {
    if (part.empty()) return;
    details += details.empty() ? "" : ", ";
    details += part;
  };
  add(entry.reason);
  if (entry.created_at > 0) add(FormatSuppressionDate(entry.created_at));
  add(entry.source);
  return details.empty() ? "" : " (" + details + ")";
}

std::string VerdictReason(const SuppressionEntry& entry) {
  switch (entry.kind) {
    case SuppressionKind::kAddress:
      return "address on suppression list" + EntryDetails(entry);
    case SuppressionKind::kDomain:
      return "domain @" + entry.value + " on suppression list" + EntryDetails(entry);
    case SuppressionKind::kRecipient:
      return "recipient id " + entry.value + " suppressed" + EntryDetails(entry);
  }
  return "suppressed" + EntryDetails(entry);
}

// The recipient's address as it is stored, even if the recipient came from elsewhere unnormalised.
std::string RecipientAddress(const Recipient& recipient) {
  Result<std::string> address = NormaliseEmail(recipient.email);
  return address ? *address : AsciiLower(Trim(recipient.email));
}

std::optional<std::string> ConsentVerdict(const Recipient& recipient,
                                          const ComplianceRules& rules) {
  const std::string country = AsciiUpper(Trim(recipient.country));
  if (country.empty()) return std::nullopt;
  bool required =
      std::any_of(rules.consent_required_countries.begin(), rules.consent_required_countries.end(),
                  [&country](const std::string& c) { return AsciiUpper(Trim(c)) == country; });
  if (!required) return std::nullopt;
  // Consent to email is what counts; the recipient importer records it under "email".
  auto it = recipient.consent.find("email");
  if (it != recipient.consent.end() && IsConsentGiven(it->second)) return std::nullopt;
  if (it == recipient.consent.end() || Trim(it->second).empty()) {
    return "country " + country + " requires prior consent and none is recorded";
  }
  return "country " + country + " requires prior consent and it is recorded as '" +
         std::string(Trim(it->second)) + "'";
}

// --- CSV ---

// Splits one logical CSV record starting at `pos` (RFC 4180: quoted fields may hold commas,
// doubled quotes and line breaks). Advances `pos` and `line` past it.
std::vector<std::string> ReadRecord(std::string_view text, size_t& pos, int& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  while (pos < text.size()) {
    char c = text[pos++];
    if (quoted) {
      if (c == '"' && pos < text.size() && text[pos] == '"') {
        fields.back() += '"';
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        fields.back() += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      ++line;
      break;
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

bool IsBlank(const std::vector<std::string>& fields) {
  return fields.size() == 1 && Trim(fields[0]).empty();
}

struct CsvColumns {
  int address = -1, reason = -1, date = -1, source = -1;
};

CsvColumns FindColumns(const std::vector<std::string>& header) {
  CsvColumns columns;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name = AsciiLower(Trim(header[i]));
    int index = static_cast<int>(i);
    if (name == "address" || name == "email") columns.address = index;
    if (name == "reason") columns.reason = index;
    if (name == "date") columns.date = index;
    if (name == "source") columns.source = index;
  }
  return columns;
}

std::string FieldAt(const std::vector<std::string>& fields, int index) {
  if (index < 0 || static_cast<size_t>(index) >= fields.size()) return "";
  return std::string(Trim(fields[index]));
}

void ParseRow(const std::vector<std::string>& fields, int line, size_t width,
              const CsvColumns& columns, SuppressionCsv& out) {
  if (fields.size() > width) {
    out.issues.push_back({line, "row",
                          "has " + std::to_string(fields.size()) + " fields, the header names " +
                              std::to_string(width)});
    return;
  }
  Result<SuppressionTarget> target = ParseSuppressionTarget(FieldAt(fields, columns.address));
  if (!target) {
    out.issues.push_back({line, "address", target.error().message});
    return;
  }
  SuppressionCsvRow row{line, *target, FieldAt(fields, columns.reason),
                        FieldAt(fields, columns.source), 0};
  const std::string date = FieldAt(fields, columns.date);
  if (!date.empty()) {
    Result<int64_t> created = ParseSuppressionDate(date);
    if (created) {
      row.created_at = *created;
    } else {
      out.issues.push_back({line, "date", created.error().message + "; imported with today's date",
                            /*imported=*/true});
    }
  }
  out.rows.push_back(std::move(row));
}

}  // namespace

std::string_view SuppressionKindName(SuppressionKind kind) {
  switch (kind) {
    case SuppressionKind::kAddress:
      return "address";
    case SuppressionKind::kDomain:
      return "domain";
    case SuppressionKind::kRecipient:
      return "recipient";
  }
  return "address";
}

Result<SuppressionKind> ParseSuppressionKind(std::string_view name) {
  for (SuppressionKind kind :
       {SuppressionKind::kAddress, SuppressionKind::kDomain, SuppressionKind::kRecipient}) {
    if (name == SuppressionKindName(kind)) return kind;
  }
  return Fail(ErrorCode::kInvalidArgument, "unknown suppression kind '" + std::string(name) +
                                               "' (address, domain or recipient)");
}

std::string SuppressionTarget::ToString() const {
  switch (kind) {
    case SuppressionKind::kAddress:
      return value;
    case SuppressionKind::kDomain:
      return "@" + value;
    case SuppressionKind::kRecipient:
      return "id:" + value;
  }
  return value;
}

Result<SuppressionTarget> ParseSuppressionTarget(std::string_view raw) {
  std::string_view text = Trim(raw);
  if (text.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "empty target (ADDRESS, @DOMAIN or id:N)");
  }
  if (text.front() == '@') {
    Result<std::string> domain = NormaliseDomain(text.substr(1));
    if (!domain) return std::unexpected(domain.error());
    return SuppressionTarget{SuppressionKind::kDomain, *domain};
  }
  if (AsciiLower(text.substr(0, 3)) == "id:") {
    Result<std::string> id = ParseRecipientId(Trim(text.substr(3)));
    if (!id) return std::unexpected(id.error());
    return SuppressionTarget{SuppressionKind::kRecipient, *id};
  }
  Result<std::string> address = NormaliseEmail(text);
  if (!address) return std::unexpected(address.error());
  return SuppressionTarget{SuppressionKind::kAddress, *address};
}

std::vector<SuppressionTarget> SuppressionKeysFor(const Recipient& recipient) {
  std::vector<SuppressionTarget> keys;
  const std::string address = RecipientAddress(recipient);
  if (!address.empty()) keys.push_back({SuppressionKind::kAddress, address});
  if (recipient.id > 0) {
    keys.push_back({SuppressionKind::kRecipient, std::to_string(recipient.id)});
  }
  std::string_view domain = EmailDomain(address);
  // Parents down to two labels: "mail.acme.com" → "mail.acme.com", "acme.com".
  while (domain.find('.') != std::string_view::npos) {
    keys.push_back({SuppressionKind::kDomain, std::string(domain)});
    domain.remove_prefix(domain.find('.') + 1);
  }
  return keys;
}

SuppressionVerdict CheckSuppression(const Recipient& recipient, const SuppressionLookup& lookup,
                                    const ComplianceRules& rules) {
  // Keys are most specific first, so the first key with an entry gives the clearest reason.
  for (const SuppressionTarget& key : SuppressionKeysFor(recipient)) {
    for (const SuppressionEntry& entry : lookup.entries) {
      if (entry.kind == key.kind && AsciiLower(Trim(entry.value)) == key.value) {
        return {true, VerdictReason(entry)};
      }
    }
  }
  if (std::optional<std::string> consent = ConsentVerdict(recipient, rules)) {
    return {true, *consent};
  }
  return {};
}

bool IsConsentGiven(std::string_view value) {
  const std::string v = AsciiLower(Trim(value));
  return v == "yes" || v == "true" || v == "1" || v == "y";
}

bool IsProtectedReason(std::string_view reason) {
  const std::string r = AsciiLower(reason);
  return r.find("gdpr") != std::string::npos || r.find("objection") != std::string::npos;
}

std::string FormatSuppressionDate(int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_seconds(seconds(unix_seconds)));
  const year_month_day ymd(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Result<int64_t> ParseSuppressionDate(std::string_view date) {
  using namespace std::chrono;
  auto bad = [&date] {
    return Fail(ErrorCode::kInvalidArgument,
                "'" + std::string(date) + "' is not a date in the form YYYY-MM-DD");
  };
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return bad();
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&date](size_t at, size_t len, auto& out) {
    auto [end, ec] = std::from_chars(date.data() + at, date.data() + at + len, out);
    return ec == std::errc() && end == date.data() + at + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return bad();
  const year_month_day ymd{year(y), month(m), day(d)};
  if (!ymd.ok()) return bad();
  return static_cast<int64_t>(sys_seconds(sys_days(ymd)).time_since_epoch().count());
}

SuppressionCsv ParseSuppressionCsv(std::string_view text) {
  SuppressionCsv out;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t pos = 0;
  int line = 1;
  const std::vector<std::string> header = ReadRecord(text, pos, line);
  const CsvColumns columns = FindColumns(header);
  if (columns.address < 0) {
    out.issues.push_back({1, "header",
                          "the first line must be a header naming the 'address' column "
                          "(address,reason,date,source)"});
    return out;
  }
  while (pos < text.size()) {
    const int start_line = line;
    std::vector<std::string> fields = ReadRecord(text, pos, line);
    if (IsBlank(fields)) continue;
    ParseRow(fields, start_line, header.size(), columns, out);
  }
  return out;
}

}  // namespace draftbox
