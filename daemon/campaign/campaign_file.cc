// One reader walks a toml::table and checks every key; the TOML file is parsed into such a
// table and the JSON spec is converted into one, so the file and the stored form obey exactly
// the same rules and speak the same key names. Problems are collected, not thrown: the owner
// sees every mistake in one go, ordered by line.
#include "campaign/campaign_file.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <variant>

#include "core/text.h"

namespace draftbox {
namespace {

using nlohmann::json;

// The name lands in subjects and logs; the other texts in prompts and near headers. Long
// enough for any honest intent, short enough that a pasted document is caught.
constexpr size_t kMaxNameChars = 200;
constexpr size_t kMaxTextChars = 1000;
constexpr size_t kMaxItemChars = 200;  // one tag, account state or activity type
// Caps above this are a typo: nobody reviews a hundred thousand drafts.
constexpr int64_t kMaxCount = 100000;
// A century: any window beyond it is a typo, and it keeps date arithmetic far from overflow.
constexpr int64_t kMaxDays = 36500;

constexpr std::array<std::string_view, 16> kTopKeys = {
    "name",           "kind",     "goal",          "key_message",     "cta",
    "persona",        "language", "text_language", "key_message_de",  "cta_de",
    "key_message_en", "cta_en",   "daily_cap",     "max_open_drafts", "target",
    "trigger"};
// The languages the composers write; a campaign text may be given in each.
constexpr std::array<std::string_view, 2> kTextLanguages = {"en", "de"};
constexpr std::array<std::string_view, 4> kTargetKeys = {"tags", "account_state", "activity_types",
                                                         "activity_within_days"};
constexpr std::array<std::string_view, 3> kTriggerKeys = {"on_activity", "within_days",
                                                          "cadence_days"};
constexpr std::array<std::string_view, 3> kLanguages = {"auto", "en", "de"};

std::string_view TypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

std::string_view JsonTypeName(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a floating-point number";
    default:
      return "an unsupported value";
  }
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::string JoinNames(const auto& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

// The dotted path of a key in `table` ("" for the top level, else "target"/"trigger").
std::string PathOf(std::string_view table, std::string_view key) {
  return table.empty() ? std::string(key) : std::string(table) + "." + std::string(key);
}

// "unknown key", with a hint: a near spelling in the same table, or the table where the key
// does belong (a top-level key written below [target] lands in [target]).
std::string UnknownKeyReason(std::string_view table, std::string_view key) {
  struct TableKeys {
    std::string_view table;
    std::span<const std::string_view> keys;
  };
  const std::array<TableKeys, 3> tables = {TableKeys{"", kTopKeys},
                                           TableKeys{"target", kTargetKeys},
                                           TableKeys{"trigger", kTriggerKeys}};
  std::string best;
  // About one slip per four letters: catches "daly_cap" and "on_activities" without
  // offering "kind" for "id".
  size_t best_distance = std::clamp<size_t>(key.size() / 4, 1, 3) + 1;
  for (const TableKeys& candidates : tables) {
    for (std::string_view candidate : candidates.keys) {
      bool same_table = candidates.table == table;
      if (!same_table && candidate != key) continue;  // other tables: exact names only
      if (!same_table && candidates.table.empty()) {
        return "unknown key ('" + std::string(key) +
               "' is a top-level key: write it above the first [table])";
      }
      size_t distance = EditDistance(key, candidate);
      if (distance < best_distance) {
        best_distance = distance;
        best = PathOf(candidates.table, candidate);
      }
    }
  }
  if (best.empty()) return "unknown key";
  return "unknown key (did you mean '" + best + "'?)";
}

struct Problem {
  int64_t line = 0;  // 0: no line (a missing key, or JSON)
  size_t order = 0;
  std::string text;
};

// Walks one campaign table and fills a Campaign, recording every problem. Not thread-safe;
// one per parse.
class CampaignReader {
 public:
  // `file` prefixes every problem ("" for JSON); `personas` null skips the membership check.
  CampaignReader(std::string_view file, const std::vector<std::string>* personas)
      : file_(file), personas_(personas) {}

  Result<Campaign> Read(const toml::table& root) {
    Campaign campaign;
    CheckKeys(root, "", kTopKeys);
    ReadIntent(root, campaign.intent);
    campaign.daily_cap = Number(root, "", "daily_cap", kMaxCount);
    campaign.max_open_drafts = Number(root, "", "max_open_drafts", kMaxCount);
    if (const toml::table* target = Table(root, "target")) {
      ReadTarget(*target, campaign.target);
    }
    if (const toml::table* trigger = Table(root, "trigger")) {
      campaign.trigger = ReadTrigger(*trigger);
    }
    if (problems_.empty()) return campaign;
    return Fail(ErrorCode::kInvalidArgument, Joined());
  }

  // Records a problem at `where` (null: no line, as for a missing key or any JSON value).
  void Report(const toml::node* where, std::string_view key, std::string_view reason) {
    int64_t line = where != nullptr ? static_cast<int64_t>(where->source().begin.line) : 0;
    std::string prefix;
    if (!file_.empty()) prefix = file_ + (line > 0 ? ":" + std::to_string(line) : "") + ": ";
    problems_.push_back(
        {line, problems_.size(), prefix + std::string(key) + ": " + std::string(reason)});
  }

  // Every problem, one per line.
  std::string Joined() {
    // Problems with a line first, in file order; missing keys after them, in schema order.
    std::sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
      auto rank = [](const Problem& p) {
        return p.line > 0 ? p.line : std::numeric_limits<int64_t>::max();
      };
      return std::pair(rank(a), a.order) < std::pair(rank(b), b.order);
    });
    std::string out;
    for (const Problem& problem : problems_) {
      if (!out.empty()) out += "\n";
      out += problem.text;
    }
    return out;
  }

 private:
  void ReadIntent(const toml::table& root, CampaignIntent& intent) {
    intent.name = Text(root, "name", kMaxNameChars, true).value_or("");
    if (auto kind = Text(root, "kind", kMaxItemChars, true)) {
      if (auto parsed = ParseCampaignKind(*kind)) {
        intent.kind = *parsed;
      } else {
        Report(root.get("kind"), "kind",
               "must be one of outreach, check_in, milestone (got '" + *kind + "')");
      }
    }
    intent.goal = Text(root, "goal", kMaxTextChars, true).value_or("");
    intent.key_message = Text(root, "key_message", kMaxTextChars, true).value_or("");
    intent.cta = Text(root, "cta", kMaxTextChars, true).value_or("");
    if (auto persona = Text(root, "persona", kMaxItemChars, false)) {
      intent.persona = *persona;
      CheckPersona(root.get("persona"), *persona);
    }
    if (auto language = Text(root, "language", kMaxItemChars, false)) {
      intent.language = *language;
      if (std::find(kLanguages.begin(), kLanguages.end(), *language) == kLanguages.end()) {
        Report(root.get("language"), "language",
               "must be one of " + JoinNames(kLanguages) + " (got '" + *language + "')");
      }
    }
    ReadTranslations(root, intent);
  }

  // text_language and the key_message_<lang> / cta_<lang> pairs.
  void ReadTranslations(const toml::table& root, CampaignIntent& intent) {
    if (auto text_language = Text(root, "text_language", kMaxItemChars, false)) {
      if (std::find(kTextLanguages.begin(), kTextLanguages.end(), *text_language) ==
          kTextLanguages.end()) {
        Report(root.get("text_language"), "text_language",
               "must be one of " + JoinNames(kTextLanguages) + " (got '" + *text_language + "')");
      } else {
        intent.text_language = *text_language;
      }
    }
    for (std::string_view lang : kTextLanguages) {
      std::string message_key = "key_message_" + std::string(lang);
      std::string cta_key = "cta_" + std::string(lang);
      const toml::node* message_node = root.get(message_key);
      const toml::node* cta_node = root.get(cta_key);
      if (message_node == nullptr && cta_node == nullptr) continue;
      auto message = Text(root, message_key, kMaxTextChars, false);
      auto cta = Text(root, cta_key, kMaxTextChars, false);
      if (message_node == nullptr || cta_node == nullptr) {
        const toml::node* given = message_node != nullptr ? message_node : cta_node;
        Report(given, message_node == nullptr ? message_key : cta_key,
               "is required with " + (message_node == nullptr ? cta_key : message_key) +
                   ": a draft in that language needs both");
        continue;
      }
      if (lang == intent.TextLanguage()) {
        Report(message_node, message_key,
               "key_message and cta are already in '" + std::string(lang) +
                   "'; set text_language to the language they are written in");
        continue;
      }
      if (message && cta) intent.translations[std::string(lang)] = CampaignText{*message, *cta};
    }
  }

  void CheckPersona(const toml::node* where, const std::string& persona) {
    if (personas_ == nullptr || persona == "default") return;
    if (std::find(personas_->begin(), personas_->end(), persona) != personas_->end()) return;
    std::vector<std::string> known = {"default"};
    for (const std::string& name : *personas_) {
      if (name != "default") known.push_back(name);
    }
    Report(where, "persona",
           "unknown persona '" + persona + "' (the config defines: " + JoinNames(known) + ")");
  }

  void ReadTarget(const toml::table& table, CampaignTarget& target) {
    CheckKeys(table, "target", kTargetKeys);
    target.tags = List(table, "target", "tags");
    target.account_states = List(table, "target", "account_state");
    target.activity_types = List(table, "target", "activity_types");
    target.activity_within_days = Number(table, "target", "activity_within_days", kMaxDays);
    const toml::node* within = table.get("activity_within_days");
    const toml::node* types = table.get("activity_types");
    bool types_given = types != nullptr && !(types->is_array() && types->as_array()->empty());
    if (within != nullptr && !types_given) {
      Report(within, "target.activity_within_days",
             "only applies together with target.activity_types");
    }
  }

  CampaignTrigger ReadTrigger(const toml::table& table) {
    CheckKeys(table, "trigger", kTriggerKeys);
    CampaignTrigger trigger;
    trigger.on_activity = List(table, "trigger", "on_activity");
    trigger.within_days = Number(table, "trigger", "within_days", kMaxDays);
    trigger.cadence_days = Number(table, "trigger", "cadence_days", kMaxDays);
    const toml::node* on = table.get("on_activity");
    const toml::node* within = table.get("within_days");
    const toml::node* cadence = table.get("cadence_days");
    // An empty on_activity beside cadence_days is how the JSON form writes "no activities".
    bool on_empty = on != nullptr && on->is_array() && on->as_array()->empty();
    bool on_given = on != nullptr && !on_empty;
    if (on_given && cadence != nullptr) {
      Report(cadence, "trigger.cadence_days",
             "give either trigger.on_activity or trigger.cadence_days, not both");
    } else if (on_empty && cadence == nullptr) {
      Report(on, "trigger.on_activity", "must not be empty");
    } else if (on == nullptr && cadence == nullptr) {
      Report(&table, "trigger", "needs on_activity (with optional within_days) or cadence_days");
    }
    if (within != nullptr && !on_given) {
      Report(within, "trigger.within_days", "only applies together with trigger.on_activity");
    }
    return trigger;
  }

  template <size_t N>
  void CheckKeys(const toml::table& table, std::string_view path,
                 const std::array<std::string_view, N>& allowed) {
    for (auto&& [key, node] : table) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
      Report(&node, PathOf(path, key.str()), UnknownKeyReason(path, key.str()));
    }
  }

  // The trimmed string at `key`, or nullopt if it is absent or bad (the problem recorded).
  std::optional<std::string> Text(const toml::table& table, std::string_view key, size_t max_chars,
                                  bool required) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (required) Report(nullptr, key, "is required");
      return std::nullopt;
    }
    return CheckedText(*node, std::string(key), max_chars);
  }

  std::optional<std::string> CheckedText(const toml::node& node, const std::string& path,
                                         size_t max_chars) {
    if (!node.is_string()) {
      Report(&node, path, "expected a string, got " + std::string(TypeName(node.type())));
      return std::nullopt;
    }
    std::string_view text = Trim(node.as_string()->get());
    if (text.empty()) {
      Report(&node, path, "must not be empty");
      return std::nullopt;
    }
    if (HasControlCodePoint(text)) {
      Report(&node, path, "must be one line without control characters");
      return std::nullopt;
    }
    if (size_t chars = CountCodePoints(text); chars > max_chars) {
      Report(&node, path,
             "must be at most " + std::to_string(max_chars) + " characters (got " +
                 std::to_string(chars) + ")");
      return std::nullopt;
    }
    return std::string(text);
  }

  // The strings of the array at `key`, trimmed; absent is empty. Bad items are recorded.
  std::vector<std::string> List(const toml::table& table, std::string_view path,
                                std::string_view key) {
    std::vector<std::string> items;
    const toml::node* node = table.get(key);
    if (node == nullptr) return items;
    std::string full = PathOf(path, key);
    if (!node->is_array()) {
      Report(node, full,
             "expected an array of strings, got " + std::string(TypeName(node->type())));
      return items;
    }
    const toml::array& array = *node->as_array();
    for (size_t i = 0; i < array.size(); ++i) {
      std::string item_path = full + "[" + std::to_string(i) + "]";
      if (auto item = CheckedText(array[i], item_path, kMaxItemChars)) {
        items.push_back(std::move(*item));
      }
    }
    return items;
  }

  // A whole number from 1 to `max` at `key`, or nullopt if absent or bad (recorded).
  std::optional<int> Number(const toml::table& table, std::string_view path, std::string_view key,
                            int64_t max) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return std::nullopt;
    std::string full = PathOf(path, key);
    if (!node->is_integer()) {
      Report(node, full, "expected an integer, got " + std::string(TypeName(node->type())));
      return std::nullopt;
    }
    int64_t value = node->as_integer()->get();
    if (value < 1 || value > max) {
      Report(node, full,
             "must be a whole number from 1 to " + std::to_string(max) + " (got " +
                 std::to_string(value) + ")");
      return std::nullopt;
    }
    return static_cast<int>(value);
  }

  const toml::table* Table(const toml::table& root, std::string_view key) {
    const toml::node* node = root.get(key);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) {
      Report(node, key, "expected a table, got " + std::string(TypeName(node->type())));
      return nullptr;
    }
    return node->as_table();
  }

  std::string file_;
  const std::vector<std::string>* personas_;
  std::vector<Problem> problems_;
};

using TomlValue = std::variant<std::string, bool, int64_t, double, toml::array, toml::table>;

// Copies a JSON value into TOML form so CampaignReader can check it. Null members count as
// absent; a null array item is recorded as a problem (every campaign array holds strings).
std::optional<TomlValue> FromJson(const json& value, const std::string& path,
                                  CampaignReader& reader) {
  switch (value.type()) {
    case json::value_t::string:
      return value.get<std::string>();
    case json::value_t::boolean:
      return value.get<bool>();
    case json::value_t::number_integer:
      return value.get<int64_t>();
    case json::value_t::number_unsigned: {
      // Past int64 the exact value does not matter: it is far above every limit.
      constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
      return static_cast<int64_t>(std::min(value.get<uint64_t>(), kMax));
    }
    case json::value_t::number_float:
      return value.get<double>();
    case json::value_t::array: {
      toml::array array;
      for (size_t i = 0; i < value.size(); ++i) {
        std::string item_path = path + "[" + std::to_string(i) + "]";
        if (value[i].is_null()) {
          reader.Report(nullptr, item_path, "expected a string, got null");
          continue;
        }
        if (auto item = FromJson(value[i], item_path, reader)) {
          std::visit([&](auto&& v) { array.push_back(std::move(v)); }, *item);
        }
      }
      return array;
    }
    case json::value_t::object: {
      toml::table table;
      for (const auto& [key, member] : value.items()) {
        if (member.is_null()) continue;
        if (auto item = FromJson(member, path.empty() ? key : path + "." + key, reader)) {
          std::visit([&](auto&& v) { table.insert_or_assign(key, std::move(v)); }, *item);
        }
      }
      return table;
    }
    default:
      reader.Report(nullptr, path, "unsupported JSON value");
      return std::nullopt;
  }
}

}  // namespace

Result<Campaign> ParseCampaignToml(std::string_view toml_text, std::string_view name,
                                   const std::vector<std::string>& personas) {
  toml::table root;
  try {
    root = toml::parse(toml_text, name);
  } catch (const toml::parse_error& error) {
    const toml::source_region& where = error.source();
    return Fail(ErrorCode::kInvalidArgument,
                std::string(name) + ":" + std::to_string(where.begin.line) + ":" +
                    std::to_string(where.begin.column) +
                    ": TOML syntax error: " + std::string(error.description()));
  }
  // Without a name the problems would start with ":7:"; "campaign" reads better.
  CampaignReader reader(name.empty() ? std::string_view("campaign") : name, &personas);
  return reader.Read(root);
}

nlohmann::json CampaignToJson(const Campaign& campaign) {
  const CampaignIntent& intent = campaign.intent;
  json out = {{"name", intent.name},        {"kind", CampaignKindName(intent.kind)},
              {"goal", intent.goal},        {"key_message", intent.key_message},
              {"cta", intent.cta},          {"persona", intent.persona},
              {"language", intent.language}};
  if (!intent.text_language.empty()) out["text_language"] = intent.text_language;
  for (const auto& [lang, text] : intent.translations) {
    out["key_message_" + lang] = text.key_message;
    out["cta_" + lang] = text.cta;
  }
  if (campaign.daily_cap) out["daily_cap"] = *campaign.daily_cap;
  if (campaign.max_open_drafts) out["max_open_drafts"] = *campaign.max_open_drafts;
  const CampaignTarget& target = campaign.target;
  json target_json = {{"tags", target.tags},
                      {"account_state", target.account_states},
                      {"activity_types", target.activity_types}};
  if (target.activity_within_days) {
    target_json["activity_within_days"] = *target.activity_within_days;
  }
  out["target"] = std::move(target_json);
  if (campaign.trigger) {
    json trigger = {{"on_activity", campaign.trigger->on_activity}};
    if (campaign.trigger->within_days) trigger["within_days"] = *campaign.trigger->within_days;
    if (campaign.trigger->cadence_days) trigger["cadence_days"] = *campaign.trigger->cadence_days;
    out["trigger"] = std::move(trigger);
  }
  return out;
}

Result<Campaign> CampaignFromJson(const nlohmann::json& spec) {
  CampaignReader reader("", nullptr);
  if (!spec.is_object()) {
    reader.Report(nullptr, "campaign",
                  "expected a JSON object, got " + std::string(JsonTypeName(spec)));
    return Fail(ErrorCode::kInvalidArgument, reader.Joined());
  }
  std::optional<TomlValue> root = FromJson(spec, "", reader);
  return reader.Read(std::get<toml::table>(*root));
}

const std::vector<std::string>& KnownCampaignKeys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (std::string_view key : kTopKeys) {
      if (key != "target" && key != "trigger") out.emplace_back(key);
    }
    for (std::string_view key : kTargetKeys) out.push_back(PathOf("target", key));
    for (std::string_view key : kTriggerKeys) out.push_back(PathOf("trigger", key));
    return out;
  }();
  return keys;
}

}  // namespace draftbox
