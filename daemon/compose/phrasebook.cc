#include "compose/phrasebook.h"

namespace draftbox {
namespace {

using Tone = ComposeStyle::Tone;
using Strings = std::vector<std::string>;

bool Sie(const ComposeStyle& s) { return s.german() && s.formal(); }

// du/Sie forms used below.
std::string You(const ComposeStyle& s) { return Sie(s) ? "Sie" : "du"; }
std::string YouDat(const ComposeStyle& s) { return Sie(s) ? "Ihnen" : "dir"; }
std::string YouAcc(const ComposeStyle& s) { return Sie(s) ? "Sie" : "dich"; }
std::string YouPl(const ComposeStyle& s) { return Sie(s) ? "Sie" : "ihr"; }
std::string YouPlAcc(const ComposeStyle& s) { return Sie(s) ? "Sie" : "euch"; }

Strings GreetingsEn(const ComposeStyle& s, const std::string& first, const std::string& last) {
  if (first.empty())
    return s.tone() == Tone::kWarm ? Strings{"Hi there,", "Hello,"} : Strings{"Hello,"};
  std::string full = last.empty() ? first : first + " " + last;
  if (s.formal()) return {"Dear " + full + ",", "Hello " + full + ","};
  switch (s.tone()) {
    case Tone::kWarm:
      return {"Hi " + first + ",", "Hello " + first + ",", "Hey " + first + ","};
    case Tone::kDirect:
      return {"Hi " + first + ","};
    default:
      return {"Hi " + first + ",", "Hello " + first + ","};
  }
}

Strings GreetingsDe(const ComposeStyle& s, const std::string& first, const std::string& last) {
  // No "Sehr geehrte Frau/Herr": that needs the gender, which Draftbox does not have.
  if (first.empty()) return Sie(s) ? Strings{"Guten Tag,"} : Strings{"Hallo,", "Guten Tag,"};
  if (Sie(s)) {
    std::string full = last.empty() ? first : first + " " + last;
    return {"Guten Tag " + full + ",", "Hallo " + full + ","};
  }
  return s.tone() == Tone::kWarm ? Strings{"Hallo " + first + ",", "Hi " + first + ","}
                                 : Strings{"Hallo " + first + ","};
}

}  // namespace

std::vector<std::string> Phrasebook::Greetings(const ComposeStyle& style, const std::string& first,
                                               const std::string& last) {
  return style.german() ? GreetingsDe(style, first, last) : GreetingsEn(style, first, last);
}

std::vector<PhraseVariant> Phrasebook::ProfileOpeners(const ComposeStyle& s,
                                                      const std::string& role,
                                                      const std::string& company) {
  std::vector<PhraseVariant> out;
  if (role.empty() && company.empty()) return out;
  bool casual = !s.formal() && s.tone() != Tone::kFormal;
  if (!s.german()) {
    if (!role.empty() && !company.empty()) {
      std::string at = role + " at " + company;
      out.push_back({"Given your role as " + at + ", I thought this might be relevant.", at});
      out.push_back({"Since you're " + at + ", I thought this might be on your desk.", at});
      if (casual) {
        out.push_back({"As " + at + ", you're probably the right person to ask about this.", at});
      }
    } else if (!role.empty()) {
      out.push_back({"Given your role as " + role + ", I thought this might be relevant.", role});
      out.push_back({"Since you're " + role + ", I thought this might be on your desk.", role});
    } else {
      out.push_back(
          {"I'm writing to you at " + company + " because this might be relevant.", company});
      out.push_back({"I wanted to reach out to you at " + company + " directly.", company});
    }
    return out;
  }
  std::string work = Sie(s) ? "arbeiten" : "arbeitest";
  std::string interesting = ", dachte ich, das könnte für " + YouAcc(s) + " interessant sein.";
  if (!role.empty() && !company.empty()) {
    out.push_back({"Da " + You(s) + " bei " + company + " als " + role + " " + work + interesting,
                   company + " als " + role});
    out.push_back({"Ich schreibe " + YouDat(s) + ", weil das für " + (Sie(s) ? "Ihre" : "deine") +
                       " Rolle als " + role + " bei " + company + " relevant sein könnte.",
                   role + " bei " + company});
    out.push_back({"Als " + role + " bei " + company + " " + (Sie(s) ? "sind Sie" : "bist du") +
                       " vermutlich die richtige Ansprechperson dafür.",
                   role + " bei " + company});
  } else if (!role.empty()) {
    out.push_back({"Da " + You(s) + " als " + role + " " + work + interesting, role});
  } else {
    out.push_back({"Ich schreibe " + YouDat(s) + ", weil das für " + YouPlAcc(s) + " bei " +
                       company + " interessant sein könnte.",
                   company});
  }
  return out;
}

std::optional<PhraseVariant> Phrasebook::AccountStateSentence(const ComposeStyle& s,
                                                              const std::string& state,
                                                              const std::string& plan,
                                                              bool* plan_used) {
  *plan_used = false;
  if (state == "customer") {
    *plan_used = !plan.empty();
    if (!s.german()) {
      if (!plan.empty()) {
        return PhraseVariant{"Thank you for working with us on the " + plan + " plan.",
                             "working with us on the " + plan + " plan"};
      }
      return PhraseVariant{"Thank you for working with us.", "working with us"};
    }
    if (!plan.empty()) {
      return PhraseVariant{
          "Danke, dass " + YouPl(s) + " den " + plan + "-Plan " + (Sie(s) ? "nutzen." : "nutzt."),
          plan + "-Plan"};
    }
    return PhraseVariant{
        "Danke, dass " + YouPl(s) + " mit uns " + (Sie(s) ? "arbeiten." : "arbeitet."), "mit uns"};
  }
  if (state == "churned") {
    if (!s.german()) {
      return PhraseVariant{"I know we're not working together at the moment.",
                           "not working together at the moment"};
    }
    return PhraseVariant{"Ich weiß, dass wir gerade nicht zusammenarbeiten.",
                         "nicht zusammenarbeiten"};
  }
  return std::nullopt;
}

std::vector<std::string> Phrasebook::Bridges(const ComposeStyle& s, CampaignKind kind,
                                             const std::string& lead_type) {
  // Each is a whole sentence: the key message follows as a sentence of its own, as the campaign
  // owner wrote it. Type-specific ones pick up what the opening said, so the turn to the key
  // message follows from it instead of changing the subject.
  Strings out;
  if (!s.german()) {
    switch (kind) {
      case CampaignKind::kCheckIn:
        out = {"One thing from our side may help here.", "There's one update worth sharing.",
               "I also wanted to pass on something that may help."};
        if (lead_type == "renewal") out.push_back("Before then, one thing worth knowing.");
        if (lead_type == "usage_change") {
          out.push_back("If something changed on your side, this may help.");
        }
        return out;
      case CampaignKind::kMilestone:
        return {"Looking ahead, there's one thing worth sharing.",
                "It also seems a good moment to look ahead.",
                "One thing may be useful for what comes next."};
      case CampaignKind::kOutreach:
        break;
    }
    if (s.tone() == Tone::kDirect) return {"Here is why I'm writing.", "I'll keep this short."};
    out = {"Here is why I'm writing.", "There's one thing we see often that may be useful to you.",
           "I wanted to share one thing we keep seeing."};
    if (lead_type == "funding")
      out.push_back("After a round like that, growth usually comes next.");
    if (lead_type == "job_change") {
      out.push_back("The first months in a new role are a good time to look at how things run.");
    }
    if (lead_type == "product_release") {
      out.push_back("A launch like that usually keeps a team busy for a while.");
    }
    if (lead_type == "hiring") {
      out.push_back("Hiring at that pace puts a lot on a team's tools and processes.");
    }
    if (lead_type.empty()) out.push_back("I'm writing because of one thing we see often.");
    return out;
  }
  switch (kind) {
    case CampaignKind::kCheckIn:
      out = {"Von unserer Seite gibt es etwas, das helfen könnte.",
             "Dazu ein kurzer Hinweis von unserer Seite."};
      if (lead_type == "renewal") out.push_back("Vorher noch ein kurzer Hinweis.");
      return out;
    case CampaignKind::kMilestone:
      return {"Ein guter Anlass, kurz nach vorn zu schauen.",
              "Dazu ein Gedanke für die nächsten Monate."};
    case CampaignKind::kOutreach:
      break;
  }
  out = {"Deshalb schreibe ich " + YouDat(s) + ".",
         "Dazu eine kurze Beobachtung aus unserer Arbeit."};
  // "Such phases" needs an event before it to point back to.
  if (!lead_type.empty()) out.push_back("Eine Sache sehen wir in solchen Phasen immer wieder.");
  if (lead_type == "product_release")
    out.push_back("Nach einem Launch ist im Team meist viel los.");
  if (lead_type.empty()) out.push_back("Kurz zum Hintergrund meiner Nachricht.");
  if (lead_type == "funding")
    out.push_back("Nach einer Finanzierungsrunde geht es meist ums Wachstum.");
  if (lead_type == "job_change") {
    out.push_back(
        "Die ersten Monate in einer neuen Rolle sind ein guter Moment, um Abläufe anzuschauen.");
  }
  if (lead_type == "hiring") {
    out.push_back("Bei so viel Wachstum werden Abläufe und Werkzeuge schnell wichtig.");
  }
  return out;
}

std::vector<std::string> Phrasebook::CtaLeads(const ComposeStyle& s) {
  // Whole sentences too, or none: a lead-in ending in a colon would put the campaign's CTA
  // after it with its capital letter, which reads like a form.
  if (s.tone() == Tone::kDirect) return {""};
  if (!s.german()) {
    if (s.formal()) return {"", "I'm happy to keep it brief."};
    if (s.tone() == Tone::kWarm) return {"", "No pressure either way.", "Happy to keep it short."};
    return {"", "Happy to keep it short."};
  }
  if (Sie(s)) {
    return {"", "Das ist ganz unverbindlich.", "Ich halte es gern kurz.",
            "Falls es gerade nicht passt, ist das völlig in Ordnung."};
  }
  return {"", "Ganz unverbindlich.", "Ich halte es gern kurz."};
}

std::vector<std::string> Phrasebook::DefaultCtas(const ComposeStyle& s) {
  if (!s.german())
    return {"Would a short call be useful?", "Would it be worth a short conversation?"};
  if (Sie(s)) {
    return {"Hätten Sie Interesse an einem kurzen Gespräch?", "Passt Ihnen ein kurzes Telefonat?"};
  }
  return {"Hättest du Lust auf ein kurzes Gespräch?", "Wollen wir kurz telefonieren?"};
}

std::vector<std::string> Phrasebook::Closings(const ComposeStyle& s) {
  if (!s.german()) {
    if (s.formal()) return {"Kind regards,", "Best regards,"};
    switch (s.tone()) {
      case Tone::kWarm:
        return {"Best,", "Thanks,", "All the best,", "Cheers,"};
      case Tone::kDirect:
        return {"Best,", "Thanks,"};
      default:
        return {"Best,", "Thanks,", "Best regards,"};
    }
  }
  if (Sie(s)) return {"Viele Grüße", "Beste Grüße", "Mit freundlichen Grüßen", "Freundliche Grüße"};
  if (s.tone() == Tone::kWarm) return {"Viele Grüße", "Beste Grüße", "Liebe Grüße"};
  return {"Viele Grüße", "Beste Grüße"};
}

std::vector<std::string> Phrasebook::ProfileSubjects(const ComposeStyle& s,
                                                     const std::string& company,
                                                     CampaignKind kind) {
  if (!s.german()) {
    if (kind == CampaignKind::kCheckIn) {
      Strings out = {"A quick check-in", "Checking in"};
      if (!company.empty()) {
        out.push_back("Checking in with " + company);
        out.push_back("How are things at " + company + "?");
      }
      return out;
    }
    if (company.empty()) return {"A quick question", "A short note", "A thought for you"};
    return {"A quick note for " + company, "For the team at " + company,
            "A question for " + company,   "An idea for " + company,
            "A thought for " + company,    "Quick question about " + company};
  }
  if (kind == CampaignKind::kCheckIn) {
    Strings out = {"Kurz nachgefragt", "Ein kurzes Update"};
    if (!company.empty()) out.push_back("Kurz nachgefragt bei " + company);
    return out;
  }
  if (company.empty()) return {"Eine kurze Frage", "Eine kurze Nachricht", "Ein kurzer Gedanke"};
  return {"Eine kurze Nachricht an " + company, "Kurze Frage an " + company,
          "Eine Idee für " + company, "Ein Gedanke für " + company};
}

std::string Phrasebook::ShortSubject(const ComposeStyle& style) {
  return style.german() ? "Eine kurze Nachricht" : "A quick note";
}

}  // namespace draftbox
