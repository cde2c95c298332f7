import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { DEFAULTS, STORAGE_KEYS } from "../modules/defaults.js";
import { createSettingsStore } from "../modules/settings.js";
import { createTabState } from "../modules/tab_state.js";
import { createMemoryStorage } from "./support/memory_storage.js";

describe("SettingsStore", () => {
  it("falls back to the default daemon URL and an empty token when nothing is saved", async () => {
    const store = createSettingsStore(createMemoryStorage());
    assert.deepEqual(await store.load(), { daemonUrl: DEFAULTS.daemonUrl, token: "" });
  });

  it("returns saved values, trimmed", async () => {
    const area = createMemoryStorage();
    const store = createSettingsStore(area);
    await store.save({ daemonUrl: " http://localhost:9000 ", token: " abc \n" });
    assert.deepEqual(area.snapshot(), {
      [STORAGE_KEYS.daemonUrl]: "http://localhost:9000",
      [STORAGE_KEYS.token]: "abc",
    });
    assert.deepEqual(await store.load(), { daemonUrl: "http://localhost:9000", token: "abc" });
  });

  it("treats a saved empty daemon URL as the default", async () => {
    const store = createSettingsStore(createMemoryStorage({ [STORAGE_KEYS.daemonUrl]: "  " }));
    assert.equal((await store.load()).daemonUrl, DEFAULTS.daemonUrl);
  });

  it("rejects when the storage area fails, so the client can report bad_config", async () => {
    const store = createSettingsStore({ get: async () => { throw new Error("quota"); }, set: async () => {} });
    await assert.rejects(() => store.load(), /quota/);
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
