#include "cli/event_lines.h"

#include <array>
#include <cmath>
#include <ctime>

#include "cli/answer_fields.h"
#include "cli/text_table.h"
#include "core/text.h"

namespace draftbox {
namespace {

using nlohmann::json;

// Wide enough for "draft_needs_attention" and "suppression_addition", so the columns line up.
constexpr size_t kTypeWidth = 22;
// Reasons and excerpts are shown, not read: a line stays a line on a terminal.
constexpr size_t kTextBytes = 160;

std::string LocalTime(int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (unix_seconds <= 0 || localtime_r(&t, &tm) == nullptr) return "-";
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%d %H:%M:%S", &tm);
  return text.data();
}

// Untrusted text from the event, on one line and shortened.
std::string Shown(const std::string& text) {
  return OneLine(TruncateUtf8WithEllipsis(ToValidUtf8(text), kTextBytes));
}

std::string Quoted(const json& payload, const char* key) {
  const std::string text = StringAt(payload, key);
  return text.empty() ? "" : "\"" + Shown(text) + "\"";
}

// The address, domain or recipient a suppression entry names.
std::string SuppressionTarget(const json& payload) {
  for (const char* key : {"address", "domain"}) {
    if (std::string value = StringAt(payload, key); !value.empty()) return Shown(value);
  }
  return "recipient";
}

std::string EngagementText(const json& p) {
  const std::string kind = StringAt(p, "kind");
  if (kind == "sent") return "sent";
  if (kind == "no_reply") {
    return "no reply after " + std::to_string(IntAt(p, "days_waited")) + " days";
  }
  if (kind == "bounce_hard" || kind == "bounce_soft") {
    std::string out = kind == "bounce_hard" ? "bounced (permanent)" : "bounced (temporary)";
    if (std::string status = StringAt(p, "status"); !status.empty()) out += " " + Shown(status);
    if (std::string reason = StringAt(p, "reason"); !reason.empty()) out += ": " + Shown(reason);
    return out;
  }
  std::string out = kind.empty() ? "signal" : Spaced(kind);
  if (std::string excerpt = Quoted(p, "reply_excerpt"); !excerpt.empty()) out += ": " + excerpt;
  return out;
}

std::string EditText(const json& p) {
  const double ratio =
      p.contains("edit_ratio") && p["edit_ratio"].is_number() ? p["edit_ratio"].get<double>() : 0.0;
  std::string out = "sent with " + std::to_string(IntAt(p, "words_added")) + " words added, " +
                    std::to_string(IntAt(p, "words_removed")) + " removed (" +
                    std::to_string(static_cast<int>(std::lround(ratio * 100))) + " % changed)";
  if (IsTrue(p, "subject_changed")) out += ", subject rewritten";
  return out;
}

std::string WhatHappened(const std::string& type, const json& p) {
  const std::string reason = Shown(StringAt(p, "reason"));
  if (type == "draft_placed") {
    return "placed in " + Shown(StringAt(p, "folder", "Drafts")) + ", UID " +
           std::to_string(IntAt(p, "uid"));
  }
  if (type == "draft_skipped") return "skipped: " + reason;
  if (type == "draft_needs_attention") return "needs attention: " + reason;
  if (type == "draft_regenerated") {
    std::string out = "regenerated as draft " + std::to_string(IntAt(p, "replaced_by"));
    if (std::string instruction = Quoted(p, "instruction"); !instruction.empty()) {
      out += " (" + instruction + ")";
    }
    return out;
  }
  if (type == "draft_revised") {
    std::string out = "new text for the open compose window";
    if (std::string instruction = Quoted(p, "instruction"); !instruction.empty()) {
      out += " (" + instruction + ")";
    }
    return out;
  }
  if (type == "draft_rejected") return "rejected: " + reason;
  if (type == "draft_vanished") return "vanished: " + reason;
  if (type == "draft_moved") {
    return "saved again in " + Shown(StringAt(p, "folder")) + ", UID " +
           std::to_string(IntAt(p, "uid_before")) + " -> " + std::to_string(IntAt(p, "uid"));
  }
  if (type == "draft_edit_signal") return EditText(p);
  if (type == "opt_out_confirmed" || type == "opt_out_dismissed") {
    std::string out = type == "opt_out_confirmed" ? "confirmed as a request to stop"
                                                  : "dismissed: not a request to stop";
    if (std::string phrase = Quoted(p, "phrase"); !phrase.empty()) out += " (" + phrase + ")";
    return out + ", review " + std::to_string(IntAt(p, "review_id"));
  }
  if (type == "engagement_signal") return EngagementText(p);
  if (type == "suppression_addition" || type == "suppression_removal") {
    std::string out = (type == "suppression_addition" ? "suppressed " : "no longer suppressed ") +
                      SuppressionTarget(p);
    if (!reason.empty()) out += ": " + reason;
    if (std::string source = StringAt(p, "source"); !source.empty()) {
      out += " (source " + Shown(source) + ")";
    }
    return out;
  }
  if (type == "message_error") {
    return "could not handle " + Shown(StringAt(p, "folder")) + " UID " +
           std::to_string(IntAt(p, "uid")) + ": " + Shown(StringAt(p, "error"));
  }
  return Shown(p.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string Who(const json& event, const json& payload) {
  if (std::string email = StringAt(event, "recipient_email"); !email.empty()) return Shown(email);
  for (const char* key : {"address", "recipient", "domain"}) {
    if (std::string value = StringAt(payload, key); !value.empty()) return Shown(value);
  }
  return "-";
}

}  // namespace

std::string EventLine(const json& event) {
  const json payload = ObjectAt(event, "payload");
  const std::string type = Shown(StringAt(event, "type", "?"));
  std::string line = LocalTime(IntAt(event, "time")) + "  " + PadTo(type, kTypeWidth) + "  " +
                     Who(event, payload) + "  " + WhatHappened(type, payload);
  const int64_t draft = IntAt(event, "draft_id");
  const int64_t campaign = IntAt(event, "campaign_id");
  if (draft > 0 && campaign > 0) {
    line += " (draft " + std::to_string(draft) + ", campaign " + std::to_string(campaign) + ")";
  } else if (draft > 0) {
    line += " (draft " + std::to_string(draft) + ")";
  }
  return line;
}

}  // namespace draftbox
