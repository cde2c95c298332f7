#include "compose/fact_phraser.h"

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <regex>

#include "compose/text_scan.h"

namespace draftbox {
namespace {

using Strings = std::vector<std::string>;

const std::array<const char*, 12> kMonthsEn = {"January",   "February", "March",    "April",
                                               "May",       "June",     "July",     "August",
                                               "September", "October",  "November", "December"};
const std::array<const char*, 12> kMonthsDe = {"Januar",    "Februar", "März",     "April",
                                               "Mai",       "Juni",    "Juli",     "August",
                                               "September", "Oktober", "November", "Dezember"};

// "November" -> "November", "March" -> "März"; "" for anything that is not an English month.
std::string MonthDe(std::string_view month_en) {
  for (size_t i = 0; i < kMonthsEn.size(); ++i) {
    if (TextScan::LowerAscii(month_en) == TextScan::LowerAscii(kMonthsEn[i])) return kMonthsDe[i];
  }
  return "";
}

// Collects sentence variants for one fact, filtered by register.
class Variants {
 public:
  explicit Variants(const PhraseContext& ctx) : ctx_(ctx) {}
  // Fits every register.
  void Any(std::string text, std::string fact) { out_.openers.push_back({text, fact}); }
  // Warm or neutral only ("Congrats ...", "that's a big step").
  void Casual(std::string text, std::string fact) {
    if (ctx_.casual_ok && !ctx_.formal) out_.openers.push_back({text, fact});
  }
  void Subject(std::string subject) { out_.subjects.push_back(std::move(subject)); }
  void CasualSubject(std::string subject) {
    if (ctx_.casual_ok && !ctx_.formal) out_.subjects.push_back(std::move(subject));
  }
  PhrasedFact Take() { return std::move(out_); }

 private:
  const PhraseContext& ctx_;
  PhrasedFact out_;
};

// German forms that depend on du/Sie. "personal" means the reader themself (dein/Ihr); otherwise
// their company, addressed in the plural (euer/Ihr).
struct German {
  bool sie;
  // Possessive with a case ending: Poss(false, "er") -> "eurer" / "Ihrer".
  std::string Poss(bool personal, std::string_view ending) const {
    if (sie) return "Ihr" + std::string(ending);
    if (personal) return "dein" + std::string(ending);
    return ending.empty() ? "euer" : "eur" + std::string(ending);
  }
  std::string You() const { return sie ? "Sie" : "du"; }
  std::string YouDat() const { return sie ? "Ihnen" : "dir"; }
  std::string YouPl() const { return sie ? "Sie" : "ihr"; }
  // The company as the subject of a clause, with the verb form to match.
  std::string Who(const std::string& company, std::string_view sg, std::string_view ihr,
                  std::string_view sie_form, std::string* verb) const {
    if (!company.empty()) {
      *verb = sg;
      return company;
    }
    *verb = sie ? sie_form : ihr;
    return YouPl();
  }
};

std::string StripPeriod(std::string_view text) {
  while (!text.empty() && text.back() == '.') text.remove_suffix(1);
  return std::string(text);
}

std::string CompanyOr(const PhraseContext& ctx, std::string_view fallback) {
  return ctx.company.empty() ? std::string(fallback) : ctx.company;
}

// Compiling a std::regex costs far more than matching, so each fixed pattern is compiled once.
// Entries are never erased, so references stay valid after the lock is released.
const std::regex& Compiled(const char* pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<std::regex>> cache;
  std::lock_guard lock(mutex);
  auto& slot = cache[pattern];
  if (!slot) slot = std::make_unique<std::regex>(pattern, std::regex::icase);
  return *slot;
}

bool Match(const std::string& text, const char* pattern, std::smatch* m) {
  return std::regex_match(text, *m, Compiled(pattern));
}

// ---- English ---------------------------------------------------------------------------------

bool FundingEn(const std::string& s, const PhraseContext& ctx, Variants* v) {
  std::smatch m;
  if (!Match(
          s,
          R"(^(?:raised|closed|secured|announced) (?:an? )?([$€£]?[0-9][0-9.,]*\s?(?:[MBK]|bn|million|billion)?) (.+?)(?: led by (.+?))?(?: to (.+?))?$)",
          &m)) {
    return false;
  }
  std::string deal = m[1].str() + " " + m[2].str();
  std::string lead = m[3].matched ? " led by " + m[3].str() : "";
  std::string purpose = m[4].matched ? " to " + m[4].str() : "";
  v->Any("Congratulations on the " + deal + lead + ".", deal);
  v->Casual("Congrats on closing the " + deal + (lead.empty() ? "" : "," + lead) + ".", deal);
  v->Any("I saw the news about the " + deal + lead + ". Congratulations.", deal);
  if (!purpose.empty()) {
    v->Any("I saw " + CompanyOr(ctx, "you") + " closed a " + deal + purpose + ". Congratulations.",
           deal + purpose);
  }
  v->Subject("Congratulations on the " + deal);
  v->CasualSubject("Congrats on the " + deal);
  v->Subject("A quick note after the " + deal);
  return true;
}

bool JobChangeEn(const std::string& s, const PhraseContext&, Variants* v) {
  std::smatch m;
  if (Match(s, R"(^promoted to (.+?)(?: after ([0-9]+) years? at the company)?$)", &m)) {
    std::string role = m[1].str();
    v->Any("Congratulations on the promotion to " + role + ".", "promotion to " + role);
    v->Any("I saw you were promoted to " + role + ". Congratulations.", "promoted to " + role);
    if (m[2].matched) {
      v->Casual(
          "Congrats on the move to " + role + " after " + m[2].str() + " years at the company.",
          role + " after " + m[2].str() + " years at the company");
    }
    v->Subject("Congratulations on the promotion");
    v->Subject("Your new role as " + role);
    v->CasualSubject("Congrats on the move to " + role);
    return true;
  }
  if (Match(s, R"(^joined (.+?) as (.+?)(?: from .+)?$)", &m)) {
    // "Joined Fabrikam as VP Revenue from Adatum": the new role is the news, not the old employer.
    std::string role = m[2].str() + " at " + m[1].str();
    v->Any("Congratulations on the new role as " + role + ".", "new role as " + role);
    v->Any("I saw you joined " + m[1].str() + " as " + m[2].str() + ". Congratulations.",
           "joined " + m[1].str() + " as " + m[2].str());
    v->Casual("Congrats on the move to " + m[1].str() + ".", "move to " + m[1].str());
    v->Subject("Your new role as " + m[2].str());
    v->Subject("Congratulations on the new role");
    return true;
  }
  if (Match(s, R"(^started as (.+?)(?: in ([A-Za-z]+))?$)", &m)) {
    std::string role = m[1].str();
    std::string when = m[2].matched ? " in " + m[2].str() : "";
    v->Any("Congratulations on starting as " + role + when + ".", "starting as " + role + when);
    v->Any("I saw you started as " + role + when + ". Congratulations on the new role.",
           "started as " + role + when);
    v->Casual("Congrats on the new role as " + role + ".", "new role as " + role);
    v->Subject("Your new role as " + role);
    v->Subject("Congratulations on the new role");
    return true;
  }
  return false;
}

bool HiringEn(const std::string& s, const PhraseContext& ctx, Variants* v) {
  std::smatch m;
  if (Match(s, R"(^posted ([0-9][0-9,]*) open roles? for (.+)$)", &m)) {
    std::string roles = m[1].str() + " open roles for " + m[2].str();
    v->Any("I noticed " + CompanyOr(ctx, "your team") + " posted " + roles + ".", roles);
    v->Any("I saw the " + roles + ". It looks like the team is growing.", roles);
    v->Casual("I saw the " + roles + ". That's a lot of hiring at once.", roles);
    v->Subject("Your " + roles);
    v->Subject("On hiring " + m[2].str());
    return true;
  }
  if (Match(
          s,
          R"(^is growing (?:the|its|their) (.+?) team by ([0-9][0-9,]*) (people|engineers|hires)$)",
          &m)) {
    std::string growth = m[1].str() + " team by " + m[2].str() + " " + m[3].str();
    v->Any("I saw " + CompanyOr(ctx, "your company") + " is growing the " + growth + ".", growth);
    v->Casual("Growing the " + growth + " is a big step. Congratulations.", growth);
    v->Any("I noticed the plan to grow the " + growth + ".", growth);
    v->Subject("Growing the " + m[1].str() + " team");
    v->Subject("Your " + m[1].str() + " team plans");
    return true;
  }
  return false;
}

bool ReleaseEn(const std::string& s, const PhraseContext&, Variants* v) {
  std::smatch m;
  if (Match(s, R"(^released version ([0-9][0-9.]*) of (.+)$)", &m)) {
    std::string what = m[2].str() + " " + m[1].str();
    v->Any("Congratulations on the release of " + what + ".", what);
    v->Casual("Congrats on shipping " + what + ".", what);
    v->Casual("I saw " + what + " is out. Congrats to the team.", what);
    v->Any("I saw the release of " + what + ". Congratulations.", what);
    v->Subject("Congratulations on " + what);
    v->Subject("On the " + what + " release");
    v->CasualSubject("Congrats on shipping " + what);
    return true;
  }
  if (Match(s, R"(^launched (.+?), (an? .+)$)", &m)) {
    std::string product = m[1].str();
    v->Any("Congratulations on launching " + product + ", " + m[2].str() + ".", product);
    v->Any("I saw the launch of " + product + ". Congratulations.", product);
    v->Casual("Congrats on getting " + product + " out the door.", product);
    v->Subject("Congratulations on launching " + product);
    v->Subject("The " + product + " launch");
    return true;
  }
  if (Match(s, R"(^launched (.+?) for (.+)$)", &m)) {
    std::string product = m[1].str();
    v->Any("Congratulations on launching " + product + ".", "launching " + product);
    v->Any("I saw the launch of " + product + ". Congratulations.", "launch of " + product);
    v->Casual("Congrats on getting " + product + " out the door.", product);
    v->Subject("Congratulations on launching " + product);
    v->Subject("The " + product + " launch");
    return true;
  }
  return false;
}

bool MilestoneEn(const std::string& s, const PhraseContext&, Variants* v) {
  std::smatch m;
  if (Match(s, R"(^one year as a customer this month$)", &m)) {
    v->Any("This month marks one year as a customer, and I wanted to say thank you.",
           "one year as a customer");
    v->Casual("It's been one year as a customer this month. Thank you for that.",
              "one year as a customer");
    v->Subject("One year as a customer");
    v->Subject("Thank you for the first year");
    return true;
  }
  if (Match(s, R"(^reached ([0-9][0-9,.]*) (active users|users|customers|members)(?: on .+)?$)",
            &m)) {
    std::string what = m[1].str() + " " + m[2].str();
    v->Any("Congratulations on reaching " + what + ".", what);
    v->Casual(what + " is a real milestone. Congratulations.", what);
    v->Any("I saw you reached " + what + ". Congratulations.", what);
    v->Subject("Congratulations on " + what);
    v->CasualSubject("Congrats on " + what);
    return true;
  }
  return false;
}

bool UsageEn(const std::string& s, const PhraseContext&, Variants* v) {
  std::smatch m;
  if (!Match(
          s,
          R"(^(.+?) (dropped|grew|fell|rose|increased|decreased|declined|jumped) (?:by )?([0-9][0-9.,]*(?:%|x| percent)) (.+)$)",
          &m)) {
    return false;
  }
  // "your weekly active seats dropped 32% ...": the reader's own numbers, said to them, not a
  // line of a report read out.
  std::string metric = TextScan::LowerFirstWord(m[1].str());
  std::string change = "your " + metric + " " + m[2].str() + " " + m[3].str() + " " + m[4].str();
  std::string verb = TextScan::LowerAscii(m[2].str());
  bool down = verb == "dropped" || verb == "fell" || verb == "decreased" || verb == "declined";
  if (down) {
    v->Any("I noticed " + change + ", and wanted to check in.", change);
    v->Any("Looking at the numbers, " + change + ". I wanted to check in.", change);
    v->Any("I noticed that " + change + ", so I wanted to check in with you.", change);
    v->Subject("Checking in on " + metric);
    v->Subject("A quick look at your " + metric);
  } else {
    v->Any("I noticed " + change + ".", change);
    v->Casual("Looking at the numbers, " + change + ". Good to see.", change);
    v->Any("Looking at the numbers, " + change + ".", change);
    v->Subject("Your " + metric + " " + m[4].str());
    v->Subject("A quick look at your " + metric);
  }
  return true;
}

bool RenewalEn(const std::string& s, const PhraseContext&, Variants* v) {
  std::smatch m;
  if (Match(
          s,
          R"(^renewal of (?:the|your|their) (.+?) plan (?:is )?due (?:on )?([0-9]{4}-[0-9]{2}-[0-9]{2})$)",
          &m)) {
    std::string plan = m[1].str();
    std::string date = FactPhraser::FormatDate(m[2].str(), false);
    v->Any("Your " + plan + " plan is up for renewal on " + date +
               ", so this seemed a good moment to check in.",
           plan + " plan is up for renewal on " + date);
    v->Any("With the " + plan + " plan renewal due on " + date + ", I wanted to check in first.",
           plan + " plan renewal due on " + date);
    v->Subject("Ahead of your renewal on " + date);
    v->Subject("Your " + plan + " plan renewal");
    return true;
  }
  if (Match(s, R"(^contract renews on ([0-9]{4}-[0-9]{2}-[0-9]{2})$)", &m)) {
    std::string date = FactPhraser::FormatDate(m[1].str(), false);
    v->Any("Your contract renews on " + date + ", so I wanted to check in ahead of that.",
           "contract renews on " + date);
    v->Any("With your contract renewing on " + date + ", it seemed a good time to check in.",
           "contract renewing on " + date);
    v->Subject("Ahead of your renewal on " + date);
    v->Subject("Before your contract renews");
    return true;
  }
  return false;
}

bool EventEn(const std::string& s, const PhraseContext&, Variants* v) {
  std::smatch m;
  if (Match(s, R"(^spoke at (.+?) (?:about|on) (.+)$)", &m)) {
    std::string talk = m[1].str() + " about " + m[2].str();
    v->Any("I saw you spoke at " + talk + ".", "spoke at " + talk);
    v->Casual("I caught that you spoke at " + talk + ".", "spoke at " + talk);
    v->Any("Your talk at " + m[1].str() + " on " + m[2].str() + " caught my eye.",
           m[1].str() + " on " + m[2].str());
    v->Subject("Your talk at " + m[1].str());
    v->Subject("On your " + m[1].str() + " talk about " + m[2].str());
    return true;
  }
  if (Match(s, R"(^will attend (.+?)(?: in ([A-Za-z]+))?$)", &m)) {
    std::string at = m[1].str() + (m[2].matched ? " in " + m[2].str() : "");
    v->Any("I saw you'll be at " + at + ".", at);
    v->Casual("Looks like you'll be at " + at + ".", at);
    v->Subject("Before " + at);
    v->Subject(m[1].str() + (m[2].matched ? " in " + m[2].str() : ""));
    return true;
  }
  return false;
}

bool NewsEn(const std::string& s, const PhraseContext& ctx, Variants* v) {
  std::smatch m;
  if (Match(s, R"(^opened a new office in (.+)$)", &m)) {
    std::string city = m[1].str();
    v->Any("Congratulations on the new office in " + city + ".", "new office in " + city);
    v->Any(
        "I saw " + CompanyOr(ctx, "you") + " opened a new office in " + city + ". Congratulations.",
        "opened a new office in " + city);
    v->Subject("The new office in " + city);
    v->CasualSubject("Congrats on the " + city + " office");
    return true;
  }
  if (Match(s, R"(^was named to the (.+?) list$)", &m)) {
    std::string list = m[1].str() + " list";
    v->Any("Congratulations on making the " + list + ".", list);
    v->Any("I saw " + CompanyOr(ctx, "you") + " made the " + list + ". Congratulations.", list);
    v->Subject("Congratulations on the " + list);
    v->Subject("On making the " + list);
    return true;
  }
  return false;
}

std::string GenericTopicEn(std::string_view type) {
  static const std::map<std::string_view, std::string_view> kTopics = {
      {"funding", "your funding round"}, {"job_change", "your new role"},
      {"hiring", "your hiring plans"},   {"product_release", "your latest release"},
      {"milestone", "your milestone"},   {"usage_change", "your usage"},
      {"renewal", "your renewal"},       {"event", "your recent event"},
      {"news", "your recent news"}};
  auto it = kTopics.find(type);
  return it == kTopics.end() ? "your recent news" : std::string(it->second);
}

// "Series B", "seed round": the round a funding summary names, "" when it names none.
std::string RoundName(const std::string& summary, bool german) {
  std::smatch m;
  static const std::regex kRound(R"(\b(pre-seed|seed|series [a-h])\b)", std::regex::icase);
  if (!std::regex_search(summary, m, kRound)) return "";
  std::string round = TextScan::LowerAscii(m[1].str());
  if (round.starts_with("series"))
    return "Series " + std::string(1, static_cast<char>(round.back() - 32));
  return german ? TextScan::CapitaliseFirst(round) + "-Runde" : round + " round";
}

// A summary of a shape not known above is a note someone wrote about the reader, in the third
// person ("Joined Fabrikam as VP Revenue."). Quoted back at them it reads like a file being
// read out, so the opener names the event by its type and the structured fields (company,
// round) instead, and claims nothing the summary does not say.
void FallbackEn(const SelectedFact& f, const PhraseContext& ctx, Variants* v) {
  const std::string& type = f.type;
  std::string company = ctx.company;
  if (type == "job_change") {
    v->Any("Congratulations on the new role.", "the new role");
    v->Any("I saw the news about your new role. Congratulations.", "your new role");
  } else if (type == "funding") {
    std::string round = RoundName(f.text, false);
    std::string what = round.empty() ? "new funding round" : round;
    v->Any("Congratulations on the " + what + ".", what);
    v->Any("I saw the news about the " + what + ". Congratulations.", what);
  } else if (type == "product_release") {
    v->Any("Congratulations on the latest release.", "latest release");
    v->Any("I saw the news about your latest release. Congratulations.", "your latest release");
  } else if (type == "hiring") {
    std::string who = company.empty() ? "your team" : company;
    v->Any("I saw that " + who + " is hiring.", who + " is hiring");
    v->Any("It looks like " + who + " is hiring at the moment.", who + " is hiring");
  } else if (type == "milestone") {
    v->Any("Congratulations on the recent milestone.", "recent milestone");
    v->Casual("Congrats on the latest milestone.", "latest milestone");
  } else if (type == "renewal") {
    v->Any("With your renewal coming up, I wanted to check in first.", "your renewal coming up");
    v->Any("Your renewal is coming up, so this seemed a good moment to check in.",
           "Your renewal is coming up");
  } else if (type == "usage_change") {
    v->Any("I noticed a change in your usage recently, so I wanted to check in.",
           "a change in your usage");
  } else if (company.empty()) {
    v->Any("I came across your recent news.", "your recent news");
    v->Any("I saw your recent news and wanted to reach out.", "your recent news");
  } else {
    v->Any("I came across the recent news about " + company + ".", "recent news about " + company);
    v->Any("I saw the latest news from " + company + " and wanted to reach out.",
           "latest news from " + company);
  }
  v->Subject("A quick note on " + GenericTopicEn(type));
  v->Subject("On " + GenericTopicEn(type));
}

// ---- German ----------------------------------------------------------------------------------

bool FundingDe(const std::string& s, const PhraseContext& ctx, const German& de, Variants* v) {
  std::smatch m;
  if (!Match(
          s,
          R"(^(?:raised|closed|secured|announced) (?:an? )?([$€£]?[0-9][0-9.,]*\s?(?:[MBK]|bn|million|billion)?) (.+?)(?: led by (.+?))?(?: to (.+?))?$)",
          &m)) {
    return false;
  }
  std::string round = "Finanzierungsrunde über " + m[1].str() + " (" + m[2].str() + ")";
  std::string lead = m[3].matched ? ", angeführt von " + m[3].str() : "";
  v->Any("Herzlichen Glückwunsch zur " + round + lead + "!", round);
  v->Any("Ich habe von " + de.Poss(false, "er") + " " + round + " gelesen. Herzlichen Glückwunsch!",
         round);
  v->Casual("Glückwunsch zur " + round + "!", round);
  (void)ctx;
  v->Subject("Glückwunsch zur Finanzierungsrunde");
  v->Subject("Zu " + de.Poss(false, "er") + " Finanzierungsrunde über " + m[1].str());
  return true;
}

bool JobChangeDe(const std::string& s, const PhraseContext&, const German& de, Variants* v) {
  std::smatch m;
  if (Match(s, R"(^joined (.+?) as (.+?)(?: from .+)?$)", &m)) {
    std::string role = "Rolle als " + m[2].str() + " bei " + m[1].str();
    v->Any("Herzlichen Glückwunsch zur neuen " + role + "!", role);
    v->Any("Ich habe gesehen, dass " + de.You() + " jetzt bei " + m[1].str() + " " +
               (de.sie ? "sind" : "bist") + ". Herzlichen Glückwunsch zur neuen Rolle!",
           "jetzt bei " + m[1].str());
    v->Subject("Glückwunsch zur neuen Rolle");
    v->Subject("Zu " + de.Poss(true, "er") + " neuen Rolle als " + m[2].str());
    return true;
  }
  bool promoted = Match(s, R"(^promoted to (.+?)(?: after ([0-9]+) years? at the company)?$)", &m);
  if (!promoted && !Match(s, R"(^started as (.+?)(?: in ([A-Za-z]+))?$)", &m)) return false;
  std::string role = m[1].str();
  v->Any("Herzlichen Glückwunsch zur neuen Rolle als " + role + "!", "Rolle als " + role);
  v->Any("Ich habe gesehen, dass " + de.You() + " jetzt " + role + " " +
             (de.sie ? "sind" : "bist") + ". Herzlichen Glückwunsch!",
         "jetzt " + role);
  if (promoted && m[2].matched) {
    v->Casual("Glückwunsch zur Beförderung: " + role + " nach " + m[2].str() +
                  " Jahren im Unternehmen, das ist schön zu sehen.",
              role + " nach " + m[2].str() + " Jahren im Unternehmen");
  }
  v->Subject("Glückwunsch zur neuen Rolle");
  v->Subject("Zu " + de.Poss(true, "er") + " neuen Rolle als " + role);
  return true;
}

bool HiringDe(const std::string& s, const PhraseContext& ctx, const German& de, Variants* v) {
  std::smatch m;
  std::string verb;
  if (Match(s, R"(^posted ([0-9][0-9,]*) open roles? for (.+)$)", &m)) {
    std::string jobs = m[1].str() + " offene Stellen";
    std::string who = de.Who(ctx.company, "hat", "habt", "haben", &verb);
    v->Any("Ich habe gesehen, dass " + who + " gerade " + jobs + " ausgeschrieben " + verb + " (" +
               m[2].str() + ").",
           jobs);
    v->Casual(jobs + " für " + m[2].str() + ": Da tut sich gerade einiges.", jobs);
    v->Subject("Zu " + de.Poss(false, "en") + " " + m[1].str() + " offenen Stellen");
    v->Subject(jobs + " für " + m[2].str());
    return true;
  }
  if (Match(
          s,
          R"(^is growing (?:the|its|their) (.+?) team by ([0-9][0-9,]*) (people|engineers|hires)$)",
          &m)) {
    std::string team = TextScan::CapitaliseFirst(m[1].str()) + "-Team";
    std::string growth = team + " um " + m[2].str() + " Personen";
    std::string who = de.Who(ctx.company, "vergrößert", "vergrößert", "vergrößern", &verb);
    v->Any("Ich habe gesehen, dass " + who + " das " + growth + " " + verb + ".", growth);
    v->Casual("Das " + growth + " zu vergrößern ist ein großer Schritt. Glückwunsch!", growth);
    v->Subject("Zu " + de.Poss(false, "em") + " " + team);
    v->Subject("Das wachsende " + team);
    return true;
  }
  return false;
}

bool ReleaseDe(const std::string& s, const PhraseContext& ctx, const German& de, Variants* v) {
  std::smatch m;
  if (Match(s, R"(^released version ([0-9][0-9.]*) of (.+)$)", &m)) {
    std::string what = m[2].str() + " " + m[1].str();
    v->Any("Herzlichen Glückwunsch zur Veröffentlichung von " + what + "!", what);
    v->Casual(what + " ist draußen. Glückwunsch an das Team!", what);
    v->Any("Ich habe gesehen, dass " + what + " erschienen ist. Glückwunsch!", what);
    v->Subject("Glückwunsch zu " + what);
    v->Subject("Zum Release von " + what);
    return true;
  }
  if (Match(s, R"(^launched (.+?), (an? .+)$)", &m)) {
    std::string product = m[1].str();
    std::string verb;
    std::string who = de.Who(ctx.company, "hat", "habt", "haben", &verb);
    v->Any("Herzlichen Glückwunsch zum Launch von " + product + "!", "Launch von " + product);
    v->Any(
        "Ich habe gesehen, dass " + who + " " + product + " gestartet " + verb + ". Glückwunsch!",
        product);
    v->Subject("Zum Launch von " + product);
    v->Subject("Glückwunsch zu " + product);
    return true;
  }
  if (Match(s, R"(^launched (.+?) for (.+)$)", &m)) {
    std::string product = m[1].str();
    v->Any("Herzlichen Glückwunsch zum Launch von " + product + "!", "Launch von " + product);
    v->Any("Ich habe vom Launch von " + product + " gelesen. Glückwunsch!",
           "Launch von " + product);
    v->Subject("Zum Launch von " + product);
    v->Subject("Glückwunsch zu " + product);
    return true;
  }
  return false;
}

bool MilestoneDe(const std::string& s, const PhraseContext&, const German& de, Variants* v) {
  std::smatch m;
  if (Match(s, R"(^one year as a customer this month$)", &m)) {
    std::string verb = de.sie ? "sind" : "seid";
    v->Any("Diesen Monat " + verb + " " + de.YouPl() +
               " seit einem Jahr dabei, dafür wollte ich einfach Danke sagen.",
           "seit einem Jahr dabei");
    v->Any("Seit diesem Monat " + verb + " " + de.YouPl() +
               " ein Jahr dabei. Vielen Dank für das Vertrauen!",
           "ein Jahr dabei");
    v->Subject("Ein Jahr zusammen: danke");
    v->Subject("Danke für das erste Jahr");
    return true;
  }
  if (Match(s, R"(^reached ([0-9][0-9,.]*) (active users|users)(?: on .+)?$)", &m)) {
    std::string users =
        m[1].str() + (m[2].str().starts_with("active") ? " aktiven Nutzern" : " Nutzern");
    v->Any("Herzlichen Glückwunsch zu " + users + "!", users);
    v->Any("Ich habe gesehen, dass " + de.YouPl() + " jetzt bei " + users + " " +
               (de.sie ? "sind" : "seid") + ". Glückwunsch!",
           users);
    v->Subject("Glückwunsch zu " + users);
    v->Subject("Zu " + users);
    return true;
  }
  return false;
}

bool UsageDe(const std::string& s, const PhraseContext&, const German& de, Variants* v) {
  std::smatch m;
  if (!Match(
          s,
          R"(^(.+?) (dropped|grew|fell|rose|increased|decreased|declined|jumped) (?:by )?([0-9][0-9.,]*)(%|x) (.+)$)",
          &m)) {
    return false;
  }
  static const std::map<std::string, std::pair<std::string, bool>> kMetrics = {
      // name -> (German, plural)
      {"weekly active seats", {"die Zahl der wöchentlich aktiven Seats", false}},
      {"api usage", {"die API-Nutzung", false}},
      {"active users", {"die Zahl der aktiven Nutzer", false}},
      {"weekly active users", {"die Zahl der wöchentlich aktiven Nutzer", false}},
  };
  static const std::map<std::string, std::string> kPeriods = {
      {"over the last month", "im letzten Monat"}, {"this quarter", "in diesem Quartal"},
      {"last quarter", "im letzten Quartal"},      {"this month", "diesen Monat"},
      {"last month", "im letzten Monat"},          {"over the last quarter", "im letzten Quartal"},
  };
  auto metric = kMetrics.find(TextScan::LowerAscii(m[1].str()));
  auto period = kPeriods.find(TextScan::LowerAscii(StripPeriod(m[5].str())));
  if (metric == kMetrics.end() || period == kPeriods.end()) return false;
  std::string verb = TextScan::LowerAscii(m[2].str());
  bool down = verb == "dropped" || verb == "fell" || verb == "decreased" || verb == "declined";
  std::string amount =
      m[4].str() == "%" ? "um " + m[3].str() + " %" : "auf das " + m[3].str() + "-Fache";
  std::string change = period->second + " " + amount + (down ? " gesunken" : " gestiegen");
  std::string what = metric->second.first;
  v->Any("Mir ist aufgefallen, dass " + what + " " + change + " ist" +
             (down ? ", deshalb wollte ich kurz nachfragen." : "."),
         change);
  v->Any(TextScan::CapitaliseFirst(what) + " ist " + change +
             (down ? ". Ich wollte kurz hören, ob sich bei " +
                         std::string(de.sie ? "Ihnen" : "euch") + " etwas geändert hat."
                   : ". Schön zu sehen!"),
         change);
  v->Subject("Kurz nachgefragt: " + de.Poss(false, "e") + " Nutzung");
  v->Subject("Zu " + de.Poss(false, "er") + " Nutzung");
  return true;
}

bool RenewalDe(const std::string& s, const PhraseContext&, const German& de, Variants* v) {
  std::smatch m;
  if (Match(
          s,
          R"(^renewal of (?:the|your|their) (.+?) plan (?:is )?due (?:on )?([0-9]{4}-[0-9]{2}-[0-9]{2})$)",
          &m)) {
    std::string date = FactPhraser::FormatDate(m[2].str(), true);
    std::string plan = m[1].str() + "-Plan steht am " + date + " zur Verlängerung an";
    v->Any(TextScan::CapitaliseFirst(de.Poss(false, "")) + " " + plan +
               ", ein guter Moment, um kurz nachzufragen.",
           plan);
    v->Subject("Vor " + de.Poss(false, "er") + " Verlängerung am " + date);
    v->Subject("Zu " + de.Poss(false, "er") + " anstehenden Verlängerung");
    return true;
  }
  if (Match(s, R"(^contract renews on ([0-9]{4}-[0-9]{2}-[0-9]{2})$)", &m)) {
    std::string date = FactPhraser::FormatDate(m[1].str(), true);
    std::string renews = "Vertrag verlängert sich am " + date;
    v->Any(TextScan::CapitaliseFirst(de.Poss(false, "")) + " " + renews +
               ", deshalb wollte ich vorher kurz nachfragen.",
           renews);
    v->Subject("Vor " + de.Poss(false, "er") + " Verlängerung am " + date);
    v->Subject("Zu " + de.Poss(false, "er") + " anstehenden Verlängerung");
    return true;
  }
  return false;
}

bool EventDe(const std::string& s, const PhraseContext&, const German& de, Variants* v) {
  std::smatch m;
  if (Match(s, R"(^spoke at (.+?) (?:about|on) (.+)$)", &m)) {
    std::string event = m[1].str();
    v->Any("Ich habe gesehen, dass " + de.You() + " bei " + event + " gesprochen " +
               (de.sie ? "haben" : "hast") + ".",
           "bei " + event + " gesprochen");
    v->Any(TextScan::CapitaliseFirst(de.Poss(true, "")) + " Vortrag bei " + event +
               " ist mir aufgefallen.",
           "Vortrag bei " + event);
    v->Subject("Zu " + de.Poss(true, "em") + " Vortrag bei " + event);
    v->Subject(TextScan::CapitaliseFirst(de.Poss(true, "")) + " Vortrag bei " + event);
    return true;
  }
  if (Match(s, R"(^will attend (.+?)(?: in ([A-Za-z]+))?$)", &m)) {
    std::string event = m[1].str();
    std::string month = m[2].matched ? MonthDe(m[2].str()) : "";
    std::string when = month.empty() ? "" : " im " + month;
    v->Any("Ich habe gesehen, dass " + de.You() + when + " bei " + event + " " +
               (de.sie ? "sind" : "bist") + ".",
           "bei " + event);
    v->Subject("Vor " + event);
    v->Subject(event + when);
    return true;
  }
  return false;
}

bool NewsDe(const std::string& s, const PhraseContext& ctx, const German& de, Variants* v) {
  std::smatch m;
  std::string verb;
  if (Match(s, R"(^opened a new office in (.+)$)", &m)) {
    std::string office = "Büro in " + m[1].str();
    std::string who = de.Who(ctx.company, "hat", "habt", "haben", &verb);
    v->Any("Herzlichen Glückwunsch zum neuen " + office + "!", office);
    v->Any("Ich habe gesehen, dass " + who + " ein neues " + office + " eröffnet " + verb +
               ". Glückwunsch!",
           office);
    v->Subject("Zum neuen " + office);
    v->Subject("Glückwunsch zum " + office);
    return true;
  }
  if (Match(s, R"(^was named to the (.+?) list$)", &m)) {
    std::string list = m[1].str() + "-Liste";
    std::string who = de.Who(ctx.company, "steht", "steht", "stehen", &verb);
    v->Any("Herzlichen Glückwunsch zur Aufnahme in die " + list + "!", list);
    v->Any("Ich habe gesehen, dass " + who + " auf der " + list + " " + verb + ". Glückwunsch!",
           list);
    v->Subject("Glückwunsch zur " + list);
    v->Subject("Zur Aufnahme in die " + list);
    return true;
  }
  return false;
}

// As FallbackEn: the event by its type, never the third-person note quoted.
void FallbackDe(const SelectedFact& f, const PhraseContext& ctx, const German& de, Variants* v) {
  const std::string& type = f.type;
  std::string verb;
  if (type == "job_change") {
    v->Any("Herzlichen Glückwunsch zur neuen Rolle!", "neuen Rolle");
    v->Any("Ich habe von " + de.Poss(true, "er") + " neuen Rolle gelesen. Herzlichen Glückwunsch!",
           "neuen Rolle");
  } else if (type == "funding") {
    std::string round = RoundName(f.text, true);
    std::string what = round.empty() ? "neuen Finanzierungsrunde" : round;
    v->Any("Herzlichen Glückwunsch zur " + what + "!", what);
    v->Any("Ich habe von der " + what + " gelesen. Herzlichen Glückwunsch!", what);
  } else if (type == "product_release") {
    v->Any("Herzlichen Glückwunsch zum neuen Release!", "neuen Release");
    v->Any("Ich habe von " + de.Poss(false, "em") + " neuen Release gelesen. Glückwunsch!",
           "neuen Release");
  } else if (type == "hiring") {
    std::string who = de.Who(ctx.company, "hat", "habt", "haben", &verb);
    v->Any("Ich habe gesehen, dass " + who + " gerade neue Stellen ausgeschrieben " + verb + ".",
           "neue Stellen");
  } else if (type == "milestone") {
    v->Any("Herzlichen Glückwunsch zum jüngsten Meilenstein!", "jüngsten Meilenstein");
  } else if (type == "renewal") {
    v->Any(TextScan::CapitaliseFirst(de.Poss(false, "e")) +
               " Verlängerung steht an, deshalb wollte ich vorher kurz nachfragen.",
           "Verlängerung steht an");
  } else if (type == "usage_change") {
    v->Any("Mir ist eine Veränderung bei " + de.Poss(false, "er") +
               " Nutzung aufgefallen, deshalb wollte ich kurz nachfragen.",
           "Veränderung bei " + de.Poss(false, "er") + " Nutzung");
  } else if (ctx.company.empty()) {
    v->Any("Ich habe " + de.Poss(false, "e") + " aktuellen Neuigkeiten gesehen.",
           "aktuellen Neuigkeiten");
  } else {
    v->Any("Ich habe die aktuellen Neuigkeiten von " + ctx.company + " gesehen.",
           "Neuigkeiten von " + ctx.company);
  }
  v->Subject("Eine kurze Nachricht");
  v->Subject("Kurze Frage");
}

using EnHandler = bool (*)(const std::string&, const PhraseContext&, Variants*);
using DeHandler = bool (*)(const std::string&, const PhraseContext&, const German&, Variants*);

}  // namespace

std::string FactPhraser::FormatDate(std::string_view iso, bool german) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::string(iso);
  int month = (iso[5] - '0') * 10 + (iso[6] - '0');
  int day = (iso[8] - '0') * 10 + (iso[9] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::string(iso);
  std::string year(iso.substr(0, 4));
  if (german) return std::to_string(day) + ". " + kMonthsDe[month - 1] + " " + year;
  return std::to_string(day) + " " + kMonthsEn[month - 1] + " " + year;
}

PhrasedFact FactPhraser::Phrase(const SelectedFact& activity, const PhraseContext& context) {
  static const std::map<std::string_view, std::pair<EnHandler, DeHandler>> kHandlers = {
      {"funding", {FundingEn, FundingDe}},
      {"job_change", {JobChangeEn, JobChangeDe}},
      {"hiring", {HiringEn, HiringDe}},
      {"product_release", {ReleaseEn, ReleaseDe}},
      {"milestone", {MilestoneEn, MilestoneDe}},
      {"usage_change", {UsageEn, UsageDe}},
      {"renewal", {RenewalEn, RenewalDe}},
      {"event", {EventEn, EventDe}},
      {"news", {NewsEn, NewsDe}},
  };
  Variants variants(context);
  std::string summary = StripPeriod(activity.text);
  German de{context.formal};
  // Shapes are tried for every type: a CRM may file "Opened a new office" as an event.
  for (const auto& [type, handlers] : kHandlers) {
    bool done = context.german ? handlers.second(summary, context, de, &variants)
                               : handlers.first(summary, context, &variants);
    if (done) return variants.Take();  // every shape adds at least one Any() variant
  }
  if (context.german) {
    FallbackDe(activity, context, de, &variants);
  } else {
    FallbackEn(activity, context, &variants);
  }
  return variants.Take();
}

}  // namespace draftbox
