// Measures the classifier against the reference bounce analyser Sisimai (labels.jsonl in
// tests/data/bounces/): agreement on is-a-bounce, on the failed recipient and on permanent
// vs temporary, every disagreement listed. Where the project believes Sisimai is wrong, the
// expectation is overridden below with the reason; the figures against Sisimai's raw labels are
// printed as well. Then Draftbox's own cases (tests/data/bounces-draftbox/): hard bounces whose
// status sits in prose or behind a broken MIME structure, and soft ones that must stay soft;
// each must meet its label exactly, and what each checks is stated in kDraftboxCases.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "classify/message_classifier.h"
#include "classify/text_codec.h"
#include "support/test_data.h"

namespace draftbox {
namespace {

// Where the project and Sisimai 4.25.15 differ and the project is right.
struct Override {
  const char* file;
  const char* recipient;  // nullptr: the override is about the file as a whole
  bool is_bounce;
  bool permanent;
  const char* why;
};

constexpr const char* kNoParser =
    "Sisimai 4.25.15 has no parser for this server's format; the message plainly reports a "
    "failed delivery";

const Override kOverrides[] = {
    {"lhost-dragonfly-01.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-02.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-04.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-05.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-07.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-08.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-09.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-12.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-14.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-15.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-16.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-17.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-18.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-20.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-21.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-24.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-25.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-27.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-29.eml", nullptr, true, false, kNoParser},
    {"lhost-dragonfly-30.eml", nullptr, true, false, kNoParser},
    {"lhost-mimecast-01.eml", nullptr, true, false, kNoParser},
    {"rb-issue-368-bug.eml", nullptr, true, false,
     "a mailbox-full rejection ('reject reason: Mailbox full'); Sisimai misses it (its own bug "
     "report #368)"},
    {"rfc3834-05.eml", "karl@hanz.de", false, false,
     "Auto-Submitted: auto-replied with a two-line body: an RFC 3834 auto-reply, not a bounce "
     "('onhold' in Sisimai)"},
    // Sisimai calls these 'filtered' (soft), but the server says the account does not exist.
    {"lhost-x2-01.eml", "kijitora@example.co.jp", true, true,
     "'This user doesn't have a example.co.jp account': the address is dead"},
    {"lhost-sendmail-41.eml", "this-local-part-does-not-exist@yahoo.com", true, true,
     "'This user doesn't have a yahoo.com account': the address is dead"},
    {"rhost-yahooinc-03.eml", "this-local-part-does-not-exist@yahoo.com", true, true,
     "'This user doesn't have a yahoo.com account': the address is dead"},
    {"rfc3464-42.eml", "jane.doe@some-domain.net", true, true,
     "Gmail: 'The email account that you tried to reach does not exist'"},
    {"rfc3464-66.eml", "mikeneko@example.com", true, true,
     "Gmail: 'The email account that you tried to reach does not exist'"},
    {"lhost-receivingses-01.eml", "userunknown@neko.example.jp", true, true,
     "'550 5.1.1 Mailbox does not exist'"},
    {"lhost-receivingses-02.eml", "userunknown@neko.example.jp", true, true,
     "'550 5.1.1 Mailbox does not exist'"},
    {"lhost-mailfoundry-01.eml", "kijitora@example.org", true, true,
     "'550 No such user here ... a permanent failure'"},
    {"lhost-surfcontrol-01.eml", "kijitora@example.com", true, true,
     "'550 kijitora@example.com... No such user'"},
    {"lhost-sendmail-02.eml", "userunknown@example.org", true, true,
     "'550 5.1.1 <userunknown@example.org>... User Unknown' (Sisimai copies the other "
     "recipient's 5.2.1 verdict)"},
};

const Override* FindOverride(const std::string& file, const std::string& recipient) {
  for (const Override& o : kOverrides) {
    if (file != o.file) continue;
    if (o.recipient == nullptr || AsciiLower(recipient) == o.recipient) return &o;
  }
  return nullptr;
}

std::filesystem::path BouncesDir() { return test::TestDataPath("bounces"); }
std::filesystem::path DraftboxCasesDir() { return test::TestDataPath("bounces-draftbox"); }

// What each of Draftbox's own cases checks (tests/data/bounces-draftbox/README.md says how each
// was made). The labels give the exact verdict; this says why it is the right one.
struct CaseStatement {
  const char* file;
  const char* expectation;
};

const CaseStatement kDraftboxCases[] = {
    {"gmail-boundary-mismatch.eml",
     "Gmail's 550 5.1.1 'account ... does not exist' in a report whose declared boundary is not "
     "the one its parts use: the parts are recovered, the address is dead (hard)"},
    {"sendmail-returned-deferred.eml",
     "Sendmail 'Returned mail: Deferred: ...' naming another recipient's deferral in the subject: "
     "the one with '550 User unknown' under 'permanent fatal errors' is dead (hard), the deferred "
     "one is delayed (soft)"},
    {"domino-french-not-listed.eml",
     "Lotus Domino in French, report Status 5.0.0: 'non répertorié dans l'annuaire Domino' means "
     "not in the directory, the address is dead (hard)"},
    {"trendmicro-imsva-transcript.eml",
     "Trend Micro IMSVA whose declared boundary lacks its parts' dashes: the transcript's "
     "'550 5.1.1 ... User unknown' is read from the raw text (hard)"},
    {"office365-broken-report.eml",
     "Office 365 NDR whose delivery-status part is cut short and unreadable: the text's "
     "'550 5.1.10 RESOLVER.ADR.RecipientNotFound' gives the recipient and status (hard)"},
    {"german-postfach-existiert-nicht.eml",
     "a German server's own notice without a status code: 'Das Postfach des Empfängers existiert "
     "nicht' (hard)"},
    {"japanese-address-does-not-exist.eml",
     "a Japanese server's ISO-2022-JP notice without a status code: "
     "'宛先のメールアドレスは存在しません' "
     "(the destination address does not exist) (hard)"},
    {"gmail-over-quota-soft.eml",
     "Gmail 552 5.2.2 'over quota' behind the same broken boundary: a full mailbox stays soft even "
     "though the sentence begins like the does-not-exist one"},
    {"exim-greylisted-delay.eml",
     "Exim delay warning for a greylisting 450 4.2.0 whose text says 'Recipient address "
     "rejected': delayed, never permanent"},
    {"postfix-mailbox-full-prose.eml",
     "Postfix bounce whose prose and 552 5.2.2 say the mailbox is full, with 'Recipient address "
     "rejected' in the reply: soft"},
};

const char* StatedExpectation(const std::string& file) {
  for (const CaseStatement& c : kDraftboxCases) {
    if (file == c.file) return c.expectation;
  }
  return nullptr;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct Tally {
  int agree = 0;
  int total = 0;
  int raw_agree = 0;  // against Sisimai's labels as they are
  double Percent() const { return total == 0 ? 0 : 100.0 * agree / total; }
  double RawPercent() const { return total == 0 ? 0 : 100.0 * raw_agree / total; }
};

TEST(ClassifyAgreementTest, AgreesWithSisimaiOnBouncesRecipientsAndPermanence) {
  std::filesystem::path dir = BouncesDir();
  std::ifstream labels(dir / "labels.jsonl");
  ASSERT_TRUE(labels) << "missing " << (dir / "labels.jsonl");
  std::map<std::string, Classification> results;
  Tally bounce, recipient, permanent;
  std::ostringstream disagreements;
  std::string line;
  while (std::getline(labels, line)) {
    nlohmann::json label = nlohmann::json::parse(line);
    std::string file = label["file"];
    if (!results.contains(file)) results[file] = ClassifyMessage(ReadFile(dir / file));
    const Classification& got = results[file];
    std::string want_recipient = label.value("recipient", "");
    const Override* o = FindOverride(file, want_recipient);
    // Sisimai's vacation, feedback and delivered verdicts (softbounce -1) are no bounces.
    bool sisimai_bounce = label["parsed"] == 1 && label.value("softbounce", -1) != -1;
    bool want_bounce = o != nullptr ? o->is_bounce : sisimai_bounce;
    bool is_bounce = got.kind == MessageKind::kBounce;
    ++bounce.total;
    bounce.agree += is_bounce == want_bounce;
    bounce.raw_agree += is_bounce == sisimai_bounce;
    if (is_bounce != want_bounce) {
      disagreements << "  is-bounce  " << file << ": want " << want_bounce << ", got "
                    << MessageKindName(got.kind) << "\n";
    }
    if (!sisimai_bounce || !want_bounce) continue;
    const FailedRecipient* mine = nullptr;
    for (const FailedRecipient& r : got.recipients) {
      if (AsciiLower(r.address) == AsciiLower(want_recipient)) mine = &r;
    }
    ++recipient.total;
    recipient.agree += mine != nullptr;
    recipient.raw_agree += mine != nullptr;
    if (mine == nullptr) {
      disagreements << "  recipient  " << file << ": want " << want_recipient << ", got "
                    << (got.recipients.empty() ? "(none)" : got.recipients.front().address) << "\n";
    }
    bool sisimai_permanent = label.value("softbounce", 1) == 0;
    bool want_permanent = o != nullptr ? o->permanent : sisimai_permanent;
    bool got_permanent =
        mine != nullptr ? mine->permanent : !got.recipients.empty() && got.recipients[0].permanent;
    ++permanent.total;
    permanent.agree += got_permanent == want_permanent;
    permanent.raw_agree += got_permanent == sisimai_permanent;
    if (got_permanent != want_permanent) {
      disagreements << "  permanent  " << file << " " << want_recipient << ": want "
                    << want_permanent << " (" << label.value("reason", "") << " "
                    << label.value("deliverystatus", "") << "), got " << got_permanent << " ("
                    << (mine != nullptr ? mine->reason + " " + mine->status : "no match") << ")\n";
    }
  }
  std::cout << "Agreement with expectations (Sisimai + " << std::size(kOverrides)
            << " documented overrides) over " << results.size() << " files:\n"
            << "  is-a-bounce:          " << bounce.agree << "/" << bounce.total << " = "
            << bounce.Percent() << " % (raw Sisimai " << bounce.RawPercent() << " %)\n"
            << "  failed recipient:     " << recipient.agree << "/" << recipient.total << " = "
            << recipient.Percent() << " %\n"
            << "  permanent/temporary:  " << permanent.agree << "/" << permanent.total << " = "
            << permanent.Percent() << " % (raw Sisimai " << permanent.RawPercent() << " %)\n"
            << "Disagreements:\n"
            << disagreements.str() << std::flush;
  EXPECT_GE(bounce.Percent(), 95.0);
  EXPECT_GE(recipient.Percent(), 95.0);
  EXPECT_GE(permanent.Percent(), 90.0);
}

// Draftbox's own cases are few and each was made to show one thing: every one must meet its
// label exactly (is a bounce, the recipient, permanent or not, the reason, the status where the
// message states one), and `draftbox classify`'s top-level `permanent` must follow Sisimai's
// softbounce meaning (0: the address is dead).
TEST(ClassifyAgreementTest, MeetsEveryExpectationOnDraftboxOwnBounces) {
  std::filesystem::path dir = DraftboxCasesDir();
  std::ifstream labels(dir / "labels.jsonl");
  ASSERT_TRUE(labels) << "missing " << (dir / "labels.jsonl");
  std::map<std::string, Classification> results;
  Tally bounce, recipient, permanent, reason;
  std::string line;
  while (std::getline(labels, line)) {
    nlohmann::json label = nlohmann::json::parse(line);
    std::string file = label["file"];
    const char* expectation = StatedExpectation(file);
    ASSERT_NE(expectation, nullptr) << file << " has a label but no stated expectation";
    bool first_label = !results.contains(file);
    if (first_label) results[file] = ClassifyMessage(ReadFile(dir / file));
    const Classification& got = results[file];
    SCOPED_TRACE(file + ": " + expectation);
    bool want_bounce = label["parsed"] == 1 && label.value("softbounce", -1) != -1;
    ++bounce.total;
    bounce.agree += (got.kind == MessageKind::kBounce) == want_bounce;
    EXPECT_EQ(MessageKindName(got.kind), want_bounce ? "bounce" : "other");
    if (!want_bounce) continue;
    std::string want_recipient = label["recipient"];
    const FailedRecipient* mine = nullptr;
    for (const FailedRecipient& r : got.recipients) {
      if (AsciiLower(r.address) == AsciiLower(want_recipient)) mine = &r;
    }
    ++recipient.total;
    recipient.agree += mine != nullptr;
    EXPECT_NE(mine, nullptr) << "no failed recipient " << want_recipient;
    if (mine == nullptr) continue;
    bool want_permanent = label["softbounce"] == 0;
    ++permanent.total;
    permanent.agree += mine->permanent == want_permanent;
    EXPECT_EQ(mine->permanent, want_permanent)
        << mine->reason << " " << mine->status << ": " << mine->diagnostic;
    ++reason.total;
    reason.agree += mine->reason == label["reason"];
    EXPECT_EQ(mine->reason, label["reason"]) << mine->diagnostic;
    std::string want_status = label["deliverystatus"];
    if (!want_status.empty()) {
      EXPECT_EQ(mine->status, want_status);
    }
    if (first_label) {
      nlohmann::json out = ClassificationToJson(got, file);
      EXPECT_EQ(out["recipient"], want_recipient) << "the first label names the top-level one";
      EXPECT_EQ(out["permanent"], want_permanent);
    }
  }
  EXPECT_EQ(results.size(), std::size(kDraftboxCases)) << "a stated case has no label";
  std::cout << "Draftbox's own cases (" << results.size() << " files, " << bounce.total
            << " labels):\n"
            << "  is-a-bounce:          " << bounce.agree << "/" << bounce.total << "\n"
            << "  failed recipient:     " << recipient.agree << "/" << recipient.total << "\n"
            << "  permanent/temporary:  " << permanent.agree << "/" << permanent.total << "\n"
            << "  reason:               " << reason.agree << "/" << reason.total << "\n"
            << std::flush;
}

// An override that no longer changes anything would hide a regression behind a stale excuse.
TEST(ClassifyAgreementTest, EveryOverrideNamesALabelledFile) {
  std::ifstream labels(BouncesDir() / "labels.jsonl");
  ASSERT_TRUE(labels);
  std::string all((std::istreambuf_iterator<char>(labels)), std::istreambuf_iterator<char>());
  for (const Override& o : kOverrides) {
    EXPECT_NE(all.find(std::string("\"") + o.file + "\""), std::string::npos) << o.file;
    EXPECT_NE(std::string(o.why), "") << o.file;
  }
}

}  // namespace
}  // namespace draftbox
