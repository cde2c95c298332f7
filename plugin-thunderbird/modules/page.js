// What the add-on's pages (the panel, the review queue) share: a daemon client over the stored
// settings, and a problem said in the user's words. Uses the `browser` global of a page.

import { createDaemonClient, errorMessageKey } from "./daemon_client.js";
import { createSettingsStore } from "./settings.js";

/** The daemon client of a page, reading the add-on's settings on every request. */
export function createPageClient() {
  const settings = createSettingsStore(browser.storage.local);
  return createDaemonClient({
    fetch: (...args) => globalThis.fetch(...args),
    loadSettings: () => settings.load(),
  });
}

/** The localized sentence for a client error (`t` is browser.i18n.getMessage). */
export function errorText(t, error) {
  const key = errorMessageKey(error.code);
  return t(key, key === "errorDaemon" ? [error.message] : undefined);
}
