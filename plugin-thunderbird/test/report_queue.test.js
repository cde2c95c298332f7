import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createReportQueue, isRetryable } from "../modules/report_queue.js";
import { createMemoryStorage } from "./support/memory_storage.js";

const quiet = { info() {}, warn() {}, error() {} };

// A daemon client whose answers the test scripts, one per call, recording the reports.
function scriptedClient(answers) {
  const calls = [];
  return {
    calls,
    async reportSent(draftId, report) {
      calls.push({ draftId, ...report });
      return answers.shift() ?? { ok: true, data: {} };
    },
  };
}

const down = { ok: false, error: { code: "unreachable", message: "refused", status: null } };
const unknown = { ok: false, error: { code: "not_found", message: "no draft 9", status: 404 } };

describe("isRetryable", () => {
  it("keeps what a later try can fix and drops what the daemon answered for good", () => {
    assert.equal(isRetryable(down.error), true);
    assert.equal(isRetryable({ code: "unauthorized", status: 401 }), true);
    assert.equal(isRetryable({ code: "http_error", status: 502 }), true);
    assert.equal(isRetryable({ code: "http_error", status: 400 }), false);
    assert.equal(isRetryable(unknown.error), false);
    assert.equal(isRetryable({ code: "conflict", status: 409 }), false);
  });
});

describe("createReportQueue", () => {
  it("sends at once and keeps nothing when the daemon takes the report", async () => {
    const area = createMemoryStorage();
    const client = scriptedClient([]);
    await createReportQueue({ area, client, log: quiet }).report("7", { messageId: "m1", finalText: "t" });
    assert.equal(client.calls.length, 1);
    assert.deepEqual(area.snapshot(), {});
  });

  it("keeps a report while the daemon is down, in storage, and delivers it on flush", async () => {
    const area = createMemoryStorage();
    const alarms = [];
    const client = scriptedClient([down, down]);
    const queue = createReportQueue({
      area, client, log: quiet,
      alarms: { create: async (name) => alarms.push(["create", name]), clear: async (name) => alarms.push(["clear", name]) },
    });
    await queue.report("7", { messageId: "m1", finalText: "t" });
    assert.equal((await queue.pending()).length, 1);
    assert.equal(await queue.flush(), 0, "still down");
    assert.equal(await queue.flush(), 1, "back up");
    assert.deepEqual(await queue.pending(), []);
    assert.deepEqual(client.calls.map((c) => c.draftId), ["7", "7", "7"]);
    assert.deepEqual(alarms.at(-1), ["clear", "draftbox-send-reports"]);
  });

  it("survives a restart: a new queue on the same storage delivers what the old one kept", async () => {
    const area = createMemoryStorage();
    await createReportQueue({ area, client: scriptedClient([down]), log: quiet })
      .report("7", { messageId: "m1", finalText: "t" });
    const client = scriptedClient([]);
    assert.equal(await createReportQueue({ area, client, log: quiet }).flush(), 1);
    assert.deepEqual(client.calls, [{ draftId: "7", messageId: "m1", finalText: "t" }]);
  });

  it("drops a report the daemon refuses for good, and tries no more once nothing answers", async () => {
    const area = createMemoryStorage({
      pendingSendReports: [
        { draftId: "9", messageId: "a", finalText: "" },
        { draftId: "10", messageId: "b", finalText: "" },
        { draftId: "11", messageId: "c", finalText: "" },
      ],
    });
    const client = scriptedClient([unknown, down]);
    assert.equal(await createReportQueue({ area, client, log: quiet }).flush(), 1);
    assert.deepEqual(client.calls.map((c) => c.draftId), ["9", "10"]);
    assert.deepEqual(area.snapshot().pendingSendReports.map((r) => r.draftId), ["10", "11"]);
  });

  it("runs one flush at a time", async () => {
    const area = createMemoryStorage({ pendingSendReports: [{ draftId: "7", messageId: "m", finalText: "" }] });
    const client = scriptedClient([]);
    const queue = createReportQueue({ area, client, log: quiet });
    await Promise.all([queue.flush(), queue.flush()]);
    assert.equal(client.calls.length, 1);
  });
});
