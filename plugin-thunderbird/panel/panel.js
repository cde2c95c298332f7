// The compose window's Draftbox panel (compose_action popup): who the draft is for, the facts
// it rests on and where the text uses them, the campaign's goal and call to action, and the
// draft's state. Says plainly when the daemon is down, refuses the token, or does not know
// the draft. Read-only: nothing here can lose a rep's edits.

import { createDaemonClient, ErrorCode, errorMessageKey } from "../modules/daemon_client.js";
import { buildDraftView } from "../modules/draft_view.js";
import { draftIdFromCustomHeaders } from "../modules/headers.js";
import { localizePage } from "../modules/i18n.js";
import { createLogger } from "../modules/log.js";
import { createSettingsStore } from "../modules/settings.js";
import { createTabState } from "../modules/tab_state.js";

const t = (key, substitutions) => browser.i18n.getMessage(key, substitutions);
const log = createLogger("panel");
const settings = createSettingsStore(browser.storage.local);
const client = createDaemonClient({
  fetch: (...args) => globalThis.fetch(...args),
  loadSettings: () => settings.load(),
});
const $ = (id) => document.getElementById(id);
const STATE_KEYS = {
  generated: "stateGenerated",
  placed: "statePlaced",
  sent: "stateSent",
  replied: "stateReplied",
  bounced: "stateBounced",
  unsubscribed: "stateUnsubscribed",
  no_reply: "stateNoReply",
  regenerated: "stateRegenerated",
  rejected: "stateRejected",
  vanished: "stateVanished",
  skipped: "stateSkipped",
  needs_attention: "stateNeedsAttention",
};

// The draft id of the compose window this popup belongs to: kept by the background when the
// draft was opened, else the header the background put back on the window.
async function draftIdOfThisWindow() {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (!tab) return null;
  const state = await createTabState(browser.storage.session).get(tab.id);
  if (state?.draftId) return state.draftId;
  const details = await browser.compose.getComposeDetails(tab.id);
  return draftIdFromCustomHeaders(details?.customHeaders);
}

function showProblem(text) {
  $("loading").hidden = true;
  $("draft").hidden = true;
  $("problemText").textContent = text;
  $("problem").hidden = false;
  $("panel").setAttribute("aria-busy", "false");
  $("retry").focus();
}

function problemText(error, draftId) {
  if (error.code === ErrorCode.NOT_FOUND && error.status === 404) {
    return t("panelDraftUnknown", [String(draftId)]);
  }
  const key = errorMessageKey(error.code);
  return t(key, key === "errorDaemon" ? [error.message] : undefined);
}

function factItem(fact) {
  const item = document.createElement("li");
  const text = document.createElement("p");
  text.className = "fact-text";
  text.textContent = fact.text;
  item.append(text);
  const meta = document.createElement("p");
  meta.className = "fact-meta";
  const { origin } = fact;
  if (origin.kind === "activity") {
    const parts = [origin.date || t("panelUndated"), origin.source || t("panelNoSource")];
    if (origin.type) parts.unshift(origin.type.replaceAll("_", " "));
    meta.textContent = parts.join(" · ");
  } else if (origin.kind === "field") {
    meta.textContent = t("panelFromProfile", [origin.field.replaceAll("_", " ")]);
  }
  if (meta.textContent) item.append(meta);
  if (fact.sentence) {
    const used = document.createElement("blockquote");
    used.className = "fact-sentence";
    used.title = t("panelUsedIn");
    used.textContent = fact.sentence;
    item.append(used);
  }
  return item;
}

function render(view) {
  const r = view.recipient;
  $("recipientName").textContent = r.name || r.email;
  $("recipientWork").textContent = [r.role, r.company].filter(Boolean).join(" · ") || r.email;
  $("recipientAccount").textContent = r.accountState
    ? t("panelAccount", [[r.accountState, r.plan].filter(Boolean).join(", ")])
    : "";
  $("state").textContent = (STATE_KEYS[view.state] && t(STATE_KEYS[view.state])) || view.state;
  $("state").className = `state state-${view.state}`;
  $("facts").replaceChildren(...view.facts.map(factItem));
  $("noFacts").hidden = view.facts.length > 0;
  $("campaignSection").hidden = !view.campaign;
  if (view.campaign) {
    $("campaignName").textContent = view.campaign.name;
    $("campaignGoal").textContent = view.campaign.goal || "—";
    $("campaignCta").textContent = view.campaign.cta || "—";
  }
  $("draftRef").textContent = view.uid
    ? t("panelDraftRefUid", [String(view.id), String(view.uid)])
    : t("panelDraftRef", [String(view.id)]);
  $("loading").hidden = true;
  $("problem").hidden = true;
  $("draft").hidden = false;
  $("panel").setAttribute("aria-busy", "false");
  $("draft").focus();
}

async function load() {
  $("loading").hidden = false;
  $("problem").hidden = true;
  let draftId;
  try {
    draftId = await draftIdOfThisWindow();
  } catch (e) {
    log.warn("could not tell which draft this window holds:", e?.message ?? e);
  }
  if (!draftId) return showProblem(t("panelNotDraftbox"));
  const draft = await client.getDraft(draftId);
  if (!draft.ok) return showProblem(problemText(draft.error, draftId));
  // The recipient's dated activities and the campaign make the panel richer; without them it
  // still shows the draft.
  const [recipient, campaign] = await Promise.all([
    draft.data.recipient?.id ? client.getRecipient(draft.data.recipient.id) : null,
    draft.data.campaign_id ? client.getCampaign(draft.data.campaign_id) : null,
  ]);
  render(buildDraftView(draft.data, recipient?.ok ? recipient.data : null,
    campaign?.ok ? campaign.data : null));
}

localizePage(document, t);
$("retry").addEventListener("click", load);
$("settings").addEventListener("click", () => browser.runtime.openOptionsPage());
load();
