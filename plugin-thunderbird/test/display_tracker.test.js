import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createDisplayTracker } from "../modules/display_tracker.js";
import { createMemoryStorage } from "./support/memory_storage.js";

function setup(headersById) {
  const calls = [];
  const tracker = createDisplayTracker({
    messageDisplayAction: {
      enable: async (tabId) => calls.push(["enable", tabId]),
      disable: async (tabId) => calls.push(["disable", tabId]),
    },
    messages: { getFull: async (id) => ({ headers: headersById[id] ?? {} }) },
    area: createMemoryStorage(),
    log: { warn: () => {} },
  });
  return { tracker, calls };
}

describe("DisplayTracker", () => {
  it("offers the panel for one displayed Draftbox draft and remembers its id", async () => {
    const { tracker, calls } = setup({ 11: { "x-draftbox-id": ["42"] } });
    await tracker.onMessagesDisplayed({ id: 3 }, { id: null, messages: [{ id: 11 }] });
    assert.deepEqual(calls, [["enable", 3]]);
    assert.deepEqual(await tracker.shown(3), { draftId: "42", messageId: 11 });
  });

  it("offers nothing for another message, or for several", async () => {
    const { tracker, calls } = setup({ 11: { "x-draftbox-id": ["42"] }, 12: { subject: ["hi"] } });
    await tracker.onMessagesDisplayed({ id: 3 }, { messages: [{ id: 11 }] });
    await tracker.onMessagesDisplayed({ id: 3 }, { messages: [{ id: 12 }] });
    assert.equal(await tracker.shown(3), null);
    await tracker.onMessagesDisplayed({ id: 4 }, [{ id: 11 }, { id: 12 }]);
    assert.deepEqual(calls, [["enable", 3], ["disable", 3], ["disable", 4]]);
  });

  it("forgets a closed tab and never throws", async () => {
    const { tracker } = setup({ 11: { "x-draftbox-id": ["42"] } });
    await tracker.onMessagesDisplayed({ id: 3 }, { messages: [{ id: 11 }] });
    await tracker.onTabRemoved(3);
    assert.equal(await tracker.shown(3), null);
    const broken = createDisplayTracker({
      messageDisplayAction: { enable: async () => {}, disable: async () => {} },
      messages: { getFull: async () => { throw new Error("gone"); } },
      area: createMemoryStorage(),
      log: { warn: () => {} },
    });
    await assert.doesNotReject(broken.onMessagesDisplayed({ id: 1 }, { messages: [{ id: 1 }] }));
  });
});
