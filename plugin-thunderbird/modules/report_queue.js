// Send reports that must not be lost: a report the daemon could not take (not running, token
// wrong, busy) is kept in browser.storage.local and sent again later, oldest first, until
// the daemon answers it. Nothing here ever delays a send: reports are made after it, and a
// failure only queues. The storage area, client, alarms and logger are injected.

import { DEFAULTS, STORAGE_KEYS } from "./defaults.js";
import { ErrorCode } from "./daemon_client.js";

// Answers after which trying again can help: nothing answered, or the daemon cannot take it
// yet (restarting, token being fixed). Any other answer (the draft is unknown or already
// linked another way) is final: the report is dropped with a warning.
const RETRYABLE = new Set([
  ErrorCode.UNREACHABLE,
  ErrorCode.TIMEOUT,
  ErrorCode.UNAUTHORIZED,
  ErrorCode.NO_TOKEN,
  ErrorCode.BAD_CONFIG,
  ErrorCode.HTTP_ERROR,
  "unavailable",
]);

/** True when a failed report should be kept and sent again. */
export function isRetryable(error) {
  if (!error) return false;
  if (error.code === ErrorCode.HTTP_ERROR) return error.status == null || error.status >= 500;
  return RETRYABLE.has(error.code);
}

/**
 * @param {object} deps
 * @param {{get: Function, set: Function}} deps.area browser.storage.local
 * @param {{reportSent: Function}} deps.client the daemon client
 * @param {{create: Function, clear: Function}} [deps.alarms] browser.alarms, to come back later
 * @param {ReturnType<import("./log.js").createLogger>} deps.log
 * @param {() => number} [deps.now] milliseconds since the epoch
 */
export function createReportQueue({ area, client, alarms, log, now = () => Date.now() }) {
  const key = STORAGE_KEYS.pendingReports;
  let flushing = null; // one flush at a time; a second caller waits for it

  async function pending() {
    const items = await area.get({ [key]: [] });
    return Array.isArray(items[key]) ? items[key] : [];
  }

  async function save(reports) {
    await area.set({ [key]: reports });
    if (!alarms) return;
    if (reports.length > 0) {
      await alarms.create(DEFAULTS.reportRetryAlarm, { periodInMinutes: DEFAULTS.reportRetryMinutes });
    } else {
      await alarms.clear(DEFAULTS.reportRetryAlarm);
    }
  }

  // Sends one report. Resolves to null when it is done with (taken, or refused for good), else
  // to the error code it failed with (keep it).
  async function attempt(report) {
    const result = await client.reportSent(report.draftId, {
      messageId: report.messageId,
      finalText: report.finalText,
    });
    if (result.ok) {
      log.info(`reported the send of draft ${report.draftId}`);
      return null;
    }
    const { code, message } = result.error;
    if (isRetryable(result.error)) {
      log.warn(`daemon did not take the send report of draft ${report.draftId} (${code}: ${message}); kept to try again`);
      return code;
    }
    log.warn(`daemon refused the send report of draft ${report.draftId}: ${code} (${message})`);
    return null;
  }

  async function flushNow() {
    const reports = await pending();
    if (reports.length === 0) return 0;
    const kept = [];
    let down = false;
    for (const report of reports) {
      // Once nothing answers, the rest would only fail the same way.
      if (down) {
        kept.push(report);
        continue;
      }
      const code = await attempt(report);
      if (code === null) continue;
      kept.push({ ...report, attempts: (report.attempts ?? 0) + 1 });
      down = code === ErrorCode.UNREACHABLE || code === ErrorCode.TIMEOUT;
    }
    // Reports queued while this flush ran are in storage but not in `reports`: keep them.
    const queuedMeanwhile = (await pending()).filter(
      (r) => !reports.some((s) => s.draftId === r.draftId && s.messageId === r.messageId));
    await save([...kept, ...queuedMeanwhile]);
    return reports.length - kept.length;
  }

  return {
    /**
     * Reports a send now; if the daemon cannot take it, keeps it for later. Never rejects.
     * @param {string} draftId
     * @param {{messageId: string, finalText: string}} report
     */
    async report(draftId, { messageId, finalText }) {
      const entry = { draftId, messageId, finalText, queuedAt: now(), attempts: 1 };
      try {
        if ((await attempt(entry)) === null) return;
        const reports = await pending();
        if (!reports.some((r) => r.draftId === draftId && r.messageId === messageId)) {
          reports.push(entry);
        }
        await save(reports);
      } catch (e) {
        log.error(`could not keep the send report of draft ${draftId}:`, e?.message ?? e);
      }
    },

    /** Sends every kept report again; resolves to how many left the queue. Never rejects. */
    async flush() {
      if (!flushing) {
        flushing = flushNow()
          .catch((e) => {
            log.error("sending kept send reports failed:", e?.message ?? e);
            return 0;
          })
          .finally(() => {
            flushing = null;
          });
      }
      return flushing;
    },

    /** The kept reports, oldest first. */
    pending,
  };
}
