import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { findDraftMessage } from "../modules/draft_locator.js";

// A messages API over a fixed list: {id, headerMessageId, recipients, date, headers}.
function fakeMessages(list) {
  const calls = [];
  return {
    calls,
    async query(info) {
      calls.push(info);
      const found = list.filter((m) =>
        (info.headerMessageId === undefined || m.headerMessageId === info.headerMessageId) &&
        (info.recipients === undefined || m.recipients.includes(info.recipients)));
      return { id: null, messages: found.map(({ headers, ...m }) => m) };
    },
    async continueList() {
      return { id: null, messages: [] };
    },
    async getFull(id) {
      return { headers: list.find((m) => m.id === id).headers };
    },
  };
}

const placed = { id: 7, message_id: "<draftbox.7@x.example>", to: "ana@x.example" };

describe("findDraftMessage", () => {
  it("finds a draft nobody saved yet by the Message-ID it was placed with", async () => {
    const messages = fakeMessages([
      { id: 1, headerMessageId: "draftbox.7@x.example", recipients: ["ana@x.example"], headers: { "x-draftbox-id": ["7"] } },
    ]);
    assert.equal(await findDraftMessage(messages, placed), 1);
    assert.deepEqual(messages.calls, [{ headerMessageId: "draftbox.7@x.example" }]);
  });

  it("finds a saved copy (new Message-ID) by its X-Draftbox-Id among the recipient's messages", async () => {
    const messages = fakeMessages([
      { id: 2, headerMessageId: "sent@x", recipients: ["ana@x.example"], date: "2026-12-01", headers: {} },
      { id: 3, headerMessageId: "other@x", recipients: ["ana@x.example"], date: "2026-12-02", headers: { "x-draftbox-id": ["8"] } },
      { id: 4, headerMessageId: "tb-random@x", recipients: ["ana@x.example"], date: "2026-12-03", headers: { "x-draftbox-id": ["7"] } },
    ]);
    assert.equal(await findDraftMessage(messages, placed), 4);
  });

  it("finds nothing when no message names this draft", async () => {
    const messages = fakeMessages([
      { id: 5, headerMessageId: "draftbox.7@x.example", recipients: ["ana@x.example"], headers: {} },
    ]);
    assert.equal(await findDraftMessage(messages, placed), null);
    assert.equal(await findDraftMessage(messages, {}), null);
  });
});
