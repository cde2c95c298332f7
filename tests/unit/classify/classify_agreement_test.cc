// Measures the classifier against the reference bounce analyser Sisimai (labels.jsonl in
// tests/data/bounces/): agreement on is-a-bounce, on the failed recipient and on permanent
// vs temporary, every disagreement listed. Where the project believes Sisimai is wrong, the
// expectation is overridden below with the reason; the figures against Sisimai's raw labels are
// printed as well.
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
