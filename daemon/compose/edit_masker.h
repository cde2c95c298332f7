// Takes one recipient out of a text a rep sent them, so what reps change can be learnt across
// recipients without carrying anyone's name, company or facts into another recipient's draft
// or prompt: the recipient's names, company, domain and address become placeholders
// ("[first name]", "[company]", ...) and every passage of the draft that stated one of their
// facts becomes "[fact]". MaskReliably refuses a text in which something of the recipient may
// remain (a capitalised word or number of their names, company or facts, an address), so a
// caller that must not leak uses only what it returns. Stateless; thread-safe.
#ifndef DRAFTBOX_COMPOSE_EDIT_MASKER_H_
#define DRAFTBOX_COMPOSE_EDIT_MASKER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace draftbox {

// What names one recipient or states their facts.
struct RecipientStrings {
  std::string first_name;
  std::string last_name;
  std::string full_name;
  std::string company;
  std::string company_domain;
  std::string email;
  // Fact texts as the draft wrote them (FactUsed::text): masked, and their capitalised words
  // and numbers must not remain.
  std::vector<std::string> facts;
  // The passages of the draft resting on those facts (SentenceFacts::text): masked whole; their
  // other words are the composer's own ("As ... at ..., you may ..."), so they may remain.
  std::vector<std::string> passages;
};

class EditMasker {
 public:
  static constexpr std::string_view kFirstName = "[first name]";
  static constexpr std::string_view kLastName = "[last name]";
  static constexpr std::string_view kCompany = "[company]";
  static constexpr std::string_view kEmail = "[email]";
  static constexpr std::string_view kFact = "[fact]";

  // `text` with the recipient's strings replaced (ASCII case folded, on word boundaries):
  // passages and facts first (longest first; a fact that is only the company or full name
  // gets that placeholder instead), then the address, full name, company, domain,
  // last and first name, then each capitalised word of the company name ("Acme" of "Acme
  // Robotics GmbH"). Never fails; used where the result stays with the campaign owner.
  static std::string Mask(std::string_view text, const RecipientStrings& who);

  // Mask(text), or nullopt when the masked text may still name the recipient or state their
  // facts: a word of their names or company, a capitalised word (inside a sentence) or a
  // number of their facts, or any e-mail address is left. For text that goes to another recipient's
  // composer.
  static std::optional<std::string> MaskReliably(std::string_view text,
                                                 const RecipientStrings& who);

  // `masked` with the name and company placeholders filled from `who` (another recipient),
  // or nullopt when it holds a [fact] or a placeholder `who` has no value for.
  static std::optional<std::string> Fill(std::string_view masked, const RecipientStrings& who);
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_EDIT_MASKER_H_
