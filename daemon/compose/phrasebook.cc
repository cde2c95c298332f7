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

std::vector<std::string> Phrasebook::Bridges(const ComposeStyle& s, CampaignKind kind) {
  if (!s.german()) {
    switch (kind) {
      case CampaignKind::kCheckIn:
        return {"A quick note from our side: ", "Something that may help: ",
                "One thing I wanted to share: "};
      case CampaignKind::kMilestone:
        return {"Looking ahead, one thing worth sharing: ", "A thought for what comes next: ",
                "One thing that may be useful now: "};
      case CampaignKind::kOutreach:
        break;
    }
    if (s.tone() == Tone::kDirect) return {"The reason I'm writing: ", "Why I'm writing: "};
    return {"The reason I'm writing: ", "Here's what I had in mind: ",
            "It made me think of something we see often: ", "One thing we keep seeing: "};
  }
  switch (kind) {
    case CampaignKind::kCheckIn:
      return {"Ein kurzer Hinweis von unserer Seite: ", "Etwas, das helfen könnte: "};
    case CampaignKind::kMilestone:
      return {"Ein guter Anlass, kurz nach vorn zu schauen: ",
              "Ein Gedanke für die nächsten Monate: "};
    case CampaignKind::kOutreach:
      break;
  }
  return {"Deshalb schreibe ich " + YouDat(s) + ": ",
          "Kurz zum Hintergrund: ", "Das erinnert mich an etwas, das wir oft sehen: "};
}

std::vector<std::string> Phrasebook::CtaLeads(const ComposeStyle& s) {
  if (s.tone() == Tone::kDirect) return {""};
  if (!s.german()) {
    if (s.formal()) return {"", "If this is of interest: "};
    if (s.tone() == Tone::kWarm)
      return {"", "If that sounds relevant: ", "No pressure either way. "};
    return {"", "If that sounds relevant: "};
  }
  if (Sie(s)) return {"", "Falls das für Sie interessant ist: ", "Ganz unverbindlich: "};
  return {"", "Falls das passt: ", "Ganz unverbindlich: "};
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
  if (Sie(s)) return {"Viele Grüße", "Beste Grüße", "Mit freundlichen Grüßen"};
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
