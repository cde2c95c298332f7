// Pure: turns the daemon's pending possible opt-outs (GET /v1/optouts?state=pending,
// shared/api/optout.json) into what the review queue shows of each: who replied, when, the
// reply's own words and what the detector matched. The reply is the outside world's text, so
// it is made safe to show as plain text here: controls and the bidirectional overrides that
// could make it read as something else are taken out, runs of white space folded, and it is
// cut at a length a rep reads at a glance. The page still puts it in with textContent, never
// as HTML. No browser APIs, so it is tested under node.

// The daemon keeps at most 600 bytes of a reply; a line or two is what a rep needs to decide.
export const MAX_EXCERPT_CHARS = 280;

// C0 and C1 controls, DEL, zero-width and bidirectional formatting characters, the line and
// paragraph separators: nothing a reply needs to be read, all of it able to disguise text.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

/**
 * `text` as one plain line: unsafe characters become spaces, white space is folded, and a
 * text longer than `max` characters (code points, not UTF-16 units) is cut and ends in "…".
 */
export function plainLine(text, max = MAX_EXCERPT_CHARS) {
  const folded = String(text ?? "").replace(UNSAFE, " ").replace(/\s+/gu, " ").trim();
  const chars = Array.from(folded);
  return chars.length > max ? `${chars.slice(0, max - 1).join("").trimEnd()}…` : folded;
}

/**
 * The queue's rows for `optouts` (only the pending ones, oldest first as the daemon lists
 * them): {id, email, date, excerpt, phrase, draftId}.
 */
export function buildOptOutItems(optouts) {
  return (Array.isArray(optouts) ? optouts : [])
    .filter((o) => o && Number.isInteger(o.id) && (o.state ?? "pending") === "pending")
    .map((o) => ({
      id: o.id,
      email: plainLine(o.email, 254),
      date: plainLine(o.date, 10),
      excerpt: plainLine(o.excerpt),
      phrase: plainLine(o.phrase, 120),
      draftId: Number.isInteger(o.draft_id) ? o.draft_id : null,
    }));
}
