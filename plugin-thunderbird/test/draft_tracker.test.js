import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";

import { createDraftTracker } from "../modules/draft_tracker.js";
import { createTabState } from "../modules/tab_state.js";
import { createMemoryStorage } from "./support/memory_storage.js";

// A window the review queue opened with compose.beginNew is a copy of the draft: the tracker
// makes it the draft's window and removes the original once the copy is saved or sent, so
// Drafts ends with exactly one copy.
describe("DraftTracker with a window the review queue opened", () => {
  let deleted;
  let deleteFails;
  let headers;
  let enabled;
  let reported;
  let tabState;
  let tracker;
  beforeEach(() => {
    deleted = [];
    deleteFails = false;
    headers = null;
    enabled = [];
    reported = [];
    tabState = createTabState(createMemoryStorage());
    tracker = createDraftTracker({
      compose: {
        getComposeDetails: async () => ({ type: "new", customHeaders: [] }),
        setComposeDetails: async (tabId, details) => { headers = details.customHeaders; },
      },
      composeAction: { enable: async (tabId) => enabled.push(tabId) },
      messages: {
        getFull: async () => ({ headers: {} }),
        delete: async (ids, options) => {
          if (deleteFails) throw new Error("folder busy");
          deleted.push({ ids, options });
        },
      },
      tabState,
      reports: { report: async (draftId, report) => reported.push({ draftId, ...report }) },
      log: { info: () => {}, warn: () => {}, error: () => {} },
    });
  });

  it("carries the draft's id on the window and offers the panel", async () => {
    await tracker.adopt(5, "7", 301);
    assert.deepEqual(headers, [{ name: "X-Draftbox-Id", value: "7" }]);
    assert.deepEqual(enabled, [5]);
    assert.deepEqual(await tabState.get(5), { draftId: "7", replaces: 301 });
  });

  it("removes the original from Drafts at the first save only", async () => {
    await tracker.adopt(5, "7", 301);
    await tracker.onAfterSave({ id: 5 }, { mode: "draft", messages: [{ id: 400 }] });
    await tracker.onAfterSave({ id: 5 }, { mode: "autoSave", messages: [{ id: 401 }] });
    assert.deepEqual(deleted, [{ ids: [301], options: { deletePermanently: true } }]);
  });

  it("keeps the original when the save failed, was a template, or the delete was refused", async () => {
    await tracker.adopt(5, "7", 301);
    await tracker.onAfterSave({ id: 5 }, { mode: "draft", error: "server down", messages: [] });
    await tracker.onAfterSave({ id: 5 }, { mode: "template", messages: [{ id: 400 }] });
    deleteFails = true;
    await tracker.onAfterSave({ id: 5 }, { mode: "draft", messages: [{ id: 400 }] });
    assert.deepEqual(deleted, []);
    // The next save tries again.
    deleteFails = false;
    await tracker.onAfterSave({ id: 5 }, { mode: "autoSave", messages: [{ id: 401 }] });
    assert.deepEqual(deleted.map((d) => d.ids), [[301]]);
  });

  it("removes the original when the window sends without a save, and reports the send", async () => {
    await tracker.adopt(5, "7", 301);
    await tracker.onBeforeSend({ id: 5 }, { plainTextBody: "Hi Ana", customHeaders: [] });
    await tracker.onAfterSend({ id: 5 }, { mode: "sendNow", headerMessageId: "sent@x" });
    assert.deepEqual(deleted.map((d) => d.ids), [[301]]);
    assert.deepEqual(reported, [{ draftId: "7", messageId: "sent@x", finalText: "Hi Ana" }]);
  });

  it("never deletes anything for a window Thunderbird opened as a draft itself", async () => {
    await tabState.update(6, { draftId: "8" });
    await tracker.onAfterSave({ id: 6 }, { mode: "draft", messages: [{ id: 402 }] });
    assert.deepEqual(deleted, []);
  });
});
