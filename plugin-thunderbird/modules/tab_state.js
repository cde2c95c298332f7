// Per-compose-tab state: the draft id read when the draft was opened, and what the send
// report needs. A Manifest V3 background page is suspended when idle and loses its
// variables, so the state lives in browser.storage.session (kept until Thunderbird quits).
// The storage area is injected; without one (tests, or an API missing) a Map is used.

function mapArea() {
  const map = new Map();
  return {
    async get(key) {
      return map.has(key) ? { [key]: map.get(key) } : {};
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) map.set(k, structuredClone(v));
    },
    async remove(key) {
      map.delete(key);
    },
  };
}

/** @param {{get: Function, set: Function, remove: Function}} [area] e.g. browser.storage.session */
export function createTabState(area = mapArea()) {
  const key = (tabId) => `composeTab:${tabId}`;
  return {
    /** The state of `tabId`, or null when there is none. Rejects if storage fails. */
    async get(tabId) {
      const items = await area.get(key(tabId));
      return items[key(tabId)] ?? null;
    },
    /** Merges `patch` into the tab's state and returns the result. Rejects if storage fails. */
    async update(tabId, patch) {
      const next = { ...((await this.get(tabId)) ?? {}), ...patch };
      await area.set({ [key(tabId)]: next });
      return next;
    },
    /** Forgets the tab. Rejects if storage fails. */
    async remove(tabId) {
      await area.remove(key(tabId));
    },
  };
}
