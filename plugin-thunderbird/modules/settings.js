// Where the add-on finds the daemon's address and token, in this order, field by field:
//   1. browser.storage.managed — preset by IT through Thunderbird's enterprise policies
//      (policies.json "3rdparty"; docs/addon.md); a value there always wins;
//   2. the native messaging host `draftbox` (`draftbox native-host`, installed with the
//      daemon), which answers {"type": "pair"} with the daemon's address and token, so a rep
//      never pastes a token;
//   3. browser.storage.local, written by the settings page: the fallback;
//   then modules/defaults.js. Every source is injected, so tests use in-memory ones; by
//   default they are taken from the global `browser` where it has them.

import { DEFAULTS, STORAGE_KEYS } from "./defaults.js";

/**
 * The sources the running add-on has: managed storage and the native host, each only where
 * the API exists (a page without the nativeMessaging permission simply has no native source).
 */
export function browserSources(api = globalThis.browser) {
  const sources = {};
  if (api?.storage?.managed?.get) sources.managed = api.storage.managed;
  if (api?.runtime?.sendNativeMessage) {
    sources.native = () => api.runtime.sendNativeMessage(DEFAULTS.nativeHostName, { type: "pair" });
  }
  return sources;
}

const text = (value) => (typeof value === "string" ? value.trim() : "");

/**
 * @param {{get: Function, set: Function}} area e.g. browser.storage.local
 * @param {{managed?: {get: Function}, native?: () => Promise<object>, now?: () => number}} sources
 */
export function createSettingsStore(area, sources = browserSources()) {
  const now = sources.now ?? (() => Date.now());
  let paired = null; // the native host's answer, kept: the token does not change while the daemon lives
  let nativeFailedAt = -Infinity;

  // What IT preset; {} without a policy (Thunderbird rejects the read when no managed
  // storage exists for the add-on).
  async function readManaged() {
    if (!sources.managed) return {};
    try {
      const got = await sources.managed.get([STORAGE_KEYS.daemonUrl, STORAGE_KEYS.token]);
      return { daemonUrl: text(got?.[STORAGE_KEYS.daemonUrl]), token: text(got?.[STORAGE_KEYS.token]) };
    } catch {
      return {};
    }
  }

  // The native host's answer, or {} when it is not installed, fails or answers an error. A
  // failure is not asked again for a while: each ask starts a process.
  async function readNative() {
    if (paired) return paired;
    if (!sources.native || now() - nativeFailedAt < DEFAULTS.nativeRetryMs) return {};
    try {
      const answer = await sources.native();
      const token = text(answer?.token);
      if (!token) throw new Error(answer?.error?.message ?? "no token in the answer");
      paired = { daemonUrl: text(answer.address), token };
      return paired;
    } catch {
      nativeFailedAt = now();
      return {};
    }
  }

  async function loadSaved() {
    const stored = await area.get({
      [STORAGE_KEYS.daemonUrl]: DEFAULTS.daemonUrl,
      [STORAGE_KEYS.token]: "",
    });
    return {
      daemonUrl: text(String(stored[STORAGE_KEYS.daemonUrl] ?? "")) || DEFAULTS.daemonUrl,
      token: text(String(stored[STORAGE_KEYS.token] ?? "")),
    };
  }

  return {
    /**
     * Resolves to {daemonUrl, token, source}: source names where the token came from
     * ("managed", "native", "local", or "none" when there is none). Rejects only if the
     * settings page's storage fails.
     */
    async load() {
      const managed = await readManaged();
      const native = managed.daemonUrl && managed.token ? {} : await readNative();
      const saved = await loadSaved();
      const pick = (key) => managed[key] || native[key] || "";
      const token = pick("token") || saved.token;
      let source = "none";
      if (managed.token) source = "managed";
      else if (native.token) source = "native";
      else if (saved.token) source = "local";
      return { daemonUrl: pick("daemonUrl") || saved.daemonUrl, token, source };
    },
    /** What the settings page saved (or the defaults), without the other sources. */
    loadSaved,
    /** Saves both values, trimmed. Rejects if storage fails. */
    async save({ daemonUrl, token }) {
      await area.set({
        [STORAGE_KEYS.daemonUrl]: String(daemonUrl ?? "").trim(),
        [STORAGE_KEYS.token]: String(token ?? "").trim(),
      });
    },
  };
}
