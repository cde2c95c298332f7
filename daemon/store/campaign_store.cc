#include "store/campaign_store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <utility>

#include "core/clock.h"
#include "store/sqlite_statement.h"

namespace draftbox {
namespace {

constexpr char kRunColumns[] =
    "id, campaign_id, started_at, finished_at, dry_run, state, error, started_by, counts";

bool IsJsonObject(const std::string& text) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return !parsed.is_discarded() && parsed.is_object();
}

StoredCampaign ReadCampaign(const SqliteStatement& row) {
  return StoredCampaign{row.ColumnInt64(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3),
                        row.ColumnInt64(4)};
}

CampaignRunRecord ReadRun(const SqliteStatement& row) {
  CampaignRunRecord run;
  run.id = row.ColumnInt64(0);
  run.campaign_id = row.ColumnInt64(1);
  run.started_at = row.ColumnInt64(2);
  run.finished_at = row.ColumnOptionalInt64(3);
  run.dry_run = row.ColumnInt64(4) != 0;
  run.state = row.ColumnText(5);
  run.error = row.ColumnText(6);
  run.started_by = row.ColumnText(7);
  run.counts_json = row.ColumnText(8);
  return run;
}

// Runs `sql` (bound by `bind`) and reads every row with `read`.
template <typename T, typename Read>
Result<std::vector<T>> Query(Database& database, const std::string& sql, const char* purpose,
                             const std::function<void(SqliteStatement&)>& bind, Read read) {
  return database.WithConnection([&](sqlite3* db) -> Result<std::vector<T>> {
    auto stmt = SqliteStatement::Prepare(db, sql, purpose);
    if (!stmt) return std::unexpected(stmt.error());
    if (bind) bind(*stmt);
    std::vector<T> rows;
    while (true) {
      Result<bool> row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return rows;
      rows.push_back(read(*stmt));
    }
  });
}

Status Execute(Database& database, const std::string& sql, const char* purpose,
               const std::function<void(SqliteStatement&)>& bind) {
  return database.WithConnection([&](sqlite3* db) -> Status {
    auto stmt = SqliteStatement::Prepare(db, sql, purpose);
    if (!stmt) return std::unexpected(stmt.error());
    bind(*stmt);
    return stmt->Run();
  });
}

}  // namespace

CampaignStore::CampaignStore(Database& db, std::function<int64_t()> now)
    : db_(db), now_(now ? std::move(now) : NowFunction(SystemClock())) {}

Result<int64_t> CampaignStore::Create(const std::string& name, const std::string& kind,
                                      const std::string& spec_json) {
  if (!IsJsonObject(spec_json)) {
    return Fail(ErrorCode::kInvalidArgument, "campaign spec must be a JSON object");
  }
  auto ids = Query<int64_t>(
      db_,
      "INSERT INTO campaigns (name, kind, spec, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
      "create campaign",
      [&](SqliteStatement& s) { s.Bind(1, name).Bind(2, kind).Bind(3, spec_json).Bind(4, now_()); },
      [](const SqliteStatement& row) { return row.ColumnInt64(0); });
  if (!ids) return std::unexpected(ids.error());
  return ids->front();
}

Result<StoredCampaign> CampaignStore::Get(int64_t id) {
  auto rows = Query<StoredCampaign>(
      db_, "SELECT id, name, kind, spec, created_at FROM campaigns WHERE id = ?1", "read campaign",
      [&](SqliteStatement& s) { s.Bind(1, id); }, ReadCampaign);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no campaign " + std::to_string(id));
  return std::move(rows->front());
}

Result<std::vector<StoredCampaign>> CampaignStore::List() {
  return Query<StoredCampaign>(db_,
                               "SELECT id, name, kind, spec, created_at FROM campaigns ORDER BY id",
                               "list campaigns", {}, ReadCampaign);
}

Result<int64_t> CampaignStore::StartRun(int64_t campaign_id, bool dry_run,
                                        const std::string& started_by) {
  if (Result<StoredCampaign> campaign = Get(campaign_id); !campaign) {
    return std::unexpected(campaign.error());
  }
  auto ids = Query<int64_t>(
      db_,
      "INSERT INTO campaign_runs (campaign_id, started_at, dry_run, started_by)"
      " VALUES (?1, ?2, ?3, ?4) RETURNING id",
      "start campaign run",
      [&](SqliteStatement& s) {
        s.Bind(1, campaign_id).Bind(2, now_()).Bind(3, dry_run ? 1 : 0).Bind(4, started_by);
      },
      [](const SqliteStatement& row) { return row.ColumnInt64(0); });
  if (!ids) return std::unexpected(ids.error());
  return ids->front();
}

Status CampaignStore::SaveRunCounts(int64_t run_id, const std::string& counts_json) {
  if (!IsJsonObject(counts_json)) {
    return Fail(ErrorCode::kInvalidArgument, "run counts must be a JSON object");
  }
  return Execute(db_, "UPDATE campaign_runs SET counts = ?1 WHERE id = ?2", "save run counts",
                 [&](SqliteStatement& s) { s.Bind(1, counts_json).Bind(2, run_id); });
}

Status CampaignStore::FinishRun(int64_t run_id, const std::string& state,
                                const std::string& counts_json, const std::string& error) {
  if (!IsJsonObject(counts_json)) {
    return Fail(ErrorCode::kInvalidArgument, "run counts must be a JSON object");
  }
  return Execute(
      db_,
      "UPDATE campaign_runs SET state = ?1, counts = ?2, error = ?3, finished_at = ?4"
      " WHERE id = ?5",
      "finish campaign run", [&](SqliteStatement& s) {
        s.Bind(1, state).Bind(2, counts_json).Bind(3, error).Bind(4, now_()).Bind(5, run_id);
      });
}

Result<int64_t> CampaignStore::InterruptUnfinishedRuns() {
  auto ids = Query<int64_t>(
      db_,
      "UPDATE campaign_runs SET state = 'interrupted',"
      " error = 'the daemon stopped before the run finished' WHERE state = 'running'"
      " RETURNING id",
      "mark interrupted runs", {}, [](const SqliteStatement& row) { return row.ColumnInt64(0); });
  if (!ids) return std::unexpected(ids.error());
  return static_cast<int64_t>(ids->size());
}

Result<CampaignRunRecord> CampaignStore::GetRun(int64_t run_id) {
  auto rows = Query<CampaignRunRecord>(
      db_, std::string("SELECT ") + kRunColumns + " FROM campaign_runs WHERE id = ?1", "read run",
      [&](SqliteStatement& s) { s.Bind(1, run_id); }, ReadRun);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no campaign run " + std::to_string(run_id));
  return std::move(rows->front());
}

Result<std::vector<CampaignRunRecord>> CampaignStore::ListRuns(int64_t campaign_id) {
  return Query<CampaignRunRecord>(
      db_,
      std::string("SELECT ") + kRunColumns +
          " FROM campaign_runs WHERE campaign_id = ?1 ORDER BY id DESC",
      "list runs", [&](SqliteStatement& s) { s.Bind(1, campaign_id); }, ReadRun);
}

}  // namespace draftbox
