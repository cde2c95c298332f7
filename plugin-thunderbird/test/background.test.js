import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it, mock } from "node:test";

import { createFakeBrowser, createStalledBrowser } from "./support/fake_browser.js";
import { createMemoryStorage } from "./support/memory_storage.js";
import { closedPort, sendJson, startServer } from "./support/daemon_server.js";

let importCount = 0;
// Evaluates a fresh copy of background.js against `fakeBrowser`.
async function loadBackground(fakeBrowser) {
  globalThis.browser = fakeBrowser;
  importCount += 1;
  await import(`../background.js?instance=${importCount}`);
  return fakeBrowser;
}

const DRAFT_MESSAGE_ID = 501;
const DRAFT_ID = "d-42";

describe("background.js registers its listeners at top level", () => {
  before(() => mock.method(console, "info", () => {}));
  after(() => mock.restoreAll());

  it("adds every listener while the module is evaluated, before anything is awaited", async () => {
    const fake = createStalledBrowser();
    const loaded = loadBackground(fake).then(() => "loaded");
    const timeout = new Promise((resolve) => setTimeout(() => resolve("stalled"), 2000));
    assert.equal(await Promise.race([loaded, timeout]), "loaded",
      "importing background.js must not wait on any browser API");
    for (const [name, event] of Object.entries({
      "tabs.onCreated": fake.tabs.onCreated,
      "compose.onBeforeSend": fake.compose.onBeforeSend,
      "compose.onAfterSend": fake.compose.onAfterSend,
      "compose.onAfterSave": fake.compose.onAfterSave,
      "alarms.onAlarm": fake.alarms.onAlarm,
    })) {
      assert.equal(event.listeners.length, 1, `${name} has exactly one listener`);
    }
    for (const [name, event] of Object.entries({
      "messageDisplay.onMessagesDisplayed": fake.messageDisplay.onMessagesDisplayed,
      "runtime.onMessage": fake.runtime.onMessage,
      "action.onClicked": fake.action.onClicked,
    })) {
      assert.equal(event.listeners.length, 1, `${name} has exactly one listener`);
    }
    // The compose tracker and the message-view tracker each forget a closed tab.
    assert.equal(fake.tabs.onRemoved.listeners.length, 2);
  });
});

describe("background.js with a real daemon stand-in", () => {
  let server;
  let sentStatus; // what POST /v1/drafts/{id}/sent answers
  let warnings;

  before(async () => {
    server = await startServer((req, record, res) => {
      if (req.method === "POST" && req.url === `/v1/drafts/${DRAFT_ID}/sent`) {
        if (sentStatus === 404) {
          res.writeHead(404, { "Content-Type": "text/plain" });
          return res.end("Not Found");
        }
        return sendJson(res, sentStatus, { draft_id: DRAFT_ID, state: "sent" });
      }
      res.writeHead(404);
      res.end();
    });
  });
  after(async () => server.close());

  beforeEach(() => {
    sentStatus = 200;
    server.requests.length = 0;
    warnings = [];
    mock.method(console, "info", () => {});
    mock.method(console, "warn", (...args) => warnings.push(args.join(" ")));
  });
  afterEach(() => mock.restoreAll());

  // A Thunderbird where compose tab 7 edits the Draftbox draft stored as message 501.
  function draftBrowser({ daemonUrl = server.url, composeType = "draft", setComposeDetails, composeAction } = {}) {
    return createFakeBrowser({
      setComposeDetails,
      composeAction,
      local: createMemoryStorage({ daemonUrl, token: "tok-1" }),
      session: createMemoryStorage(),
      getComposeDetails: async () => ({ type: composeType, relatedMessageId: DRAFT_MESSAGE_ID, customHeaders: [] }),
      getFull: async (id) => {
        assert.equal(id, DRAFT_MESSAGE_ID);
        return { headers: { "x-draftbox-id": [DRAFT_ID], subject: ["Quick question"] } };
      },
    });
  }
  const tab = { id: 7, type: "messageCompose" };
  const sendDetails = {
    type: "draft",
    relatedMessageId: DRAFT_MESSAGE_ID,
    plainTextBody: "Hi Dana, edited by hand.",
    customHeaders: [
      { name: "X-Draftbox-Id", value: DRAFT_ID },
      { name: "X-Priority", value: "3" },
    ],
  };
  const sent = { mode: "sendNow", headerMessageId: "tb-123@example.com", messages: [] };

  it("strips X-Draftbox-* headers before send and keeps the others", async () => {
    const fake = await loadBackground(draftBrowser());
    await fake.tabs.onCreated.fire(tab);
    const [result] = await fake.compose.onBeforeSend.fire(tab, sendDetails);
    assert.deepEqual(result, { details: { customHeaders: [{ name: "X-Priority", value: "3" }] } });
  });

  it("puts X-Draftbox-Id back on the draft's window, so a save keeps the draft's identity", async () => {
    const set = [];
    const fake = await loadBackground(draftBrowser({
      setComposeDetails: async (tabId, details) => set.push([tabId, details]),
    }));
    await fake.tabs.onCreated.fire(tab);
    assert.deepEqual(set, [[tab.id, { customHeaders: [{ name: "X-Draftbox-Id", value: DRAFT_ID }] }]]);
  });

  it("offers the panel's button only in the window of a Draftbox draft", async () => {
    const calls = [];
    const composeAction = {
      enable: async (tabId) => calls.push(["enable", tabId]),
      disable: async (tabId) => calls.push(["disable", tabId]),
    };
    const fake = await loadBackground(draftBrowser({ composeAction }));
    assert.deepEqual(calls, [["disable", undefined]]);
    await fake.tabs.onCreated.fire(tab);
    assert.deepEqual(calls, [["disable", undefined], ["enable", tab.id]]);
    const plain = await loadBackground(draftBrowser({ composeAction, composeType: "new" }));
    await plain.tabs.onCreated.fire({ id: 8, type: "messageCompose" });
    assert.equal(calls.filter(([, id]) => id === 8).length, 0);
  });

  it("changes nothing before send when there is no Draftbox header", async () => {
    const fake = await loadBackground(draftBrowser());
    const [result] = await fake.compose.onBeforeSend.fire(tab, { ...sendDetails, customHeaders: [] });
    assert.deepEqual(result, {});
  });

  it("reports draft id, sent Message-ID and final text after the send", async () => {
    const fake = await loadBackground(draftBrowser());
    await fake.tabs.onCreated.fire(tab);
    await fake.compose.onBeforeSend.fire(tab, sendDetails);
    await fake.compose.onAfterSend.fire(tab, sent);

    assert.equal(server.requests.length, 1);
    const [request] = server.requests;
    assert.equal(request.method, "POST");
    assert.equal(request.url, `/v1/drafts/${DRAFT_ID}/sent`);
    assert.equal(request.headers.authorization, "Bearer tok-1");
    assert.deepEqual(request.json, { message_id: "tb-123@example.com", final_text: "Hi Dana, edited by hand." });
    assert.deepEqual(fake.storage.session.snapshot(), {}, "tab state is forgotten after the report");
  });

  it("finds the draft id at send time when the background started after the window opened", async () => {
    const fake = await loadBackground(draftBrowser());
    // No tabs.onCreated: the add-on was (re)started while the draft was already open.
    await fake.compose.onBeforeSend.fire(tab, { ...sendDetails, customHeaders: [] });
    await fake.compose.onAfterSend.fire(tab, sent);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].url, `/v1/drafts/${DRAFT_ID}/sent`);
  });

  it("prefers the details Thunderbird 147+ passes to onAfterSend for the final text", async () => {
    const fake = await loadBackground(draftBrowser());
    await fake.tabs.onCreated.fire(tab);
    await fake.compose.onBeforeSend.fire(tab, sendDetails);
    await fake.compose.onAfterSend.fire(tab, { ...sent, details: { plainTextBody: "as sent" } });
    assert.equal(server.requests[0].json.final_text, "as sent");
  });

  it("logs a 404 from the daemon and carries on", async () => {
    sentStatus = 404;
    const fake = await loadBackground(draftBrowser());
    await fake.tabs.onCreated.fire(tab);
    await fake.compose.onBeforeSend.fire(tab, sendDetails);
    await assert.doesNotReject(() => fake.compose.onAfterSend.fire(tab, sent));
    assert.equal(server.requests.length, 1);
    assert.ok(warnings.some((w) => w.includes("[Draftbox:reports]") && w.includes("not_found")),
      `expected a not_found warning, got ${JSON.stringify(warnings)}`);
  });

  it("logs an unreachable daemon and carries on", async () => {
    const port = await closedPort();
    const fake = await loadBackground(draftBrowser({ daemonUrl: `http://127.0.0.1:${port}` }));
    await fake.tabs.onCreated.fire(tab);
    await fake.compose.onBeforeSend.fire(tab, sendDetails);
    await assert.doesNotReject(() => fake.compose.onAfterSend.fire(tab, sent));
    assert.ok(warnings.some((w) => w.includes("unreachable")), JSON.stringify(warnings));
  });

  it("keeps a report the daemon could not take and delivers it when the alarm fires", async () => {
    sentStatus = 503;
    const fake = await loadBackground(draftBrowser());
    await fake.tabs.onCreated.fire(tab);
    await fake.compose.onBeforeSend.fire(tab, sendDetails);
    await fake.compose.onAfterSend.fire(tab, sent);
    assert.equal(server.requests.length, 1);
    assert.equal(fake.storage.local.snapshot().pendingSendReports.length, 1);

    sentStatus = 200;
    await fake.alarms.onAlarm.fire({ name: "draftbox-send-reports" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(server.requests.length, 2);
    assert.deepEqual(server.requests[1].json,
      { message_id: "tb-123@example.com", final_text: "Hi Dana, edited by hand." });
    assert.deepEqual(fake.storage.local.snapshot().pendingSendReports, []);
  });

  it("reports nothing for a compose window that is not a draft", async () => {
    const fake = await loadBackground(draftBrowser({ composeType: "new" }));
    await fake.tabs.onCreated.fire(tab);
    await fake.compose.onBeforeSend.fire(tab, { type: "new", plainTextBody: "Hello", customHeaders: [] });
    await fake.compose.onAfterSend.fire(tab, sent);
    assert.equal(server.requests.length, 0);
  });

  it("reports nothing for a failed send and keeps the draft id for the retry", async () => {
    const fake = await loadBackground(draftBrowser());
    await fake.tabs.onCreated.fire(tab);
    await fake.compose.onBeforeSend.fire(tab, sendDetails);
    await fake.compose.onAfterSend.fire(tab, { mode: "sendNow", error: "SMTP said no", messages: [] });
    assert.equal(server.requests.length, 0);
    await fake.compose.onBeforeSend.fire(tab, sendDetails);
    await fake.compose.onAfterSend.fire(tab, sent);
    assert.equal(server.requests.length, 1);
  });

  it("keeps the state when the window closes before onAfterSend arrives", async () => {
    const fake = await loadBackground(draftBrowser());
    await fake.tabs.onCreated.fire(tab);
    await fake.compose.onBeforeSend.fire(tab, sendDetails);
    await fake.tabs.onRemoved.fire(tab.id, { windowId: 1, isWindowClosing: true });
    await fake.compose.onAfterSend.fire(tab, sent);
    assert.equal(server.requests.length, 1);
  });

  it("forgets a draft tab closed without sending", async () => {
    const fake = await loadBackground(draftBrowser());
    await fake.tabs.onCreated.fire(tab);
    assert.notDeepEqual(fake.storage.session.snapshot(), {});
    await fake.tabs.onRemoved.fire(tab.id, { windowId: 1, isWindowClosing: true });
    assert.deepEqual(fake.storage.session.snapshot(), {});
  });

  it("does not report a send queued for later (no Message-ID yet)", async () => {
    const fake = await loadBackground(draftBrowser());
    await fake.tabs.onCreated.fire(tab);
    await fake.compose.onBeforeSend.fire(tab, sendDetails);
    await fake.compose.onAfterSend.fire(tab, { mode: "sendLater", messages: [] });
    assert.equal(server.requests.length, 0);
  });
});
