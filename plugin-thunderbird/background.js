// Draftbox background script (Manifest V3, ES module).
// Thunderbird suspends an idle MV3 background and wakes it only for listeners that were
// registered while the script first ran, so every listener is added here, at the top
// level, before anything is awaited. The work itself lives in modules/.

import { createDaemonClient } from "./modules/daemon_client.js";
import { createDisplayTracker } from "./modules/display_tracker.js";
import { createDraftTracker } from "./modules/draft_tracker.js";
import { DEFAULTS } from "./modules/defaults.js";
import { createLogger } from "./modules/log.js";
import { createReportQueue } from "./modules/report_queue.js";
import { createPreviousTexts } from "./modules/review.js";
import { createReviewActions } from "./modules/review_actions.js";
import { createSettingsStore } from "./modules/settings.js";
import { createTabState } from "./modules/tab_state.js";

const settings = createSettingsStore(browser.storage.local);
const client = createDaemonClient({
  fetch: (...args) => globalThis.fetch(...args),
  loadSettings: () => settings.load(),
});
const reports = createReportQueue({
  area: browser.storage.local,
  client,
  alarms: browser.alarms,
  log: createLogger("reports"),
});
const tabState = createTabState(browser.storage.session);
const tracker = createDraftTracker({
  compose: browser.compose,
  composeAction: browser.composeAction,
  messages: browser.messages,
  tabState,
  reports,
  log: createLogger("compose"),
});
const display = createDisplayTracker({
  messageDisplayAction: browser.messageDisplayAction,
  messages: browser.messages,
  area: browser.storage.session,
  log: createLogger("display"),
});
const actions = createReviewActions({
  client,
  compose: browser.compose,
  tabs: browser.tabs,
  windows: browser.windows,
  messages: browser.messages,
  adoptWindow: tracker.adopt,
  previousTexts: createPreviousTexts(browser.storage.local),
  tabState,
  log: createLogger("review"),
});

// What the panel and the review queue ask the background to do: the work runs here, so a
// panel closed in the middle of a Regenerate or Reject loses nothing.
const REQUESTS = {
  regenerateInWindow: (m) => actions.regenerateInWindow(m.tabId, m.draftId, m.instruction ?? ""),
  restoreInWindow: (m) => actions.restoreInWindow(m.tabId, m.draftId),
  hasPreviousText: (m) => actions.hasPreviousText(m.draftId),
  rejectInWindow: (m) => actions.rejectInWindow(m.tabId, m.draftId, m),
  regenerateInDrafts: (m) => actions.regenerateInDrafts(m.draftId, m.instruction ?? ""),
  rejectInDrafts: (m) => actions.rejectInDrafts(m.draftId, m),
  openDraft: (m) => actions.openDraft(m.draftId),
  shownDraft: async (m) => ({ ok: true, data: await display.shown(m.tabId) }),
};
function onRequest(message, sender) {
  // Only the add-on's own pages talk to it.
  if (sender?.id !== browser.runtime.id) return undefined;
  const handler = REQUESTS[message?.draftbox];
  return handler ? handler(message) : undefined;
}
function openQueue() {
  return browser.tabs.create({ url: browser.runtime.getURL("queue/queue.html") });
}

// The panel is for Draftbox drafts only: its button is off unless the tracker turns it on for
// the tab of a Draftbox draft. Not awaited, so no listener waits for it.
browser.composeAction.disable().catch(() => {});
browser.messageDisplayAction.disable().catch(() => {});

browser.tabs.onCreated.addListener(tracker.onTabCreated);
browser.tabs.onRemoved.addListener(tracker.onTabRemoved);
browser.tabs.onRemoved.addListener(display.onTabRemoved);
browser.messageDisplay.onMessagesDisplayed.addListener(display.onMessagesDisplayed);
browser.runtime.onMessage.addListener(onRequest);
browser.action.onClicked.addListener(openQueue);
browser.compose.onBeforeSend.addListener(tracker.onBeforeSend);
browser.compose.onAfterSend.addListener(tracker.onAfterSend);
browser.compose.onAfterSave.addListener(tracker.onAfterSave);
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === DEFAULTS.reportRetryAlarm) reports.flush();
});

// Reports kept from before a restart of Thunderbird go out now (not awaited).
reports.flush();

createLogger("background").info("started");
