import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";

import { createDaemonClient } from "../modules/daemon_client.js";
import { createPreviousTexts } from "../modules/review.js";
import { createReviewActions } from "../modules/review_actions.js";
import { createTabState } from "../modules/tab_state.js";
import { sendJson, startServer } from "./support/daemon_server.js";
import { createMemoryStorage } from "./support/memory_storage.js";

const NEW_TEXT = { draft_id: 7, subject: "Shorter", body: "Hi Ana,\n\nShort.\n\nDana", language: "en", facts_used: [] };

// A daemon stand-in with operations: regenerate and reject answer 202 with an operation that
// is still running at the first look and done (or failed) at the second.
describe("ReviewActions against a daemon stand-in", () => {
  let server;
  let outcome; // "done" | "failed"
  let polls;
  let restoreRefused;
  before(async () => {
    server = await startServer((req, record, res) => {
      const route = `${req.method} ${req.url.split("?")[0]}`;
      if (route === "POST /v1/drafts/7/regenerate") {
        return sendJson(res, 202, { id: 1, kind: record.json.place ? "regenerate" : "compose", state: "pending" });
      }
      if (route === "GET /v1/drafts/7") {
        return sendJson(res, 200, {
          id: 7, state: "placed", subject: "Stored", body: "Stored body", message_id: "<d7@x>", to: "ana@x",
        });
      }
      if (route === "POST /v1/drafts/7/text") {
        if (restoreRefused) return sendJson(res, 409, { error: { code: "conflict", message: "draft 7 is sent" } });
        return sendJson(res, 200, { id: 7, state: "placed", ...record.json });
      }
      if (route === "POST /v1/drafts/7/reject") return sendJson(res, 202, { id: 2, kind: "reject", state: "pending" });
      if (route === "POST /v1/drafts/9/reject") {
        return sendJson(res, 409, { error: { code: "conflict", message: "draft 9 is sent" } });
      }
      if (route.startsWith("GET /v1/operations/")) {
        polls += 1;
        const id = Number(route.split("/").pop());
        if (polls === 1) return sendJson(res, 200, { id, state: "running", result: null, error: null });
        if (outcome === "failed") {
          return sendJson(res, 200, { id, state: "failed", result: null, error: { code: "unavailable", message: "IMAP down" } });
        }
        const result = id === 1 ? NEW_TEXT : { draft: { id: 7, state: "rejected" }, removed: true };
        return sendJson(res, 200, { id, state: "done", result, error: null });
      }
      res.writeHead(404);
      res.end();
    });
  });
  after(async () => server.close());

  let window; // the compose window's details
  let removedTabs;
  let composeTabs; // open compose tabs, for tabs.query
  let begun; // message ids compose.beginNew opened
  let adopted;
  let focused;
  let tabState;
  let actions;
  beforeEach(() => {
    outcome = "done";
    polls = 0;
    restoreRefused = false;
    server.requests.length = 0;
    window = { subject: "Original", isPlainText: true, plainTextBody: "Original body" };
    removedTabs = [];
    composeTabs = [];
    begun = [];
    adopted = [];
    focused = [];
    tabState = createTabState(createMemoryStorage());
    actions = createReviewActions({
      client: createDaemonClient({
        fetch: globalThis.fetch,
        loadSettings: async () => ({ daemonUrl: server.url, token: "t" }),
      }),
      compose: {
        getComposeDetails: async () => ({ ...window }),
        setComposeDetails: async (tabId, details) => Object.assign(window, details),
        beginNew: async (messageId) => {
          begun.push(messageId);
          return { id: 12, windowId: 3 };
        },
      },
      tabs: {
        remove: async (tabId) => removedTabs.push(tabId),
        query: async ({ type }) => (type === "messageCompose" ? composeTabs : []),
      },
      windows: { update: async (windowId, props) => focused.push({ windowId, ...props }) },
      // Drafts holds message 301, the draft's copy (its X-Draftbox-Id names draft 7).
      messages: {
        query: async ({ headerMessageId }) => ({ messages: headerMessageId === "d7@x" ? [{ id: 301 }] : [] }),
        continueList: async () => ({ messages: [] }),
        getFull: async (id) => ({ headers: id === 301 ? { "x-draftbox-id": ["7"] } : {} }),
      },
      adoptWindow: async (tabId, draftId, replaces) => {
        adopted.push({ tabId, draftId, replaces });
        await tabState.update(tabId, { draftId, replaces });
      },
      previousTexts: createPreviousTexts(createMemoryStorage()),
      tabState,
      log: { info: () => {}, warn: () => {}, error: () => {} },
    });
  });

  it("puts the new text into the window, then restores the previous one", async () => {
    const done = await actions.regenerateInWindow(5, "7", "shorter");
    assert.equal(done.ok, true, JSON.stringify(done));
    const regenerated = server.requests.find((r) => r.url.endsWith("/regenerate"));
    assert.deepEqual(regenerated.json, { instruction: "shorter", place: false });
    assert.equal(window.subject, "Shorter");
    assert.equal(window.plainTextBody, NEW_TEXT.body);
    assert.deepEqual((await actions.hasPreviousText("7")).data, true);

    const restored = await actions.restoreInWindow(5, "7");
    assert.equal(restored.ok, true);
    // The daemon gets back the text it stored before the regenerate, not the window's.
    const text = server.requests.find((r) => r.url === "/v1/drafts/7/text");
    assert.deepEqual(text.json, { subject: "Stored", body: "Stored body" });
    assert.equal(window.subject, "Original");
    assert.equal(window.plainTextBody, "Original body");
    assert.deepEqual((await actions.hasPreviousText("7")).data, false);
    assert.equal((await actions.restoreInWindow(5, "7")).error.code, "nothing_to_restore");
  });

  it("keeps the new text in the window when the daemon refuses the restore", async () => {
    assert.equal((await actions.regenerateInWindow(5, "7", "")).ok, true);
    restoreRefused = true;
    const result = await actions.restoreInWindow(5, "7");
    assert.equal(result.error.code, "conflict");
    assert.equal(window.subject, "Shorter");
    assert.deepEqual((await actions.hasPreviousText("7")).data, true);
  });

  it("leaves the window as it was when the operation fails", async () => {
    outcome = "failed";
    const result = await actions.regenerateInWindow(5, "7", "");
    assert.deepEqual(result.error.code, "unavailable");
    assert.equal(window.subject, "Original");
    assert.deepEqual((await actions.hasPreviousText("7")).data, false);
  });

  it("rejects with the picked reason and closes the window once the daemon took it", async () => {
    await tabState.update(5, { draftId: "7" });
    const result = await actions.rejectInWindow(5, "7",
      { reasonCode: "wrong_person", reasonText: "left the company", suppress: true });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.deepEqual(server.requests[0].json, { reason: "wrong person: left the company", suppress: true });
    assert.deepEqual(removedTabs, [5]);
    assert.equal(await tabState.get(5), null);
  });

  it("keeps the window open when the daemon refuses the rejection", async () => {
    const result = await actions.rejectInWindow(5, "9", { reasonCode: "other" });
    assert.equal(result.error.code, "conflict");
    assert.deepEqual(removedTabs, []);
  });

  it("asks for a placing regenerate from the message view", async () => {
    const result = await actions.regenerateInDrafts("7", "mention the renewal");
    assert.equal(result.ok, true);
    assert.deepEqual(server.requests[0].json, { instruction: "mention the renewal", place: true });
  });

  it("opens a draft from the queue in a compose window that replaces the message in Drafts", async () => {
    const opened = await actions.openDraft("7");
    assert.equal(opened.ok, true, JSON.stringify(opened));
    assert.deepEqual(begun, [301]);
    assert.deepEqual(adopted, [{ tabId: 12, draftId: "7", replaces: 301 }]);
  });

  it("brings the draft's open window to the front instead of opening a second copy", async () => {
    await tabState.update(12, { draftId: "7" });
    composeTabs = [{ id: 11, windowId: 2 }, { id: 12, windowId: 3 }];
    const opened = await actions.openDraft("7");
    assert.deepEqual(opened.data, { tabId: 12, alreadyOpen: true });
    assert.deepEqual(begun, []);
    assert.deepEqual(focused, [{ windowId: 3, focused: true }]);
  });

  it("says so when the draft is not in Thunderbird's Drafts", async () => {
    const opened = await actions.openDraft("9");
    assert.equal(opened.ok, false);
    assert.deepEqual(begun, []);
  });
});
