// Client for the Draftbox daemon's local HTTP API (DESIGN.md, "Local HTTP API").
// Every call resolves to {ok: true, data} or {ok: false, error: {code, message, status}};
// nothing here throws, so a daemon that is down or old never breaks a send in Thunderbird.
// fetch and the settings source are injected, so tests run against a real local server.

import { DEFAULTS, LOOPBACK_HOSTS } from "./defaults.js";

export const ErrorCode = Object.freeze({
  BAD_CONFIG: "bad_config", // daemon URL missing, malformed or not loopback
  NO_TOKEN: "no_token", // no bearer token configured yet
  UNREACHABLE: "unreachable", // connection refused, DNS, reset: nothing answered
  TIMEOUT: "timeout", // no full answer within the timeout
  UNAUTHORIZED: "unauthorized", // HTTP 401: token wrong or rotated
  NOT_FOUND: "not_found", // HTTP 404 without a daemon error body (e.g. endpoint not there yet)
  HTTP_ERROR: "http_error", // any other non-2xx without a daemon error body
  BAD_RESPONSE: "bad_response", // 2xx whose body is not JSON
});

function failure(code, message, status = null) {
  return { ok: false, error: { code, message, status } };
}

function isLoopbackHost(hostname) {
  return LOOPBACK_HOSTS.includes(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Checks a daemon base URL: http, a loopback host, no path beyond "/".
 * Returns {ok: true, data: "http://host:port"} or {ok: false, error} with code bad_config.
 */
export function validateDaemonUrl(raw) {
  if (typeof raw !== "string" || raw.trim() === "") {
    return failure(ErrorCode.BAD_CONFIG, "daemon URL is empty");
  }
  let url;
  try {
    url = new URL(raw.trim());
  } catch {
    return failure(ErrorCode.BAD_CONFIG, `daemon URL "${raw}" is not a valid URL`);
  }
  if (url.protocol !== "http:") {
    return failure(ErrorCode.BAD_CONFIG, `daemon URL "${raw}" must use http: (the daemon is local)`);
  }
  if (!isLoopbackHost(url.hostname)) {
    return failure(ErrorCode.BAD_CONFIG, `daemon URL "${raw}" is not a loopback address`);
  }
  if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
    return failure(ErrorCode.BAD_CONFIG, `daemon URL "${raw}" must be just scheme, host and port`);
  }
  return { ok: true, data: url.origin };
}

/**
 * The host permission pattern that covers `daemonUrl` (ports do not matter in match
 * patterns), or null when the URL is invalid. 127.x.y.z other than 127.0.0.1 has no
 * pattern in the manifest, so it maps to null as well.
 */
export function hostPermissionFor(daemonUrl) {
  const valid = validateDaemonUrl(daemonUrl);
  if (!valid.ok) return null;
  const { hostname } = new URL(valid.data);
  return LOOPBACK_HOSTS.includes(hostname) ? `http://${hostname}/*` : null;
}

/** The _locales/en message key that explains an error code to a user. */
export function errorMessageKey(code) {
  const keys = {
    [ErrorCode.BAD_CONFIG]: "errorBadConfig",
    [ErrorCode.NO_TOKEN]: "errorNoToken",
    [ErrorCode.UNREACHABLE]: "errorUnreachable",
    [ErrorCode.TIMEOUT]: "errorTimeout",
    [ErrorCode.UNAUTHORIZED]: "errorUnauthorized",
    [ErrorCode.NOT_FOUND]: "errorNotFound",
  };
  return keys[code] ?? "errorDaemon";
}

async function readJson(response) {
  const text = await response.text();
  if (text.trim() === "") return { parsed: true, value: null };
  try {
    return { parsed: true, value: JSON.parse(text) };
  } catch {
    return { parsed: false, value: text };
  }
}

function errorFromResponse(status, statusText, body) {
  const daemonError = body.parsed && body.value && typeof body.value.error === "object"
    ? body.value.error
    : null;
  const message = typeof daemonError?.message === "string" && daemonError.message
    ? daemonError.message
    : `HTTP ${status}${statusText ? ` ${statusText}` : ""}`;
  if (status === 401) return failure(ErrorCode.UNAUTHORIZED, message, status);
  if (daemonError && typeof daemonError.code === "string" && daemonError.code) {
    return failure(daemonError.code, message, status);
  }
  if (status === 404) return failure(ErrorCode.NOT_FOUND, message, status);
  return failure(ErrorCode.HTTP_ERROR, message, status);
}

/**
 * @param {object} deps
 * @param {typeof fetch} deps.fetch
 * @param {() => Promise<{daemonUrl?: string, token?: string}>} deps.loadSettings
 * @param {number} [deps.timeoutMs] default per-request timeout
 * @param {number} [deps.healthTimeoutMs] timeout of health()
 */
export function createDaemonClient({
  fetch,
  loadSettings,
  timeoutMs = DEFAULTS.requestTimeoutMs,
  healthTimeoutMs = DEFAULTS.healthTimeoutMs,
}) {
  /**
   * Sends one request. `body`, when given, is sent as JSON. Never throws.
   * @returns {Promise<{ok: true, data: any} | {ok: false, error: {code: string, message: string, status: number|null}}>}
   */
  async function request(method, path, { body, timeoutMs: callTimeoutMs = timeoutMs } = {}) {
    let settings;
    try {
      settings = (await loadSettings()) ?? {};
    } catch (e) {
      return failure(ErrorCode.BAD_CONFIG, `could not read settings: ${e?.message ?? e}`);
    }
    const base = validateDaemonUrl(settings.daemonUrl ?? DEFAULTS.daemonUrl);
    if (!base.ok) return base;
    if (typeof settings.token !== "string" || settings.token.trim() === "") {
      return failure(ErrorCode.NO_TOKEN, "no daemon token configured");
    }

    const headers = { Accept: "application/json", Authorization: `Bearer ${settings.token.trim()}` };
    const init = { method, headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }

    const controller = new AbortController();
    init.signal = controller.signal;
    const timer = setTimeout(() => controller.abort(), callTimeoutMs);
    try {
      const response = await fetch(base.data + path, init);
      const parsedBody = await readJson(response);
      if (!response.ok) return errorFromResponse(response.status, response.statusText, parsedBody);
      if (!parsedBody.parsed) {
        return failure(ErrorCode.BAD_RESPONSE, `daemon answered ${response.status} with a body that is not JSON`, response.status);
      }
      return { ok: true, data: parsedBody.value };
    } catch (e) {
      if (controller.signal.aborted) {
        return failure(ErrorCode.TIMEOUT, `daemon did not answer ${method} ${path} within ${callTimeoutMs} ms`);
      }
      return failure(ErrorCode.UNREACHABLE, `cannot reach the daemon at ${base.data}: ${e?.cause?.code ?? e?.message ?? e}`);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    request,
    /** GET /v1/health, with the short health timeout. */
    health: () => request("GET", "/v1/health", { timeoutMs: healthTimeoutMs }),
    /**
     * POST /v1/drafts/{id}/sent: links the sent message to its draft (DESIGN.md, "Watching
     * the mailbox", way 1). messageId is the sent Message-ID as Thunderbird reports it.
     */
    /** GET /v1/drafts/{id} (shared/api/draft.json): the draft with its recipient and facts. */
    getDraft: (draftId) => request("GET", `/v1/drafts/${encodeURIComponent(draftId)}`),
    /** GET /v1/recipients/{id} (shared/api/recipient.json): with the dated activities. */
    getRecipient: (recipientId) => request("GET", `/v1/recipients/${encodeURIComponent(recipientId)}`),
    /** GET /v1/campaigns/{id} (shared/api/campaign.json): name, goal and call to action. */
    getCampaign: (campaignId) => request("GET", `/v1/campaigns/${encodeURIComponent(campaignId)}`),
    /** GET /v1/drafts (shared/api/drafts_list.json): a page of drafts, newest first. */
    listDrafts: ({ state, campaignId, limit = DEFAULTS.queuePageSize } = {}) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (state) query.set("state", state);
      if (campaignId != null) query.set("campaign", String(campaignId));
      return request("GET", `/v1/drafts?${query}`);
    },
    /** GET /v1/campaigns: every campaign with its drafts counted by state. */
    listCampaigns: () => request("GET", "/v1/campaigns"),
    /**
     * POST /v1/drafts/{id}/regenerate (202, an operation, shared/api/operation.json). With
     * place false the daemon only writes the text (kind compose), for a window that has the
     * draft open; with place true it replaces the message in Drafts.
     */
    regenerate: (draftId, { instruction = "", place }) =>
      request("POST", `/v1/drafts/${encodeURIComponent(draftId)}/regenerate`, {
        body: { instruction, place },
      }),
    /** POST /v1/drafts/{id}/reject (202, an operation): suppress adds a do-not-contact entry. */
    reject: (draftId, { reason = "", suppress = false }) =>
      request("POST", `/v1/drafts/${encodeURIComponent(draftId)}/reject`, {
        body: { reason, suppress },
      }),
    /** GET /v1/optouts?state=pending (shared/api/optouts_list.json): replies that may opt out. */
    listPendingOptOuts: () => request("GET", "/v1/optouts?state=pending"),
    /**
     * POST /v1/optouts/{id}/confirm or /dismiss (docs/optouts.md): confirm puts the address
     * on the do-not-contact list, dismiss lets drafting go on. `decision` is one of the two.
     */
    decideOptOut: (reviewId, decision) => {
      if (decision !== "confirm" && decision !== "dismiss") {
        return Promise.resolve(failure(ErrorCode.BAD_CONFIG, `"${decision}" is not confirm or dismiss`));
      }
      return request("POST", `/v1/optouts/${encodeURIComponent(reviewId)}/${decision}`, { body: {} });
    },
    /**
     * POST /v1/drafts/{id}/text (200, the draft): the text a window put back (Restore) becomes
     * the draft's stored text again, so the send is measured against it.
     */
    restoreText: (draftId, { subject, body }) =>
      request("POST", `/v1/drafts/${encodeURIComponent(draftId)}/text`, { body: { subject, body } }),
    /**
     * Waits for operation `operationId` to end (long-polls GET /v1/operations/{id}?wait=S),
     * at most `maxWaitMs`. Resolves to {ok: true, data: result} when it is done, else
     * {ok: false, error}: the operation's own error when it failed, code timeout when it was
     * still running at the end.
     */
    async awaitOperation(operationId, { maxWaitMs = DEFAULTS.operationMaxWaitMs } = {}) {
      const deadline = Date.now() + maxWaitMs;
      for (;;) {
        const left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
        const wait = Math.min(DEFAULTS.operationPollSeconds, left);
        const got = await request("GET", `/v1/operations/${encodeURIComponent(operationId)}?wait=${wait}`,
          { timeoutMs: (wait + 5) * 1000 });
        if (!got.ok) return got;
        const op = got.data ?? {};
        if (op.state === "done") return { ok: true, data: op.result };
        if (op.state === "failed") {
          return failure(op.error?.code || ErrorCode.HTTP_ERROR, op.error?.message || "the operation failed");
        }
        if (left === 0) {
          return failure(ErrorCode.TIMEOUT, `operation ${operationId} did not finish within ${maxWaitMs} ms`);
        }
      }
    },
    reportSent: (draftId, { messageId, finalText }) =>
      request("POST", `/v1/drafts/${encodeURIComponent(draftId)}/sent`, {
        body: { message_id: messageId, final_text: finalText },
      }),
  };
}
