import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  createPreviousTexts,
  detailsForNewText,
  detailsForSnapshot,
  MAX_REASON_CHARS,
  plainTextToHtml,
  REJECT_REASONS,
  rejectReasonText,
  snapshotOf,
} from "../modules/review.js";
import { createMemoryStorage } from "./support/memory_storage.js";

describe("rejectReasonText", () => {
  it("offers the four reasons of the pick list, in order", () => {
    assert.deepEqual(REJECT_REASONS.map((r) => r.code), ["not_relevant", "wrong_person", "bad_timing", "other"]);
  });

  it("records the picked reason, then the rep's words after a colon", () => {
    assert.equal(rejectReasonText("wrong_person", "  she left\nthe company "), "wrong person: she left the company");
    assert.equal(rejectReasonText("bad_timing", ""), "bad timing");
  });

  it("counts an unknown code as other", () => {
    assert.equal(rejectReasonText("<script>", "x"), "other: x");
  });

  it("cuts a long free text at a character boundary", () => {
    const text = rejectReasonText("other", "é".repeat(MAX_REASON_CHARS + 20) + "😀");
    assert.equal(Array.from(text.slice("other: ".length)).length, MAX_REASON_CHARS);
    assert.ok(!text.includes("\uFFFD"));
  });
});

describe("compose details for a new or a restored text", () => {
  const text = { subject: "Hi <Ana>", body: "Hello Ana,\n\nA & B.\nLine two.\n\nDana" };

  it("gives a plain-text window plainTextBody and an HTML window escaped paragraphs", () => {
    assert.deepEqual(detailsForNewText({ isPlainText: true }, text),
      { subject: "Hi <Ana>", plainTextBody: text.body });
    assert.deepEqual(detailsForNewText({ isPlainText: false }, text), {
      subject: "Hi <Ana>",
      body: "<p>Hello Ana,</p><p>A &amp; B.<br>Line two.</p><p>Dana</p>",
    });
    assert.equal(plainTextToHtml("<b>"), "<p>&lt;b&gt;</p>");
  });

  it("puts back exactly what the window had, plain text or HTML", () => {
    const plain = snapshotOf({ subject: "S", isPlainText: true, plainTextBody: "old", body: "<p>old</p>" });
    assert.deepEqual(detailsForSnapshot(plain), { subject: "S", plainTextBody: "old" });
    const html = snapshotOf({ subject: "S", isPlainText: false, plainTextBody: "old", body: "<p>old</p>" });
    assert.deepEqual(detailsForSnapshot(html), { subject: "S", body: "<p>old</p>" });
  });
});

describe("PreviousTexts", () => {
  it("keeps one text per draft until it is forgotten, across a new store over the same area", async () => {
    const area = createMemoryStorage();
    const texts = createPreviousTexts(area, () => 1000);
    assert.equal(await texts.get("7"), null);
    await texts.keep("7", { subject: "a", isPlainText: true, body: "one" });
    await texts.keep("7", { subject: "b", isPlainText: true, body: "two" });
    await texts.keep("8", { subject: "c", isPlainText: true, body: "three" });
    const again = createPreviousTexts(area);
    assert.deepEqual(await again.get("7"), { subject: "b", isPlainText: true, body: "two", keptAt: 1000 });
    await again.forget("7");
    assert.equal(await again.get("7"), null);
    assert.equal((await again.get("8")).body, "three");
  });
});
