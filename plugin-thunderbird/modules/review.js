// Pure pieces of the rep's review (Regenerate, Reject): the reasons a rep can pick, the text
// a rejection records, and what a compose window is given to show a new or a restored text.
// No browser APIs here, so it is tested under node.

import { STORAGE_KEYS } from "./defaults.js";

// The pick list of the Reject form, in its order; each code has the _locales key of its label
// and the words the daemon records (in English, so reports read the same for every rep).
export const REJECT_REASONS = Object.freeze([
  { code: "not_relevant", labelKey: "rejectReasonNotRelevant", text: "not relevant" },
  { code: "wrong_person", labelKey: "rejectReasonWrongPerson", text: "wrong person" },
  { code: "bad_timing", labelKey: "rejectReasonBadTiming", text: "bad timing" },
  { code: "other", labelKey: "rejectReasonOther", text: "other" },
]);

// A free-text reason longer than this is cut: the daemon stores it in an event, and a reason
// is a line, not a letter.
export const MAX_REASON_CHARS = 500;

/**
 * The reason a rejection records: the picked reason, then the rep's own words after a colon
 * ("wrong person: she left the company"). An unknown code counts as "other"; the free text is
 * trimmed, its line breaks folded, and cut at MAX_REASON_CHARS characters (not UTF-16 units).
 */
export function rejectReasonText(code, freeText) {
  const picked = REJECT_REASONS.find((r) => r.code === code) ?? REJECT_REASONS.at(-1);
  const own = Array.from(String(freeText ?? "").replace(/\s+/gu, " ").trim())
    .slice(0, MAX_REASON_CHARS)
    .join("");
  return own ? `${picked.text}: ${own}` : picked.text;
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

/** A plain text as the HTML body of a compose window: paragraphs, line breaks, escaped. */
export function plainTextToHtml(text) {
  const paragraphs = String(text ?? "").replace(/\r\n?/g, "\n").split(/\n{2,}/);
  return paragraphs
    .map((p) => `<p>${escapeHtml(p).replaceAll("\n", "<br>")}</p>`)
    .join("");
}

/**
 * What compose.setComposeDetails gets to show `text` ({subject, body}, plain text as the daemon
 * writes it) in a window whose current details are `current`: a plain-text window gets
 * plainTextBody, an HTML one the text as HTML. Only the subject and the body change.
 */
export function detailsForNewText(current, text) {
  if (current?.isPlainText) return { subject: text.subject, plainTextBody: text.body };
  return { subject: text.subject, body: plainTextToHtml(text.body) };
}

/**
 * What a window showed before a regenerate, to put back later: {subject, isPlainText, body}
 * with body the plain text or the HTML, as the window had it.
 */
export function snapshotOf(details) {
  const isPlainText = Boolean(details?.isPlainText);
  return {
    subject: details?.subject ?? "",
    isPlainText,
    body: (isPlainText ? details?.plainTextBody : details?.body) ?? "",
  };
}

/** What compose.setComposeDetails gets to put a snapshotOf() text back. */
export function detailsForSnapshot(snapshot) {
  return snapshot.isPlainText
    ? { subject: snapshot.subject, plainTextBody: snapshot.body }
    : { subject: snapshot.subject, body: snapshot.body };
}

/**
 * The text each draft had before its last Regenerate in a compose window, kept in a storage
 * area (browser.storage.local: it outlives a restart of Thunderbird) under one key per draft.
 * @param {{get: Function, set: Function, remove: Function}} area
 * @param {() => number} [now] milliseconds since the epoch
 */
export function createPreviousTexts(area, now = () => Date.now()) {
  const key = (draftId) => `${STORAGE_KEYS.previousText}${draftId}`;
  return {
    /** The kept text of `draftId` ({subject, isPlainText, body, keptAt}), or null. */
    async get(draftId) {
      const items = await area.get(key(draftId));
      return items?.[key(draftId)] ?? null;
    },
    /** Keeps `snapshot` for `draftId`, replacing an older one. Rejects if storage fails. */
    async keep(draftId, snapshot) {
      await area.set({ [key(draftId)]: { ...snapshot, keptAt: now() } });
    },
    /** Forgets the kept text of `draftId`. Rejects if storage fails. */
    async forget(draftId) {
      await area.remove(key(draftId));
    },
  };
}
