#include "classify/bounce_scanner.h"

#include <algorithm>
#include <cctype>

#include "classify/bounce_reason.h"
#include "classify/text_codec.h"
#include "core/text.h"

namespace draftbox {
namespace {

// A bounce's text is searched only this far: the failure is stated near the top, and the
// original message below can be large.
constexpr size_t kMaxBounceText = 64 * 1024;

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool ContainsAny(std::string_view haystack, std::initializer_list<const char*> needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](const char* n) { return Contains(haystack, n); });
}

bool IsLocalChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("._%+-=!#$&'*/?^`{|}~").find(c) != std::string_view::npos;
}

bool IsDomainChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-';
}

// Subjects of non-delivery reports, lower-case, in the languages servers use.
constexpr std::initializer_list<const char*> kBounceSubjects = {"undeliver",
                                                                "undelivered",
                                                                "delivery status notification",
                                                                "delivery failure",
                                                                "failure notice",
                                                                "returned mail",
                                                                "mail delivery failed",
                                                                "delivery has failed",
                                                                "could not be delivered",
                                                                "delivery failed",
                                                                "failed delivery",
                                                                "delivery notification",
                                                                "mail system error",
                                                                "non-delivery",
                                                                "nondeliverable",
                                                                "returned to sender",
                                                                "delivery status",
                                                                "delayed mail",
                                                                "mail failure",
                                                                "could not send",
                                                                "email bounce",
                                                                "delivery problem",
                                                                "unzustellbar",
                                                                "nicht zustellbar",
                                                                "non remis",
                                                                "non distribué",
                                                                "échec de la remise",
                                                                "no se puede entregar",
                                                                "no entregado",
                                                                "mail could not",
                                                                "message not delivered",
                                                                "undelivered mail",
                                                                "warning: message",
                                                                "delivery delayed",
                                                                "notification d'état",
                                                                "メールエラー",
                                                                "не доставлено",
                                                                "delivery failure notification",
                                                                "配信できません",
                                                                "配信に失敗",
                                                                "配送失敗",
                                                                "配信失敗"};

// Phrases of a failure report's text, lower-case.
constexpr std::initializer_list<const char*> kBounceBodyPhrases = {
    "could not be delivered",
    "couldn't be delivered",
    "was not delivered",
    "undeliverable",
    "delivery to the following recipient",
    "permanent error",
    "wasn't able to deliver",
    "unable to deliver",
    "failed to deliver",
    "delivery has failed",
    "not be delivered",
    "did not reach",
    "user unknown",
    "delivery failed",
    "returned mail",
    "delivery failure",
    "following address",
    "could not deliver",
    "was rejected",
    "has been rejected",
    "delivery status notification",
    "temporary failure",
    "has not been delivered",
    "not yet been delivered",
    "delivery attempts",
    "unknown user",
    "no such user",
    "message rejected",
    "mailbox unavailable",
    "recipient address rejected",
    "error delivering",
    "failed permanently",
    "delivery is delayed",
    "returning message",
    "could not be sent",
    "message was rejected",
    "not delivered",
    "mailbox is full",
    "nicht zugestellt",
    "配信できません",
    "配送できません",
    "配信に失敗"};

// Lines at which the original message begins inside a bounce's text.
constexpr std::initializer_list<const char*> kOriginalMarkers = {"below this line is a copy",
                                                                 "this is a copy of the message",
                                                                 "original message",
                                                                 "returned message",
                                                                 "message headers follow",
                                                                 "headers of the original",
                                                                 "header of the original",
                                                                 "unsent message below",
                                                                 "copy of the original",
                                                                 "the original message",
                                                                 "rfc822 message",
                                                                 "content-type: message/rfc822"};

constexpr std::initializer_list<const char*> kOriginalHeaderStarts = {
    "received: ", "return-path:", "dkim-signature:", "x-received:", "message-id:"};

bool IsDaemonLocalPart(std::string_view address) {
  std::string lower = AsciiLower(address.substr(0, address.find('@')));
  return lower == "mailer-daemon" || lower == "postmaster" || lower == "mail-daemon" ||
         lower == "mailerdaemon" || lower == "post_master" || lower == "maildaemon" ||
         lower == "mailer_daemon" || lower == "double-bounce";
}

std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= BounceScanner::kMaxDiagnostic) break;
  }
  return ToValidUtf8(out);
}

// "rfc822; <a@b>" -> "a@b".
std::string AddressField(std::string_view value) {
  size_t semicolon = value.find(';');
  std::string_view rest =
      TrimSpace(semicolon == std::string_view::npos ? value : value.substr(semicolon + 1));
  std::vector<std::string> found = FindAddresses(rest);
  if (!found.empty()) return found.front();
  return std::string(rest);
}

// The value after "smtp;" in a Diagnostic-Code.
std::string_view DiagnosticField(std::string_view value) {
  size_t semicolon = value.find(';');
  if (semicolon == std::string_view::npos || semicolon > 12) return TrimSpace(value);
  return TrimSpace(value.substr(semicolon + 1));
}

// The string value of "key":"..." after `from` in JSON-like text; empty if absent.
std::string JsonString(std::string_view text, std::string_view key, size_t from, size_t to) {
  std::string needle = "\"" + std::string(key) + "\"";
  size_t pos = text.find(needle, from);
  if (pos == std::string_view::npos || pos >= to) return {};
  size_t colon = text.find(':', pos + needle.size());
  if (colon == std::string_view::npos) return {};
  size_t open = text.find('"', colon);
  if (open == std::string_view::npos || open > colon + 3) return {};
  size_t close = open + 1;
  while (close < text.size() && text[close] != '"') close += text[close] == '\\' ? 2 : 1;
  return std::string(text.substr(open + 1, std::min(close, text.size()) - open - 1));
}

bool SameAddress(std::string_view a, std::string_view b) { return AsciiLower(a) == AsciiLower(b); }

}  // namespace

std::vector<std::string> FindAddresses(std::string_view text) {
  std::vector<std::string> found;
  size_t pos = 0;
  while ((pos = text.find('@', pos)) != std::string_view::npos) {
    size_t start = pos;
    while (start > 0 && IsLocalChar(text[start - 1]) && pos - start < 64) --start;
    size_t end = pos + 1;
    while (end < text.size() && IsDomainChar(text[end]) && end - pos < 255) ++end;
    std::string_view local = text.substr(start, pos - start);
    std::string_view domain = text.substr(pos + 1, end - pos - 1);
    while (!local.empty() &&
           (local.front() == '.' || local.front() == '=' || local.front() == '\'')) {
      local.remove_prefix(1);
    }
    while (!domain.empty() && (domain.back() == '.' || domain.back() == '-'))
      domain.remove_suffix(1);
    if (!local.empty() && domain.find('.') != std::string_view::npos && !domain.starts_with('.')) {
      found.push_back(std::string(local) + "@" + std::string(domain));
    }
    pos = end > pos ? end : pos + 1;
  }
  return found;
}

BounceScanner::BounceScanner(const MimeMessage& message)
    : message_(message), subject_(AsciiLower(message.Header("Subject"))) {
  if (ReadFeedbackReport()) {
    verdict_ = Verdict::kFeedback;
    return;
  }
  if (ReadSesNotification()) return;
  if (ReadDeliveryReport()) return;
  if (LooksLikeBounce() && ReadBounceText()) verdict_ = Verdict::kBounce;
}

void BounceScanner::Finish(FailedRecipient& recipient, bool delayed,
                           std::string_view fallback_text) const {
  if (recipient.status.empty()) recipient.status = FindStatusCode(recipient.diagnostic);
  if (recipient.status.starts_with('4')) delayed = true;
  recipient.action = delayed ? "delayed" : "failed";
  recipient.reason = BounceReason(recipient.status, recipient.diagnostic);
  if (recipient.reason == "undefined" && !fallback_text.empty()) {
    recipient.reason = BounceReason(recipient.status, fallback_text);
  }
  if (delayed && IsAddressDeadReason(recipient.reason)) recipient.reason = "expired";
  recipient.permanent =
      !delayed && !recipient.status.starts_with('4') && IsAddressDeadReason(recipient.reason);
}

bool BounceScanner::ReadFeedbackReport() {
  std::string content_type = AsciiLower(message_.RawHeader("Content-Type"));
  bool arf = Contains(content_type, "report-type=feedback-report") ||
             Contains(content_type, "report-type=\"feedback-report\"") ||
             Contains(subject_, "complaint about message");
  const MimePart* report = nullptr;
  for (const MimePart& part : message_.parts()) {
    if (part.content_type == "message/feedback-report") report = &part;
  }
  if (!arf && report == nullptr) return false;
  FailedRecipient recipient;
  if (report != nullptr) {
    std::vector<MimeHeader> fields =
        ParseHeaderBlock(report->body, MimeMessage::kMaxHeaders, nullptr);
    for (const char* name : {"Original-Rcpt-To", "Removal-Recipient"}) {
      std::string value = MimeMessage::FindHeader(fields, name);
      if (!value.empty() && recipient.address.empty()) recipient.address = AddressField(value);
    }
  }
  if (recipient.address.empty()) recipient.address = OriginalRecipient();
  recipient.reason = "feedback";
  recipients_.push_back(std::move(recipient));
  return true;
}

bool BounceScanner::ReadSesNotification() {
  for (const MimePart& part : message_.parts()) {
    if (!part.content_type.starts_with("text/")) continue;
    std::string body = part.body.substr(0, kMaxBounceText);
    // Inside an SNS envelope the notification is a JSON string: undo its \" escapes.
    for (size_t at = body.find("\\\""); at != std::string::npos; at = body.find("\\\"", at)) {
      body.erase(at, 1);
      ++at;
    }
    std::string_view text(body);
    size_t type = text.find("\"notificationType\"");
    if (type == std::string_view::npos) continue;
    std::string kind = JsonString(text, "notificationType", type, text.size());
    if (kind == "Complaint") {
      verdict_ = Verdict::kFeedback;
      FailedRecipient recipient;
      recipient.address = JsonString(text, "emailAddress", 0, text.size());
      recipient.reason = "feedback";
      recipients_.push_back(std::move(recipient));
      return true;
    }
    if (kind == "Delivery") {
      verdict_ = Verdict::kDelivered;
      return true;
    }
    if (kind != "Bounce") continue;
    bool transient = JsonString(text, "bounceType", 0, text.size()) != "Permanent";
    size_t list = text.find("\"bouncedRecipients\"");
    size_t list_end = list == std::string_view::npos ? list : text.find(']', list);
    if (list_end == std::string_view::npos) list_end = text.size();
    size_t pos = list;
    while (pos != std::string_view::npos && pos < list_end) {
      size_t entry = text.find("\"emailAddress\"", pos);
      if (entry == std::string_view::npos || entry >= list_end) break;
      size_t next = text.find("\"emailAddress\"", entry + 1);
      size_t entry_end = std::min(next == std::string_view::npos ? list_end : next, list_end);
      FailedRecipient recipient;
      recipient.address = JsonString(text, "emailAddress", entry, entry_end);
      recipient.status = JsonString(text, "status", entry, entry_end);
      recipient.diagnostic =
          OneLine(DiagnosticField(JsonString(text, "diagnosticCode", entry, entry_end)));
      Finish(recipient, transient && !recipient.status.starts_with('5'));
      recipients_.push_back(std::move(recipient));
      pos = entry_end;
    }
    verdict_ = Verdict::kBounce;
    return true;
  }
  return false;
}

bool BounceScanner::ReadDeliveryReport() {
  const MimePart* report = nullptr;
  for (const MimePart& part : message_.parts()) {
    if (part.content_type == "message/delivery-status" ||
        part.content_type == "message/global-delivery-status") {
      report = &part;
      break;
    }
  }
  if (report == nullptr) return false;
  std::string human = OneLine(BounceText());
  std::string_view body(report->body);
  if (body.size() > kMaxBounceText) body = body.substr(0, kMaxBounceText);
  bool delivered_only = false;
  size_t pos = 0;
  while (pos < body.size() && recipients_.size() < MimeMessage::kMaxParts) {
    size_t end = body.find("\n\n", pos);
    if (end == std::string_view::npos) end = body.size();
    std::vector<MimeHeader> fields =
        ParseHeaderBlock(body.substr(pos, end - pos), MimeMessage::kMaxHeaders, nullptr);
    pos = end + 2;
    std::string final_recipient = MimeMessage::FindHeader(fields, "Final-Recipient");
    std::string original = MimeMessage::FindHeader(fields, "Original-Recipient");
    if (final_recipient.empty() && original.empty()) continue;
    std::string action = AsciiLower(TrimSpace(MimeMessage::FindHeader(fields, "Action")));
    FailedRecipient recipient;
    recipient.address = AddressField(final_recipient.empty() ? original : final_recipient);
    recipient.status = std::string(TrimSpace(MimeMessage::FindHeader(fields, "Status")));
    recipient.status = recipient.status.substr(0, recipient.status.find_first_of(" \t("));
    if (action.starts_with("delivered") || action.starts_with("relayed") ||
        action.starts_with("expanded") || recipient.status.starts_with('2')) {
      delivered_only = true;
      continue;
    }
    std::string diagnostic(DiagnosticField(MimeMessage::FindHeader(fields, "Diagnostic-Code")));
    // Domino writes its Japanese diagnostic in ISO-2022-JP without saying so.
    if (Contains(diagnostic, "\x1b$B")) diagnostic = ToUtf8(diagnostic, "iso-2022-jp");
    recipient.diagnostic = OneLine(diagnostic.empty() ? human : diagnostic);
    // A bare "5.0.0" says less than the diagnostic's own code.
    std::string from_text = FindStatusCode(diagnostic);
    if ((recipient.status.empty() || recipient.status.ends_with(".0.0")) && !from_text.empty() &&
        from_text[0] == (recipient.status.empty() ? from_text[0] : recipient.status[0]) &&
        !from_text.ends_with(".0.0")) {
      recipient.status = from_text;
    }
    bool delayed = action.starts_with("delayed") || Contains(subject_, "delay");
    // A report whose fields say nothing useful (a bare 5.0.0 and a diagnostic no phrase
    // matches, or no diagnostic at all) is read again through the human-readable text.
    Finish(recipient, delayed, human);
    recipients_.push_back(std::move(recipient));
  }
  if (!recipients_.empty()) {
    verdict_ = Verdict::kBounce;
  } else if (delivered_only) {
    verdict_ = Verdict::kDelivered;
  } else {
    return false;  // a report without recipients: read the text instead
  }
  return true;
}

std::string BounceScanner::BounceText() const {
  // The human-readable part: the first text part that is not the original message.
  std::string text;
  for (const MimePart& part : message_.parts()) {
    if (part.content_type != "text/plain" && part.content_type != "text/html") continue;
    text = part.Text();
    break;
  }
  if (text.size() > kMaxBounceText) text.resize(kMaxBounceText);
  // Cut at the start of the returned original message.
  size_t pos = 0;
  bool previous_empty = true;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string line = AsciiLower(TrimSpace(std::string_view(text).substr(pos, eol - pos)));
    bool marker = ContainsAny(line, kOriginalMarkers) && line.size() < 100 && pos > 0;
    bool header_start = previous_empty && pos > 0 &&
                        std::any_of(kOriginalHeaderStarts.begin(), kOriginalHeaderStarts.end(),
                                    [&](const char* h) { return line.starts_with(h); });
    if (marker || header_start) {
      text.resize(pos);
      break;
    }
    previous_empty = line.empty();
    pos = eol + 1;
  }
  return text;
}

std::string BounceScanner::OriginalRecipient() const {
  // The original message returned inline beneath the text: its header block's To.
  for (const MimePart& part : message_.parts()) {
    if (part.content_type != "text/plain") continue;
    std::string_view text(part.body);
    text = text.substr(0, kMaxBounceText);
    size_t cut = BounceText().size();
    if (cut >= text.size()) break;
    std::string_view rest = text.substr(cut);
    size_t to = std::string_view::npos;
    for (size_t pos = 0; pos < rest.size();) {
      size_t eol = rest.find('\n', pos);
      if (eol == std::string_view::npos) eol = rest.size();
      std::string_view line = TrimSpace(rest.substr(pos, eol - pos));
      if (line.size() > 3 && AsciiLower(line.substr(0, 3)) == "to:") {
        to = pos;
        std::vector<std::string> found = FindAddresses(rest.substr(pos, eol - pos));
        if (!found.empty()) return found.front();
      }
      pos = eol + 1;
    }
    (void)to;
    break;
  }
  for (const MimePart& part : message_.parts()) {
    if (part.content_type != "message/rfc822" && part.content_type != "text/rfc822-headers" &&
        part.content_type != "message/rfc822-headers" && part.content_type != "message/global") {
      continue;
    }
    std::string_view block(part.body);
    block = block.substr(0, std::min(block.find("\n\n"), kMaxBounceText));
    std::vector<MimeHeader> headers = ParseHeaderBlock(block, MimeMessage::kMaxHeaders, nullptr);
    for (const char* name : {"X-HmXmrOriginalRecipient", "To"}) {
      std::vector<std::string> found = FindAddresses(MimeMessage::FindHeader(headers, name));
      if (!found.empty()) return found.front();
    }
  }
  return {};
}

bool BounceScanner::LooksLikeBounce() const {
  if (ContainsAny(subject_, kBounceSubjects)) return true;
  std::string from = message_.Header("From");
  std::vector<std::string> from_addresses = FindAddresses(from);
  bool daemon = AsciiLower(TrimSpace(message_.RawHeader("Return-Path"))) == "<>" ||
                Contains(AsciiLower(from), "mailer-daemon") ||
                Contains(AsciiLower(from), "mail delivery") ||
                (!from_addresses.empty() && IsDaemonLocalPart(from_addresses.front()));
  if (!daemon) return false;
  return ContainsAny(AsciiLower(BounceText()), kBounceBodyPhrases);
}

bool BounceScanner::ReadBounceText() {
  std::string text = BounceText();
  std::string lower = AsciiLower(text);
  // The bounce's own addresses (the sender of the original and the reporting system) are not
  // failed recipients.
  std::vector<std::string> own;
  for (const char* name :
       {"From", "To", "Return-Path", "Reply-To", "Sender", "Delivered-To", "X-Original-To"}) {
    if (std::string_view(name) == "X-Original-To" || std::string_view(name) == "Delivered-To") {
      continue;  // these name the mailbox the bounce went to, which is our own
    }
    for (std::string& address : FindAddresses(message_.RawHeader(name))) own.push_back(address);
  }
  auto is_own = [&](const std::string& address) {
    return IsDaemonLocalPart(address) ||
           std::any_of(own.begin(), own.end(),
                       [&](const std::string& o) { return SameAddress(o, address); });
  };
  // Candidates at the start of a line ("<a@b>:", "  a@b", "a@b on <date>") name recipients in
  // every common format; an address inside a sentence is the fallback.
  struct Found {
    std::string address;
    size_t offset;
  };
  std::vector<Found> line_start;
  std::vector<Found> anywhere;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string_view line = std::string_view(text).substr(pos, eol - pos);
    std::vector<std::string> found = FindAddresses(line);
    std::string_view trimmed = TrimSpace(line);
    // Sendmail writes "554 <a@b>... reason": skip a leading reply code.
    if (trimmed.size() > 4 && (trimmed[0] == '4' || trimmed[0] == '5') &&
        std::isdigit(static_cast<unsigned char>(trimmed[1])) &&
        std::isdigit(static_cast<unsigned char>(trimmed[2])) && trimmed[3] == ' ') {
      trimmed.remove_prefix(4);
    }
    while (!trimmed.empty() && (trimmed.front() == '<' || trimmed.front() == '"' ||
                                trimmed.front() == '-' || trimmed.front() == '*')) {
      trimmed.remove_prefix(1);
      trimmed = TrimSpace(trimmed);
    }
    for (const std::string& address : found) {
      if (is_own(address)) continue;
      Found entry{address, pos};
      if (trimmed.starts_with(address) || AsciiLower(trimmed).starts_with("rcpt to:")) {
        line_start.push_back(entry);
      }
      anywhere.push_back(entry);
    }
    pos = eol + 1;
  }
  std::vector<Found> chosen = line_start.empty() ? anywhere : line_start;
  if (line_start.empty() && chosen.size() > 1) chosen.resize(1);
  // Distinct addresses, each with the text from its first mention to the next one's.
  std::vector<Found> distinct;
  for (const Found& f : chosen) {
    if (std::none_of(distinct.begin(), distinct.end(),
                     [&](const Found& d) { return SameAddress(d.address, f.address); })) {
      distinct.push_back(f);
    }
  }
  // Exim, Google and others name the failed recipients in a header: trust it over the text.
  std::vector<std::string> failed_header = FindAddresses(message_.RawHeader("X-Failed-Recipients"));
  if (!failed_header.empty()) {
    chosen.clear();
    for (const std::string& address : failed_header) {
      size_t offset = lower.find(AsciiLower(address));
      chosen.push_back({address, offset == std::string::npos ? text.size() : offset});
    }
    distinct = chosen;
    std::sort(chosen.begin(), chosen.end(),
              [](const Found& a, const Found& b) { return a.offset < b.offset; });
  }
  if (distinct.size() > MimeMessage::kMaxParts) distinct.resize(MimeMessage::kMaxParts);
  // Sendmail's "Returned mail: Deferred: ..." names the first problem it met, but the mail
  // came back: the delivery is over, whatever a deferral says.
  bool returned = Contains(subject_, "returned mail");
  bool delayed_subject =
      ContainsAny(subject_, {"delay", "warning", "retried", "still trying", "not yet delivered"}) ||
      (!returned && Contains(subject_, "deferred"));
  bool permanent_text =
      ContainsAny(lower, {"permanent", "failed permanently", "given up", "gave up"});
  bool delayed_text =
      ContainsAny(lower, {"will continue to", "will be retried", "will retry", "still trying",
                          "not yet been delivered", "delivery is delayed", "temporarily deferred",
                          "has been delayed", "is delayed"});
  bool delayed = delayed_subject || (delayed_text && !permanent_text);
  std::string whole = OneLine(text);
  if (distinct.empty()) {
    FailedRecipient recipient;
    recipient.address = OriginalRecipient();
    recipient.diagnostic = whole;
    Finish(recipient, delayed);
    recipients_.push_back(std::move(recipient));
    return true;
  }
  for (size_t i = 0; i < distinct.size(); ++i) {
    size_t begin = distinct[i].offset;
    size_t end = text.size();
    for (const Found& f : chosen) {
      if (f.offset > begin && !SameAddress(f.address, distinct[i].address)) {
        end = f.offset;
        break;
      }
    }
    FailedRecipient recipient;
    recipient.address = distinct[i].address;
    begin = std::min(begin, text.size());
    end = std::max(begin, std::min(end, text.size()));
    std::string segment = OneLine(std::string_view(text).substr(begin, end - begin));
    recipient.status = FindStatusCode(segment);
    if (recipient.status.empty()) recipient.status = FindStatusCode(whole);
    // The segment often holds only the address; the sentence above it carries the reason.
    recipient.diagnostic = segment.size() > recipient.address.size() + 10 ? segment : whole;
    // In a returned mail one recipient can fail while another is only deferred
    // ("<a@b>... Deferred: Connection reset"): a segment without a code of its own says which.
    bool segment_delayed = FindStatusCode(segment).empty() &&
                           ContainsAny(AsciiLower(segment), {"deferred", "will retry"});
    Finish(recipient, delayed || segment_delayed);
    recipients_.push_back(std::move(recipient));
  }
  return true;
}

}  // namespace draftbox
