import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import {
  createDaemonClient,
  ErrorCode,
  hostPermissionFor,
  validateDaemonUrl,
} from "../modules/daemon_client.js";
import { closedPort, sendJson, startServer } from "./support/daemon_server.js";

const TOKEN = "s3cret-token";

function clientFor(daemonUrl, extra = {}) {
  return createDaemonClient({
    fetch: globalThis.fetch,
    loadSettings: async () => ({ daemonUrl, token: TOKEN }),
    ...extra,
  });
}

// Runs `call` and fails the test if it throws instead of resolving to a result.
async function neverThrows(call) {
  let result;
  await assert.doesNotReject(async () => {
    result = await call();
  });
  return result;
}

describe("DaemonClient against a real HTTP server", () => {
  let server;
  before(async () => {
    server = await startServer((req, record, res) => {
      const route = `${req.method} ${req.url}`;
      if (route === "GET /v1/health") return sendJson(res, 200, { ok: true, version: "0.1.0" });
      // Error bodies as in shared/api/error.json.
      if (route === "GET /v1/unauthorized") {
        return sendJson(res, 401, { error: { code: "auth", message: "wrong bearer token" } });
      }
      if (route === "GET /v1/unauthorized-bare") {
        res.writeHead(401);
        return res.end();
      }
      if (route === "GET /v1/conflict") {
        return sendJson(res, 409, { error: { code: "conflict", message: "draft 7 is already sent" } });
      }
      if (route === "GET /v1/html-error") {
        res.writeHead(502, { "Content-Type": "text/html" });
        return res.end("<h1>Bad gateway</h1>");
      }
      if (route === "GET /v1/not-json") {
        res.writeHead(200, { "Content-Type": "text/plain" });
        return res.end("hello, not json");
      }
      if (route === "GET /v1/no-content") {
        res.writeHead(204);
        return res.end();
      }
      if (route === "GET /v1/slow") return; // never answers: the client must time out
      if (req.method === "POST" && req.url.startsWith("/v1/drafts/")) {
        return sendJson(res, 200, { ok: true, received: record.json });
      }
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("Not Found");
    });
  });
  after(async () => server.close());

  it("returns ok with the parsed JSON body on success", async () => {
    const result = await neverThrows(() => clientFor(server.url).health());
    assert.deepEqual(result, { ok: true, data: { ok: true, version: "0.1.0" } });
  });

  it("sends Authorization: Bearer <token> and asks for JSON", async () => {
    await clientFor(server.url).health();
    const last = server.requests.at(-1);
    assert.equal(last.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(last.headers.accept, "application/json");
  });

  it("POSTs a JSON body with Content-Type application/json", async () => {
    const result = await clientFor(server.url).reportSent("d 1/x", {
      messageId: "abc@example.com",
      finalText: "Hi Jörg",
    });
    assert.equal(result.ok, true);
    const last = server.requests.at(-1);
    assert.equal(last.method, "POST");
    assert.equal(last.url, "/v1/drafts/d%201%2Fx/sent", "draft id is URL-encoded into one path segment");
    assert.equal(last.headers["content-type"], "application/json");
    assert.deepEqual(last.json, { message_id: "abc@example.com", final_text: "Hi Jörg" });
  });

  it("maps 401 to unauthorized, keeping the daemon's message", async () => {
    const result = await neverThrows(() => clientFor(server.url).request("GET", "/v1/unauthorized"));
    assert.deepEqual(result, {
      ok: false,
      error: { code: ErrorCode.UNAUTHORIZED, message: "wrong bearer token", status: 401 },
    });
  });

  it("maps a bare 401 to unauthorized", async () => {
    const result = await clientFor(server.url).request("GET", "/v1/unauthorized-bare");
    assert.equal(result.ok, false);
    assert.equal(result.error.code, ErrorCode.UNAUTHORIZED);
    assert.equal(result.error.status, 401);
  });

  it("passes a daemon error body {error: {code, message}} through", async () => {
    const result = await clientFor(server.url).request("GET", "/v1/conflict");
    assert.deepEqual(result, {
      ok: false,
      error: { code: "conflict", message: "draft 7 is already sent", status: 409 },
    });
  });

  it("maps a 404 without a daemon body to not_found", async () => {
    const result = await clientFor(server.url).request("GET", "/v1/drafts/7/nothing-here");
    assert.equal(result.ok, false);
    assert.equal(result.error.code, ErrorCode.NOT_FOUND);
    assert.equal(result.error.status, 404);
  });

  it("maps a non-JSON error page to http_error with the status", async () => {
    const result = await clientFor(server.url).request("GET", "/v1/html-error");
    assert.equal(result.ok, false);
    assert.equal(result.error.code, ErrorCode.HTTP_ERROR);
    assert.equal(result.error.status, 502);
    assert.match(result.error.message, /502/);
  });

  it("maps a 2xx body that is not JSON to bad_response", async () => {
    const result = await neverThrows(() => clientFor(server.url).request("GET", "/v1/not-json"));
    assert.equal(result.ok, false);
    assert.equal(result.error.code, ErrorCode.BAD_RESPONSE);
    assert.equal(result.error.status, 200);
  });

  it("returns data null for an empty 2xx body", async () => {
    const result = await clientFor(server.url).request("GET", "/v1/no-content");
    assert.deepEqual(result, { ok: true, data: null });
  });

  it("times out a request the daemon never answers", async () => {
    const started = Date.now();
    const result = await neverThrows(() =>
      clientFor(server.url, { timeoutMs: 150 }).request("GET", "/v1/slow"));
    assert.equal(result.ok, false);
    assert.equal(result.error.code, ErrorCode.TIMEOUT);
    assert.equal(result.error.status, null);
    assert.ok(Date.now() - started < 3000, "gave up near the timeout, not much later");
  });

  it("applies the health timeout to health()", async () => {
    // The health route answers at once; a zero-ms health timeout must still abort it.
    const result = await clientFor(server.url, { healthTimeoutMs: 0 }).health();
    assert.equal(result.ok, false);
    assert.equal(result.error.code, ErrorCode.TIMEOUT);
  });
});

describe("DaemonClient without a daemon", () => {
  it("maps a refused connection to unreachable", async () => {
    const port = await closedPort();
    const result = await neverThrows(() => clientFor(`http://127.0.0.1:${port}`).health());
    assert.equal(result.ok, false);
    assert.equal(result.error.code, ErrorCode.UNREACHABLE);
    assert.equal(result.error.status, null);
    assert.match(result.error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
  });

  it("refuses to send without a token, before any network call", async () => {
    let called = false;
    const client = createDaemonClient({
      fetch: async () => {
        called = true;
        throw new Error("must not be called");
      },
      loadSettings: async () => ({ daemonUrl: "http://127.0.0.1:7411", token: "  " }),
    });
    const result = await client.health();
    assert.equal(result.error.code, ErrorCode.NO_TOKEN);
    assert.equal(called, false);
  });

  it("refuses a non-loopback daemon URL", async () => {
    const client = createDaemonClient({
      fetch: async () => assert.fail("must not be called"),
      loadSettings: async () => ({ daemonUrl: "http://example.com:7411", token: TOKEN }),
    });
    const result = await client.health();
    assert.equal(result.error.code, ErrorCode.BAD_CONFIG);
  });

  it("turns a settings source that throws into bad_config", async () => {
    const client = createDaemonClient({
      fetch: async () => assert.fail("must not be called"),
      loadSettings: async () => {
        throw new Error("storage is gone");
      },
    });
    const result = await neverThrows(() => client.health());
    assert.equal(result.error.code, ErrorCode.BAD_CONFIG);
    assert.match(result.error.message, /storage is gone/);
  });

  it("turns a fetch that throws synchronously into unreachable", async () => {
    const client = createDaemonClient({
      fetch: () => {
        throw new TypeError("NetworkError when attempting to fetch resource.");
      },
      loadSettings: async () => ({ daemonUrl: "http://127.0.0.1:7411", token: TOKEN }),
    });
    const result = await neverThrows(() => client.health());
    assert.equal(result.error.code, ErrorCode.UNREACHABLE);
  });
});

describe("validateDaemonUrl", () => {
  const cases = [
    ["http://127.0.0.1:7411", "http://127.0.0.1:7411"],
    ["  http://127.0.0.1:7411/ ", "http://127.0.0.1:7411"],
    ["http://localhost:8000", "http://localhost:8000"],
    ["http://127.1.2.3:7411", "http://127.1.2.3:7411"],
    ["http://127.0.0.1", "http://127.0.0.1"],
    ["https://127.0.0.1:7411", null],
    ["http://192.168.1.10:7411", null],
    ["http://example.com", null],
    ["http://127.0.0.1.evil.com:7411", null],
    ["http://127.0.0.1:7411/v1", null],
    ["http://user:pw@127.0.0.1:7411", null],
    ["127.0.0.1:7411", null],
    ["", null],
    [undefined, null],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${expected ?? "bad_config"}`, () => {
      const result = validateDaemonUrl(input);
      if (expected === null) {
        assert.equal(result.ok, false);
        assert.equal(result.error.code, ErrorCode.BAD_CONFIG);
      } else {
        assert.deepEqual(result, { ok: true, data: expected });
      }
    });
  }
});

describe("hostPermissionFor", () => {
  it("maps the loopback names the manifest covers to their match patterns", () => {
    assert.equal(hostPermissionFor("http://127.0.0.1:7411"), "http://127.0.0.1/*");
    assert.equal(hostPermissionFor("http://localhost:9"), "http://localhost/*");
  });
  it("returns null for addresses without a manifest pattern or invalid ones", () => {
    assert.equal(hostPermissionFor("http://127.0.0.2:7411"), null);
    assert.equal(hostPermissionFor("http://example.com"), null);
  });
});
