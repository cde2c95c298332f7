import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  draftIdFromCustomHeaders,
  draftIdFromHeaders,
  isDraftboxHeader,
  normalizeDraftId,
  partitionCustomHeaders,
  withDraftIdHeader,
} from "../modules/headers.js";

describe("isDraftboxHeader", () => {
  const cases = [
    ["X-Draftbox-Id", true],
    ["x-draftbox-id", true],
    ["X-DRAFTBOX-CAMPAIGN", true],
    ["  X-Draftbox-Facts ", true],
    ["X-Draftbox-", true],
    ["X-Draftbox", false],
    ["X-Draftboxer-Id", false],
    ["X-Mailer", false],
    ["Draftbox-Id", false],
    ["", false],
    [undefined, false],
    [42, false],
  ];
  for (const [name, expected] of cases) {
    it(`${JSON.stringify(name)} -> ${expected}`, () => {
      assert.equal(isDraftboxHeader(name), expected);
    });
  }
});

describe("partitionCustomHeaders", () => {
  it("strips every X-Draftbox-* header in any case and keeps the rest in order", () => {
    const headers = [
      { name: "X-Draftbox-Id", value: "d1" },
      { name: "X-Priority", value: "3" },
      { name: "x-draftbox-campaign", value: "c9" },
      { name: "X-Other-Addon", value: "yes" },
    ];
    const { keep, strip } = partitionCustomHeaders(headers);
    assert.deepEqual(keep, [
      { name: "X-Priority", value: "3" },
      { name: "X-Other-Addon", value: "yes" },
    ]);
    assert.deepEqual(strip.map((h) => h.name), ["X-Draftbox-Id", "x-draftbox-campaign"]);
  });

  it("returns two empty lists for a missing or non-array input", () => {
    for (const input of [undefined, null, {}, "X-Draftbox-Id"]) {
      assert.deepEqual(partitionCustomHeaders(input), { keep: [], strip: [] });
    }
  });

  it("keeps malformed entries rather than dropping someone else's data", () => {
    const { keep, strip } = partitionCustomHeaders([null, { value: "no name" }]);
    assert.equal(keep.length, 2);
    assert.equal(strip.length, 0);
  });
});

describe("normalizeDraftId", () => {
  const cases = [
    ["d_01HZX3", "d_01HZX3"],
    ["42", "42"],
    ["  7f3c-9a  ", "7f3c-9a"],
    ["draft:2026.11.27-1", "draft:2026.11.27-1"],
    ["", null],
    ["   ", null],
    ["../etc/passwd", null],
    ["a/b", null],
    ["a b", null],
    ["-leading-dash", null],
    ["x".repeat(128), "x".repeat(128)],
    ["x".repeat(129), null],
    [42, null],
    [null, null],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(normalizeDraftId(input), expected);
    });
  }
});

describe("draftIdFromHeaders (messages.getFull headers)", () => {
  const cases = [
    ["lower-case key as getFull gives it", { "x-draftbox-id": ["123"] }, "123"],
    ["mixed-case key", { "X-Draftbox-Id": ["abc"] }, "abc"],
    ["first valid of several values", { "x-draftbox-id": ["", "bad id", "77"] }, "77"],
    ["a plain string value", { "x-draftbox-id": "55" }, "55"],
    ["header absent", { subject: ["Hello"] }, null],
    ["only invalid values", { "x-draftbox-id": ["a/b"] }, null],
    ["empty object", {}, null],
    ["undefined", undefined, null],
  ];
  for (const [name, headers, expected] of cases) {
    it(name, () => assert.equal(draftIdFromHeaders(headers), expected));
  }
});

describe("draftIdFromCustomHeaders (compose customHeaders)", () => {
  const cases = [
    ["Train-Case name", [{ name: "X-Draftbox-Id", value: "9" }], "9"],
    ["other headers only", [{ name: "X-Priority", value: "1" }], null],
    ["invalid value", [{ name: "X-Draftbox-Id", value: "no way" }], null],
    ["not an array", undefined, null],
  ];
  for (const [name, headers, expected] of cases) {
    it(name, () => assert.equal(draftIdFromCustomHeaders(headers), expected));
  }
});

describe("withDraftIdHeader", () => {
  it("keeps other headers, drops stale Draftbox ones, and sets the draft id", () => {
    assert.deepEqual(
      withDraftIdHeader([
        { name: "X-Priority", value: "3" },
        { name: "x-draftbox-id", value: "old" },
        { name: "X-Draftbox-Campaign", value: "7" },
      ], "42"),
      [{ name: "X-Priority", value: "3" }, { name: "X-Draftbox-Id", value: "42" }],
    );
  });

  it("works without any headers yet", () => {
    assert.deepEqual(withDraftIdHeader(undefined, "42"), [{ name: "X-Draftbox-Id", value: "42" }]);
  });
});
