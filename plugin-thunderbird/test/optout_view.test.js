import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { MAX_EXCERPT_CHARS, buildOptOutItems, plainLine } from "../modules/optout_view.js";

const PENDING = {
  id: 3, state: "pending", email: "ana@acme.example", recipient_id: 12, draft_id: 7,
  message_id: "<r1@acme.example>", folder: "INBOX", uid: 41,
  excerpt: "Not interested,\nthanks.\n\nAna", phrase: "en: not|no|never ..1 interested|interest",
  created_at: 1764201600, date: "2026-12-03", decided_at: null, suppression_id: null,
};

describe("buildOptOutItems", () => {
  it("shows who replied, when, the reply's words on one line and what was matched", () => {
    assert.deepEqual(buildOptOutItems([PENDING]), [{
      id: 3, email: "ana@acme.example", date: "2026-12-03", excerpt: "Not interested, thanks. Ana",
      phrase: "en: not|no|never ..1 interested|interest", draftId: 7,
    }]);
  });

  it("leaves out decided reviews and anything that is not a review", () => {
    const items = buildOptOutItems([{ ...PENDING, state: "confirmed" }, null, { id: "x" },
      { ...PENDING, id: 4, draft_id: null }]);
    assert.deepEqual(items.map((i) => [i.id, i.draftId]), [[4, null]]);
    assert.deepEqual(buildOptOutItems(undefined), []);
  });
});

describe("plainLine", () => {
  it("takes out controls and direction overrides a reply could disguise itself with", () => {
    assert.equal(plainLine("Stop\u202eevil\u202c here\u0007\u200b please"), "Stop evil here please");
    assert.equal(plainLine("<img src=x onerror=alert(1)>"), "<img src=x onerror=alert(1)>");
  });

  it("cuts a long reply at whole characters and says so", () => {
    const long = "😀".repeat(MAX_EXCERPT_CHARS + 5);
    const cut = plainLine(long);
    assert.equal(Array.from(cut).length, MAX_EXCERPT_CHARS);
    assert.ok(cut.endsWith("…"));
    assert.ok(!cut.includes("\ufffd"));
    assert.equal(plainLine("short"), "short");
  });
});
