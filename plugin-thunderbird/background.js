// Draftbox background script (Manifest V3, ES module).
// Thunderbird suspends an idle MV3 background and wakes it only for listeners that were
// registered while the script first ran, so every listener is added here, at the top
// level, before anything is awaited. The work itself lives in modules/.

import { createDaemonClient } from "./modules/daemon_client.js";
import { createDraftTracker } from "./modules/draft_tracker.js";
import { DEFAULTS } from "./modules/defaults.js";
import { createLogger } from "./modules/log.js";
import { createReportQueue } from "./modules/report_queue.js";
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
const tracker = createDraftTracker({
  compose: browser.compose,
  composeAction: browser.composeAction,
  messages: browser.messages,
  tabState: createTabState(browser.storage.session),
  reports,
  log: createLogger("compose"),
});

// The panel is for Draftbox drafts only: its button is off unless the tracker turns it on for
// the tab of a Draftbox draft. Not awaited, so no listener waits for it.
browser.composeAction.disable().catch(() => {});

browser.tabs.onCreated.addListener(tracker.onTabCreated);
browser.tabs.onRemoved.addListener(tracker.onTabRemoved);
browser.compose.onBeforeSend.addListener(tracker.onBeforeSend);
browser.compose.onAfterSend.addListener(tracker.onAfterSend);
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === DEFAULTS.reportRetryAlarm) reports.flush();
});

// Reports kept from before a restart of Thunderbird go out now (not awaited).
reports.flush();

createLogger("background").info("started");
