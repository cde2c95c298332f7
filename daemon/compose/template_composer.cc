#include "compose/template_composer.h"

#include <algorithm>
#include <cstddef>
#include <optional>

#include "compose/compose_style.h"
#include "compose/fact_phraser.h"
#include "compose/grounding_check.h"
#include "compose/phrasebook.h"
#include "compose/text_scan.h"
#include "compose/variation.h"

namespace draftbox {
namespace {

std::string WithPeriod(std::string text) {
  if (text.empty()) return text;
  char last = text.back();
  if (last == '.' || last == '!' || last == '?') return text;
  return text + ".";
}

// Campaign text (key message, CTA) as a sentence of its own: one line, a lower-case first
// letter raised, a full stop unless it ends a sentence already. "" for empty text.
std::string KeyMessageSentence(const std::string& text) {
  std::string line = std::string(TextScan::Trim(TextScan::OneLine(text)));
  while (!line.empty() && (line.back() == ':' || line.back() == ';' || line.back() == ',')) {
    line.pop_back();
  }
  if (line.empty()) return line;
  return WithPeriod(TextScan::CapitaliseFirst(line));
}

// The persona's signature with '\n' line ends and no trailing blank lines, else the sender's
// name; "" if there is neither.
std::string Signature(const Persona& persona) {
  std::string sig;
  for (char c : persona.signature) {
    if (c != '\r') sig += c;
  }
  sig = std::string(TextScan::Trim(sig));
  if (sig.empty()) sig = std::string(TextScan::Trim(persona.sender_name));
  return sig;
}

const std::string& TextOf(const std::string& option) { return option; }
const std::string& TextOf(const PhraseVariant& option) { return option.text; }

// True when `option` contains a phrase reps of this persona keep deleting (compared with ASCII
// case folded, as EditPatternFinder cut it out of their drafts).
bool Avoided(std::string_view option, const std::vector<std::string>* avoid) {
  if (avoid == nullptr) return false;
  std::string text = TextScan::LowerAscii(option);
  for (const std::string& phrase : *avoid) {
    std::string lower = TextScan::LowerAscii(TextScan::Trim(phrase));
    if (!lower.empty() && text.find(lower) != std::string::npos) return true;
  }
  return false;
}

// Returns a copy: the options are often a temporary vector. Options holding an avoided phrase
// are passed over while any other remains.
template <typename T>
T PickFrom(const std::vector<T>& options, const Variation& variation, std::string_view slot,
           const std::vector<std::string>* avoid = nullptr) {
  std::vector<const T*> kept;
  for (const T& option : options) {
    if (!Avoided(TextOf(option), avoid)) kept.push_back(&option);
  }
  if (kept.empty() || kept.size() == options.size()) {
    return options[variation.Pick(slot, options.size())];
  }
  return *kept[variation.Pick(slot, kept.size())];
}

std::string PickSubject(const std::vector<std::string>& candidates, const ComposeStyle& style,
                        const Variation& variation, const std::vector<std::string>* avoid) {
  std::vector<std::string> fitting;
  for (const auto& s : candidates) {
    if (!s.empty() && TextScan::Utf8Length(s) <= TemplateComposer::kMaxSubjectChars) {
      fitting.push_back(s);
    }
  }
  if (fitting.empty()) return Phrasebook::ShortSubject(style);
  return TextScan::CapitaliseFirst(PickFrom(fitting, variation, "subject", avoid));
}

// Bridges that would repeat the opener's verb ("I'm writing to you at ..." followed by "Here is
// why I'm writing.") read like a form; drop those when others remain.
std::vector<std::string> BridgesNotRepeating(std::vector<std::string> bridges,
                                             const std::string& opening) {
  std::vector<std::string> kept;
  for (const auto& bridge : bridges) {
    bool repeats = false;
    for (std::string_view verb : {"writing", "schreibe"}) {
      repeats = repeats ||
                (TextScan::ContainsPhrase(bridge, verb) && TextScan::ContainsPhrase(opening, verb));
    }
    if (!repeats) kept.push_back(bridge);
  }
  return kept.empty() ? bridges : kept;
}

// Moves the best activity of `type` to the front, so the draft leads with it ("mention the
// renewal"). False when the recipient has no usable activity of that type.
bool LeadWith(const std::string& type, FactSelection* facts) {
  auto& activities = facts->activities;
  for (size_t i = 0; i < activities.size(); ++i) {
    if (activities[i].type != type) continue;
    SelectedFact lead = activities[i];
    activities.erase(activities.begin() + static_cast<std::ptrdiff_t>(i));
    // A score above every other one, so the tie-break between equals never displaces it.
    lead.score = activities.empty() ? lead.score : activities.front().score + 1000;
    activities.insert(activities.begin(), std::move(lead));
    return true;
  }
  return false;
}

// A further passage for "longer": the next activity after the lead, else the recipient's role
// and company when the opening did not use them. Records its facts and sentence in `draft`.
std::optional<PhraseVariant> MorePassage(const FactSelection& facts, const ComposeStyle& style,
                                         const Variation& variation, const std::string& company,
                                         const std::string& role, ComposedDraft* draft) {
  auto used = [&](const std::string& id) {
    for (const FactUsed& f : draft->facts_used) {
      if (f.id == id) return true;
    }
    return false;
  };
  for (const SelectedFact& next : facts.activities) {
    if (used(next.id)) continue;
    PhraseContext context{style.german(), style.formal(), false, company};
    PhrasedFact phrased = FactPhraser::Phrase(next, context);
    if (phrased.openers.empty()) continue;
    PhraseVariant more = PickFrom(phrased.openers, variation, "more");
    draft->facts_used.push_back({next.id, more.fact_text});
    draft->sentences.push_back({more.text, {next.id}});
    return more;
  }
  bool role_used = facts.role && used(facts.role->id);
  bool company_used = facts.company && used(facts.company->id);
  if (role_used || company_used) return std::nullopt;
  auto openers = Phrasebook::ProfileOpeners(style, role, company);
  if (openers.empty()) return std::nullopt;
  PhraseVariant more = PickFrom(openers, variation, "more");
  SentenceFacts sentence{more.text, {}};
  for (const auto& fact : {facts.role, facts.company}) {
    if (!fact) continue;
    draft->facts_used.push_back({fact->id, fact->text});
    sentence.fact_ids.push_back(fact->id);
  }
  draft->sentences.push_back(std::move(sentence));
  return more;
}

std::string Fail(std::string reason, const ComposeStyle& style) {
  return reason + " (language: " + style.language() + ")";
}

}  // namespace

ComposeResult TemplateComposer::Compose(const ComposeRequest& request) {
  ComposeStyle style = ComposeStyle::Resolve(request);
  if (request.recipient == nullptr) {
    return std::unexpected(ComposeFailure{Fail("no recipient given", style)});
  }
  const Recipient& recipient = *request.recipient;
  std::string signature = Signature(request.persona);
  if (signature.empty()) {
    return std::unexpected(ComposeFailure{
        Fail("persona '" + request.persona.name + "' has no signature or sender name", style)});
  }
  std::optional<CampaignText> text = request.intent.TextIn(style.language());
  if (!text) {
    std::string lang = style.language();
    return std::unexpected(ComposeFailure{
        Fail("the campaign has no " + std::string(style.german() ? "German" : "English") +
                 " key message and call to action (add key_message_" + lang + " and cta_" + lang +
                 " to the campaign)",
             style)});
  }
  FactSelection facts = selector_.Select(recipient, request.intent, request.today);
  if (!facts.HasUsableFacts()) {
    return std::unexpected(ComposeFailure{Fail(facts.FailureReason(), style)});
  }
  std::vector<std::string> not_honoured = style.not_honoured();
  for (const std::string& type : style.mention()) {
    if (!LeadWith(type, &facts)) {
      not_honoured.push_back("mention the " + type + " (no usable " + type +
                             " fact for this recipient)");
    }
  }

  Variation variation(request.variation_seed, recipient.email);
  const std::vector<std::string>* avoid =
      request.avoid_phrases.empty() ? nullptr : &request.avoid_phrases;
  ComposedDraft draft;
  draft.language = style.language();
  std::string company = facts.company ? facts.company->text : "";
  std::string role = facts.role ? facts.role->text : "";

  // Opening paragraph: the best recent activity; among equally relevant ones the seed chooses,
  // so Regenerate may also stand on a different fact.
  std::string opening;
  std::string lead_type;  // the activity type the opening stands on; "" for role/company
  std::vector<std::string> subjects;
  if (!facts.activities.empty()) {
    size_t tied = 1;
    int best = facts.activities[0].score / 1000;
    while (tied < facts.activities.size() && facts.activities[tied].score / 1000 == best) ++tied;
    const SelectedFact& lead = facts.activities[variation.Pick("fact", std::min<size_t>(tied, 2))];
    lead_type = lead.type;
    PhraseContext context{
        style.german(), style.formal(),
        style.tone() == ComposeStyle::Tone::kWarm || style.tone() == ComposeStyle::Tone::kNeutral,
        company};
    PhrasedFact phrased = FactPhraser::Phrase(lead, context);
    PhraseVariant opener = PickFrom(phrased.openers, variation, "opener", avoid);
    opening = opener.text;
    draft.facts_used.push_back({lead.id, opener.fact_text});
    draft.sentences.push_back({opener.text, {lead.id}});
    subjects = phrased.subjects;
  } else {
    PhraseVariant opener =
        PickFrom(Phrasebook::ProfileOpeners(style, role, company), variation, "opener", avoid);
    opening = opener.text;
    if (facts.role) draft.facts_used.push_back({facts.role->id, role});
    if (facts.company) draft.facts_used.push_back({facts.company->id, company});
    SentenceFacts profile{opener.text, {}};
    for (const FactUsed& fact : draft.facts_used) profile.fact_ids.push_back(fact.id);
    draft.sentences.push_back(std::move(profile));
    bool plan_used = false;
    std::optional<PhraseVariant> state;
    if (request.intent.kind != CampaignKind::kOutreach && facts.account_state && !style.shorter()) {
      state = Phrasebook::AccountStateSentence(style, facts.account_state->text,
                                               facts.plan ? facts.plan->text : "", &plan_used);
    }
    if (state) {
      opening += " " + state->text;
      draft.facts_used.push_back({facts.account_state->id, state->fact_text});
      SentenceFacts sentence{state->text, {facts.account_state->id}};
      if (plan_used) {
        draft.facts_used.push_back({facts.plan->id, facts.plan->text});
        sentence.fact_ids.push_back(facts.plan->id);
      }
      draft.sentences.push_back(std::move(sentence));
    }
    subjects = Phrasebook::ProfileSubjects(style, company, request.intent.kind);
  }
  if (style.longer()) {
    std::optional<PhraseVariant> more = MorePassage(facts, style, variation, company, role, &draft);
    if (more) {
      opening += "\n\n" + more->text;
    } else {
      not_honoured.push_back("longer (no further facts to add)");
    }
  }

  std::string body = PickFrom(Phrasebook::Greetings(style, facts.first_name, facts.last_name),
                              variation, "greeting") +
                     "\n\n" + opening + "\n\n";
  // The key message gets a sentence of its own, after a lead-in that is a whole sentence too:
  // pasted after a colon it reads like a form. Campaign text is used as given (only a lower-case
  // first letter is raised, so proper nouns keep their case), on one line: a line break in a
  // TOML string must not split a sentence of the email.
  std::string key_message = KeyMessageSentence(text->key_message);
  if (!key_message.empty()) {
    std::string bridge =
        style.shorter()
            ? ""
            : PickFrom(BridgesNotRepeating(
                           Phrasebook::Bridges(style, request.intent.kind, lead_type), opening),
                       variation, "bridge", avoid);
    body += (bridge.empty() ? "" : bridge + " ") + key_message + "\n\n";
  }
  std::string cta = KeyMessageSentence(text->cta);
  if (cta.empty()) cta = PickFrom(Phrasebook::DefaultCtas(style), variation, "default_cta", avoid);
  std::string lead_in =
      style.shorter() ? "" : PickFrom(Phrasebook::CtaLeads(style), variation, "cta_lead", avoid);
  body += (lead_in.empty() ? "" : lead_in + " ") + cta + "\n\n";
  body +=
      PickFrom(Phrasebook::Closings(style), variation, "closing", avoid) + "\n" + signature + "\n";

  draft.body = std::move(body);
  std::vector<std::string> avoid_subjects = request.avoid_phrases;
  avoid_subjects.insert(avoid_subjects.end(), request.avoid_subjects.begin(),
                        request.avoid_subjects.end());
  draft.subject = PickSubject(subjects, style, variation,
                              avoid_subjects.empty() ? nullptr : &avoid_subjects);
  for (const std::string& part : not_honoured) {
    draft.instruction_note += (draft.instruction_note.empty() ? "could not honour: " : "; ");
    draft.instruction_note += "'" + part + "'";
  }

  auto problems = GroundingCheck::Check(request, draft);
  if (!problems.empty()) {
    return std::unexpected(ComposeFailure{
        Fail("template draft failed its grounding check: " + GroundingCheck::Describe(problems),
             style)});
  }
  return draft;
}

}  // namespace draftbox
