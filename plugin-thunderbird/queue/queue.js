// The review queue (an extension page, opened from the Draftbox button of the main window):
// every draft waiting in Drafts, by campaign, with its recipient and the main fact it rests
// on, the campaign's drafts counted by state, and one click (or Enter) to open a draft in a
// compose window; then the replies that may be opt-outs, each to confirm or dismiss. Never a
// blocking dialog: problems show on the page.

import { localizePage } from "../modules/i18n.js";
import { createLogger } from "../modules/log.js";
import { createPageClient, errorText } from "../modules/page.js";
import { buildOptOutItems } from "../modules/optout_view.js";
import { buildQueue } from "../modules/queue_view.js";

const t = (key, substitutions) => browser.i18n.getMessage(key, substitutions);
const log = createLogger("queue");
const client = createPageClient();
const $ = (id) => document.getElementById(id);

function stateLabel(state) {
  const key = `state${state.split("_").map((w) => w[0].toUpperCase() + w.slice(1)).join("")}`;
  return t(key) || state.replaceAll("_", " ");
}

function countsText(counts) {
  return counts.map(([state, n]) => `${stateLabel(state)}: ${n}`).join(" · ");
}

function showProblem(error) {
  $("problemText").textContent = errorText(t, error);
  $("problem").hidden = false;
  $("settings").focus();
}

async function openDraft(button, item) {
  const note = button.querySelector(".opening");
  note.textContent = t("queueOpening");
  note.className = "opening";
  const result = await browser.runtime.sendMessage({ draftbox: "openDraft", draftId: String(item.id) });
  if (result?.ok) {
    note.textContent = "";
    return;
  }
  log.warn(`could not open draft ${item.id}:`, result?.error?.message);
  note.textContent = result?.error?.code === "not_in_drafts"
    ? t("queueNotInDrafts")
    : result?.error?.message ?? t("queueOpenFailed");
  note.className = "opening failed";
}

// An element holding `text` as text: what the daemon passes on (names, replies) is never markup.
function textElement(tag, className, text) {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = text;
  return element;
}

function draftRow(item) {
  const row = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.draftId = String(item.id);
  const cell = (className, text) => textElement("span", className, text);
  button.append(
    cell("who", item.name),
    cell("fact", item.mainFact || t("queueNoFact")),
    cell("work", [item.role, item.company].filter(Boolean).join(" · ") || item.email),
    cell("subject", item.subject),
    cell("opening", ""),
  );
  button.title = t("queueOpenTitle", [item.email]);
  button.addEventListener("click", () => openDraft(button, item));
  row.append(button);
  return row;
}

function groupSection(group) {
  const section = document.createElement("section");
  const heading = document.createElement("h2");
  heading.textContent = group.campaign.name;
  const goal = document.createElement("p");
  goal.className = "goal";
  goal.textContent = group.campaign.goal;
  const counts = document.createElement("p");
  counts.className = "counts";
  counts.textContent = countsText(group.counts);
  const list = document.createElement("ol");
  list.append(...group.drafts.map(draftRow));
  section.append(heading, goal, counts, list);
  if (group.drafts.length === 0) {
    const none = document.createElement("p");
    none.className = "muted";
    none.textContent = t("queueNothingWaiting");
    section.append(none);
  }
  return section;
}

async function decideOptOut(row, item, decision) {
  for (const button of row.querySelectorAll("button")) button.disabled = true;
  const note = row.querySelector(".decision");
  const result = await client.decideOptOut(item.id, decision);
  if (!result.ok) {
    log.warn(`could not ${decision} possible opt-out ${item.id}:`, result.error.message);
    note.textContent = errorText(t, result.error);
    note.className = "decision failed";
    for (const button of row.querySelectorAll("button")) button.disabled = false;
    return;
  }
  note.textContent = t(decision === "confirm" ? "queueOptOutConfirmed" : "queueOptOutDismissed",
    [item.email]);
  note.className = "decision";
  // The next row (or the heading) takes the focus, so the keyboard stays in the list.
  const next = row.nextElementSibling?.querySelector("button") ?? $("possibleOptOutsHeading");
  next.focus();
}

function optOutRow(item) {
  const row = document.createElement("li");
  row.className = "optout";
  row.dataset.reviewId = String(item.id);
  const line = (className, text) => textElement("p", className, text);
  // The reply is untrusted: text only (optout_view.js took out what could disguise it).
  const excerpt = textElement("blockquote", "excerpt", item.excerpt);
  const button = (decision, label, title) => {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.decision = decision;
    b.textContent = t(label);
    b.title = t(title, [item.email]);
    b.addEventListener("click", () => decideOptOut(row, item, decision));
    return b;
  };
  const actions = document.createElement("p");
  actions.className = "decide";
  actions.append(button("confirm", "queueOptOutConfirm", "queueOptOutConfirmTitle"),
    button("dismiss", "queueOptOutDismiss", "queueOptOutDismissTitle"));
  const note = line("decision", "");
  note.setAttribute("role", "status");
  row.append(line("who", t("queueOptOutFrom", [item.email, item.date])), excerpt,
    line("muted phrase", t("queueOptOutMatched", [item.phrase])), actions, note);
  return row;
}

// The pending possible opt-outs; the section stays hidden when there are none or the daemon
// cannot list them (the drafts above already say when the daemon is unreachable).
async function loadOptOuts() {
  const pending = await client.listPendingOptOuts();
  if (!pending.ok) {
    log.warn("could not list possible opt-outs:", pending.error.message);
    $("possibleOptOuts").hidden = true;
    return;
  }
  const items = buildOptOutItems(pending.data?.optouts);
  $("possibleOptOutsList").replaceChildren(...items.map(optOutRow));
  $("possibleOptOuts").hidden = items.length === 0;
}

async function load() {
  $("queue").setAttribute("aria-busy", "true");
  $("problem").hidden = true;
  const [campaigns, drafts] = await Promise.all([
    client.listCampaigns(),
    client.listDrafts({ state: "placed" }),
    loadOptOuts(),
  ]);
  $("queue").setAttribute("aria-busy", "false");
  const failed = [campaigns, drafts].find((r) => !r.ok);
  if (failed) {
    $("groups").replaceChildren();
    $("summary").textContent = "";
    return showProblem(failed.error);
  }
  const queue = buildQueue(campaigns.data.campaigns, drafts.data.drafts);
  $("summary").textContent = t("queueSummary", [String(queue.open)]);
  $("totals").textContent = countsText(queue.totals);
  $("groups").replaceChildren(...queue.groups.map(groupSection));
  $("groups").querySelector("button")?.focus();
}

localizePage(document, t);
$("refresh").addEventListener("click", load);
$("settings").addEventListener("click", () => browser.runtime.openOptionsPage());
// Back from a draft, the queue shows what changed meanwhile.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") load();
});
load();
