#include "compose/relationship_claims.h"

#include "compose/text_scan.h"

namespace draftbox {
namespace {

enum class Kind { kConversation, kMeeting, kOrder, kRequest };

struct Claim {
  const char* phrase;  // lower-case; matched on word boundaries
  Kind kind;
};

// Every language in one table. German and French phrases are lower-case UTF-8 as written;
// TextScan::ContainsPhrase folds ASCII case only, which covers a capital at a sentence start in
// the words here (none starts with an umlaut).
constexpr Claim kClaims[] = {
    // English
    {"as we discussed", Kind::kConversation},
    {"as discussed", Kind::kConversation},
    {"as we talked about", Kind::kConversation},
    {"as mentioned on our call", Kind::kConversation},
    {"as i mentioned", Kind::kConversation},
    {"as promised", Kind::kConversation},
    {"as agreed", Kind::kConversation},
    {"per our conversation", Kind::kConversation},
    {"following our conversation", Kind::kConversation},
    {"following up on our call", Kind::kConversation},
    {"following up on our conversation", Kind::kConversation},
    {"following our call", Kind::kConversation},
    {"our call last", Kind::kConversation},
    {"our conversation last", Kind::kConversation},
    {"when we spoke", Kind::kConversation},
    {"when we talked", Kind::kConversation},
    {"last time we spoke", Kind::kConversation},
    {"great chatting", Kind::kConversation},
    {"great talking", Kind::kConversation},
    {"thanks for your time", Kind::kConversation},
    {"thanks for taking the time", Kind::kConversation},
    {"thank you for taking the time", Kind::kConversation},
    {"great to meet you", Kind::kMeeting},
    {"great meeting you", Kind::kMeeting},
    {"nice to meet you", Kind::kMeeting},
    {"nice meeting you", Kind::kMeeting},
    {"good to see you", Kind::kMeeting},
    {"great to see you", Kind::kMeeting},
    {"when we met", Kind::kMeeting},
    {"since we met", Kind::kMeeting},
    {"our meeting", Kind::kMeeting},
    {"thanks for your order", Kind::kOrder},
    {"thank you for your order", Kind::kOrder},
    {"thanks for your purchase", Kind::kOrder},
    {"thank you for your purchase", Kind::kOrder},
    {"thanks for signing up", Kind::kOrder},
    {"thank you for signing up", Kind::kOrder},
    {"as you requested", Kind::kRequest},
    {"as requested", Kind::kRequest},
    {"you asked me", Kind::kRequest},
    {"thanks for reaching out", Kind::kRequest},
    {"thank you for reaching out", Kind::kRequest},
    {"thanks for your interest", Kind::kRequest},
    // German
    {"wie besprochen", Kind::kConversation},
    {"wie vereinbart", Kind::kConversation},
    {"wie abgesprochen", Kind::kConversation},
    {"wie versprochen", Kind::kConversation},
    {"wie telefonisch", Kind::kConversation},
    {"wie am telefon", Kind::kConversation},
    {"wie erwähnt", Kind::kConversation},
    {"unser gespräch", Kind::kConversation},
    {"unserem gespräch", Kind::kConversation},
    {"unseres gesprächs", Kind::kConversation},
    {"unser telefonat", Kind::kConversation},
    {"unserem telefonat", Kind::kConversation},
    {"unseres telefonats", Kind::kConversation},
    {"danke für das gespräch", Kind::kConversation},
    {"vielen dank für das gespräch", Kind::kConversation},
    {"danke für ihre zeit", Kind::kConversation},
    {"danke für deine zeit", Kind::kConversation},
    {"schön, sie kennengelernt", Kind::kMeeting},
    {"schön, dich kennengelernt", Kind::kMeeting},
    {"schön, sie kennenzulernen", Kind::kMeeting},
    {"schön, dich kennenzulernen", Kind::kMeeting},
    {"schön, sie zu sehen", Kind::kMeeting},
    {"unser treffen", Kind::kMeeting},
    {"unserem treffen", Kind::kMeeting},
    {"unseres treffens", Kind::kMeeting},
    {"danke für ihre bestellung", Kind::kOrder},
    {"danke für deine bestellung", Kind::kOrder},
    {"vielen dank für ihre bestellung", Kind::kOrder},
    {"vielen dank für deine bestellung", Kind::kOrder},
    {"danke für ihren einkauf", Kind::kOrder},
    {"danke für ihre anmeldung", Kind::kOrder},
    {"wie gewünscht", Kind::kRequest},
    {"wie angefragt", Kind::kRequest},
    {"danke für ihre anfrage", Kind::kRequest},
    {"danke für deine anfrage", Kind::kRequest},
    {"danke für ihr interesse", Kind::kRequest},
    // French
    {"comme convenu", Kind::kConversation},
    {"comme discuté", Kind::kConversation},
    {"comme promis", Kind::kConversation},
    {"suite à notre conversation", Kind::kConversation},
    {"suite à notre échange", Kind::kConversation},
    {"suite à notre appel", Kind::kConversation},
    {"ravi de vous avoir rencontré", Kind::kMeeting},
    {"ravie de vous avoir rencontré", Kind::kMeeting},
    {"suite à notre rencontre", Kind::kMeeting},
    {"merci pour votre commande", Kind::kOrder},
    {"merci de votre commande", Kind::kOrder},
    {"comme demandé", Kind::kRequest},
    // Spanish
    {"como hablamos", Kind::kConversation},
    {"como acordamos", Kind::kConversation},
    {"como conversamos", Kind::kConversation},
    {"tras nuestra conversación", Kind::kConversation},
    {"encantado de conocerte", Kind::kMeeting},
    {"fue un placer conocerte", Kind::kMeeting},
    {"gracias por su pedido", Kind::kOrder},
    {"gracias por tu pedido", Kind::kOrder},
    {"como solicitaste", Kind::kRequest},
};

// The activity types that record each kind of relationship. A request has no activity type
// of its own: the import knows no inbound requests, so such a phrase is never grounded.
const std::vector<std::string>& Supporting(Kind kind) {
  static const std::vector<std::string> kConversation = {"meeting", "call", "demo", "conversation"};
  static const std::vector<std::string> kMeeting = {"meeting", "demo"};
  static const std::vector<std::string> kOrder = {"order", "purchase", "signup"};
  static const std::vector<std::string> kRequest = {"inquiry", "request"};
  switch (kind) {
    case Kind::kConversation:
      return kConversation;
    case Kind::kMeeting:
      return kMeeting;
    case Kind::kOrder:
      return kOrder;
    case Kind::kRequest:
      break;
  }
  return kRequest;
}

const char* Describe(Kind kind) {
  switch (kind) {
    case Kind::kConversation:
      return "an earlier conversation";
    case Kind::kMeeting:
      return "a meeting";
    case Kind::kOrder:
      return "an order";
    case Kind::kRequest:
      return "a request from the recipient";
  }
  return "a relationship";
}

}  // namespace

std::vector<RelationshipClaims::Found> RelationshipClaims::Unsupported(
    std::string_view text, const std::set<std::string>& activity_types) {
  std::vector<Found> out;
  for (const Claim& claim : kClaims) {
    if (!TextScan::ContainsPhrase(text, claim.phrase)) continue;
    bool supported = false;
    for (const std::string& type : Supporting(claim.kind))
      supported = supported || activity_types.contains(type);
    if (!supported) out.push_back({claim.phrase, Describe(claim.kind)});
  }
  return out;
}

}  // namespace draftbox
