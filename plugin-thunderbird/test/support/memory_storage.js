// An in-memory StorageArea with the get/set/remove semantics of browser.storage.*:
// get(null) returns everything, get("k") / get(["k"]) the present keys, get({k: default})
// the stored value or the default. Values are copied in and out, as the real API does.

export function createMemoryStorage(initial = {}) {
  const items = new Map(Object.entries(structuredClone(initial)));
  return {
    async get(keys) {
      if (keys == null) return structuredClone(Object.fromEntries(items));
      if (typeof keys === "string") keys = [keys];
      const out = {};
      if (Array.isArray(keys)) {
        for (const k of keys) if (items.has(k)) out[k] = structuredClone(items.get(k));
        return out;
      }
      for (const [k, fallback] of Object.entries(keys)) {
        out[k] = items.has(k) ? structuredClone(items.get(k)) : fallback;
      }
      return out;
    },
    async set(values) {
      for (const [k, v] of Object.entries(values)) items.set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of [].concat(keys)) items.delete(k);
    },
    snapshot: () => structuredClone(Object.fromEntries(items)),
  };
}
