// The service behind /v1/campaigns, /v1/runs and /v1/drafts (docs/api-campaigns.md). The app
// layer implements it over the stores, the composer and the mailbox; answers are the JSON
// objects of that document, so the routes only parse requests and pick status codes.
// Implementations must be thread-safe: the API calls them from several pool threads at once.
#ifndef DRAFTBOX_API_CAMPAIGN_SERVICE_H_
#define DRAFTBOX_API_CAMPAIGN_SERVICE_H_

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/draft_state.h"
#include "core/error.h"

namespace draftbox {

struct DraftListQuery {
  std::optional<int64_t> campaign_id;
  std::optional<DraftState> state;
  int64_t offset = 0;
  int64_t limit = 50;
};

class CampaignService {
 public:
  virtual ~CampaignService() = default;

  // Validates and stores a campaign file. kInvalidArgument with every problem, one per line.
  virtual Result<nlohmann::json> CreateCampaign(const std::string& file_name,
                                                const std::string& toml_text) = 0;
  virtual Result<nlohmann::json> ListCampaigns() = 0;
  // kNotFound for an unknown id.
  virtual Result<nlohmann::json> GetCampaign(int64_t id) = 0;

  // Starts a run in the background and returns it (state running). kNotFound for an unknown
  // campaign, kConflict while another run is going, kInvalidArgument for a real run without a
  // configured mailbox.
  virtual Result<nlohmann::json> StartRun(int64_t campaign_id, bool dry_run,
                                          std::optional<int64_t> limit) = 0;
  // kNotFound for an unknown id.
  virtual Result<nlohmann::json> GetRun(int64_t run_id) = 0;

  virtual Result<nlohmann::json> ListDrafts(const DraftListQuery& query) = 0;
  // kNotFound for an unknown id.
  virtual Result<nlohmann::json> GetDraft(int64_t id) = 0;
  // Regenerate and Reject only queue their work and answer an operation (state pending) at
  // once; GetOperation reports how it ended. So a slow mailbox or model never holds the caller.
  //
  // Queues a new text for draft `id`. With `place`, a new draft for the same recipient is
  // appended to Drafts and the old one removed (operation result {"draft": the new draft,
  // "old_removed": bool}); without, the text is only composed, for a compose window that has
  // the draft open and saves it itself (result {"draft_id", "subject", "body", "language",
  // "facts_used"}). At once: kNotFound, kConflict (not waiting in Drafts), kInvalidArgument
  // (place without a configured mailbox); in the operation: kUnavailable and the like.
  virtual Result<nlohmann::json> Regenerate(int64_t id, const std::string& instruction,
                                            bool place) = 0;
  // Queues the rejection of draft `id`: recorded with the reason, removed from Drafts; with
  // `suppress` the recipient's address goes on the suppression list. Result {"draft": the
  // rejected draft, "removed": bool}. Errors at once as Regenerate.
  virtual Result<nlohmann::json> Reject(int64_t id, const std::string& reason, bool suppress) = 0;
  // The rep put the text of draft `id` back to `subject` and `body` in the compose window that
  // has it open (the panel's Restore after a Regenerate): the stored text becomes that text,
  // so the edit measured at send time counts from it (event draft_revised, "restored": true).
  // Language and facts_used stay. Answers the draft. kNotFound, kConflict (not waiting in
  // Drafts), kStore.
  virtual Result<nlohmann::json> RestoreText(int64_t id, const std::string& subject,
                                             const std::string& body) = 0;
  // Operation `id`; while it is pending or running, waits up to `wait` for it to end (long
  // poll). kNotFound for an unknown or forgotten id.
  virtual Result<nlohmann::json> GetOperation(int64_t id, std::chrono::milliseconds wait) = 0;
  // The add-on's report at send time (DESIGN.md "Watching the mailbox", way 1): the draft was
  // sent as `message_id` with `final_text`. Records the send and the edit measure once; a
  // repeated report changes nothing. Answers {"recorded": bool, "draft": draft}.
  // kNotFound, kConflict (not waiting in Drafts).
  virtual Result<nlohmann::json> ReportSent(int64_t id, const std::string& message_id,
                                            const std::string& final_text,
                                            const std::optional<std::string>& subject) = 0;
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_CAMPAIGN_SERVICE_H_
