// Finds the failed recipients in a bounce: from an RFC 3464 delivery report when there is one,
// from an Amazon SES notification, or from the human-readable text of the non-standard bounces
// that Postfix, Exim, Sendmail, qmail, Exchange, Gmail, Yahoo and others send. Also tells a
// bounce, a delay notice or a feedback report from other mail. Pure, thread-safe.
#ifndef DRAFTBOX_CLASSIFY_BOUNCE_SCANNER_H_
#define DRAFTBOX_CLASSIFY_BOUNCE_SCANNER_H_

#include <string>
#include <vector>

#include "classify/mime_message.h"

namespace draftbox {

struct FailedRecipient {
  std::string address;     // as the bounce names it; empty if it names none
  std::string action;      // "failed" or "delayed"
  std::string status;      // enhanced status code, e.g. "5.1.1"; empty if unknown
  std::string reason;      // see bounce_reason.h
  std::string diagnostic;  // the server's words, one line, at most kMaxDiagnostic bytes
  bool permanent = false;  // failed for good AND the reason says the address is dead
};

class BounceScanner {
 public:
  static constexpr size_t kMaxDiagnostic = 500;

  enum class Verdict { kNotBounce, kBounce, kFeedback, kDelivered };

  // Reads `message` once; the results are then available from the accessors. Never fails.
  explicit BounceScanner(const MimeMessage& message);

  Verdict verdict() const { return verdict_; }
  // Failed or delayed recipients of a kBounce, the most specific source first; for kFeedback
  // the complained-about recipient (action empty). May be empty if the bounce names nobody.
  const std::vector<FailedRecipient>& recipients() const { return recipients_; }

 private:
  bool ReadDeliveryReport();
  bool ReadSesNotification();
  bool ReadFeedbackReport();
  bool ReadBounceText();
  bool LooksLikeBounce() const;
  std::string BounceText() const;
  std::string OriginalRecipient() const;
  // Sets action, reason and permanent from the status and diagnostic; when no phrase of the
  // diagnostic names a reason, `fallback_text` (the bounce's human-readable text) is read.
  void Finish(FailedRecipient& recipient, bool delayed, std::string_view fallback_text = {}) const;

  const MimeMessage& message_;
  std::string subject_;  // lower-case
  Verdict verdict_ = Verdict::kNotBounce;
  std::vector<FailedRecipient> recipients_;
};

// Every e-mail address in `text` (local@domain.tld), in order, duplicates kept.
std::vector<std::string> FindAddresses(std::string_view text);

}  // namespace draftbox

#endif  // DRAFTBOX_CLASSIFY_BOUNCE_SCANNER_H_
