#include "unit/compose/sample_recipients.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "core/email_address.h"
#include "support/test_data.h"

namespace draftbox::testing {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> SplitTags(const std::string& tags) {
  std::vector<std::string> out;
  std::stringstream ss(tags);
  for (std::string tag; std::getline(ss, tag, ';');) {
    if (!tag.empty()) out.push_back(tag);
  }
  return out;
}

// Merges by normalised email (a later row updates an earlier one) and assigns ids.
class Collector {
 public:
  void Add(Recipient r) {
    auto it = index_.find(r.email);
    if (it != index_.end()) {
      r.id = recipients_[it->second].id;
      r.activities = std::move(recipients_[it->second].activities);
      recipients_[it->second] = std::move(r);
      return;
    }
    r.id = static_cast<int64_t>(recipients_.size() + 1);
    index_[r.email] = recipients_.size();
    recipients_.push_back(std::move(r));
  }
  Recipient* Find(const std::string& email) {
    auto it = index_.find(email);
    return it == index_.end() ? nullptr : &recipients_[it->second];
  }
  void AddActivity(Recipient* r, Activity a) {
    a.id = ++activity_ids_;
    r->activities.push_back(std::move(a));
  }
  std::vector<Recipient> Take() { return std::move(recipients_); }

 private:
  std::vector<Recipient> recipients_;
  std::map<std::string, size_t> index_;
  int64_t activity_ids_ = 0;
};

}  // namespace

std::filesystem::path SampleDir() { return test::TestDataPath("recipients"); }

std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<Recipient> LoadCsvSamples(const std::filesystem::path& dir) {
  Collector collector;
  auto rows = ParseCsv(ReadFile(dir / "recipients.csv"));
  if (rows.empty()) throw std::runtime_error("recipients.csv: empty");
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < rows[0].size(); ++i) col[rows[0][i]] = i;
  for (size_t line = 1; line < rows.size(); ++line) {
    const auto& row = rows[line];
    if (row.size() != rows[0].size()) {
      throw std::runtime_error("recipients.csv: record " + std::to_string(line + 1) + " has " +
                               std::to_string(row.size()) + " fields");
    }
    auto get = [&](const char* name) {
      auto it = col.find(name);
      return it == col.end() ? std::string() : row[it->second];
    };
    auto email = NormaliseEmail(get("email"));
    if (!email) continue;  // the importer reports and skips these
    Recipient r;
    r.email = *email;
    r.name = get("name");
    r.first_name = get("first_name");
    r.last_name = get("last_name");
    r.role = get("role");
    r.company = get("company");
    r.company_domain = get("company_domain");
    r.country = get("country");
    r.language = get("language");
    r.tags = SplitTags(get("tags"));
    r.account_state = get("account_state");
    r.plan = get("plan");
    r.renewal_date = get("renewal_date");
    r.consent["email"] = get("consent");
    collector.Add(std::move(r));
  }
  auto acts = ParseCsv(ReadFile(dir / "activities.csv"));
  for (size_t line = 1; line < acts.size(); ++line) {
    const auto& row = acts[line];
    if (row.size() != 5) {
      throw std::runtime_error("activities.csv: record " + std::to_string(line + 1) +
                               ": expected 5 fields");
    }
    auto email = NormaliseEmail(row[0]);
    if (!email) continue;
    Recipient* r = collector.Find(*email);
    if (r == nullptr) continue;
    collector.AddActivity(r, Activity{0, row[1], row[2], row[3], row[4]});
  }
  return collector.Take();
}

std::vector<Recipient> LoadJsonlSamples(const std::filesystem::path& dir) {
  Collector collector;
  std::ifstream in(dir / "recipients.jsonl");
  if (!in) throw std::runtime_error("recipients.jsonl: cannot open");
  size_t line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.empty()) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
      throw std::runtime_error("recipients.jsonl:" + std::to_string(line_no) + ": " + e.what());
    }
    auto str = [&](const char* key) { return j.value(key, std::string()); };
    auto email = NormaliseEmail(str("email"));
    if (!email) continue;
    Recipient r;
    r.email = *email;
    r.name = str("name");
    r.first_name = str("first_name");
    r.last_name = str("last_name");
    r.role = str("role");
    r.company = str("company");
    r.language = str("language");
    r.account_state = str("account_state");
    r.plan = str("plan");
    r.renewal_date = str("renewal_date");
    collector.Add(std::move(r));
    Recipient* stored = collector.Find(*email);
    for (const auto& a : j.value("activities", nlohmann::json::array())) {
      collector.AddActivity(stored, Activity{0, a.value("type", ""), a.value("date", ""),
                                             a.value("summary", ""), a.value("source", "")});
    }
  }
  return collector.Take();
}

}  // namespace draftbox::testing
