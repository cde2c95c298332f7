// The Draftbox panel: who the draft is for, the facts it rests on and where the text uses them,
// the campaign's goal and call to action, the draft's state, and the rep's Regenerate and
// Reject. Two places show it: a draft's compose window (compose_action; Regenerate puts the new
// text into the window, Reject closes it unsaved) and the message view of Drafts
// (message_display_action, ?context=message; the daemon replaces or removes the message).
// Says plainly when the daemon is down, refuses the token, or does not know the draft. The
// actions run in the background page (modules/review_actions.js), so closing the panel in
// the middle loses nothing.

import { ErrorCode } from "../modules/daemon_client.js";
import { buildDraftView } from "../modules/draft_view.js";
import { draftIdFromCustomHeaders } from "../modules/headers.js";
import { localizePage } from "../modules/i18n.js";
import { createLogger } from "../modules/log.js";
import { createPageClient, errorText } from "../modules/page.js";
import { REJECT_REASONS } from "../modules/review.js";
import { createTabState } from "../modules/tab_state.js";

const t = (key, substitutions) => browser.i18n.getMessage(key, substitutions);
const log = createLogger("panel");
const client = createPageClient();
const $ = (id) => document.getElementById(id);
const inMessageView = new URLSearchParams(location.search).get("context") === "message";
let current = null; // {tabId, draftId, view} of the draft shown
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

// The tab this popup belongs to and the draft it holds. In a compose window: the id the
// background kept when the draft was opened, else the header it put back on the window. In the
// message view: the draft the background saw displayed there.
async function draftOfThisTab() {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (!tab) return { tabId: null, draftId: null };
  if (inMessageView) {
    const shown = await browser.runtime.sendMessage({ draftbox: "shownDraft", tabId: tab.id });
    return { tabId: tab.id, draftId: shown?.data?.draftId ?? null };
  }
  const state = await createTabState(browser.storage.session).get(tab.id);
  if (state?.draftId) return { tabId: tab.id, draftId: state.draftId };
  const details = await browser.compose.getComposeDetails(tab.id);
  return { tabId: tab.id, draftId: draftIdFromCustomHeaders(details?.customHeaders) };
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
  return errorText(t, error);
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

function setStatus(text, isError = false) {
  $("actionStatus").textContent = text;
  $("actionStatus").className = isError ? "error" : "";
}

function setBusy(busy) {
  for (const id of ["regenerate", "restore", "reject", "instruction"]) $(id).disabled = busy;
  $("panel").setAttribute("aria-busy", String(busy));
}

async function showActions(view) {
  $("actions").hidden = view.state !== "placed";
  if ($("actions").hidden || inMessageView) {
    $("restore").hidden = true;
    return;
  }
  const kept = await browser.runtime.sendMessage({ draftbox: "hasPreviousText", draftId: current.draftId });
  $("restore").hidden = !kept?.data;
}

async function showDraft(draftId) {
  const draft = await client.getDraft(draftId);
  if (!draft.ok) return showProblem(problemText(draft.error, draftId));
  // The recipient's dated activities and the campaign make the panel richer; without them it
  // still shows the draft.
  const [recipient, campaign] = await Promise.all([
    draft.data.recipient?.id ? client.getRecipient(draft.data.recipient.id) : null,
    draft.data.campaign_id ? client.getCampaign(draft.data.campaign_id) : null,
  ]);
  const view = buildDraftView(draft.data, recipient?.ok ? recipient.data : null,
    campaign?.ok ? campaign.data : null);
  current = { ...current, draftId: String(view.id), view };
  render(view);
  await showActions(view);
}

async function load() {
  $("loading").hidden = false;
  $("problem").hidden = true;
  let found = { tabId: null, draftId: null };
  try {
    found = await draftOfThisTab();
  } catch (e) {
    log.warn("could not tell which draft this window holds:", e?.message ?? e);
  }
  if (!found.draftId) return showProblem(t("panelNotDraftbox"));
  current = { tabId: found.tabId, draftId: found.draftId, view: null };
  await showDraft(found.draftId);
}

function actionError(result) {
  return problemText(result.error, current.draftId);
}

async function regenerate() {
  const instruction = $("instruction").value.trim();
  setBusy(true);
  setStatus(t("panelRegenerating"));
  const result = await browser.runtime.sendMessage(inMessageView
    ? { draftbox: "regenerateInDrafts", draftId: current.draftId, instruction }
    : { draftbox: "regenerateInWindow", tabId: current.tabId, draftId: current.draftId, instruction });
  setBusy(false);
  if (!result?.ok) return setStatus(actionError(result), true);
  $("instruction").value = "";
  if (inMessageView) {
    // The daemon placed a new draft in place of this one.
    await showDraft(String(result.data.draft.id));
    setStatus(t("panelReplacedInDrafts"));
  } else {
    await showDraft(current.draftId);
    setStatus(t("panelRegeneratedInWindow"));
  }
  $("regenerate").focus();
}

async function restore() {
  setBusy(true);
  const result = await browser.runtime.sendMessage(
    { draftbox: "restoreInWindow", tabId: current.tabId, draftId: current.draftId });
  setBusy(false);
  if (!result?.ok) return setStatus(actionError(result), true);
  $("restore").hidden = true;
  setStatus(t("panelRestored"));
  $("regenerate").focus();
}

async function reject() {
  const picked = document.querySelector('input[name="reason"]:checked');
  if (!picked) {
    setStatus(t("panelRejectPickReason"), true);
    document.querySelector('input[name="reason"]')?.focus();
    return;
  }
  const request = {
    draftId: current.draftId,
    reasonCode: picked.value,
    reasonText: $("rejectText").value,
    suppress: $("neverContact").checked,
  };
  setBusy(true);
  setStatus(t("panelRejecting"));
  // In a compose window, success closes the window and this panel with it.
  const result = await browser.runtime.sendMessage(inMessageView
    ? { draftbox: "rejectInDrafts", ...request }
    : { draftbox: "rejectInWindow", tabId: current.tabId, ...request });
  setBusy(false);
  if (!result?.ok) return setStatus(actionError(result), true);
  await showDraft(current.draftId);
  setStatus(t("panelRejected"));
}

function reasonChoices() {
  return REJECT_REASONS.map(({ code, labelKey }) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "reason";
    input.value = code;
    const text = document.createElement("span");
    text.textContent = t(labelKey);
    label.append(input, text);
    return label;
  });
}

localizePage(document, t);
$("reasons").replaceChildren(...reasonChoices());
$("retry").addEventListener("click", load);
$("settings").addEventListener("click", () => browser.runtime.openOptionsPage());
$("regenerate").addEventListener("click", regenerate);
$("restore").addEventListener("click", restore);
$("reject").addEventListener("click", reject);
$("instruction").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !$("regenerate").disabled) regenerate();
});
load();
