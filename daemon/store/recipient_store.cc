#include "store/recipient_store.h"

#include <sqlite3.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/clock.h"
#include "core/email_address.h"
#include "store/sqlite_statement.h"
#include "store/sqlite_transaction.h"

namespace draftbox {
namespace {

using nlohmann::json;

constexpr std::string_view kColumns =
    "id, email, name, first_name, last_name, role, company, company_domain, country, language, "
    "timezone, tags, account_state, plan, renewal_date, health, owner, consent, custom";

// Plain text columns in the order of kColumns from index 2, with their member.
constexpr std::string Recipient::*kTextMembers[] = {
    &Recipient::name,
    &Recipient::first_name,
    &Recipient::last_name,
    &Recipient::role,
    &Recipient::company,
    &Recipient::company_domain,
    &Recipient::country,
    &Recipient::language,
    &Recipient::timezone,
    nullptr,  // tags
    &Recipient::account_state,
    &Recipient::plan,
    &Recipient::renewal_date,
    &Recipient::health,
    &Recipient::owner,
};
constexpr std::string_view kTextNames[] = {
    "name",           "first_name", "last_name",    "role",     "company",
    "company_domain", "country",    "language",     "timezone", "tags",
    "account_state",  "plan",       "renewal_date", "health",   "owner",
};

constexpr std::string_view kInsertSql = R"sql(
INSERT INTO recipients (email, name, first_name, last_name, role, company, company_domain,
  country, language, timezone, tags, account_state, plan, renewal_date, health, owner, consent,
  custom, created_at, updated_at)
VALUES (?19, ?1, ?2, ?3, ?4, ?5, ?6, ?7,
  ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
  ?17, ?18, ?18)
)sql";

// Parameters ?1-?15 are the text columns in kTextNames order, ?16 consent, ?17 custom,
// ?18 now, ?19 the email (insert) or id (update); both statements share BindFields.
// An empty value means "not in this file": it keeps what is stored.
constexpr std::string_view kUpdateSql = R"sql(
UPDATE recipients SET
  name = CASE WHEN ?1 <> '' THEN ?1 ELSE name END,
  first_name = CASE WHEN ?2 <> '' THEN ?2 ELSE first_name END,
  last_name = CASE WHEN ?3 <> '' THEN ?3 ELSE last_name END,
  role = CASE WHEN ?4 <> '' THEN ?4 ELSE role END,
  company = CASE WHEN ?5 <> '' THEN ?5 ELSE company END,
  company_domain = CASE WHEN ?6 <> '' THEN ?6 ELSE company_domain END,
  country = CASE WHEN ?7 <> '' THEN ?7 ELSE country END,
  language = CASE WHEN ?8 <> '' THEN ?8 ELSE language END,
  timezone = CASE WHEN ?9 <> '' THEN ?9 ELSE timezone END,
  tags = CASE WHEN ?10 <> '[]' THEN ?10 ELSE tags END,
  account_state = CASE WHEN ?11 <> '' THEN ?11 ELSE account_state END,
  plan = CASE WHEN ?12 <> '' THEN ?12 ELSE plan END,
  renewal_date = CASE WHEN ?13 <> '' THEN ?13 ELSE renewal_date END,
  health = CASE WHEN ?14 <> '' THEN ?14 ELSE health END,
  owner = CASE WHEN ?15 <> '' THEN ?15 ELSE owner END,
  consent = json_patch(consent, ?16),
  custom = json_patch(custom, ?17),
  updated_at = ?18
WHERE id = ?19
)sql";

constexpr std::string_view kInsertActivitySql = R"sql(
INSERT OR IGNORE INTO activities (recipient_id, type, date, summary, source, imported_at)
VALUES (:recipient_id, :type, :date, :summary, :source, :now)
)sql";

std::string MapJson(const std::map<std::string, std::string>& map) {
  return json(map).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Binds ?1-?18 (see kInsertSql); the caller binds ?19.
void BindFields(SqliteStatement& s, const Recipient& r, int64_t now) {
  for (size_t i = 0; i < std::size(kTextMembers); ++i) {
    const int param = static_cast<int>(i) + 1;
    if (kTextMembers[i] == nullptr) {
      s.Bind(param, json(r.tags).dump(-1, ' ', false, json::error_handler_t::replace));
    } else {
      s.Bind(param, r.*kTextMembers[i]);
    }
  }
  s.Bind(16, MapJson(r.consent)).Bind(17, MapJson(r.custom)).Bind(18, now);
}

std::map<std::string, std::string> JsonMap(const std::string& text) {
  std::map<std::string, std::string> out;
  json parsed = json::parse(text, nullptr, false);
  if (!parsed.is_object()) return out;
  for (const auto& [k, v] : parsed.items()) {
    out[k] = v.is_string() ? v.get<std::string>()
                           : v.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  return out;
}

Recipient RowToRecipient(const SqliteStatement& s) {
  Recipient r;
  r.id = s.ColumnInt64(0);
  r.email = s.ColumnText(1);
  for (size_t i = 0; i < std::size(kTextMembers); ++i) {
    const int column = static_cast<int>(i) + 2;
    if (kTextMembers[i] != nullptr) {
      r.*kTextMembers[i] = s.ColumnText(column);
      continue;
    }
    json tags = json::parse(s.ColumnText(column), nullptr, false);
    for (const json& tag : tags.is_array() ? tags : json::array()) {
      if (tag.is_string()) r.tags.push_back(tag.get<std::string>());
    }
  }
  r.consent = JsonMap(s.ColumnText(17));
  r.custom = JsonMap(s.ColumnText(18));
  return r;
}

constexpr std::string_view kFilterSql =
    " WHERE (:state = '' OR account_state = :state) AND (:tag = '' OR EXISTS "
    "(SELECT 1 FROM json_each(recipients.tags) WHERE json_each.value = :tag))";

// One batch in one transaction. Adds to `counts` only once the batch has committed.
Status UpsertBatch(sqlite3* c, std::span<const Recipient> batch, int64_t now,
                   UpsertCounts& counts) {
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(c, "import recipients");
  if (!tx) return std::unexpected(tx.error());
  auto find = SqliteStatement::Prepare(c, "SELECT id FROM recipients WHERE email = :email",
                                       "find recipient by email");
  auto insert = SqliteStatement::Prepare(c, kInsertSql, "insert recipient");
  auto update = SqliteStatement::Prepare(c, kUpdateSql, "update recipient");
  auto activity = SqliteStatement::Prepare(c, kInsertActivitySql, "insert activity");
  for (auto* s : {&find, &insert, &update, &activity}) {
    if (!*s) return std::unexpected(s->error());
  }
  UpsertCounts local;
  for (const Recipient& r : batch) {
    find->Reset();
    Result<bool> found = find->Bind(":email", r.email).Step();
    if (!found) return std::unexpected(found.error());
    int64_t id = *found ? find->ColumnInt64(0) : 0;
    SqliteStatement& write = *found ? *update : *insert;
    write.Reset();
    BindFields(write, r, now);
    if (*found) {
      write.Bind(19, id);
    } else {
      write.Bind(19, r.email);
    }
    if (Status ran = write.Run(); !ran) {
      return Fail(ErrorCode::kStore, r.email + ": " + ran.error().message);
    }
    if (!*found) id = sqlite3_last_insert_rowid(c);
    ++(*found ? local.updated : local.inserted);
    for (const Activity& a : r.activities) {
      activity->Reset();
      activity->Bind(":recipient_id", id)
          .Bind(":type", a.type)
          .Bind(":date", a.date)
          .Bind(":summary", a.summary)
          .Bind(":source", a.source)
          .Bind(":now", now);
      if (Status ran = activity->Run(); !ran) {
        return Fail(ErrorCode::kStore, r.email + ": " + ran.error().message);
      }
      local.activities_added += sqlite3_changes(c);
    }
  }
  if (Status committed = tx->Commit(); !committed) return committed;
  counts.inserted += local.inserted;
  counts.updated += local.updated;
  counts.activities_added += local.activities_added;
  return {};
}

}  // namespace

RecipientStore::RecipientStore(Database& db, std::function<int64_t()> now)
    : db_(db), now_(std::move(now)) {
  if (!now_) {
    now_ = NowFunction(SystemClock());
  }
}

Result<UpsertCounts> RecipientStore::Upsert(std::span<const Recipient> recipients,
                                            const std::function<void(int64_t done)>& progress) {
  UpsertCounts counts;
  const int64_t now = now_();
  for (size_t start = 0; start < recipients.size(); start += kBatchRows) {
    std::span<const Recipient> batch =
        recipients.subspan(start, std::min(kBatchRows, recipients.size() - start));
    Status done =
        db_.WithConnection([&](sqlite3* c) { return UpsertBatch(c, batch, now, counts); });
    if (!done) return std::unexpected(done.error());
    if (progress) progress(static_cast<int64_t>(start + batch.size()));
  }
  return counts;
}

Result<Recipient> RecipientStore::GetWhere(std::string_view where, int64_t id,
                                           std::string_view email) {
  Result<Recipient> found = db_.WithConnection([&](sqlite3* c) -> Result<Recipient> {
    auto s = SqliteStatement::Prepare(
        c, "SELECT " + std::string(kColumns) + " FROM recipients WHERE " + std::string(where),
        "read recipient");
    if (!s) return std::unexpected(s.error());
    if (where.find(":id") != std::string_view::npos) s->Bind(":id", id);
    if (where.find(":email") != std::string_view::npos) s->Bind(":email", email);
    Result<bool> row = s->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) {
      return Fail(ErrorCode::kNotFound, id != 0 ? "no recipient with id " + std::to_string(id)
                                                : "no recipient " + std::string(email));
    }
    return RowToRecipient(*s);
  });
  if (!found) return found;
  Result<std::vector<Activity>> activities = Activities(found->id);
  if (!activities) return std::unexpected(activities.error());
  found->activities = std::move(*activities);
  return found;
}

Result<Recipient> RecipientStore::Get(int64_t id) { return GetWhere("id = :id", id, ""); }

Result<Recipient> RecipientStore::GetByEmail(std::string_view email) {
  Result<std::string> normalised = NormaliseEmail(email);
  if (!normalised) return Fail(ErrorCode::kNotFound, "no recipient " + std::string(email));
  return GetWhere("email = :email", 0, *normalised);
}

Result<std::vector<Recipient>> RecipientStore::List(int64_t offset, int64_t limit,
                                                    const RecipientFilter& filter) {
  return db_.WithConnection([&](sqlite3* c) -> Result<std::vector<Recipient>> {
    auto s = SqliteStatement::Prepare(c,
                                      "SELECT " + std::string(kColumns) + " FROM recipients" +
                                          std::string(kFilterSql) +
                                          " ORDER BY id LIMIT :limit OFFSET :offset",
                                      "list recipients");
    if (!s) return std::unexpected(s.error());
    s->Bind(":state", filter.account_state)
        .Bind(":tag", filter.tag)
        .Bind(":limit", limit)
        .Bind(":offset", offset);
    std::vector<Recipient> out;
    while (true) {
      Result<bool> row = s->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return out;
      out.push_back(RowToRecipient(*s));
    }
  });
}

Result<int64_t> RecipientStore::Count(const RecipientFilter& filter) {
  return db_.WithConnection([&](sqlite3* c) -> Result<int64_t> {
    auto s = SqliteStatement::Prepare(
        c, "SELECT count(*) FROM recipients" + std::string(kFilterSql), "count recipients");
    if (!s) return std::unexpected(s.error());
    s->Bind(":state", filter.account_state).Bind(":tag", filter.tag);
    Result<bool> row = s->Step();
    if (!row) return std::unexpected(row.error());
    return s->ColumnInt64(0);
  });
}

Result<std::vector<int64_t>> RecipientStore::MatchingIds(const CampaignTarget& target,
                                                         std::string_view today) {
  // Lists are bound as JSON arrays and opened with json_each, so one statement serves any
  // number of values without building SQL from untrusted text.
  auto lower = [](std::vector<std::string> values) {
    for (std::string& v : values) {
      for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return json(values).dump(-1, ' ', false, json::error_handler_t::replace);
  };
  std::string sql = "SELECT id FROM recipients WHERE 1";
  if (!target.tags.empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM json_each(recipients.tags) AS t, json_each(:tags) AS w"
        " WHERE lower(t.value) = w.value)";
  }
  if (!target.account_states.empty()) {
    sql += " AND lower(account_state) IN (SELECT value FROM json_each(:states))";
  }
  if (!target.activity_types.empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM activities a WHERE a.recipient_id = recipients.id"
        " AND lower(a.type) IN (SELECT value FROM json_each(:types))";
    if (target.activity_within_days) {
      // A future-dated activity has not happened yet: it counts once its day comes.
      sql +=
          " AND a.date <> '' AND a.date >= date(:today, '-' || :days || ' days')"
          " AND a.date <= :today";
    }
    sql += ")";
  }
  sql += " ORDER BY id";
  return db_.WithConnection([&](sqlite3* db) -> Result<std::vector<int64_t>> {
    auto stmt = SqliteStatement::Prepare(db, sql, "select campaign targets");
    if (!stmt) return std::unexpected(stmt.error());
    if (!target.tags.empty()) stmt->Bind(":tags", lower(target.tags));
    if (!target.account_states.empty()) stmt->Bind(":states", lower(target.account_states));
    if (!target.activity_types.empty()) {
      stmt->Bind(":types", lower(target.activity_types));
      if (target.activity_within_days) {
        stmt->Bind(":today", today).Bind(":days", *target.activity_within_days);
      }
    }
    std::vector<int64_t> ids;
    while (true) {
      Result<bool> row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return ids;
      ids.push_back(stmt->ColumnInt64(0));
    }
  });
}

Result<std::map<int64_t, int64_t>> RecipientStore::NewestActivityOfTypes(
    const std::vector<std::string>& types, std::string_view since_day, std::string_view until_day) {
  std::vector<std::string> lowered = types;
  for (std::string& t : lowered) {
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const std::string types_json = json(lowered).dump(-1, ' ', false, json::error_handler_t::replace);
  return db_.WithConnection([&](sqlite3* db) -> Result<std::map<int64_t, int64_t>> {
    // Newest by date, then by id (the later import) for activities of the same day.
    auto stmt = SqliteStatement::Prepare(
        db,
        "SELECT recipient_id, id FROM activities WHERE lower(type) IN"
        " (SELECT value FROM json_each(:types)) AND date <> '' AND date >= :since"
        " AND date <= :until"
        " ORDER BY recipient_id, date, id",
        "find trigger activities");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(":types", types_json).Bind(":since", since_day).Bind(":until", until_day);
    std::map<int64_t, int64_t> newest;
    while (true) {
      Result<bool> row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return newest;
      newest[stmt->ColumnInt64(0)] = stmt->ColumnInt64(1);  // later rows win
    }
  });
}

Result<std::vector<Activity>> RecipientStore::Activities(int64_t recipient_id) {
  return db_.WithConnection([&](sqlite3* c) -> Result<std::vector<Activity>> {
    auto s = SqliteStatement::Prepare(
        c,
        "SELECT id, type, date, summary, source FROM activities WHERE recipient_id = :id "
        "ORDER BY date = '', date DESC, id",
        "read activities");
    if (!s) return std::unexpected(s.error());
    s->Bind(":id", recipient_id);
    std::vector<Activity> out;
    while (true) {
      Result<bool> row = s->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return out;
      out.push_back(Activity{s->ColumnInt64(0), s->ColumnText(1), s->ColumnText(2),
                             s->ColumnText(3), s->ColumnText(4)});
    }
  });
}

}  // namespace draftbox
