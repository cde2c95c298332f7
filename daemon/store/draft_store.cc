#include "store/draft_store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <utility>

#include "core/clock.h"
#include "store/event_log.h"
#include "store/sqlite_statement.h"
#include "store/sqlite_transaction.h"

namespace draftbox {
namespace {

constexpr char kColumns[] =
    "id, campaign_id, recipient_id, run_id, state, reason, subject, body, language, to_address,"
    " instruction, trigger_key, facts_used, message_id, sent_message_id, imap_folder, imap_uid,"
    " imap_uid_validity, supersedes, created_at, updated_at, placed_at, sent_at, removed_at,"
    " sent_subject, sent_body, prompt";

constexpr int64_t kSecondsPerDay = 86400;
// How long after a draft was called vanished a send to its recipient still links to it: a rep
// who closed a draft without saving may send it from a copy days later, but a month on, a
// similar email to the same person is more likely a new one.
constexpr int64_t kVanishedStillSentSeconds = 30 * kSecondsPerDay;

Result<DraftRecord> ReadDraft(const SqliteStatement& row) {
  std::optional<DraftState> state = ParseDraftState(row.ColumnText(4));
  if (!state) return Fail(ErrorCode::kStore, "drafts row has unknown state " + row.ColumnText(4));
  DraftRecord d;
  d.id = row.ColumnInt64(0);
  d.campaign_id = row.ColumnInt64(1);
  d.recipient_id = row.ColumnInt64(2);
  d.run_id = row.ColumnOptionalInt64(3);
  d.state = *state;
  d.reason = row.ColumnText(5);
  d.subject = row.ColumnText(6);
  d.body = row.ColumnText(7);
  d.language = row.ColumnText(8);
  d.to_address = row.ColumnText(9);
  d.instruction = row.ColumnText(10);
  d.trigger_key = row.ColumnText(11);
  d.facts_used_json = row.ColumnText(12);
  d.message_id = row.ColumnOptionalText(13);
  d.sent_message_id = row.ColumnOptionalText(14);
  d.imap_folder = row.ColumnOptionalText(15);
  d.imap_uid = row.ColumnOptionalInt64(16);
  d.imap_uid_validity = row.ColumnOptionalInt64(17);
  d.supersedes = row.ColumnOptionalInt64(18);
  d.created_at = row.ColumnInt64(19);
  d.updated_at = row.ColumnInt64(20);
  d.placed_at = row.ColumnOptionalInt64(21);
  d.sent_at = row.ColumnOptionalInt64(22);
  d.removed_at = row.ColumnOptionalInt64(23);
  d.sent_subject = row.ColumnText(24);
  d.sent_body = row.ColumnText(25);
  d.prompt = row.ColumnText(26);
  return d;
}

// Every row of `stmt` (already bound) as drafts.
Result<std::vector<DraftRecord>> ReadAll(SqliteStatement& stmt) {
  std::vector<DraftRecord> drafts;
  while (true) {
    Result<bool> row = stmt.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return drafts;
    Result<DraftRecord> draft = ReadDraft(stmt);
    if (!draft) return std::unexpected(draft.error());
    drafts.push_back(std::move(*draft));
  }
}

Result<std::optional<DraftRecord>> FindIn(sqlite3* db, int64_t draft_id) {
  auto stmt = SqliteStatement::Prepare(
      db, std::string("SELECT ") + kColumns + " FROM drafts WHERE id = ?1", "read draft");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, draft_id);
  Result<std::vector<DraftRecord>> rows = ReadAll(*stmt);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<DraftRecord>();
  return std::optional<DraftRecord>(std::move(rows->front()));
}

Result<int64_t> ScalarIn(sqlite3* db, const std::string& sql, const std::string& purpose,
                         const std::function<void(SqliteStatement&)>& bind) {
  auto stmt = SqliteStatement::Prepare(db, sql, purpose);
  if (!stmt) return std::unexpected(stmt.error());
  bind(*stmt);
  Result<bool> row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  return *row ? stmt->ColumnInt64(0) : 0;
}

Status AppendDraftEvent(sqlite3* db, const char* type, const DraftRecord& draft,
                        nlohmann::json payload) {
  Event event;
  event.type = type;
  event.draft_id = draft.id;
  event.recipient_id = draft.recipient_id;
  event.campaign_id = draft.campaign_id;
  event.payload_json = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Result<int64_t> id = AppendEventIn(db, event);
  if (!id) return std::unexpected(id.error());
  return {};
}

Result<int64_t> InsertIn(sqlite3* db, const NewDraft& draft, std::optional<int64_t> supersedes,
                         int64_t now) {
  auto stmt = SqliteStatement::Prepare(
      db,
      "INSERT INTO drafts (campaign_id, recipient_id, run_id, state, subject, body, language,"
      " to_address, instruction, trigger_key, facts_used, message_id, supersedes, created_at,"
      " updated_at, prompt) VALUES (:campaign, :recipient, :run, 'generated', :subject, :body,"
      " :language, :to, :instruction, :trigger, :facts, :message_id, :supersedes, :now, :now,"
      " :prompt)"
      " RETURNING id",
      "insert draft");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(":campaign", draft.campaign_id)
      .Bind(":recipient", draft.recipient_id)
      .Bind(":run", draft.run_id)
      .Bind(":subject", draft.subject)
      .Bind(":body", draft.body)
      .Bind(":language", draft.language)
      .Bind(":to", draft.to_address)
      .Bind(":instruction", draft.instruction)
      .Bind(":trigger", draft.trigger_key)
      .Bind(":facts", draft.facts_used_json)
      .Bind(":message_id", draft.message_id)
      .Bind(":supersedes", supersedes)
      .Bind(":now", now)
      .Bind(":prompt", draft.prompt);
  Result<bool> row = stmt->Step();
  if (!row) {
    // Only the one-open-draft index means "busy"; a reused Message-ID is a bug, not a race.
    if (stmt->last_error_code() == SQLITE_CONSTRAINT_UNIQUE &&
        row.error().message.find("drafts.recipient_id") != std::string::npos) {
      return Fail(ErrorCode::kConflict,
                  "recipient " + std::to_string(draft.recipient_id) + " already has an open draft");
    }
    return std::unexpected(row.error());
  }
  return stmt->ColumnInt64(0);
}

// Moves `draft_id` from `from` to `to` (checked against CanTransition), setting `extra_sql`
// assignments too. Returns the draft as it was before.
Result<DraftRecord> TransitionIn(sqlite3* db, int64_t draft_id, DraftState to,
                                 const std::string& extra_sql,
                                 const std::function<void(SqliteStatement&)>& bind, int64_t now) {
  Result<std::optional<DraftRecord>> found = FindIn(db, draft_id);
  if (!found) return std::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "no draft " + std::to_string(draft_id));
  const DraftRecord& draft = **found;
  if (!CanTransition(draft.state, to)) {
    return Fail(ErrorCode::kConflict, "draft " + std::to_string(draft_id) + " is " +
                                          std::string(DraftStateName(draft.state)) +
                                          ", so it cannot become " +
                                          std::string(DraftStateName(to)));
  }
  auto stmt = SqliteStatement::Prepare(
      db, "UPDATE drafts SET state = :state, updated_at = :now" + extra_sql + " WHERE id = :id",
      "update draft state");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(":state", DraftStateName(to)).Bind(":now", now).Bind(":id", draft_id);
  if (bind) bind(*stmt);
  Status run = stmt->Run();
  if (!run) return std::unexpected(run.error());
  return draft;
}

// The draft `draft_id` if it is placed; kNotFound, or kConflict saying `why_not` it must be.
Result<DraftRecord> PlacedIn(sqlite3* db, int64_t draft_id, const char* why_not) {
  Result<std::optional<DraftRecord>> found = FindIn(db, draft_id);
  if (!found) return std::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "no draft " + std::to_string(draft_id));
  if ((*found)->state != DraftState::kPlaced) {
    return Fail(ErrorCode::kConflict, "draft " + std::to_string(draft_id) + " is " +
                                          std::string(DraftStateName((*found)->state)) + ", so " +
                                          why_not);
  }
  return std::move(**found);
}

std::string FilterSql(const DraftFilter& filter) {
  std::string where = " WHERE 1";
  if (filter.campaign_id) where += " AND campaign_id = :campaign";
  if (filter.recipient_id) where += " AND recipient_id = :recipient";
  if (filter.state) where += " AND state = :state";
  return where;
}

void BindFilter(SqliteStatement& stmt, const DraftFilter& filter) {
  if (filter.campaign_id) stmt.Bind(":campaign", *filter.campaign_id);
  if (filter.recipient_id) stmt.Bind(":recipient", *filter.recipient_id);
  if (filter.state) stmt.Bind(":state", DraftStateName(*filter.state));
}

}  // namespace

DraftStore::DraftStore(Database& db, std::function<int64_t()> now)
    : db_(db), now_(now ? std::move(now) : NowFunction(SystemClock())) {}

Result<std::optional<std::string>> DraftStore::BlockingReason(int64_t recipient_id,
                                                              int64_t campaign_id,
                                                              const std::string& trigger_key,
                                                              int cooldown_days) {
  Result<std::optional<DraftBlock>> block =
      FindBlock(recipient_id, campaign_id, trigger_key, cooldown_days);
  if (!block) return std::unexpected(block.error());
  if (!*block) return std::optional<std::string>();
  return std::optional<std::string>((*block)->reason);
}

Result<std::optional<DraftBlock>> DraftStore::FindBlock(int64_t recipient_id, int64_t campaign_id,
                                                        const std::string& trigger_key,
                                                        int cooldown_days) {
  using Found = std::optional<DraftBlock>;
  int64_t now = now_();
  return db_.WithConnection([&](sqlite3* db) -> Result<Found> {
    // Checked first so a re-run of the same campaign reads "already drafted", not "busy".
    auto done = SqliteStatement::Prepare(
        db,
        "SELECT id, state FROM drafts WHERE campaign_id = ?1 AND recipient_id = ?2"
        " AND (?3 = '' OR trigger_key = ?3) AND state NOT IN ('skipped', 'needs_attention')"
        " LIMIT 1",
        "find earlier draft in campaign");
    if (!done) return std::unexpected(done.error());
    done->Bind(1, campaign_id).Bind(2, recipient_id).Bind(3, trigger_key);
    Result<bool> row = done->Step();
    if (!row) return std::unexpected(row.error());
    if (*row) {
      std::string what = trigger_key.empty() ? "already drafted in this campaign"
                                             : "already drafted for " + trigger_key;
      return Found(DraftBlock{DraftBlock::kAlreadyDrafted,
                              what + " (draft " + std::to_string(done->ColumnInt64(0)) + ", " +
                                  done->ColumnText(1) + ")"});
    }
    auto open =
        SqliteStatement::Prepare(db,
                                 "SELECT id, campaign_id, state FROM drafts WHERE recipient_id = ?1"
                                 " AND state IN ('generated', 'placed') LIMIT 1",
                                 "find open draft");
    if (!open) return std::unexpected(open.error());
    open->Bind(1, recipient_id);
    row = open->Step();
    if (!row) return std::unexpected(row.error());
    if (*row) {
      return Found(DraftBlock{DraftBlock::kOpenDraft,
                              "open draft " + std::to_string(open->ColumnInt64(0)) + " (campaign " +
                                  std::to_string(open->ColumnInt64(1)) +
                                  ") is waiting for the sender"});
    }
    Result<int64_t> last_sent =
        ScalarIn(db, "SELECT coalesce(max(sent_at), 0) FROM drafts WHERE recipient_id = ?1",
                 "find last send", [&](SqliteStatement& s) { s.Bind(1, recipient_id); });
    if (!last_sent) return std::unexpected(last_sent.error());
    if (*last_sent > 0 && now - *last_sent < cooldown_days * kSecondsPerDay) {
      int64_t days = (now - *last_sent) / kSecondsPerDay;
      return Found(DraftBlock{DraftBlock::kCoolDown, "cool-down: last email sent " +
                                                         std::to_string(days) +
                                                         " days ago (cool-down " +
                                                         std::to_string(cooldown_days) + " days)"});
    }
    return Found();
  });
}

Result<int64_t> DraftStore::InsertGenerated(const NewDraft& draft) {
  if (draft.message_id.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "a draft needs a message_id before it is stored");
  }
  int64_t now = now_();
  return db_.WithConnection([&](sqlite3* db) -> Result<int64_t> {
    auto tx = SqliteTransaction::Begin(db, "insert draft");
    if (!tx) return std::unexpected(tx.error());
    // A later successful draft replaces this campaign's skip / needs_attention note for the
    // recipient, so `drafts list` shows one row per outcome.
    auto clear = SqliteStatement::Prepare(
        db,
        "DELETE FROM drafts WHERE campaign_id = ?1 AND recipient_id = ?2"
        " AND trigger_key IN ('', ?3) AND state IN ('skipped', 'needs_attention')",
        "clear earlier skip");
    if (!clear) return std::unexpected(clear.error());
    clear->Bind(1, draft.campaign_id).Bind(2, draft.recipient_id).Bind(3, draft.trigger_key);
    if (Status s = clear->Run(); !s) return std::unexpected(s.error());
    Result<int64_t> id = InsertIn(db, draft, std::nullopt, now);
    if (!id) return id;
    if (Status s = tx->Commit(); !s) return std::unexpected(s.error());
    return id;
  });
}

Status DraftStore::MarkPlaced(int64_t draft_id, const std::string& folder, int64_t uid,
                              int64_t uid_validity) {
  int64_t now = now_();
  return db_.WithConnection([&](sqlite3* db) -> Status {
    auto tx = SqliteTransaction::Begin(db, "mark draft placed");
    if (!tx) return std::unexpected(tx.error());
    Result<DraftRecord> before = TransitionIn(
        db, draft_id, DraftState::kPlaced,
        ", imap_folder = :folder, imap_uid = :uid, imap_uid_validity = :validity,"
        " placed_at = :now",
        [&](SqliteStatement& s) {
          s.Bind(":folder", folder)
              .Bind(":uid", uid > 0 ? std::optional<int64_t>(uid) : std::nullopt)
              .Bind(":validity",
                    uid_validity > 0 ? std::optional<int64_t>(uid_validity) : std::nullopt);
        },
        now);
    if (!before) return std::unexpected(before.error());
    nlohmann::json payload = {{"state", "placed"}, {"folder", folder}, {"uid", uid}};
    if (before->message_id) payload["message_id"] = *before->message_id;
    if (Status s = AppendDraftEvent(db, "draft_placed", *before, payload); !s) return s;
    return tx->Commit();
  });
}

Result<int64_t> DraftStore::RecordSkip(int64_t campaign_id, int64_t recipient_id,
                                       std::optional<int64_t> run_id, const std::string& reason) {
  return RecordOutcome(campaign_id, recipient_id, run_id, DraftState::kSkipped, reason,
                       "draft_skipped");
}

Result<int64_t> DraftStore::RecordNeedsAttention(int64_t campaign_id, int64_t recipient_id,
                                                 std::optional<int64_t> run_id,
                                                 const std::string& reason) {
  return RecordOutcome(campaign_id, recipient_id, run_id, DraftState::kNeedsAttention, reason,
                       "draft_needs_attention");
}

Result<int64_t> DraftStore::RecordOutcome(int64_t campaign_id, int64_t recipient_id,
                                          std::optional<int64_t> run_id, DraftState state,
                                          const std::string& reason, const char* event_type) {
  int64_t now = now_();
  return db_.WithConnection([&](sqlite3* db) -> Result<int64_t> {
    auto tx = SqliteTransaction::Begin(db, "record draft outcome");
    if (!tx) return std::unexpected(tx.error());
    // One outcome row per campaign and recipient: a re-run updates it rather than piling up.
    auto clear = SqliteStatement::Prepare(
        db,
        "DELETE FROM drafts WHERE campaign_id = ?1 AND recipient_id = ?2 AND trigger_key = ''"
        " AND state IN ('skipped', 'needs_attention')",
        "clear earlier outcome");
    if (!clear) return std::unexpected(clear.error());
    clear->Bind(1, campaign_id).Bind(2, recipient_id);
    if (Status s = clear->Run(); !s) return std::unexpected(s.error());
    auto stmt = SqliteStatement::Prepare(
        db,
        "INSERT INTO drafts (campaign_id, recipient_id, run_id, state, reason, created_at,"
        " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
        "record draft outcome");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(1, campaign_id)
        .Bind(2, recipient_id)
        .Bind(3, run_id)
        .Bind(4, DraftStateName(state))
        .Bind(5, reason)
        .Bind(6, now);
    Result<bool> row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    DraftRecord draft;
    draft.id = stmt->ColumnInt64(0);
    draft.campaign_id = campaign_id;
    draft.recipient_id = recipient_id;
    stmt->Reset();  // an unfinished statement would keep COMMIT from running
    nlohmann::json payload = {{"state", DraftStateName(state)}, {"reason", reason}};
    if (Status s = AppendDraftEvent(db, event_type, draft, payload); !s) {
      return std::unexpected(s.error());
    }
    if (Status s = tx->Commit(); !s) return std::unexpected(s.error());
    return draft.id;
  });
}

Result<int64_t> DraftStore::Supersede(int64_t old_id, const NewDraft& replacement) {
  if (replacement.message_id.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "a draft needs a message_id before it is stored");
  }
  int64_t now = now_();
  return db_.WithConnection([&](sqlite3* db) -> Result<int64_t> {
    auto tx = SqliteTransaction::Begin(db, "regenerate draft");
    if (!tx) return std::unexpected(tx.error());
    Result<DraftRecord> old = TransitionIn(db, old_id, DraftState::kRegenerated, "", {}, now);
    if (!old) return std::unexpected(old.error());
    NewDraft next = replacement;
    next.campaign_id = old->campaign_id;
    next.recipient_id = old->recipient_id;
    next.trigger_key = old->trigger_key;
    Result<int64_t> id = InsertIn(db, next, old_id, now);
    if (!id) return id;
    nlohmann::json payload = {{"state", "regenerated"}, {"replaced_by", *id}};
    if (!replacement.instruction.empty()) payload["instruction"] = replacement.instruction;
    if (Status s = AppendDraftEvent(db, "draft_regenerated", *old, payload); !s) {
      return std::unexpected(s.error());
    }
    if (Status s = tx->Commit(); !s) return std::unexpected(s.error());
    return id;
  });
}

Status DraftStore::Reject(int64_t draft_id, const std::string& reason) {
  int64_t now = now_();
  return db_.WithConnection([&](sqlite3* db) -> Status {
    auto tx = SqliteTransaction::Begin(db, "reject draft");
    if (!tx) return std::unexpected(tx.error());
    Result<DraftRecord> before = TransitionIn(
        db, draft_id, DraftState::kRejected, ", reason = :reason",
        [&](SqliteStatement& s) { s.Bind(":reason", reason); }, now);
    if (!before) return std::unexpected(before.error());
    nlohmann::json payload = {{"state", "rejected"}, {"reason", reason}};
    if (Status s = AppendDraftEvent(db, "draft_rejected", *before, payload); !s) return s;
    return tx->Commit();
  });
}

Status DraftStore::MarkVanished(int64_t draft_id) {
  int64_t now = now_();
  return db_.WithConnection([&](sqlite3* db) -> Status {
    auto tx = SqliteTransaction::Begin(db, "mark draft vanished");
    if (!tx) return std::unexpected(tx.error());
    Result<DraftRecord> before = TransitionIn(
        db, draft_id, DraftState::kVanished, ", removed_at = :now",
        [&](SqliteStatement& s) { s.Bind(":now", now); }, now);
    if (!before) return std::unexpected(before.error());
    nlohmann::json payload = {{"state", "vanished"},
                              {"reason", "left Drafts without a send: counted as a rejection"}};
    if (Status s = AppendDraftEvent(db, "draft_vanished", *before, payload); !s) return s;
    return tx->Commit();
  });
}

Status DraftStore::MoveToUid(int64_t draft_id, int64_t uid) {
  int64_t now = now_();
  return db_.WithConnection([&](sqlite3* db) -> Status {
    auto tx = SqliteTransaction::Begin(db, "move draft to its saved copy");
    if (!tx) return std::unexpected(tx.error());
    Result<DraftRecord> draft = PlacedIn(db, draft_id, "it has no copy in Drafts to follow");
    if (!draft) return std::unexpected(draft.error());
    auto update = SqliteStatement::Prepare(
        db, "UPDATE drafts SET imap_uid = ?1, updated_at = ?2 WHERE id = ?3", "move draft");
    if (!update) return std::unexpected(update.error());
    update->Bind(1, uid).Bind(2, now).Bind(3, draft_id);
    if (Status s = update->Run(); !s) return s;
    nlohmann::json payload = {{"folder", draft->imap_folder.value_or("")},
                              {"uid_before", draft->imap_uid.value_or(0)},
                              {"uid", uid}};
    if (Status s = AppendDraftEvent(db, "draft_moved", *draft, payload); !s) return s;
    return tx->Commit();
  });
}

Status DraftStore::ReviseText(int64_t draft_id, const DraftText& text) {
  int64_t now = now_();
  return db_.WithConnection([&](sqlite3* db) -> Status {
    auto tx = SqliteTransaction::Begin(db, "revise draft text");
    if (!tx) return std::unexpected(tx.error());
    Result<DraftRecord> draft = PlacedIn(db, draft_id, "its text can no longer change");
    if (!draft) return std::unexpected(draft.error());
    auto update = SqliteStatement::Prepare(
        db,
        "UPDATE drafts SET subject = :subject, body = :body, language = :language,"
        " facts_used = :facts, instruction = :instruction, updated_at = :now WHERE id = :id",
        "revise draft text");
    if (!update) return std::unexpected(update.error());
    update->Bind(":subject", text.subject)
        .Bind(":body", text.body)
        .Bind(":language", text.language)
        .Bind(":facts", text.facts_used_json)
        .Bind(":instruction", text.instruction)
        .Bind(":now", now)
        .Bind(":id", draft_id);
    if (Status s = update->Run(); !s) return s;
    nlohmann::json payload = {{"instruction", text.instruction}, {"placed", false}};
    if (text.restored) payload["restored"] = true;
    if (Status s = AppendDraftEvent(db, "draft_revised", *draft, payload); !s) return s;
    return tx->Commit();
  });
}

Result<int> DraftStore::MarkNoReply(int64_t sent_before, int limit) {
  const int64_t now = now_();
  return db_.WithConnection([&](sqlite3* db) -> Result<int> {
    auto tx = SqliteTransaction::Begin(db, "mark drafts without a reply");
    if (!tx) return std::unexpected(tx.error());
    auto select =
        SqliteStatement::Prepare(db,
                                 "SELECT id FROM drafts WHERE state = 'sent' AND sent_at < ?1"
                                 " ORDER BY sent_at, id LIMIT ?2",
                                 "find drafts without a reply");
    if (!select) return std::unexpected(select.error());
    select->Bind(1, sent_before).Bind(2, static_cast<int64_t>(limit));
    std::vector<int64_t> ids;
    for (;;) {
      Result<bool> row = select->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      ids.push_back(select->ColumnInt64(0));
    }
    for (int64_t id : ids) {
      Result<DraftRecord> before = TransitionIn(db, id, DraftState::kNoReply, "", {}, now);
      if (!before) return std::unexpected(before.error());
      nlohmann::json payload = {{"kind", "no_reply"},
                                {"sent_at", before->sent_at.value_or(0)},
                                {"days_waited", (now - before->sent_at.value_or(now)) / 86400}};
      if (Status s = AppendDraftEvent(db, "engagement_signal", *before, payload); !s) {
        return std::unexpected(s.error());
      }
    }
    if (Status s = tx->Commit(); !s) return std::unexpected(s.error());
    return static_cast<int>(ids.size());
  });
}

Status DraftStore::MarkRemoved(int64_t draft_id) {
  int64_t now = now_();
  return db_.WithConnection([&](sqlite3* db) -> Status {
    auto stmt = SqliteStatement::Prepare(
        db, "UPDATE drafts SET removed_at = ?1, updated_at = ?1 WHERE id = ?2",
        "mark draft removed");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(1, now).Bind(2, draft_id);
    return stmt->Run();
  });
}

Result<std::vector<DraftRecord>> DraftStore::Unplaced() {
  return db_.WithConnection([&](sqlite3* db) -> Result<std::vector<DraftRecord>> {
    auto stmt = SqliteStatement::Prepare(
        db,
        std::string("SELECT ") + kColumns + " FROM drafts WHERE state = 'generated' ORDER BY id",
        "list unplaced drafts");
    if (!stmt) return std::unexpected(stmt.error());
    return ReadAll(*stmt);
  });
}

Result<std::vector<DraftRecord>> DraftStore::PendingRemoval() {
  return db_.WithConnection([&](sqlite3* db) -> Result<std::vector<DraftRecord>> {
    auto stmt = SqliteStatement::Prepare(
        db,
        std::string("SELECT ") + kColumns +
            " FROM drafts WHERE state IN ('regenerated', 'rejected') AND imap_uid IS NOT NULL"
            " AND removed_at IS NULL ORDER BY id",
        "list drafts to remove");
    if (!stmt) return std::unexpected(stmt.error());
    return ReadAll(*stmt);
  });
}

Result<DraftRecord> DraftStore::Get(int64_t draft_id) {
  return db_.WithConnection([&](sqlite3* db) -> Result<DraftRecord> {
    Result<std::optional<DraftRecord>> found = FindIn(db, draft_id);
    if (!found) return std::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "no draft " + std::to_string(draft_id));
    return std::move(**found);
  });
}

Result<std::vector<DraftRecord>> DraftStore::List(const DraftFilter& filter, int64_t offset,
                                                  int64_t limit) {
  return db_.WithConnection([&](sqlite3* db) -> Result<std::vector<DraftRecord>> {
    auto stmt = SqliteStatement::Prepare(db,
                                         std::string("SELECT ") + kColumns + " FROM drafts" +
                                             FilterSql(filter) +
                                             " ORDER BY id DESC LIMIT :limit OFFSET :offset",
                                         "list drafts");
    if (!stmt) return std::unexpected(stmt.error());
    BindFilter(*stmt, filter);
    stmt->Bind(":limit", limit).Bind(":offset", offset);
    return ReadAll(*stmt);
  });
}

Result<int64_t> DraftStore::Count(const DraftFilter& filter) {
  return db_.WithConnection([&](sqlite3* db) -> Result<int64_t> {
    return ScalarIn(db, "SELECT count(*) FROM drafts" + FilterSql(filter), "count drafts",
                    [&](SqliteStatement& s) { BindFilter(s, filter); });
  });
}

Result<int64_t> DraftStore::CountPlacedSince(int64_t campaign_id, int64_t since_unix) {
  return db_.WithConnection([&](sqlite3* db) -> Result<int64_t> {
    return ScalarIn(db, "SELECT count(*) FROM drafts WHERE campaign_id = ?1 AND placed_at >= ?2",
                    "count drafts placed today",
                    [&](SqliteStatement& s) { s.Bind(1, campaign_id).Bind(2, since_unix); });
  });
}

Result<int64_t> DraftStore::CountOpen(int64_t campaign_id) {
  return db_.WithConnection([&](sqlite3* db) -> Result<int64_t> {
    return ScalarIn(db,
                    "SELECT count(*) FROM drafts WHERE campaign_id = ?1"
                    " AND state IN ('generated', 'placed')",
                    "count open drafts", [&](SqliteStatement& s) { s.Bind(1, campaign_id); });
  });
}

Result<std::map<std::string, int64_t>> DraftStore::CountByState(int64_t campaign_id) {
  return db_.WithConnection([&](sqlite3* db) -> Result<std::map<std::string, int64_t>> {
    auto stmt = SqliteStatement::Prepare(
        db, "SELECT state, count(*) FROM drafts WHERE campaign_id = ?1 GROUP BY state",
        "count drafts by state");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(1, campaign_id);
    std::map<std::string, int64_t> counts;
    while (true) {
      Result<bool> row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return counts;
      counts[stmt->ColumnText(0)] = stmt->ColumnInt64(1);
    }
  });
}

Result<std::map<int64_t, int64_t>> DraftStore::LastSentByRecipient() {
  return db_.WithConnection([&](sqlite3* db) -> Result<std::map<int64_t, int64_t>> {
    auto stmt = SqliteStatement::Prepare(
        db,
        "SELECT recipient_id, max(sent_at) FROM drafts WHERE sent_at IS NOT NULL"
        " GROUP BY recipient_id",
        "find last sends");
    if (!stmt) return std::unexpected(stmt.error());
    std::map<int64_t, int64_t> last;
    while (true) {
      Result<bool> row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return last;
      last[stmt->ColumnInt64(0)] = stmt->ColumnInt64(1);
    }
  });
}

static Result<bool> MarkProcessedIn(sqlite3* db, const std::string& key, const std::string& folder,
                                    const std::string& kind, std::optional<int64_t> draft_id,
                                    int64_t now) {
  auto stmt = SqliteStatement::Prepare(
      db,
      "INSERT OR IGNORE INTO processed_messages (message_key, folder, kind, draft_id,"
      " processed_at) VALUES (?1, ?2, ?3, ?4, ?5)",
      "mark message processed");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, key).Bind(2, folder).Bind(3, kind).Bind(4, draft_id).Bind(5, now);
  if (Status s = stmt->Run(); !s) return std::unexpected(s.error());
  return sqlite3_changes(db) > 0;
}

Result<bool> DraftStore::RecordSend(const SendRecord& send) {
  const int64_t now = now_();
  const int64_t sent_at = send.sent_at != 0 ? send.sent_at : now;
  return db_.WithConnection([&](sqlite3* db) -> Result<bool> {
    auto tx = SqliteTransaction::Begin(db, "record send");
    if (!tx) return std::unexpected(tx.error());
    if (!send.message_key.empty()) {
      Result<bool> fresh =
          MarkProcessedIn(db, send.message_key, send.folder, "sent", send.draft_id, now);
      if (!fresh) return std::unexpected(fresh.error());
      if (!*fresh) return false;
    }
    Result<std::optional<DraftRecord>> found = FindIn(db, send.draft_id);
    if (!found) return std::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "no draft " + std::to_string(send.draft_id));
    const DraftRecord& draft = **found;
    if (draft.state != DraftState::kPlaced && draft.state != DraftState::kVanished) {
      // The same send reported twice (the add-on, then the Sent folder): nothing new. The key
      // is still recorded so the Sent copy is not looked at again.
      if (draft.sent_at || draft.state == DraftState::kSent) {
        if (Status s = tx->Commit(); !s) return std::unexpected(s.error());
        return false;
      }
      return Fail(ErrorCode::kConflict, "draft " + std::to_string(draft.id) + " is " +
                                            std::string(DraftStateName(draft.state)) +
                                            ", so a send cannot be recorded for it");
    }
    auto update = SqliteStatement::Prepare(
        db,
        "UPDATE drafts SET state = 'sent', sent_at = :sent_at, sent_message_id = :mid,"
        " sent_subject = :subject, sent_body = :body, updated_at = :now WHERE id = :id",
        "mark draft sent");
    if (!update) return std::unexpected(update.error());
    update->Bind(":sent_at", sent_at)
        .Bind(":mid", send.sent_message_id.empty()
                          ? std::optional<std::string>()
                          : std::optional<std::string>(send.sent_message_id))
        .Bind(":subject", send.sent_subject)
        .Bind(":body", send.sent_body)
        .Bind(":now", now)
        .Bind(":id", draft.id);
    if (Status s = update->Run(); !s) return std::unexpected(s.error());
    nlohmann::json sent = {{"kind", "sent"}, {"link", send.link}, {"sent_at", sent_at}};
    if (!send.sent_message_id.empty()) sent["message_id"] = send.sent_message_id;
    if (Status s = AppendDraftEvent(db, "engagement_signal", draft, sent); !s) {
      return std::unexpected(s.error());
    }
    nlohmann::json edit = nlohmann::json::parse(send.edit_json, nullptr, false);
    if (!edit.is_object()) edit = nlohmann::json::object();
    if (Status s = AppendDraftEvent(db, "draft_edit_signal", draft, edit); !s) {
      return std::unexpected(s.error());
    }
    if (Status s = tx->Commit(); !s) return std::unexpected(s.error());
    return true;
  });
}

Result<bool> DraftStore::MarkProcessed(const std::string& message_key, const std::string& folder,
                                       const std::string& kind, std::optional<int64_t> draft_id) {
  const int64_t now = now_();
  return db_.WithConnection(
      [&](sqlite3* db) { return MarkProcessedIn(db, message_key, folder, kind, draft_id, now); });
}

Result<bool> DraftStore::IsProcessed(const std::string& message_key) {
  return db_.WithConnection([&](sqlite3* db) -> Result<bool> {
    Result<int64_t> n =
        ScalarIn(db, "SELECT count(*) FROM processed_messages WHERE message_key = ?1",
                 "find processed message", [&](SqliteStatement& s) { s.Bind(1, message_key); });
    if (!n) return std::unexpected(n.error());
    return *n > 0;
  });
}

Result<std::vector<DraftRecord>> DraftStore::PlacedTo(const std::string& address) {
  return db_.WithConnection([&](sqlite3* db) -> Result<std::vector<DraftRecord>> {
    auto stmt = SqliteStatement::Prepare(
        db,
        std::string("SELECT ") + kColumns +
            " FROM drafts WHERE lower(to_address) = lower(?1) AND (state = 'placed' OR"
            " (state = 'vanished' AND removed_at >= ?2)) ORDER BY id",
        "find placed drafts to an address");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(1, address).Bind(2, now_() - kVanishedStillSentSeconds);
    return ReadAll(*stmt);
  });
}

Result<DraftRecord> DraftStore::BySentMessageId(const std::string& sent_message_id) {
  return db_.WithConnection([&](sqlite3* db) -> Result<DraftRecord> {
    auto stmt = SqliteStatement::Prepare(
        db, std::string("SELECT ") + kColumns + " FROM drafts WHERE sent_message_id = ?1 LIMIT 1",
        "find draft by sent Message-ID");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(1, sent_message_id);
    Result<std::vector<DraftRecord>> rows = ReadAll(*stmt);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return Fail(ErrorCode::kNotFound, "no draft was sent as " + sent_message_id);
    return std::move(rows->front());
  });
}

Result<bool> DraftStore::RecordResponse(const std::string& message_key, const std::string& folder,
                                        const std::string& kind, std::optional<int64_t> draft_id,
                                        std::optional<DraftState> to,
                                        const std::string& payload_json) {
  const int64_t now = now_();
  return db_.WithConnection([&](sqlite3* db) -> Result<bool> {
    auto tx = SqliteTransaction::Begin(db, "record response");
    if (!tx) return std::unexpected(tx.error());
    Result<bool> fresh = MarkProcessedIn(db, message_key, folder, kind, draft_id, now);
    if (!fresh) return std::unexpected(fresh.error());
    if (!*fresh) return false;
    if (draft_id) {
      Result<std::optional<DraftRecord>> found = FindIn(db, *draft_id);
      if (!found) return std::unexpected(found.error());
      if (!*found) return Fail(ErrorCode::kNotFound, "no draft " + std::to_string(*draft_id));
      const DraftRecord& draft = **found;
      if (to && CanTransition(draft.state, *to)) {
        auto update = SqliteStatement::Prepare(
            db, "UPDATE drafts SET state = ?1, updated_at = ?2 WHERE id = ?3", "move draft");
        if (!update) return std::unexpected(update.error());
        update->Bind(1, DraftStateName(*to)).Bind(2, now).Bind(3, draft.id);
        if (Status s = update->Run(); !s) return std::unexpected(s.error());
      }
      nlohmann::json payload = nlohmann::json::parse(payload_json, nullptr, false);
      if (!payload.is_object()) payload = nlohmann::json::object();
      if (Status s = AppendDraftEvent(db, "engagement_signal", draft, payload); !s) {
        return std::unexpected(s.error());
      }
    }
    if (Status s = tx->Commit(); !s) return std::unexpected(s.error());
    return true;
  });
}

Result<std::vector<DraftRecord>> DraftStore::SentTo(const std::string& address) {
  return db_.WithConnection([&](sqlite3* db) -> Result<std::vector<DraftRecord>> {
    auto stmt = SqliteStatement::Prepare(
        db,
        std::string("SELECT ") + kColumns +
            " FROM drafts WHERE state IN ('sent', 'replied', 'no_reply') AND"
            " lower(to_address) = lower(?1) ORDER BY sent_at DESC, id DESC",
        "find sent drafts to an address");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(1, address);
    return ReadAll(*stmt);
  });
}

}  // namespace draftbox
