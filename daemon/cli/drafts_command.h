// `draftbox drafts list|show|regenerate|reject`: clients of /v1/drafts (docs/api-campaigns.md,
// shared/api/draft.json and drafts_list.json).
//   list [--campaign ID] [--state S] [--limit N] [--offset N] [--json]
//                                      newest first; a state name that draft_state.h does not
//                                      know is bad usage (exit 2); without --json, the
//                                      possible opt-outs awaiting review follow the table
//   show ID [--json]                   To, Subject and state, the body, the facts it used and
//                                      the recipient it was written for; subject and body
//                                      decoded for reading (readable_text.h)
//   show ID --prompt                   exactly what was sent to the model for it
//   regenerate ID [--instruction TEXT] [--json]
//                                      the daemon writes a new draft in place of the old one
//                                      (which becomes "regenerated"); prints the new id and subject
//   reject ID [--reason TEXT] [--suppress] [--json]
//                                      --suppress also puts the recipient on the do-not-contact
//                                      list
// Exit 0 on success, 1 on failure (one "draftbox: ..." line on stderr), 2 on bad usage.
// Not thread-safe (one run per process).
#ifndef DRAFTBOX_CLI_DRAFTS_COMMAND_H_
#define DRAFTBOX_CLI_DRAFTS_COMMAND_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"

namespace draftbox {

class DraftsCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;
  int Run(const GlobalOptions& global, CliEnvironment& env) override;

 private:
  int RunList(const GlobalOptions& global, CliEnvironment& env);
  int RunShow(const GlobalOptions& global, CliEnvironment& env);
  int RunRegenerate(const GlobalOptions& global, CliEnvironment& env);
  int RunReject(const GlobalOptions& global, CliEnvironment& env);

  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* regenerate_ = nullptr;
  CLI::App* reject_ = nullptr;
  int64_t id_ = 0;
  int64_t campaign_ = 0;  // 0: every campaign
  std::string state_;     // empty: every state
  int64_t limit_ = 50;
  int64_t offset_ = 0;
  std::string instruction_;
  std::string reason_;
  bool suppress_ = false;
  bool json_ = false;
  bool prompt_ = false;  // show --prompt
};

// The table of a GET /v1/drafts page: id, state, campaign, to, and the subject (the reason for
// a draft that was skipped, needs attention or was rejected with one), then "N of TOTAL drafts".
std::string RenderDraftList(const nlohmann::json& page);

// After the list, for people: the possible opt-outs still awaiting review (a GET
// /v1/optouts?state=pending page), since no draft goes to those addresses; "" when none.
std::string RenderPendingOptOutNote(const nlohmann::json& page);

// `draftbox optouts list`: a GET /v1/optouts page as a table (id, state, date, from, the draft
// answered, what the detector matched, the start of the reply).
std::string RenderOptOutList(const nlohmann::json& page);

// `draftbox optouts confirm|dismiss`: what the decision did.
std::string RenderOptOutDecision(const nlohmann::json& body);

// One draft for people: a header block (To, Subject, State, ...), the body (subject, name and
// body decoded when they hold RFC 2047 words, quoted-printable or base64), "Facts used:" with
// their ids, and the recipient context.
std::string RenderDraft(const nlohmann::json& draft);

// `show --prompt`: the stored request body as it was sent to the model, or a line saying no
// model was asked for this draft.
std::string RenderDraftPrompt(const nlohmann::json& draft);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_DRAFTS_COMMAND_H_
