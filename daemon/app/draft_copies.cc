#include "app/draft_copies.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "classify/mime_message.h"
#include "watch/edit_measure.h"
#include "watch/sent_linker.h"

namespace draftbox {
namespace {

// The draft id a copy carries, or 0. Digits only: anything else is not an id Draftbox wrote.
int64_t CarriedDraftId(const MimeMessage& message) {
  std::string value = message.RawHeader("X-Draftbox-Id");
  value.erase(0, value.find_first_not_of(" \t"));
  value.erase(value.find_last_not_of(" \t\r\n") + 1);
  if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != value.npos) {
    return 0;
  }
  return std::stoll(value);
}

std::string PlainText(const MimeMessage& message) {
  for (const MimePart& part : message.parts()) {
    if (part.content_type == "text/plain") return part.Text();
  }
  return "";
}

struct Copy {
  uint32_t uid = 0;
  int64_t carried_id = 0;
  std::set<std::string> recipients;  // lower-cased addr-specs of To and Cc
  std::string text;
};

}  // namespace

std::map<int64_t, uint32_t> MatchDraftCopies(const std::vector<DraftRecord>& missing,
                                             const std::vector<FetchedMessage>& candidates) {
  std::vector<Copy> copies;
  for (const FetchedMessage& fetched : candidates) {
    MimeMessage message = MimeMessage::Parse(fetched.raw);
    Copy copy{fetched.uid, CarriedDraftId(message), {}, PlainText(message)};
    for (const char* field : {"To", "Cc"}) {
      for (std::string& address : AddressesIn(message.RawHeader(field))) {
        copy.recipients.insert(std::move(address));
      }
    }
    copies.push_back(std::move(copy));
  }
  // Newest first, so of two copies that fit equally the later save wins.
  std::ranges::sort(copies, [](const Copy& a, const Copy& b) { return a.uid > b.uid; });

  std::map<int64_t, uint32_t> found;
  std::set<uint32_t> taken;
  for (const DraftRecord& draft : missing) {
    for (const Copy& copy : copies) {
      if (copy.carried_id == draft.id && !taken.contains(copy.uid)) {
        found[draft.id] = copy.uid;
        taken.insert(copy.uid);
        break;
      }
    }
  }
  for (const DraftRecord& draft : missing) {
    if (found.contains(draft.id)) continue;
    // AddressesIn lower-cases the copy's addresses; addresses are ASCII in practice, and a
    // non-ASCII byte only fails to match. (core/text.h's AsciiLower clashes at link time with
    // classify/text_codec's own definition, so it cannot be used from here yet.)
    std::string address = draft.to_address;
    std::ranges::transform(address, address.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    double best = kDraftCopyMinSimilarity;
    const Copy* match = nullptr;
    for (const Copy& copy : copies) {
      // A copy that names another draft belongs to that one.
      if (taken.contains(copy.uid) || (copy.carried_id != 0 && copy.carried_id != draft.id)) {
        continue;
      }
      if (!copy.recipients.contains(address)) continue;
      const double similarity = TextSimilarity(draft.body, copy.text);
      if (similarity > best || (match == nullptr && similarity >= best)) {
        best = similarity;
        match = &copy;
      }
    }
    if (match != nullptr) {
      found[draft.id] = match->uid;
      taken.insert(match->uid);
    }
  }
  return found;
}

}  // namespace draftbox
