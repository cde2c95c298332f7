#include "store/opt_out_review_store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/suppression.h"
#include "core/text.h"
#include "store/event_log.h"
#include "store/sqlite_statement.h"
#include "store/sqlite_transaction.h"
#include "store/suppression_store.h"

namespace draftbox {
namespace {

constexpr char kColumns[] =
    "id, email, recipient_id, draft_id, message_id, folder, uid, excerpt, phrase, state,"
    " created_at, decided_at, suppression_id, model_opinion, model_reason";

// Outside text as stored: valid UTF-8 and bounded, so every reader (CLI, add-on) can show it.
constexpr size_t kMaxExcerptBytes = 600;
constexpr size_t kMaxFieldBytes = 300;

// What a confirmation writes on the suppression list: the reply it rests on, so anyone asking
// later ("why is this address suppressed?") finds the message.
constexpr size_t kMaxReasonExcerptBytes = 120;

Result<OptOutReview> ReadReview(const SqliteStatement& row) {
  Result<OptOutReviewState> state = ParseOptOutReviewState(row.ColumnText(9));
  if (!state) return Fail(ErrorCode::kStore, "opt_out_reviews row: " + state.error().message);
  OptOutReview r;
  r.id = row.ColumnInt64(0);
  r.email = row.ColumnText(1);
  r.recipient_id = row.ColumnOptionalInt64(2);
  r.draft_id = row.ColumnOptionalInt64(3);
  r.message_id = row.ColumnText(4);
  r.folder = row.ColumnText(5);
  r.uid = static_cast<uint32_t>(row.ColumnInt64(6));
  r.excerpt = row.ColumnText(7);
  r.phrase = row.ColumnText(8);
  r.state = *state;
  r.created_at = row.ColumnInt64(10);
  r.decided_at = row.ColumnInt64(11);
  r.suppression_id = row.ColumnOptionalInt64(12);
  r.model_opinion = row.ColumnText(13);
  r.model_reason = row.ColumnText(14);
  return r;
}

Result<std::vector<OptOutReview>> ReadAll(SqliteStatement& stmt) {
  std::vector<OptOutReview> out;
  while (true) {
    Result<bool> row = stmt.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    Result<OptOutReview> review = ReadReview(stmt);
    if (!review) return std::unexpected(review.error());
    out.push_back(std::move(*review));
  }
}

Result<std::optional<OptOutReview>> FindIn(sqlite3* db, std::string_view where, auto bind) {
  auto stmt = SqliteStatement::Prepare(
      db, std::string("SELECT ") + kColumns + " FROM opt_out_reviews WHERE " + std::string(where),
      "find opt-out review");
  if (!stmt) return std::unexpected(stmt.error());
  bind(*stmt);
  Result<std::vector<OptOutReview>> rows = ReadAll(*stmt);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<OptOutReview>();
  return std::optional<OptOutReview>(std::move(rows->front()));
}

std::string SuppressionReason(const OptOutReview& r) {
  std::string why = "unsubscribe: confirmed from a reply";
  if (!r.message_id.empty()) why += " " + r.message_id;
  if (!r.excerpt.empty()) {
    why += " (\"" + TruncateUtf8WithEllipsis(r.excerpt, kMaxReasonExcerptBytes) + "\")";
  }
  return why;
}

Status AppendDecisionEvent(sqlite3* db, const OptOutReview& r, int64_t now) {
  const bool confirmed = r.state == OptOutReviewState::kConfirmed;
  nlohmann::json payload = {{"review_id", r.id},
                            {"address", r.email},
                            {"message_id", r.message_id},
                            {"phrase", r.phrase}};
  if (r.suppression_id) payload["suppression_id"] = *r.suppression_id;
  Event event;
  event.time_unix = now;
  event.type = confirmed ? "opt_out_confirmed" : "opt_out_dismissed";
  event.draft_id = r.draft_id;
  event.recipient_id = r.recipient_id;
  event.payload_json = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Result<int64_t> id = AppendEventIn(db, event);
  if (!id) return std::unexpected(id.error());
  return {};
}

}  // namespace

Result<OptOutReview> OptOutReviewStore::Open(const std::string& message_key,
                                             const OptOutReview& review) {
  const std::string email = AsciiLower(ToValidUtf8(review.email));
  if (email.empty()) return Fail(ErrorCode::kInvalidArgument, "opt-out review: email is empty");
  if (message_key.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "opt-out review: message key is empty");
  }
  const int64_t created_at = review.created_at > 0 ? review.created_at : SystemClock().NowUnix();
  const std::string& opinion = review.model_opinion;
  if (opinion != "" && opinion != "no" && opinion != "unclear") {
    return Fail(ErrorCode::kInvalidArgument,
                "opt-out review: model_opinion must be \"no\", \"unclear\" or empty");
  }
  return db_.WithConnection([&](sqlite3* db) -> Result<OptOutReview> {
    auto stmt = SqliteStatement::Prepare(
        db,
        "INSERT INTO opt_out_reviews (email, recipient_id, draft_id, message_key, message_id,"
        " folder, uid, excerpt, phrase, state, created_at, model_opinion, model_reason)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'pending', ?10, ?11, ?12)"
        " ON CONFLICT (message_key) DO NOTHING",
        "open opt-out review");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(1, email)
        .Bind(2, review.recipient_id)
        .Bind(3, review.draft_id)
        .Bind(4, message_key)
        .Bind(5, TruncateUtf8WithEllipsis(ToValidUtf8(review.message_id), kMaxFieldBytes))
        .Bind(6, TruncateUtf8WithEllipsis(ToValidUtf8(review.folder), kMaxFieldBytes))
        .Bind(7, static_cast<int64_t>(review.uid))
        .Bind(8, TruncateUtf8WithEllipsis(ToValidUtf8(review.excerpt), kMaxExcerptBytes))
        .Bind(9, TruncateUtf8WithEllipsis(ToValidUtf8(review.phrase), kMaxFieldBytes))
        .Bind(10, created_at)
        .Bind(11, opinion)
        .Bind(12, TruncateUtf8WithEllipsis(ToValidUtf8(review.model_reason), kMaxFieldBytes));
    if (Status s = stmt->Run(); !s) return std::unexpected(s.error());
    Result<std::optional<OptOutReview>> found =
        FindIn(db, "message_key = ?1", [&](SqliteStatement& s) { s.Bind(1, message_key); });
    if (!found) return std::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kInternal, "opt-out review vanished after insert");
    return std::move(**found);
  });
}

Result<std::optional<OptOutReview>> OptOutReviewStore::Pending(
    std::string_view email, std::optional<int64_t> recipient_id) {
  const std::string lower = AsciiLower(email);
  return db_.WithConnection([&](sqlite3* db) {
    return FindIn(db,
                  "state = 'pending' AND (email = ?1 OR (?2 IS NOT NULL AND recipient_id = ?2))"
                  " ORDER BY created_at, id LIMIT 1",
                  [&](SqliteStatement& s) { s.Bind(1, lower).Bind(2, recipient_id); });
  });
}

Result<std::vector<OptOutReview>> OptOutReviewStore::List(std::optional<OptOutReviewState> state) {
  return db_.WithConnection([&](sqlite3* db) -> Result<std::vector<OptOutReview>> {
    auto stmt = SqliteStatement::Prepare(
        db,
        std::string("SELECT ") + kColumns +
            " FROM opt_out_reviews WHERE ?1 IS NULL OR state = ?1 ORDER BY created_at, id",
        "list opt-out reviews");
    if (!stmt) return std::unexpected(stmt.error());
    if (state) stmt->Bind(1, OptOutReviewStateName(*state));
    return ReadAll(*stmt);
  });
}

Result<OptOutReview> OptOutReviewStore::Get(int64_t id) {
  return db_.WithConnection([&](sqlite3* db) -> Result<OptOutReview> {
    Result<std::optional<OptOutReview>> found =
        FindIn(db, "id = ?1", [&](SqliteStatement& s) { s.Bind(1, id); });
    if (!found) return std::unexpected(found.error());
    if (!*found) {
      return Fail(ErrorCode::kNotFound, "no possible opt-out " + std::to_string(id));
    }
    return std::move(**found);
  });
}

Result<OptOutReview> OptOutReviewStore::Confirm(int64_t id) {
  return Decide(id, OptOutReviewState::kConfirmed);
}

Result<OptOutReview> OptOutReviewStore::Dismiss(int64_t id) {
  return Decide(id, OptOutReviewState::kDismissed);
}

Result<OptOutReview> OptOutReviewStore::Decide(int64_t id, OptOutReviewState to) {
  const int64_t now = SystemClock().NowUnix();
  return db_.WithConnection([&](sqlite3* db) -> Result<OptOutReview> {
    auto tx = SqliteTransaction::Begin(db, "decide opt-out review");
    if (!tx) return std::unexpected(tx.error());
    Result<std::optional<OptOutReview>> found =
        FindIn(db, "id = ?1", [&](SqliteStatement& s) { s.Bind(1, id); });
    if (!found) return std::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "no possible opt-out " + std::to_string(id));
    OptOutReview review = std::move(**found);
    if (review.state != OptOutReviewState::kPending) {
      return Fail(ErrorCode::kConflict, "possible opt-out " + std::to_string(id) + " was already " +
                                            std::string(OptOutReviewStateName(review.state)));
    }
    if (to == OptOutReviewState::kConfirmed) {
      Result<SuppressionAddResult> added = AddSuppressionIn(
          db, SuppressionTarget{SuppressionKind::kAddress, review.email}, SuppressionReason(review),
          review.message_id.empty() ? "unsubscribe" : review.message_id, now);
      if (!added) return std::unexpected(added.error());
      review.suppression_id = added->entry.id;
    }
    review.state = to;
    review.decided_at = now;
    auto update = SqliteStatement::Prepare(
        db,
        "UPDATE opt_out_reviews SET state = ?1, decided_at = ?2, suppression_id = ?3 WHERE id = ?4",
        "record opt-out decision");
    if (!update) return std::unexpected(update.error());
    update->Bind(1, OptOutReviewStateName(to))
        .Bind(2, now)
        .Bind(3, review.suppression_id)
        .Bind(4, review.id);
    if (Status s = update->Run(); !s) return std::unexpected(s.error());
    if (Status s = AppendDecisionEvent(db, review, now); !s) return std::unexpected(s.error());
    if (Status s = tx->Commit(); !s) return std::unexpected(s.error());
    return review;
  });
}

}  // namespace draftbox
