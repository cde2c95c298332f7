#include "watch/sent_linker.h"

#include <cctype>
#include <ctime>
#include <functional>

#include "classify/mime_message.h"
#include "watch/edit_measure.h"

namespace draftbox {
namespace {

// A send is dated a little before its draft was placed when clocks disagree.
constexpr int64_t kClockSlackSeconds = 300;

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The text the sender wrote: the first text/plain part, else the first text part.
std::string SentText(const MimeMessage& message) {
  for (const MimePart& part : message.parts()) {
    if (part.content_type == "text/plain") return part.Text();
  }
  for (const MimePart& part : message.parts()) {
    if (part.content_type.starts_with("text/")) return part.Text();
  }
  return "";
}

// A key for the processed-messages table that survives a UIDVALIDITY change.
std::string MessageKey(const std::string& message_id, std::string_view raw) {
  if (!message_id.empty()) return "sent:" + message_id;
  return "sent:hash:" + std::to_string(std::hash<std::string_view>{}(raw));
}

}  // namespace

std::string NormaliseMessageId(std::string_view id) {
  std::string trimmed = Trim(id);
  if (trimmed.empty()) return "";
  if (trimmed.front() == '<') trimmed.erase(0, 1);
  if (!trimmed.empty() && trimmed.back() == '>') trimmed.pop_back();
  return "<" + Trim(trimmed) + ">";
}

std::vector<std::string> AddressesIn(std::string_view value) {
  std::vector<std::string> out;
  std::string token;
  bool quoted = false;
  auto flush = [&] {
    std::string t = Trim(token);
    token.clear();
    size_t lt = t.rfind('<');
    size_t gt = t.rfind('>');
    if (lt != std::string::npos && gt != std::string::npos && gt > lt)
      t = t.substr(lt + 1, gt - lt - 1);
    t = Trim(t);
    if (t.find('@') != std::string::npos && t.find(' ') == std::string::npos)
      out.push_back(Lower(t));
  };
  for (char c : value) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      flush();
      continue;
    }
    token += c;
  }
  flush();
  return out;
}

std::optional<int64_t> ParseMailDate(std::string_view value) {
  std::string text = Trim(value);
  size_t comma = text.find(',');
  if (comma != std::string::npos) text = Trim(text.substr(comma + 1));
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%d %b %Y %H:%M", &tm);
  if (end == nullptr) return std::nullopt;
  if (*end == ':') end = strptime(end, ":%S", &tm);
  if (end == nullptr) return std::nullopt;
  int64_t seconds = timegm(&tm);
  while (*end == ' ') ++end;
  if ((*end == '+' || *end == '-') && std::isdigit(static_cast<unsigned char>(end[1]))) {
    int offset = std::atoi(end + 1);
    int64_t off = (offset / 100) * 3600 + (offset % 100) * 60;
    seconds += *end == '+' ? -off : off;
  }
  return seconds;
}

Result<SentOutcome> SentLinker::HandleSent(std::string_view raw, const std::string& folder) {
  MimeMessage message = MimeMessage::Parse(raw);
  const std::string message_id = NormaliseMessageId(message.RawHeader("Message-ID"));
  const std::string key = MessageKey(message_id, raw);
  Result<bool> known = drafts_.IsProcessed(key);
  if (!known) return std::unexpected(known.error());
  if (*known) return SentOutcome{};

  // 1. Reported by the add-on at send time: already recorded, only remember the copy.
  if (!message_id.empty()) {
    Result<DraftRecord> reported = drafts_.BySentMessageId(message_id);
    if (reported) {
      Result<bool> marked = drafts_.MarkProcessed(key, folder, "sent", reported->id);
      if (!marked) return std::unexpected(marked.error());
      return SentOutcome{reported->id, "addon", false};
    }
    if (reported.error().code != ErrorCode::kNotFound) return std::unexpected(reported.error());
  }

  const std::string subject = message.Header("Subject");
  const std::string text = SentText(message);
  std::optional<DraftRecord> draft;
  std::string link;
  // 2. The header, where the client kept it.
  const std::string header_id = Trim(message.RawHeader("X-Draftbox-Id"));
  if (!header_id.empty() && header_id.find_first_not_of("0123456789") == std::string::npos &&
      header_id.size() < 18) {
    Result<DraftRecord> found = drafts_.Get(std::stoll(header_id));
    if (found && found->state == DraftState::kPlaced) {
      draft = *found;
      link = "header";
    }
  }
  // 3. Who it went to, when, and how alike the texts are.
  if (!draft) {
    std::optional<int64_t> date = ParseMailDate(message.RawHeader("Date"));
    double best = min_similarity_;
    std::vector<std::string> to = AddressesIn(message.RawHeader("To"));
    for (const std::string& cc : AddressesIn(message.RawHeader("Cc"))) to.push_back(cc);
    for (const std::string& address : to) {
      Result<std::vector<DraftRecord>> placed = drafts_.PlacedTo(address);
      if (!placed) return std::unexpected(placed.error());
      for (const DraftRecord& candidate : *placed) {
        if (date && candidate.placed_at && *date + kClockSlackSeconds < *candidate.placed_at) {
          continue;
        }
        double similarity = TextSimilarity(candidate.body, text);
        if (similarity >= best) {
          best = similarity;
          draft = candidate;
          link = "similarity";
        }
      }
    }
  }
  if (!draft) {
    Result<bool> marked = drafts_.MarkProcessed(key, folder, "unrelated", std::nullopt);
    if (!marked) return std::unexpected(marked.error());
    return SentOutcome{};
  }

  EditMeasure edit = MeasureEdit(draft->subject, draft->body, subject, text);
  SendRecord send;
  send.draft_id = draft->id;
  send.sent_message_id = message_id;
  send.sent_at = ParseMailDate(message.RawHeader("Date")).value_or(0);
  send.link = link;
  send.sent_subject = subject;
  send.sent_body = text;
  send.edit_json =
      EditMeasureToJson(edit).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  send.message_key = key;
  send.folder = folder;
  Result<bool> recorded = drafts_.RecordSend(send);
  if (!recorded) return std::unexpected(recorded.error());
  return SentOutcome{draft->id, link, *recorded};
}

Result<SentOutcome> SentLinker::HandleReport(int64_t draft_id, const std::string& sent_message_id,
                                             const std::string& final_text,
                                             const std::optional<std::string>& subject) {
  Result<DraftRecord> draft = drafts_.Get(draft_id);
  if (!draft) return std::unexpected(draft.error());
  const std::string sent_subject = subject.value_or(draft->subject);
  EditMeasure edit = MeasureEdit(draft->subject, draft->body, sent_subject, final_text);
  SendRecord send;
  send.draft_id = draft_id;
  send.sent_message_id = NormaliseMessageId(sent_message_id);
  send.link = "addon";
  send.sent_subject = sent_subject;
  send.sent_body = final_text;
  send.edit_json =
      EditMeasureToJson(edit).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Result<bool> recorded = drafts_.RecordSend(send);
  if (!recorded) return std::unexpected(recorded.error());
  return SentOutcome{draft_id, "addon", *recorded};
}

}  // namespace draftbox
