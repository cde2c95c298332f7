// Pure helpers for Draftbox's own mail headers: which custom headers to strip before a
// send, and how to read the draft id from a message. No browser APIs here.

import { DRAFT_ID_HEADER, DRAFT_ID_HEADER_NAME, DRAFTBOX_HEADER_PREFIX } from "./defaults.js";

// Draft ids go into a URL path (/v1/drafts/{id}/sent); anything outside this set is
// not an id the daemon made, so it is ignored rather than sent on.
const DRAFT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** True when `name` is an X-Draftbox-* header, in any letter case. */
export function isDraftboxHeader(name) {
  return typeof name === "string" && name.trim().toLowerCase().startsWith(DRAFTBOX_HEADER_PREFIX);
}

/**
 * Splits compose customHeaders ([{name, value}]) into those to keep and those to strip.
 * A missing or non-array input yields two empty lists.
 */
export function partitionCustomHeaders(customHeaders) {
  const keep = [];
  const strip = [];
  if (!Array.isArray(customHeaders)) return { keep, strip };
  for (const header of customHeaders) {
    (isDraftboxHeader(header?.name) ? strip : keep).push(header);
  }
  return { keep, strip };
}

/** Returns the trimmed id, or null when `value` is not a plausible draft id. */
export function normalizeDraftId(value) {
  if (typeof value !== "string") return null;
  const id = value.trim();
  return DRAFT_ID_PATTERN.test(id) ? id : null;
}

/**
 * Reads the draft id from a messages.getFull() headers object ({name: [values]}; names
 * are lower case there, but any case is accepted). Returns the first valid value, or null.
 */
export function draftIdFromHeaders(headers) {
  if (!headers || typeof headers !== "object") return null;
  for (const [name, values] of Object.entries(headers)) {
    if (name.toLowerCase() !== DRAFT_ID_HEADER) continue;
    for (const value of [].concat(values)) {
      const id = normalizeDraftId(value);
      if (id) return id;
    }
  }
  return null;
}

/**
 * Reads the draft id from compose customHeaders ([{name, value}]), where it survives only
 * if something re-set it. Returns null when absent or invalid.
 */
export function draftIdFromCustomHeaders(customHeaders) {
  if (!Array.isArray(customHeaders)) return null;
  for (const header of customHeaders) {
    if (typeof header?.name !== "string") continue;
    if (header.name.trim().toLowerCase() !== DRAFT_ID_HEADER) continue;
    const id = normalizeDraftId(header.value);
    if (id) return id;
  }
  return null;
}

/**
 * The customHeaders a draft's compose window should carry so that a save keeps its identity:
 * the others unchanged, every X-Draftbox-* header dropped, and X-Draftbox-Id set to `draftId`.
 * Thunderbird drops the header of an opened draft (FIELD-NOTES.md); put back, it is in every
 * copy the window saves, and onBeforeSend strips it again before the send.
 */
export function withDraftIdHeader(customHeaders, draftId) {
  const { keep } = partitionCustomHeaders(customHeaders);
  return [...keep, { name: DRAFT_ID_HEADER_NAME, value: draftId }];
}
