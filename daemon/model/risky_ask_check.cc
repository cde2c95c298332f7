#include "model/risky_ask_check.h"

#include <array>
#include <string_view>

#include "compose/text_scan.h"

namespace draftbox {
namespace {

struct Phrase {
  std::string_view kind;
  std::string_view text;  // lower case; matched on word boundaries
};

// Phrases, not single words where a word has harmless senses ("free" time, a "login" page of
// the product the campaign is about is still named by the intent and then allowed).
constexpr std::array kPhrases = {
    Phrase{"payment_request", "card details"},
    Phrase{"payment_request", "credit card"},
    Phrase{"payment_request", "card number"},
    Phrase{"payment_request", "cvv"},
    Phrase{"payment_request", "bank details"},
    Phrase{"payment_request", "bank account"},
    Phrase{"payment_request", "iban"},
    Phrase{"payment_request", "wire transfer"},
    Phrase{"payment_request", "payment details"},
    Phrase{"payment_request", "gift card"},
    Phrase{"payment_request", "pay now"},
    Phrase{"payment_request", "kreditkarte"},
    Phrase{"payment_request", "kartendaten"},
    Phrase{"payment_request", "bankverbindung"},
    Phrase{"payment_request", "bankdaten"},
    Phrase{"payment_request", "zahlungsdaten"},
    Phrase{"payment_request", "überweisung"},
    Phrase{"payment_request", "Überweisung"},
    Phrase{"credential_request", "password"},
    Phrase{"credential_request", "passcode"},
    Phrase{"credential_request", "credentials"},
    Phrase{"credential_request", "login"},
    Phrase{"credential_request", "log in"},
    Phrase{"credential_request", "sign in"},
    Phrase{"credential_request", "one-time code"},
    Phrase{"credential_request", "verification code"},
    Phrase{"credential_request", "verify your account"},
    Phrase{"credential_request", "confirm your account"},
    Phrase{"credential_request", "passwort"},
    Phrase{"credential_request", "kennwort"},
    Phrase{"credential_request", "zugangsdaten"},
    Phrase{"credential_request", "anmeldedaten"},
    Phrase{"account_threat", "suspended"},
    Phrase{"account_threat", "account is locked"},
    Phrase{"account_threat", "account will be closed"},
    Phrase{"account_threat", "gesperrt"},
    Phrase{"discount", "discount"},
    Phrase{"discount", "% off"},
    Phrase{"discount", "percent off"},
    Phrase{"discount", "coupon"},
    Phrase{"discount", "promo code"},
    Phrase{"discount", "voucher"},
    Phrase{"discount", "free of charge"},
    Phrase{"discount", "for free"},
    Phrase{"discount", "rabatt"},
    Phrase{"discount", "gutschein"},
    Phrase{"discount", "kostenlos"},
    Phrase{"discount", "gratis"},
};

// "90% off", "90 % off" and "90%off" all read as "% off".
bool PercentOff(std::string_view text) {
  for (size_t at = text.find('%'); at != std::string_view::npos; at = text.find('%', at + 1)) {
    size_t next = at + 1;
    while (next < text.size() && text[next] == ' ') ++next;
    if (TextScan::ContainsPhrase(text.substr(next, 4), "off") &&
        TextScan::LowerAscii(text.substr(next, 3)) == "off") {
      return true;
    }
  }
  return false;
}

bool Contains(std::string_view text, std::string_view phrase) {
  if (phrase == "% off") return PercentOff(text);
  return TextScan::ContainsPhrase(text, phrase);
}

}  // namespace

std::vector<std::string> RiskyAskCheck::Check(const ComposeRequest& request,
                                              const ComposedDraft& draft) {
  const CampaignIntent& intent = request.intent;
  const std::string allowed =
      intent.name + "\n" + intent.goal + "\n" + intent.key_message + "\n" + intent.cta;
  const std::string written = draft.subject + "\n" + draft.body;
  std::vector<std::string> problems;
  for (const Phrase& phrase : kPhrases) {
    if (Contains(written, phrase.text) && !Contains(allowed, phrase.text)) {
      problems.push_back(std::string(phrase.kind) + ": " + std::string(phrase.text));
    }
  }
  return problems;
}

}  // namespace draftbox
