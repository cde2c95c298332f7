#include "campaign/draft_reviser.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <utility>

#include "campaign/campaign_file.h"
#include "campaign/campaign_runner.h"
#include "campaign/edit_learning.h"
#include "campaign/persona.h"
#include "mail/draft_message.h"
#include "store/campaign_store.h"
#include "store/opt_out_review_store.h"
#include "store/recipient_store.h"
#include "store/suppression_store.h"

namespace draftbox {

struct DraftReviser::Composed {
  ComposedDraft draft;
  Persona persona;
  std::string to_address;
};

DraftReviser::DraftReviser(Deps deps)
    : deps_(std::move(deps)),
      drafts_(*deps_.db, NowFunction(deps_.clock ? *deps_.clock : SystemClock())) {
  if (deps_.clock == nullptr) deps_.clock = &SystemClock();
  if (deps_.placer.clock == nullptr) deps_.placer.clock = deps_.clock;
}

Result<DraftRecord> DraftReviser::Revisable(int64_t id) {
  Result<DraftRecord> draft = drafts_.Get(id);
  if (!draft) return std::unexpected(draft.error());
  if (draft->state != DraftState::kPlaced) {
    return Fail(ErrorCode::kConflict, "draft " + std::to_string(id) + " is " +
                                          std::string(DraftStateName(draft->state)) +
                                          ": only a draft waiting in Drafts can be changed");
  }
  return draft;
}

DraftPlacer DraftReviser::MakePlacer(Mailbox& mailbox) {
  return DraftPlacer(mailbox, *deps_.db, CampaignSenders(*deps_.db, *deps_.config), deps_.placer);
}

Result<DraftReviser::Composed> DraftReviser::ComposeFor(const DraftRecord& draft,
                                                        const std::string& instruction) {
  Result<StoredCampaign> stored = CampaignStore(*deps_.db).Get(draft.campaign_id);
  if (!stored) return std::unexpected(stored.error());
  Result<Campaign> campaign =
      CampaignFromJson(nlohmann::json::parse(stored->spec_json, nullptr, false));
  if (!campaign) return std::unexpected(campaign.error());
  Result<Persona> persona = ResolvePersona(*deps_.config, campaign->intent.persona);
  if (!persona) return std::unexpected(persona.error());
  Result<Recipient> recipient = RecipientStore(*deps_.db).Get(draft.recipient_id);
  if (!recipient) return std::unexpected(recipient.error());
  // As in a campaign run: nothing new is written to someone who may have asked to stop.
  Result<std::optional<OptOutReview>> held = OptOutReviewStore(*deps_.db).Pending(
      draft.to_address.empty() ? recipient->email : draft.to_address, draft.recipient_id);
  if (!held) return std::unexpected(held.error());
  if (*held) return Fail(ErrorCode::kConflict, OptOutReviewHoldReason(**held));

  ComposeRequest request;
  request.recipient = &*recipient;
  request.intent = campaign->intent;
  request.persona = *persona;
  request.instruction = instruction;
  request.today = DayOf(deps_.clock->NowUnix());
  // Another seed than the draft it replaces, so the new one does not read the same.
  request.variation_seed = VariationSeed(draft.campaign_id, draft.recipient_id) + draft.id + 1;
  Result<EditLearning> learning = EditLearning::Load(*deps_.db, campaign->intent.persona);
  if (!learning) return std::unexpected(learning.error());
  learning->Apply(request);
  ComposeResult composed = ComposeChecked(*deps_.composer, request);
  if (!composed) {
    return Fail(ErrorCode::kInvalidArgument,
                "could not write a new draft: " + composed.error().reason);
  }
  return Composed{std::move(*composed), *persona,
                  draft.to_address.empty() ? recipient->email : draft.to_address};
}

Result<RevisedText> DraftReviser::Compose(int64_t id, const std::string& instruction) {
  Result<DraftRecord> draft = Revisable(id);
  if (!draft) return std::unexpected(draft.error());
  Result<Composed> composed = ComposeFor(*draft, instruction);
  if (!composed) return std::unexpected(composed.error());
  RevisedText text{id,
                   composed->draft.subject,
                   composed->draft.body,
                   composed->draft.language,
                   FactsJson(composed->draft.facts_used, composed->draft.sentences),
                   composed->draft.instruction_note};
  // The window puts this text in: the send is measured against it, not the first text.
  if (Status stored = drafts_.ReviseText(
          id, DraftText{text.subject, text.body, text.language, text.facts_used_json, instruction});
      !stored) {
    return std::unexpected(stored.error());
  }
  return text;
}

Result<Regenerated> DraftReviser::Regenerate(int64_t id, const std::string& instruction,
                                             Mailbox& mailbox) {
  Result<DraftRecord> old = Revisable(id);
  if (!old) return std::unexpected(old.error());
  Result<Composed> composed = ComposeFor(*old, instruction);
  if (!composed) return std::unexpected(composed.error());
  // Reach the server before the store changes: an unreachable mailbox leaves the draft as it was.
  if (Status connected = mailbox.Connect(); !connected) {
    return std::unexpected(connected.error());
  }

  NewDraft next;
  next.subject = composed->draft.subject;
  next.body = composed->draft.body;
  next.language = composed->draft.language;
  next.to_address = composed->to_address;
  next.facts_used_json = FactsJson(composed->draft.facts_used, composed->draft.sentences);
  next.message_id = NewMessageId(composed->persona.sender_address);
  next.instruction = instruction;
  next.prompt = composed->draft.prompt;
  Result<int64_t> new_id = drafts_.Supersede(id, next);
  if (!new_id) return std::unexpected(new_id.error());
  Result<DraftRecord> fresh = drafts_.Get(*new_id);
  if (!fresh) return std::unexpected(fresh.error());

  // The new draft goes in before the old one comes out: a failure in between leaves the rep
  // with two drafts (the reconcile removes the old), never with none.
  DraftPlacer placer = MakePlacer(mailbox);
  if (Status placed = placer.Place(*fresh); !placed) {
    return Fail(placed.error().code, "draft " + std::to_string(id) + " was rewritten as draft " +
                                         std::to_string(*new_id) +
                                         ", which could not be put into Drafts yet (" +
                                         placed.error().message +
                                         "); the old one stays there until the new one is placed");
  }
  Regenerated done{*new_id, false, composed->draft.instruction_note};
  Result<DraftRecord> superseded = drafts_.Get(id);
  if (!superseded) return std::unexpected(superseded.error());
  if (Status removed = placer.Remove(*superseded); !removed) {
    spdlog::warn("draft {} regenerated as {}, but the old message is still in Drafts: {}", id,
                 *new_id, removed.error().message);
  } else {
    done.old_removed = true;
  }
  return done;
}

Result<Rejected> DraftReviser::Reject(int64_t id, const std::string& reason, bool suppress,
                                      Mailbox* mailbox) {
  Result<DraftRecord> draft = Revisable(id);
  if (!draft) return std::unexpected(draft.error());
  const std::string why = reason.empty() ? "rejected by the sender" : reason;
  if (Status rejected = drafts_.Reject(id, why); !rejected) {
    return std::unexpected(rejected.error());
  }
  if (suppress) {
    Result<Recipient> recipient = RecipientStore(*deps_.db).Get(draft->recipient_id);
    if (!recipient) return std::unexpected(recipient.error());
    Result<SuppressionAddResult> added = SuppressionStore(*deps_.db).Add(
        SuppressionTarget{SuppressionKind::kAddress, recipient->email}, "rejected: " + why,
        "draft:" + std::to_string(id));
    if (!added) return std::unexpected(added.error());
  }
  Rejected done;
  if (mailbox == nullptr) return done;
  // The rejection stands even if the mailbox is down: the reconcile removes the message later.
  Result<DraftRecord> now_rejected = drafts_.Get(id);
  if (!now_rejected) return std::unexpected(now_rejected.error());
  if (Status removed = MakePlacer(*mailbox).Remove(*now_rejected); !removed) {
    spdlog::warn("draft {} rejected, but its message is still in Drafts: {}", id,
                 removed.error().message);
  } else {
    done.removed = true;
  }
  return done;
}

}  // namespace draftbox
