#include "classify/bounce_reason.h"

#include <array>
#include <cctype>
#include <utility>

#include "classify/text_codec.h"

namespace draftbox {
namespace {

struct ReasonPatterns {
  const char* reason;
  std::initializer_list<const char*> phrases;
};

// Checked in order; the first reason with a matching phrase wins. Refusals aimed at the sender
// or the content come first: "550 5.1.1 ... blocked by policy" is a block, not a dead address.
const ReasonPatterns kPatterns[] = {
    // A refusal of our sender address or of the message after the recipient was accepted is
    // not about the recipient's address, whatever words it uses.
    {"rejected", {"after mail from", "group you tried to contact", "le groupe que vous"}},
    {"filtered", {"after end of data", "after data", "smtp command data"}},
    // Unambiguous statements that the address does not exist, before the softer phrases that
    // often surround them ("Access denied", "not listed in").
    {"userunknown",
     {"user unknown", "unknown user", "no such user", "not listed in public", "address not found",
      "couldn't be found", "recipient address rejected: access denied", "inactive email address",
      "mailbox does not exist", "account that you tried to reach does not exist",
      // Lotus Domino and Notes in French and Japanese (Sisimai's Domino and Notes modules),
      // and Japanese servers' "the address / user does not exist".
      "non répertorié dans l'annuaire", "ディレクトリには見つかりません",
      "ディレクトリのリストにありません", "アドレスは存在しません", "アドレスが存在しません",
      "ユーザは存在しません", "ユーザーは存在しません", "宛先不明"}},
    {"hostunknown",
     {"domain is not reachable", "host unknown", "domain not found", "ドメインは存在しません",
      "ドメインが存在しません"}},
    {"mailboxfull", {"mailbox full",       "mailbox is full",      "mailbox_full",
                     "quota exceeded",     "over quota",           "overquota",
                     "exceeded storage",   "exceeds quota",        "insufficient disk space",
                     "mailbox size limit", "user is over",         "mailbox exceeded",
                     "is over quota",      "quota full",           "storage quota",
                     "exceeded the quota", "not enough storage",   "mailfolder is full",
                     "account is full",    "mailbox has exceeded", "full mailbox",
                     "disk quota",         "postfach voll",        "boîte pleine",
                     "postfach ist voll",  "speicherplatz"}},
    {"mesgtoobig",
     {"message too large", "message size exceeds", "message is too large", "size limit", "too big",
      "message exceeds", "exceeds the maximum size", "message length exceeds"}},
    {"virusdetected", {"virus", "malware"}},
    {"spamdetected",
     {"spam", "junk mail", "bulk mail", "unsolicited", "message content rejected", "content filter",
      "classified as junk"}},
    {"securityerror",
     {"authentication required", "authentication failed", "tls required", "must issue a starttls",
      "encryption required", "certificate"}},
    {"policyviolation",
     {"dmarc", "policy violation", "violates", "policy reasons", "not allowed by policy",
      "rejected due to policy", "local policy"}},
    {"blocked",
     {"blocked",
      "blacklist",
      "black list",
      "blocklist",
      "block list",
      "listed in",
      "rbl",
      "spamhaus",
      "dnsbl",
      "poor reputation",
      "bad reputation",
      "reverse dns",
      "ptr record",
      "not authorized to send",
      "access denied",
      "client host rejected",
      "your ip",
      "connection refused",
      "refused to talk",
      "sender ip",
      "please use the smtp server",
      "spf",
      "sender address rejected",
      "sender rejected",
      "domain of sender"}},
    {"toomanyconn",
     {"too many connections", "rate limit", "too many messages", "too many recipients",
      "try again later", "throttl", "sending rate", "too many concurrent"}},
    {"suspend",
     {"disabled", "suspended", "inactive", "deactivated", "account is locked", "has been closed",
      "expired account", "mailbox is disabled", "temporarily unavailable"}},
    {"hasmoved", {"has moved", "moved to"}},
    {"hostunknown",
     {"host unknown", "unknown host", "host not found", "domain not found", "no such domain",
      "domain does not exist", "name or service not known", "host or domain name not found",
      "unrouteable mail domain", "nxdomain", "no mx", "unresolvable", "dns lookup failed",
      "host name lookup failure", "domain name not found", "illegal host/domain", "unknown domain",
      "mail domain does not exist", "no such host"}},
    {"notaccept",
     {"does not accept mail", "null mx", "accepts no mail", "not accepting mail", "nullmx"}},
    {"userunknown",
     {"user unknown",
      "unknown user",
      "no such user",
      "no such recipient",
      "no such mailbox",
      "no such address",
      "no mailbox",
      "mailbox not found",
      "mailbox unavailable",
      "mailbox does not exist",
      "does not exist",
      "doesn't exist",
      "invalid recipient",
      "invalid mailbox",
      "invalid address",
      "unknown recipient",
      "recipient unknown",
      "recipient not found",
      "user not found",
      "unknown local part",
      "unrouteable address",
      "address rejected",
      "bad destination mailbox",
      "not a valid mailbox",
      "account does not",
      "no longer available",
      "name is not recognized",
      "not listed in",
      "unknown or illegal alias",
      "recipient no longer",
      "user doesn't exist",
      "no account",
      "is not a known user",
      "nicht gefunden",
      "unbekannt",
      "existiert nicht",
      "gibt es nicht",
      "n'existe pas",
      "inexistente",
      "not our customer",
      "recipient address rejected",
      "address unknown",
      "unknown address",
      "undeliverable address",
      "doesn't have a",
      "no valid recipients",
      "mailbox is unavailable",
      "user invalid",
      "address does not",
      "not exist",
      "no such",
      "bad address"}},
    {"expired",
     {"retry timeout", "retry time", "too long", "timed out", "time out", "timeout", "expired",
      "for past", "could not be delivered for", "giving up", "delivery time expired",
      "has not been delivered", "not yet been delivered", "delayed", "still being retried",
      "will continue", "deferred", "gave up"}},
    {"networkerror",
     {"connection reset", "network", "no route to host", "loop", "too many hops",
      "could not connect", "unable to connect", "connection lost"}},
    {"systemerror",
     {"system error", "internal error", "server error", "local error", "temporary failure",
      "service unavailable", "try again"}},
    {"rejected", {"rejected", "refused", "denied", "not accepted"}},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The reason a bare status code names (RFC 3463), for when no text matched.
std::string ReasonFromStatus(std::string_view status) {
  if (status.size() < 5) return "undefined";
  std::string_view detail = status.substr(2);
  if (detail == "1.1" || detail == "1.0" || detail == "1.10" || detail == "1.3") {
    return status[0] == '5' ? "userunknown" : "undefined";
  }
  if (detail == "1.2" || detail == "4.4") return "hostunknown";
  if (detail == "1.6") return "hasmoved";
  if (detail == "2.2" || detail == "2.0") return "mailboxfull";
  if (detail == "2.1") return "suspend";
  if (detail == "3.4" || detail == "2.3") return "mesgtoobig";
  if (detail == "4.7" || detail == "4.1") return "expired";
  if (detail.starts_with("7.")) return "blocked";
  if (detail.starts_with("4.")) return "networkerror";
  if (detail.starts_with("3.")) return "systemerror";
  if (detail.starts_with("6.")) return "contenterror";
  return "undefined";
}

}  // namespace

std::string BounceReason(std::string_view status, std::string_view diagnostic) {
  std::string text = AsciiLower(diagnostic);
  for (const ReasonPatterns& entry : kPatterns) {
    for (const char* phrase : entry.phrases) {
      if (text.find(phrase) != std::string::npos) return entry.reason;
    }
  }
  return ReasonFromStatus(status);
}

bool IsAddressDeadReason(std::string_view reason) {
  return reason == "userunknown" || reason == "hostunknown" || reason == "hasmoved" ||
         reason == "notaccept";
}

std::string FindStatusCode(std::string_view text) {
  // Enhanced status: [245].\d{1,3}.\d{1,3}, not inside a longer number or version string.
  for (size_t i = 0; i + 4 < text.size(); ++i) {
    char c = text[i];
    if ((c != '2' && c != '4' && c != '5') || text[i + 1] != '.') continue;
    if (i > 0 && (IsDigit(text[i - 1]) || text[i - 1] == '.')) continue;
    size_t j = i + 2;
    size_t start = j;
    while (j < text.size() && IsDigit(text[j]) && j - start < 3) ++j;
    if (j == start || j >= text.size() || text[j] != '.') continue;
    size_t k = j + 1;
    size_t start2 = k;
    while (k < text.size() && IsDigit(text[k]) && k - start2 < 3) ++k;
    if (k == start2) continue;
    if (k < text.size() &&
        (IsDigit(text[k]) || (text[k] == '.' && k + 1 < text.size() && IsDigit(text[k + 1])))) {
      continue;
    }
    return std::string(text.substr(i, k - i));
  }
  // A bare SMTP reply code: 4xx or 5xx followed by a space or dash.
  for (size_t i = 0; i + 3 < text.size(); ++i) {
    char c = text[i];
    if (c != '4' && c != '5') continue;
    if (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '.')) {
      continue;
    }
    if (!IsDigit(text[i + 1]) || !IsDigit(text[i + 2])) continue;
    if (text[i + 3] != ' ' && text[i + 3] != '-') continue;
    return std::string(1, c) + ".0.0";
  }
  return {};
}

}  // namespace draftbox
