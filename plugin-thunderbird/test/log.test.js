import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createLogger } from "../modules/log.js";

describe("createLogger", () => {
  it("prefixes every line with the add-on and scope name, and hides debug unless asked", () => {
    const lines = [];
    const sink = Object.fromEntries(["debug", "info", "warn", "error"].map((level) =>
      [level, (...args) => lines.push([level, ...args])]));
    const log = createLogger("compose", { sink });
    log.info("hello", 1);
    log.debug("hidden");
    log.warn("careful");
    createLogger("x", { sink, debug: true }).debug("shown");
    assert.deepEqual(lines, [
      ["info", "[Draftbox:compose]", "hello", 1],
      ["warn", "[Draftbox:compose]", "careful"],
      ["debug", "[Draftbox:x]", "shown"],
    ]);
  });
});
