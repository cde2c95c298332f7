// What an incoming message is, for response tracking: a reply (with its new text and whether it
// asks to stop), an auto-reply (RFC 3834 and the usual vacation markers), a bounce (which
// recipient failed, how and whether for good), a feedback-loop complaint, or other mail. Works on
// the raw message alone, offline; the watcher links replies to sent mail with the In-Reply-To,
// References, From and Subject given here. Pure, thread-safe.
#ifndef DRAFTBOX_CLASSIFY_MESSAGE_CLASSIFIER_H_
#define DRAFTBOX_CLASSIFY_MESSAGE_CLASSIFIER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "classify/bounce_scanner.h"
#include "classify/opt_out_detector.h"

namespace draftbox {

enum class MessageKind { kReply, kAutoReply, kBounce, kFeedback, kOther };

// "reply", "auto_reply", "bounce", "feedback", "other".
std::string_view MessageKindName(MessageKind kind);

struct Classification {
  MessageKind kind = MessageKind::kOther;

  // Bounces: every failed or delayed recipient, the first being the one the top-level fields
  // describe. Feedback: the complained-about recipient. Empty otherwise.
  std::vector<FailedRecipient> recipients;

  // Replies: the new text without the quote, and whether it asks to stop (kOptOut: suppress at
  // once; kPossible: a person decides; see OptOutDetector).
  std::string reply_text;
  OptOutVerdict opt_out = OptOutVerdict::kNone;
  // What decided opt_out ("en: not|no|never ..1 interested|interest"), for the rep who reviews
  // a possible one; empty for kNone.
  std::string opt_out_rule;

  // Linking data for every kind (decoded, trimmed; empty if absent).
  std::string from;  // the sender's address
  std::string subject;
  std::string message_id;               // without angle brackets
  std::string in_reply_to;              // without angle brackets
  std::vector<std::string> references;  // without angle brackets, in order

  bool truncated = false;  // a size or structure limit was hit while reading
};

// Classifies one raw RFC 5322 message. Never fails: unreadable input is kind other.
Classification ClassifyMessage(std::string_view raw);

// The `draftbox classify` line for `file`: file, kind, permanent, recipient, status, reason,
// reply_text, opt_out (true, false or "possible"; null where they do not apply), recipients, from,
// subject, message_id, in_reply_to, references, truncated. Strings are valid UTF-8.
nlohmann::json ClassificationToJson(const Classification& result, std::string_view file);

}  // namespace draftbox

#endif  // DRAFTBOX_CLASSIFY_MESSAGE_CLASSIFIER_H_
