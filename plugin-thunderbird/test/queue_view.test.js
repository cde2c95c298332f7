import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { buildQueue, mainFact } from "../modules/queue_view.js";

const campaigns = [
  { id: 1, name: "Q4 funded", spec: { goal: "Book a call" }, drafts: { placed: 2, sent: 1 } },
  { id: 2, name: "Renewals", spec: { goal: "Renew" }, drafts: { placed: 1, rejected: 3 } },
  { id: 3, name: "Old", spec: {}, drafts: { sent: 4 } },
];
const draft = (id, campaignId, placedAt, extra = {}) => ({
  id, campaign_id: campaignId, state: "placed", placed_at: placedAt, subject: `s${id}`, to: `p${id}@x.example`,
  recipient: { name: `Person ${id}`, email: `p${id}@x.example`, role: "CTO", company: "Acme" },
  facts_used: [{ id: "activity:1", text: `fact ${id}` }, { id: "recipient:role", text: "CTO" }],
  ...extra,
});

describe("buildQueue", () => {
  it("groups open drafts by campaign, oldest first, with recipient and main fact", () => {
    const q = buildQueue(campaigns, [draft(11, 1, 300), draft(10, 1, 100), draft(20, 2, 200)]);
    assert.deepEqual(q.groups.map((g) => g.campaign.name), ["Q4 funded", "Renewals", "Old"]);
    assert.deepEqual(q.groups[0].drafts.map((d) => d.id), [10, 11]);
    assert.deepEqual(q.groups[0].drafts[0], {
      id: 10, name: "Person 10", email: "p10@x.example", role: "CTO", company: "Acme",
      subject: "s10", mainFact: "fact 10", placedAt: 100,
    });
    assert.equal(q.open, 3);
  });

  it("counts drafts by state per campaign and in all", () => {
    const q = buildQueue(campaigns, []);
    assert.deepEqual(q.groups.find((g) => g.campaign.id === 2).counts, [["placed", 1], ["rejected", 3]]);
    assert.deepEqual(q.totals, [["placed", 3], ["rejected", 3], ["sent", 5]]);
    assert.equal(q.open, 0);
  });

  it("leaves out drafts no longer placed and keeps a draft of an unknown campaign", () => {
    const q = buildQueue([], [draft(1, 9, 5), draft(2, 9, 6, { state: "rejected" })]);
    assert.equal(q.groups.length, 1);
    assert.equal(q.groups[0].campaign.name, "#9");
    assert.deepEqual(q.groups[0].drafts.map((d) => d.id), [1]);
  });

  it("takes the first fact used as the main one, and none as empty", () => {
    assert.equal(mainFact({ facts_used: [{ text: "a" }, { text: "b" }] }), "a");
    assert.equal(mainFact({ facts_used: [] }), "");
    assert.equal(mainFact({}), "");
  });
});
