#include "import/recipient_import.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/email_address.h"
#include "core/text.h"
#include "import/csv_reader.h"

namespace draftbox {
namespace {

using nlohmann::json;

// The field as stored: valid UTF-8, controls turned into one space, trimmed, at most
// kMaxFieldChars characters. The error message is the reason for the report.
Result<std::string> CleanText(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  size_t chars = 0;
  for (size_t pos = 0; pos < raw.size();) {
    char32_t cp = 0;
    const size_t length = DecodeUtf8At(raw, pos, &cp);
    if (length == 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  "not valid UTF-8 (byte " + std::to_string(pos + 1) + ")");
    }
    if (IsControlCodePoint(cp) || cp == ' ') {
      if (!out.empty() && out.back() != ' ') {
        out += ' ';
        ++chars;
      }
    } else {
      out.append(raw.substr(pos, length));
      ++chars;
    }
    pos += length;
  }
  if (!out.empty() && out.back() == ' ') {
    out.pop_back();
    --chars;
  }
  if (chars > RecipientImport::kMaxFieldChars) {
    return Fail(ErrorCode::kInvalidArgument, "longer than " +
                                                 std::to_string(RecipientImport::kMaxFieldChars) +
                                                 " characters (" + std::to_string(chars) + ")");
  }
  return out;
}

std::string AsciiLower(std::string s) {
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string AsciiUpper(std::string s) {
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

bool AllAsciiLetters(std::string_view s) {
  return std::ranges::all_of(s, [](unsigned char c) { return std::isalpha(c) != 0; });
}

// "YYYY-MM-DD" naming a real calendar day.
bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = 0;
  unsigned m = 0, d = 0;
  auto parse = [&](size_t at, size_t n, auto& value) {
    auto [ptr, ec] = std::from_chars(s.data() + at, s.data() + at + n, value);
    return ec == std::errc() && ptr == s.data() + at + n;
  };
  if (!parse(0, 4, y) || !parse(5, 2, m) || !parse(8, 2, d)) return false;
  return std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(m),
                                     std::chrono::day(d))
      .ok();
}

Status Invalid(std::string reason) { return Fail(ErrorCode::kInvalidArgument, std::move(reason)); }

Result<std::string> ParseConsent(std::string_view value) {
  const std::string v = AsciiLower(std::string(value));
  if (v == "yes" || v == "y" || v == "true" || v == "1") return std::string("yes");
  if (v == "no" || v == "n" || v == "false" || v == "0") return std::string("no");
  return Fail(ErrorCode::kInvalidArgument,
              "expected yes or no, got \"" + std::string(value) + "\"");
}

// Splits a tags cell on ';' or ',' (spreadsheets use either), dropping empties and repeats.
Result<std::vector<std::string>> ParseTags(std::string_view value) {
  std::vector<std::string> tags;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find_first_of(";,", start);
    if (end == std::string_view::npos) end = value.size();
    std::string_view tag = value.substr(start, end - start);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (!tag.empty() && std::ranges::find(tags, tag) == tags.end()) tags.emplace_back(tag);
    start = end + 1;
  }
  if (tags.size() > RecipientImport::kMaxTags) {
    return Fail(ErrorCode::kInvalidArgument,
                "more than " + std::to_string(RecipientImport::kMaxTags) + " tags");
  }
  return tags;
}

// Sets the field `key` (a lower-case column name) of `r` from a cleaned, non-empty value.
// Unknown keys become custom fields. The error message is the reason for the report.
Status SetCleanField(Recipient& r, const std::string& key, std::string value) {
  static const std::unordered_map<std::string, std::string Recipient::*> kPlain = {
      {"name", &Recipient::name},           {"first_name", &Recipient::first_name},
      {"last_name", &Recipient::last_name}, {"role", &Recipient::role},
      {"company", &Recipient::company},     {"timezone", &Recipient::timezone},
      {"plan", &Recipient::plan},           {"health", &Recipient::health},
      {"owner", &Recipient::owner},
  };
  if (auto it = kPlain.find(key); it != kPlain.end()) {
    r.*(it->second) = std::move(value);
    return {};
  }
  if (key == "company_domain") {
    r.company_domain = AsciiLower(std::move(value));
  } else if (key == "account_state") {
    r.account_state = AsciiLower(std::move(value));
  } else if (key == "country") {
    if (value.size() != 2 || !AllAsciiLetters(value)) {
      return Invalid("not a two-letter ISO 3166 country code: \"" + value + "\"");
    }
    r.country = AsciiUpper(std::move(value));
  } else if (key == "language") {
    std::string primary = AsciiLower(value.substr(0, value.find_first_of("-_")));
    if (primary.size() < 2 || primary.size() > 3 || !AllAsciiLetters(primary)) {
      return Invalid("not a language code like \"en\" or \"de-AT\": \"" + value + "\"");
    }
    r.language = std::move(primary);
  } else if (key == "renewal_date") {
    if (!IsIsoDate(value)) return Invalid("not a date YYYY-MM-DD: \"" + value + "\"");
    r.renewal_date = std::move(value);
  } else if (key == "tags") {
    Result<std::vector<std::string>> tags = ParseTags(value);
    if (!tags) return std::unexpected(tags.error());
    r.tags = std::move(*tags);
  } else if (key == "consent" || key.starts_with("consent_")) {
    Result<std::string> flag = ParseConsent(value);
    if (!flag) return std::unexpected(flag.error());
    r.consent[key == "consent" ? "email" : key.substr(8)] = *flag;
  } else {
    r.custom[key] = std::move(value);
  }
  return {};
}

// Cleans `raw` and sets the field; empty values leave the field unset.
Status SetField(Recipient& r, const std::string& key, std::string_view raw) {
  Result<std::string> value = CleanText(raw);
  if (!value) return std::unexpected(value.error());
  if (value->empty()) return {};
  return SetCleanField(r, key, std::move(*value));
}

// The email of a row: the reason when missing or invalid.
Result<std::string> RowEmail(std::string_view raw) {
  if (raw.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "missing");
  }
  Result<std::string> email = NormaliseEmail(raw);
  if (!email) {
    return Fail(ErrorCode::kInvalidArgument, "bad email address: " + email.error().message);
  }
  return email;
}

// An activity from its parts: the field and reason of the first problem on failure.
struct FieldError {
  std::string field;
  std::string reason;
};
std::expected<Activity, FieldError> MakeActivity(std::string_view type, std::string_view date,
                                                 std::string_view summary,
                                                 std::string_view source) {
  Activity a;
  for (auto [name, raw, out] : {std::tuple{"type", type, &a.type},
                                {"date", date, &a.date},
                                {"summary", summary, &a.summary},
                                {"source", source, &a.source}}) {
    Result<std::string> value = CleanText(raw);
    if (!value) return std::unexpected(FieldError{name, value.error().message});
    *out = std::move(*value);
  }
  a.type = AsciiLower(std::move(a.type));
  if (a.type.empty()) return std::unexpected(FieldError{"type", "missing"});
  bool word = std::ranges::all_of(
      a.type, [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
  if (!word) {
    return std::unexpected(
        FieldError{"type", "not a word of letters, digits, '_' or '-': \"" + a.type + "\""});
  }
  if (!a.date.empty() && !IsIsoDate(a.date)) {
    return std::unexpected(FieldError{"date", "not a date YYYY-MM-DD: \"" + a.date + "\""});
  }
  if (a.summary.empty()) return std::unexpected(FieldError{"summary", "missing"});
  return a;
}

// Column names as written, cleaned and lower-cased; the error names the first bad one, and a
// duplicate both of its 1-based column positions. Linear in the number of columns: a hash set
// of the names seen (a scan per column made a 100,000-column header take 17 s).
std::expected<std::vector<std::string>, FieldError> HeaderNames(const CsvRecord& header) {
  std::vector<std::string> names;
  names.reserve(header.fields.size());
  // Views into the strings of `names`, which the reserve above keeps from moving.
  std::unordered_map<std::string_view, size_t> position;
  position.reserve(header.fields.size());
  for (const std::string& raw : header.fields) {
    Result<std::string> name = CleanText(raw);
    if (!name) return std::unexpected(FieldError{raw, name.error().message});
    names.push_back(AsciiLower(std::move(*name)));
    const std::string& key = names.back();
    auto [seen, inserted] = position.try_emplace(key, names.size());
    if (!inserted) {
      return std::unexpected(FieldError{key, "column appears twice in the header: columns " +
                                                 std::to_string(seen->second) + " and " +
                                                 std::to_string(names.size())});
    }
  }
  return names;
}

// Excel writes CSV with ';' where the decimal separator is a comma (German, French, ...
// locales): the header then reads as one column holding every name. Says so, since "no email
// column" alone sends the reader looking for a missing column.
std::string SemicolonHint(const CsvRecord& header) {
  if (header.fields.size() != 1 || header.fields[0].find(';') == std::string::npos) return "";
  return " (the file is separated by ';', as Excel saves CSV in German and other locales: "
         "save it again as \"CSV UTF-8 (comma delimited)\" or with ',' as the field delimiter)";
}

bool IsBlank(const CsvRecord& record) {
  return std::ranges::all_of(record.fields, [](const std::string& f) {
    return f.find_first_not_of(" \t\r") == std::string::npos;
  });
}

// A JSON scalar as text for a field; objects and arrays have no text form.
std::expected<std::string, std::string> JsonText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return std::string();
  if (value.is_boolean()) return std::string(value.get<bool>() ? "yes" : "no");
  if (value.is_number()) return value.dump();
  return std::unexpected(std::string("expected text, got a JSON ") + value.type_name());
}

// The text after nlohmann's "[json.exception.parse_error.101] " prefix.
std::string JsonReason(const std::exception& e) {
  std::string_view what = e.what();
  if (size_t end = what.find("] "); what.starts_with("[json.") && end != std::string_view::npos) {
    what.remove_prefix(end + 2);
  }
  return std::string(what);
}

void MergeText(std::string& into, const std::string& from) {
  if (!from.empty()) into = from;
}

// Later non-empty values win; maps merge key by key; activities are added by the caller.
void MergeInto(Recipient& into, const Recipient& from) {
  for (auto field :
       {&Recipient::name, &Recipient::first_name, &Recipient::last_name, &Recipient::role,
        &Recipient::company, &Recipient::company_domain, &Recipient::country, &Recipient::language,
        &Recipient::timezone, &Recipient::account_state, &Recipient::plan, &Recipient::renewal_date,
        &Recipient::health, &Recipient::owner}) {
    MergeText(into.*field, from.*field);
  }
  if (!from.tags.empty()) into.tags = from.tags;
  for (const auto& [k, v] : from.consent) into.consent[k] = v;
  for (const auto& [k, v] : from.custom) into.custom[k] = v;
}

}  // namespace

void RecipientImport::Error(std::string_view file, int64_t line, std::string_view field,
                            std::string reason) {
  batch_.errors.push_back(
      ImportProblem{std::string(file), line, std::string(field), std::move(reason)});
  ++batch_.refused;
}

void RecipientImport::FileError(std::string_view file, int64_t line, std::string_view field,
                                std::string reason) {
  batch_.errors.push_back(
      ImportProblem{std::string(file), line, std::string(field), std::move(reason)});
}

void RecipientImport::AddRecipient(Recipient recipient, std::string_view file, int64_t line) {
  std::vector<Activity> activities = std::move(recipient.activities);
  recipient.activities.clear();
  auto [it, inserted] = by_email_.try_emplace(
      recipient.email, Seen{batch_.recipients.size(), std::string(file), line});
  size_t index = it->second.index;
  if (inserted) {
    batch_.recipients.push_back(std::move(recipient));
  } else {
    const Seen& first = it->second;
    std::string where = first.file == file ? "line " + std::to_string(first.line)
                                           : first.file + ":" + std::to_string(first.line);
    batch_.notices.push_back(ImportProblem{
        std::string(file), line, "email",
        "same address as " + where + " (after trimming and lower-casing): merged into it, " +
            "the non-empty fields of this row win"});
    ++batch_.merged;
    MergeInto(batch_.recipients[index], recipient);
  }
  for (size_t i = 0; i < activities.size(); ++i) {
    AddActivity(index, std::move(activities[i]), file, line,
                "activities[" + std::to_string(i) + "]");
  }
}

void RecipientImport::AddActivity(size_t index, Activity activity, std::string_view file,
                                  int64_t line, std::string_view field) {
  std::vector<Activity>& list = batch_.recipients[index].activities;
  if (list.size() >= kMaxActivitiesPerRecipient) {
    Error(file, line, field,
          "more than " + std::to_string(kMaxActivitiesPerRecipient) +
              " activities for this recipient");
    return;
  }
  list.push_back(std::move(activity));
}

void RecipientImport::AddRecipientsCsv(std::string_view file, std::string_view text) {
  CsvReader reader(text);
  CsvRecord header;
  Result<bool> got = reader.Next(header);
  if (!got) return FileError(file, header.line, "", got.error().message);
  if (!*got) {
    return FileError(file, 1, "", "empty file: expected a header line with an email column");
  }
  auto names = HeaderNames(header);
  if (!names) return FileError(file, header.line, names.error().field, names.error().reason);
  auto email_column = std::ranges::find(*names, "email");
  if (email_column == names->end()) {
    return FileError(file, header.line, "email",
                     "no email column in the header" + SemicolonHint(header));
  }
  const size_t email_index = email_column - names->begin();
  CsvRecord row;
  while (true) {
    got = reader.Next(row);
    if (!got) return FileError(file, row.line, "", got.error().message);
    if (!*got) return;
    if (IsBlank(row)) continue;
    if (row.fields.size() != names->size()) {
      Error(file, row.line, "",
            "row has " + std::to_string(row.fields.size()) + " fields, the header has " +
                std::to_string(names->size()));
      continue;
    }
    Result<std::string> email = RowEmail(row.fields[email_index]);
    if (!email) {
      Error(file, row.line, "email", email.error().message);
      continue;
    }
    Recipient r;
    r.email = std::move(*email);
    bool ok = true;
    for (size_t i = 0; i < names->size() && ok; ++i) {
      if (i == email_index) continue;
      Status set = SetField(r, (*names)[i], row.fields[i]);
      if (!set) {
        Error(file, row.line, (*names)[i], set.error().message);
        ok = false;
      }
    }
    if (ok) AddRecipient(std::move(r), file, row.line);
  }
}

void RecipientImport::AddRecipientsJsonl(std::string_view file, std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  int64_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    json object;
    try {
      object = json::parse(line);
    } catch (const json::parse_error& e) {
      Error(file, line_number, "", "not valid JSON: " + JsonReason(e));
      continue;
    }
    if (!object.is_object()) {
      Error(file, line_number, "",
            std::string("expected a JSON object, got ") + object.type_name());
      continue;
    }
    auto email_text = JsonText(object.value("email", json()));
    Result<std::string> email =
        email_text ? RowEmail(*email_text) : Fail(ErrorCode::kInvalidArgument, email_text.error());
    if (!email) {
      Error(file, line_number, "email", email.error().message);
      continue;
    }
    Recipient r;
    r.email = std::move(*email);
    bool ok = true;
    for (auto it = object.begin(); it != object.end() && ok; ++it) {
      const std::string key = AsciiLower(it.key());
      if (key == "email" || key == "activities") continue;
      auto fail = [&](std::string field, std::string reason) {
        Error(file, line_number, field, std::move(reason));
        ok = false;
      };
      if (key == "tags" && it->is_array()) {
        std::string joined;
        for (const json& tag : *it) {
          if (!tag.is_string()) {
            fail("tags", "expected a list of strings");
            break;
          }
          joined += tag.get<std::string>() + ";";
        }
        if (!ok) break;
        if (Status set = SetField(r, key, joined); !set) fail(key, set.error().message);
        continue;
      }
      if (key == "consent" && it->is_object()) {
        for (auto flag = it->begin(); flag != it->end() && ok; ++flag) {
          auto value = JsonText(*flag);
          const std::string field = "consent." + flag.key();
          if (!value) fail(field, value.error());
          if (!ok) break;
          if (Status set = SetField(r, "consent_" + AsciiLower(flag.key()), *value); !set) {
            fail(field, set.error().message);
          }
        }
        continue;
      }
      auto value = JsonText(*it);
      if (!value) {
        fail(key, value.error());
        continue;
      }
      if (Status set = SetField(r, key, *value); !set) fail(key, set.error().message);
    }
    if (!ok) continue;
    const json& activities = object.contains("activities") ? object["activities"] : json();
    if (!activities.is_null() && !activities.is_array()) {
      Error(file, line_number, "activities", "expected a list of activities");
      continue;
    }
    std::vector<std::pair<Activity, std::string>> good;
    for (size_t i = 0; activities.is_array() && i < activities.size(); ++i) {
      const std::string field = "activities[" + std::to_string(i) + "]";
      const json& a = activities[i];
      if (!a.is_object()) {
        Error(file, line_number, field, "expected an object with type, date, summary, source");
        continue;
      }
      std::string parts[4];
      const char* keys[4] = {"type", "date", "summary", "source"};
      bool parts_ok = true;
      for (int k = 0; k < 4 && parts_ok; ++k) {
        auto value = JsonText(a.value(keys[k], json()));
        if (!value) {
          Error(file, line_number, field + "." + keys[k], value.error());
          parts_ok = false;
        } else {
          parts[k] = std::move(*value);
        }
      }
      if (!parts_ok) continue;
      auto activity = MakeActivity(parts[0], parts[1], parts[2], parts[3]);
      if (!activity) {
        Error(file, line_number, field + "." + activity.error().field, activity.error().reason);
        continue;
      }
      good.emplace_back(std::move(*activity), field);
    }
    const std::string email_key = r.email;
    AddRecipient(std::move(r), file, line_number);
    const size_t index = by_email_.at(email_key).index;
    for (auto& [activity, field] : good) {
      AddActivity(index, std::move(activity), file, line_number, field);
    }
  }
}

void RecipientImport::AddActivitiesCsv(std::string_view file, std::string_view text) {
  CsvReader reader(text);
  CsvRecord header;
  Result<bool> got = reader.Next(header);
  if (!got) return FileError(file, header.line, "", got.error().message);
  if (!*got) return;  // an empty activities file adds nothing
  auto names = HeaderNames(header);
  if (!names) return FileError(file, header.line, names.error().field, names.error().reason);
  // Column index per part; email and type are required, the others may be absent.
  const char* parts[5] = {"email", "type", "date", "summary", "source"};
  size_t column[5];
  for (int k = 0; k < 5; ++k) {
    column[k] = std::ranges::find(*names, parts[k]) - names->begin();
    if (k < 2 && column[k] == names->size()) {
      return FileError(
          file, header.line, parts[k],
          std::string("no ") + parts[k] + " column in the header" + SemicolonHint(header));
    }
  }
  CsvRecord row;
  while (true) {
    got = reader.Next(row);
    if (!got) return FileError(file, row.line, "", got.error().message);
    if (!*got) return;
    if (IsBlank(row)) continue;
    if (row.fields.size() != names->size()) {
      Error(file, row.line, "",
            "row has " + std::to_string(row.fields.size()) + " fields, the header has " +
                std::to_string(names->size()));
      continue;
    }
    auto part = [&](int k) -> std::string_view {
      return column[k] < row.fields.size() ? std::string_view(row.fields[column[k]]) : "";
    };
    Result<std::string> email = RowEmail(part(0));
    if (!email) {
      Error(file, row.line, "email", email.error().message);
      continue;
    }
    auto seen = by_email_.find(*email);
    if (seen == by_email_.end()) {
      Error(file, row.line, "email", "no recipient with this address in the recipients file");
      continue;
    }
    auto activity = MakeActivity(part(1), part(2), part(3), part(4));
    if (!activity) {
      Error(file, row.line, activity.error().field, activity.error().reason);
      continue;
    }
    AddActivity(seen->second.index, std::move(*activity), file, row.line, "email");
  }
}

ImportBatch RecipientImport::Take() {
  ImportBatch out = std::move(batch_);
  batch_ = ImportBatch{};
  by_email_.clear();
  return out;
}

}  // namespace draftbox
