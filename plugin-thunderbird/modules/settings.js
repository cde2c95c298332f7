// Where the add-on's settings live: browser.storage.local, written by the settings page,
// with modules/defaults.js underneath. The storage area is injected (anything with the
// get/set of a StorageArea), so tests use an in-memory one.
//
// Later, a native messaging host installed with the daemon package supplies the token, and
// the stored one becomes the fallback; load() is the single place that will change.

import { DEFAULTS, STORAGE_KEYS } from "./defaults.js";

/** @param {{get: Function, set: Function}} area e.g. browser.storage.local */
export function createSettingsStore(area) {
  return {
    /** Resolves to {daemonUrl, token}; token is "" when none is saved. Rejects if storage fails. */
    async load() {
      const stored = await area.get({
        [STORAGE_KEYS.daemonUrl]: DEFAULTS.daemonUrl,
        [STORAGE_KEYS.token]: "",
      });
      const daemonUrl = String(stored[STORAGE_KEYS.daemonUrl] ?? "").trim() || DEFAULTS.daemonUrl;
      const token = String(stored[STORAGE_KEYS.token] ?? "").trim();
      return { daemonUrl, token };
    },
    /** Saves both values, trimmed. Rejects if storage fails. */
    async save({ daemonUrl, token }) {
      await area.set({
        [STORAGE_KEYS.daemonUrl]: String(daemonUrl ?? "").trim(),
        [STORAGE_KEYS.token]: String(token ?? "").trim(),
      });
    },
  };
}
