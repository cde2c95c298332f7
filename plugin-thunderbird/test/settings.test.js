import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { DEFAULTS, STORAGE_KEYS } from "../modules/defaults.js";
import { browserSources, createSettingsStore } from "../modules/settings.js";
import { createTabState } from "../modules/tab_state.js";
import { createMemoryStorage } from "./support/memory_storage.js";

describe("SettingsStore", () => {
  it("falls back to the default daemon URL and an empty token when nothing is saved", async () => {
    const store = createSettingsStore(createMemoryStorage(), {});
    assert.deepEqual(await store.load(), { daemonUrl: DEFAULTS.daemonUrl, token: "", source: "none" });
  });

  it("returns saved values, trimmed", async () => {
    const area = createMemoryStorage();
    const store = createSettingsStore(area, {});
    await store.save({ daemonUrl: " http://localhost:9000 ", token: " abc \n" });
    assert.deepEqual(area.snapshot(), {
      [STORAGE_KEYS.daemonUrl]: "http://localhost:9000",
      [STORAGE_KEYS.token]: "abc",
    });
    assert.deepEqual(await store.load(), { daemonUrl: "http://localhost:9000", token: "abc", source: "local" });
  });

  it("treats a saved empty daemon URL as the default", async () => {
    const store = createSettingsStore(createMemoryStorage({ [STORAGE_KEYS.daemonUrl]: "  " }), {});
    assert.equal((await store.load()).daemonUrl, DEFAULTS.daemonUrl);
  });

  it("rejects when the storage area fails, so the client can report bad_config", async () => {
    const store = createSettingsStore({ get: async () => { throw new Error("quota"); }, set: async () => {} }, {});
    await assert.rejects(() => store.load(), /quota/);
  });
});

describe("SettingsStore sources: managed storage, then the native host, then the settings page", () => {
  const saved = () => createMemoryStorage({
    [STORAGE_KEYS.daemonUrl]: "http://127.0.0.1:7000",
    [STORAGE_KEYS.token]: "typed-token",
  });
  const managed = (values) => ({ get: async () => values });
  const noPolicy = { get: async () => { throw new Error("Managed storage manifest not found"); } };
  function nativeHost(answer) {
    const host = async () => {
      host.calls += 1;
      if (answer instanceof Error) throw answer;
      return answer;
    };
    host.calls = 0;
    return host;
  }

  it("takes an IT policy first and does not start the native host when it says everything", async () => {
    const native = nativeHost({ address: "http://127.0.0.1:7411", token: "paired-token" });
    const store = createSettingsStore(saved(), {
      managed: managed({ daemonUrl: "http://127.0.0.1:7500", token: "policy-token" }),
      native,
    });
    assert.deepEqual(await store.load(), { daemonUrl: "http://127.0.0.1:7500", token: "policy-token", source: "managed" });
    assert.equal(native.calls, 0);
  });

  it("pairs through the native host when there is no policy, and asks it only once", async () => {
    const native = nativeHost({ address: "http://127.0.0.1:7411", token: "paired-token" });
    const store = createSettingsStore(saved(), { managed: noPolicy, native });
    const expected = { daemonUrl: "http://127.0.0.1:7411", token: "paired-token", source: "native" };
    assert.deepEqual(await store.load(), expected);
    assert.deepEqual(await store.load(), expected);
    assert.equal(native.calls, 1);
  });

  it("lets a policy's address win over the native host's while the host supplies the token", async () => {
    const store = createSettingsStore(saved(), {
      managed: managed({ daemonUrl: "http://localhost:7600" }),
      native: nativeHost({ address: "http://127.0.0.1:7411", token: "paired-token" }),
    });
    assert.deepEqual(await store.load(), { daemonUrl: "http://localhost:7600", token: "paired-token", source: "native" });
  });

  for (const [name, answer] of [
    ["not installed", new Error("No such native application draftbox")],
    ["answers an error", { error: { code: "not_found", message: "token file missing" } }],
    ["answers without a token", { address: "http://127.0.0.1:7411", token: "" }],
  ]) {
    it(`falls back to the settings page when the native host is ${name}`, async () => {
      const store = createSettingsStore(saved(), { managed: noPolicy, native: nativeHost(answer) });
      assert.deepEqual(await store.load(), { daemonUrl: "http://127.0.0.1:7000", token: "typed-token", source: "local" });
    });
  }

  it("does not start a failing native host again until the retry interval has passed", async () => {
    let clock = 0;
    const native = nativeHost(new Error("No such native application draftbox"));
    const store = createSettingsStore(saved(), { native, now: () => clock });
    await store.load();
    await store.load();
    assert.equal(native.calls, 1);
    clock += DEFAULTS.nativeRetryMs;
    await store.load();
    assert.equal(native.calls, 2);
  });

  it("loadSaved gives the settings page its own values, not the paired ones", async () => {
    const store = createSettingsStore(saved(), {
      native: nativeHost({ address: "http://127.0.0.1:7411", token: "paired-token" }),
    });
    assert.deepEqual(await store.loadSaved(), { daemonUrl: "http://127.0.0.1:7000", token: "typed-token" });
  });

  it("takes the sources from the browser API where it has them", async () => {
    const sent = [];
    const api = {
      storage: { managed: managed({ token: "policy-token" }) },
      runtime: { sendNativeMessage: async (name, message) => { sent.push([name, message]); return {}; } },
    };
    const sources = browserSources(api);
    assert.equal(sources.managed, api.storage.managed);
    await sources.native();
    assert.deepEqual(sent, [[DEFAULTS.nativeHostName, { type: "pair" }]]);
    assert.deepEqual(browserSources({ storage: {} }), {});
  });
});

describe("TabState", () => {
  for (const [name, makeArea] of [
    ["over a storage area", () => createMemoryStorage()],
    ["over its built-in map", () => undefined],
  ]) {
    it(`merges updates and forgets removed tabs (${name})`, async () => {
      const state = createTabState(makeArea());
      assert.equal(await state.get(3), null);
      await state.update(3, { draftId: "d1" });
      await state.update(3, { finalText: "text" });
      await state.update(4, { draftId: "d2" });
      assert.deepEqual(await state.get(3), { draftId: "d1", finalText: "text" });
      await state.remove(3);
      assert.equal(await state.get(3), null);
      assert.deepEqual(await state.get(4), { draftId: "d2" });
    });
  }

  it("keeps state across a new TabState over the same area (background restarted)", async () => {
    const area = createMemoryStorage();
    await createTabState(area).update(9, { draftId: "d9" });
    assert.deepEqual(await createTabState(area).get(9), { draftId: "d9" });
  });
});
