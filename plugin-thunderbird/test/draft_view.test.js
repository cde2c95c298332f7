import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { buildDraftView, factOrigin, sentenceForFact, splitSentences } from "../modules/draft_view.js";

const BODY = "Hi Ana,\n\nCongratulations on the Series B led by Accel. I saw you posted twelve " +
  "open roles for account executives. Would a 20-minute call next week work?\n\nDana";

describe("splitSentences", () => {
  it("splits on sentence ends and line breaks and drops empty pieces", () => {
    assert.deepEqual(splitSentences("Hi Ana,\n\nOne. Two? Three!\nFour"),
      ["Hi Ana,", "One.", "Two?", "Three!", "Four"]);
  });
});

describe("sentenceForFact", () => {
  it("finds the sentence that rephrases the fact", () => {
    assert.equal(sentenceForFact(BODY, "Raised a 40 million dollar Series B led by Accel"),
      "Congratulations on the Series B led by Accel.");
  });

  it("returns null when no sentence shares most of the fact's words", () => {
    assert.equal(sentenceForFact(BODY, "Moved the headquarters to Lisbon"), null);
    assert.equal(sentenceForFact(BODY, ""), null);
  });
});

describe("factOrigin", () => {
  const activities = [{ id: 3, type: "funding", date: "2026-11-20", summary: "x", source: "news" }];

  it("gives an activity's type, date and source", () => {
    assert.deepEqual(factOrigin("activity:3", activities),
      { kind: "activity", type: "funding", date: "2026-11-20", source: "news" });
  });

  it("names the profile field, and says nothing it does not know", () => {
    assert.deepEqual(factOrigin("recipient:role", activities), { kind: "field", field: "role" });
    assert.deepEqual(factOrigin("activity:9", activities), { kind: "activity", type: "", date: "", source: "" });
    assert.deepEqual(factOrigin("other", activities), { kind: "other" });
  });
});

describe("buildDraftView", () => {
  const draft = {
    id: 42,
    campaign_id: 1,
    state: "placed",
    subject: "Congratulations",
    body: BODY,
    to: "ana@northwind.example",
    imap: { folder: "Drafts", uid: 17, uid_validity: 1 },
    facts_used: [{ id: "activity:3", text: "Raised a Series B led by Accel" }],
    recipient: { id: 5, email: "ana@northwind.example", name: "Ana Silva", role: "VP of Sales",
      company: "Northwind", account_state: "prospect", plan: "" },
  };

  it("puts recipient, facts with origin and sentence, campaign and the current UID together", () => {
    const view = buildDraftView(draft,
      { activities: [{ id: 3, type: "funding", date: "2026-11-20", source: "news" }] },
      { name: "Q4", spec: { goal: "Book a call", cta: "Call next week?" } });
    assert.equal(view.recipient.name, "Ana Silva");
    assert.equal(view.recipient.accountState, "prospect");
    assert.equal(view.uid, 17);
    assert.equal(view.facts[0].origin.date, "2026-11-20");
    assert.equal(view.facts[0].sentence, "Congratulations on the Series B led by Accel.");
    assert.deepEqual(view.campaign, { name: "Q4", goal: "Book a call", cta: "Call next week?" });
  });

  it("still shows the draft without the recipient's activities or the campaign", () => {
    const view = buildDraftView({ ...draft, imap: null }, null, null);
    assert.equal(view.campaign, null);
    assert.equal(view.uid, null);
    assert.equal(view.facts[0].origin.source, "");
  });

  it("names the recipient from first and last name when the draft has no full name", () => {
    const nameless = { ...draft, recipient: { ...draft.recipient, name: "" } };
    assert.equal(buildDraftView(nameless, { first_name: "Ana", last_name: "Silva" }, null).recipient.name,
      "Ana Silva");
    assert.equal(buildDraftView(nameless, null, null).recipient.name, "ana@northwind.example");
  });
});
