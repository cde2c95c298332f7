#include "store/edit_pair_store.h"

#include <sqlite3.h>

#include "store/sqlite_statement.h"

namespace draftbox {
namespace {

// The ratio leaves SQLite as an integer in 1/10000 (the statement wrapper reads integers and
// text): four digits are more than a median shown with two needs.
constexpr char kSql[] = R"sql(
SELECT d.id, d.campaign_id, p.persona, d.sent_at,
       COALESCE((SELECT CAST(ROUND(json_extract(e.payload, '$.edit_ratio') * 10000) AS INTEGER)
                 FROM events e WHERE e.draft_id = d.id AND e.type = 'draft_edit_signal'
                 ORDER BY e.id DESC LIMIT 1), 0),
       d.subject, d.body, d.sent_subject, d.sent_body, d.facts_used,
       r.first_name, r.last_name, r.name, r.company, r.company_domain, r.email
FROM drafts d
JOIN (SELECT id, COALESCE(NULLIF(json_extract(spec, '$.persona'), ''), 'default') AS persona
      FROM campaigns) p ON p.id = d.campaign_id
JOIN recipients r ON r.id = d.recipient_id
WHERE d.sent_at IS NOT NULL AND d.sent_body <> ''
  AND (?1 IS NULL OR p.persona = ?1)
ORDER BY d.sent_at DESC, d.id DESC
LIMIT ?2
)sql";

}  // namespace

Result<std::vector<EditPairRow>> EditPairStore::Recent(const std::optional<std::string>& persona,
                                                       int64_t limit) {
  if (limit < 1) return Fail(ErrorCode::kInvalidArgument, "edit pairs: limit must be at least 1");
  return db_.WithConnection([&](sqlite3* db) -> Result<std::vector<EditPairRow>> {
    auto stmt = SqliteStatement::Prepare(db, kSql, "read edit pairs");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(1, persona).Bind(2, limit);
    std::vector<EditPairRow> out;
    while (true) {
      Result<bool> row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return out;
      EditPairRow p;
      p.draft_id = stmt->ColumnInt64(0);
      p.campaign_id = stmt->ColumnInt64(1);
      p.persona = stmt->ColumnText(2);
      p.sent_at = stmt->ColumnInt64(3);
      p.edit_ratio = static_cast<double>(stmt->ColumnInt64(4)) / 10000.0;
      p.draft_subject = stmt->ColumnText(5);
      p.draft_body = stmt->ColumnText(6);
      p.sent_subject = stmt->ColumnText(7);
      p.sent_body = stmt->ColumnText(8);
      p.facts_used_json = stmt->ColumnText(9);
      p.first_name = stmt->ColumnText(10);
      p.last_name = stmt->ColumnText(11);
      p.full_name = stmt->ColumnText(12);
      p.company = stmt->ColumnText(13);
      p.company_domain = stmt->ColumnText(14);
      p.email = stmt->ColumnText(15);
      out.push_back(std::move(p));
    }
  });
}

}  // namespace draftbox
