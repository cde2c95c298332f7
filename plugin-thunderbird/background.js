// Draftbox background script (Manifest V3, ES module).
// Thunderbird suspends an idle MV3 background and wakes it only for listeners that were
// registered while the script first ran, so every listener is added here, at the top
// level, before anything is awaited. The work itself lives in modules/.

import { createDaemonClient } from "./modules/daemon_client.js";
import { createDraftTracker } from "./modules/draft_tracker.js";
import { createLogger } from "./modules/log.js";
import { createSettingsStore } from "./modules/settings.js";
import { createTabState } from "./modules/tab_state.js";

const settings = createSettingsStore(browser.storage.local);
const client = createDaemonClient({
  fetch: (...args) => globalThis.fetch(...args),
  loadSettings: () => settings.load(),
});
const tracker = createDraftTracker({
  compose: browser.compose,
  messages: browser.messages,
  tabState: createTabState(browser.storage.session),
  client,
  log: createLogger("compose"),
});

browser.tabs.onCreated.addListener(tracker.onTabCreated);
browser.tabs.onRemoved.addListener(tracker.onTabRemoved);
browser.compose.onBeforeSend.addListener(tracker.onBeforeSend);
browser.compose.onAfterSend.addListener(tracker.onAfterSend);

createLogger("background").info("started");
