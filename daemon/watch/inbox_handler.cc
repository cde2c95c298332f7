#include "watch/inbox_handler.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <functional>
#include <nlohmann/json.hpp>

#include "classify/message_classifier.h"
#include "classify/reply_text.h"
#include "core/text.h"
#include "store/draft_store.h"
#include "store/opt_out_review_store.h"
#include "store/suppression_store.h"
#include "watch/sent_linker.h"

namespace draftbox {
namespace {

using nlohmann::json;

// The start of a reply kept in its engagement_signal: enough to see what was said, small enough
// for every event reader.
constexpr size_t kMaxReplyExcerptBytes = 300;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The subject without "Re:", "AW:", "Fwd:" and similar prefixes, lower-case.
std::string BaseSubject(std::string subject) {
  subject = Lower(subject);
  for (bool again = true; again;) {
    again = false;
    size_t start = subject.find_first_not_of(" \t");
    if (start == std::string::npos) return "";
    subject.erase(0, start);
    for (const char* prefix : {"re:", "aw:", "fwd:", "fw:", "wg:", "sv:", "antw:", "réf:"}) {
      if (subject.starts_with(prefix)) {
        subject.erase(0, std::string_view(prefix).size());
        again = true;
      }
    }
  }
  size_t end = subject.find_last_not_of(" \t");
  return subject.substr(0, end + 1);
}

// The sent draft a reply or auto-reply answers: by the ids it refers to, then by its sender
// and subject.
Result<std::optional<DraftRecord>> AnsweredDraft(DraftStore& drafts, const Classification& c) {
  std::vector<std::string> ids = c.references;
  if (!c.in_reply_to.empty()) ids.insert(ids.begin(), c.in_reply_to);
  for (const std::string& id : ids) {
    Result<DraftRecord> found = drafts.BySentMessageId(NormaliseMessageId(id));
    if (found) return std::optional<DraftRecord>(*found);
    if (found.error().code != ErrorCode::kNotFound) return std::unexpected(found.error());
  }
  if (c.from.empty()) return std::optional<DraftRecord>();
  Result<std::vector<DraftRecord>> sent = drafts.SentTo(c.from);
  if (!sent) return std::unexpected(sent.error());
  const std::string subject = BaseSubject(c.subject);
  for (const DraftRecord& d : *sent) {
    const std::string& ours = d.sent_subject.empty() ? d.subject : d.sent_subject;
    if (!subject.empty() && BaseSubject(ours) == subject) return std::optional<DraftRecord>(d);
  }
  return std::optional<DraftRecord>();
}

Status Suppress(Database& db, const std::string& address, const std::string& reason,
                const std::string& source) {
  if (address.find('@') == std::string::npos) return {};
  Result<SuppressionAddResult> added = SuppressionStore(db).Add(
      SuppressionTarget{SuppressionKind::kAddress, Lower(address)}, reason, source);
  if (!added) return std::unexpected(added.error());
  return {};
}

// The second reader's view on an unclear reply, asked about the reply's own text only (no
// quote, no signature). nullopt when there is none: the rule's result stands, and the log says
// why.
std::optional<OptOutOpinion> AskSecondOpinion(OptOutSecondOpinion& reader,
                                              const std::string& reply_text,
                                              const std::string& source) {
  std::expected<OptOutOpinion, std::string> opinion =
      reader.Ask(StripSignature(ToValidUtf8(reply_text)));
  if (!opinion) {
    spdlog::warn("possible opt-out {}: no second opinion, held for review: {}",
                 EscapeForLog(source, 200), EscapeForLog(opinion.error(), 300));
    return std::nullopt;
  }
  spdlog::info("possible opt-out {}: the model's second opinion is {}", EscapeForLog(source, 200),
               OptOutOpinionAnswerName(opinion->answer));
  return std::move(*opinion);
}

}  // namespace

Result<InboxOutcome> InboxHandler::Handle(std::string_view raw, const std::string& folder,
                                          uint32_t uid) {
  Classification c = ClassifyMessage(raw);
  const std::string message_id = c.message_id.empty() ? "" : NormaliseMessageId(c.message_id);
  const std::string key = message_id.empty()
                              ? "inbox:hash:" + std::to_string(std::hash<std::string_view>{}(raw))
                              : "inbox:" + message_id;
  const std::string kind(MessageKindName(c.kind));
  DraftStore drafts(db_);
  Result<bool> known = drafts.IsProcessed(key);
  if (!known) return std::unexpected(known.error());
  if (*known) return InboxOutcome{kind, std::nullopt, false};
  const std::string source = message_id.empty() ? "inbox" : message_id;

  std::optional<int64_t> draft_id;
  std::optional<DraftState> to;
  json payload = {{"message_id", message_id}};
  if (c.kind == MessageKind::kReply || c.kind == MessageKind::kAutoReply) {
    Result<std::optional<DraftRecord>> answered = AnsweredDraft(drafts, c);
    if (!answered) return std::unexpected(answered.error());
    if (*answered) draft_id = (*answered)->id;
    // Only an unclear reply that would hold someone is worth a second opinion: a clear verdict
    // never leaves the machine, and the answer can only escalate (docs/optouts.md).
    std::optional<OptOutOpinion> opinion;
    if (second_opinion_ != nullptr && c.kind == MessageKind::kReply &&
        c.opt_out == OptOutVerdict::kPossible && draft_id &&
        c.from.find('@') != std::string::npos) {
      opinion = AskSecondOpinion(*second_opinion_, c.reply_text, source);
      if (opinion) {
        payload["second_opinion"] = {{"opt_out", OptOutOpinionAnswerName(opinion->answer)},
                                     {"reason", opinion->reason}};
      }
    }
    const bool escalated = opinion && opinion->answer == OptOutOpinionAnswer::kYes;
    if (c.kind == MessageKind::kAutoReply) {
      payload["kind"] = "auto_reply";
    } else if (c.opt_out == OptOutVerdict::kOptOut || escalated) {
      payload["kind"] = "unsubscribe";
      to = DraftState::kUnsubscribed;
      if (draft_id) {
        const std::string why =
            escalated ? "unsubscribe: asked in a reply (the rules found it unclear; the model's "
                        "second opinion: " +
                            opinion->reason + ")"
                      : "unsubscribe: asked in a reply";
        if (Status s = Suppress(db_, c.from, why, source); !s) return std::unexpected(s.error());
      }
    } else {
      // An unclear request (classify/opt_out_detector.h) is a reply a person must read before
      // anyone writes to the sender again; it is not suppressed on a guess.
      payload["kind"] = c.opt_out == OptOutVerdict::kPossible ? "possible_opt_out" : "reply";
      to = DraftState::kReplied;
    }
    if (!c.reply_text.empty()) {
      payload["reply_excerpt"] =
          TruncateUtf8WithEllipsis(ToValidUtf8(c.reply_text), kMaxReplyExcerptBytes);
    }
    // Held until a person confirms or dismisses it: the runner and Regenerate ask the review
    // store first. Only a reply to a draft Draftbox wrote may hold anyone, as for suppressions.
    if (c.kind == MessageKind::kReply && c.opt_out == OptOutVerdict::kPossible && !escalated &&
        draft_id && c.from.find('@') != std::string::npos) {
      Result<DraftRecord> answered = drafts.Get(*draft_id);
      if (!answered) return std::unexpected(answered.error());
      OptOutReview review;
      review.email = c.from;
      review.recipient_id = answered->recipient_id;
      review.draft_id = draft_id;
      review.message_id = message_id;
      review.folder = folder;
      review.uid = uid;
      review.excerpt = c.reply_text;
      review.phrase = c.opt_out_rule;
      if (opinion) {
        review.model_opinion = OptOutOpinionAnswerName(opinion->answer);
        review.model_reason = opinion->reason;
      }
      Result<OptOutReview> opened = OptOutReviewStore(db_).Open(key, review);
      if (!opened) return std::unexpected(opened.error());
      payload["review_id"] = opened->id;
    }
  } else if ((c.kind == MessageKind::kBounce || c.kind == MessageKind::kFeedback) &&
             !c.recipients.empty()) {
    const FailedRecipient& failed = c.recipients.front();
    Result<std::vector<DraftRecord>> sent = drafts.SentTo(failed.address);
    if (!sent) return std::unexpected(sent.error());
    if (!sent->empty()) draft_id = sent->front().id;
    payload["recipient"] = Lower(failed.address);
    payload["status"] = failed.status;
    payload["reason"] = failed.reason;
    if (c.kind == MessageKind::kFeedback) {
      payload["kind"] = "complaint";
      if (Status s = Suppress(db_, failed.address, "complaint (feedback report)", source); !s) {
        return std::unexpected(s.error());
      }
    } else if (failed.permanent && failed.action == "failed") {
      payload["kind"] = "bounce_hard";
      to = DraftState::kBounced;
      // Only a bounce for an address Draftbox wrote to may change the do-not-contact list.
      if (draft_id) {
        std::string why = "hard bounce " + failed.status + " " + failed.reason;
        if (Status s = Suppress(db_, failed.address, why, source); !s) {
          return std::unexpected(s.error());
        }
      }
    } else {
      payload["kind"] = "bounce_soft";
    }
  }
  Result<bool> recorded =
      drafts.RecordResponse(key, folder, kind, draft_id, to,
                            payload.dump(-1, ' ', false, json::error_handler_t::replace));
  if (!recorded) return std::unexpected(recorded.error());
  return InboxOutcome{kind, draft_id, *recorded};
}

}  // namespace draftbox
