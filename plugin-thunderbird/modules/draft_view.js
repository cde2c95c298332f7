// Pure: turns what the daemon says about a draft (GET /v1/drafts/{id}, the recipient's
// activities from GET /v1/recipients/{id}, the campaign from GET /v1/campaigns/{id}) into what
// the panel shows. No browser APIs and no DOM here, so it is tested under node.

// Words shorter than this carry no meaning of their own ("the", "on", "a").
const MIN_WORD_LENGTH = 4;
// A sentence "uses" a fact when at least this share of the fact's content words, and at least
// two of them (one for a one-word fact), appear in it: the composer rephrases facts ("Raised a
// 40 million dollar Series B led by Accel" -> "Congratulations on the Series B led by Accel"),
// so an exact quote is rare, but the names and key words survive.
const MIN_SHARED_SHARE = 0.3;
const MIN_SHARED_COUNT = 2;

function words(text) {
  return (String(text ?? "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => w.length >= MIN_WORD_LENGTH || /\d/.test(w));
}

/** Splits a plain-text body into sentences (and lines), trimmed, empty ones dropped. */
export function splitSentences(body) {
  return String(body ?? "")
    .split(/\n+|(?<=[.!?])\s+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The sentence of `body` that uses the fact `factText` most, or null when none shares enough
 * of the fact's content words (MIN_SHARED_SHARE, MIN_SHARED_COUNT).
 */
export function sentenceForFact(body, factText) {
  const factWords = new Set(words(factText));
  if (factWords.size === 0) return null;
  const minCount = Math.min(MIN_SHARED_COUNT, factWords.size);
  let best = null;
  let bestShare = MIN_SHARED_SHARE;
  for (const sentence of splitSentences(body)) {
    const present = new Set(words(sentence));
    let shared = 0;
    for (const w of factWords) if (present.has(w)) shared += 1;
    const share = shared / factWords.size;
    if (shared < minCount) continue;
    if (share >= bestShare && (best === null || share > bestShare)) {
      best = sentence;
      bestShare = share;
    }
  }
  return best;
}

/**
 * Where a fact comes from: {kind: "activity", type, date, source} for "activity:N" when the
 * recipient's activities name it, {kind: "field", field} for "recipient:role" and the like,
 * else {kind: "other"}.
 */
export function factOrigin(factId, activities) {
  const id = String(factId ?? "");
  const activity = /^activity:(\d+)$/.exec(id);
  if (activity) {
    const found = (activities ?? []).find((a) => String(a?.id) === activity[1]);
    if (found) {
      return { kind: "activity", type: found.type ?? "", date: found.date ?? "", source: found.source ?? "" };
    }
    return { kind: "activity", type: "", date: "", source: "" };
  }
  if (id.startsWith("recipient:")) return { kind: "field", field: id.slice("recipient:".length) };
  return { kind: "other" };
}

/**
 * The panel's model of a draft.
 * @param {object} draft GET /v1/drafts/{id} (shared/api/draft.json)
 * @param {{activities?: object[], first_name?: string, last_name?: string}|null} recipient
 *   GET /v1/recipients/{id}, or null if unknown
 * @param {{name?: string, spec?: object}|null} campaign GET /v1/campaigns/{id}, or null
 */
export function buildDraftView(draft, recipient, campaign) {
  const person = draft?.recipient ?? {};
  const activities = recipient?.activities ?? [];
  const facts = (draft?.facts_used ?? []).map((fact) => ({
    id: fact.id,
    text: fact.text,
    origin: factOrigin(fact.id, activities),
    sentence: sentenceForFact(draft?.body, fact.text),
  }));
  const spec = campaign?.spec ?? {};
  return {
    id: draft?.id,
    state: draft?.state ?? "",
    subject: draft?.subject ?? "",
    uid: draft?.imap?.uid ?? null,
    recipient: {
      name: person.name ||
        [recipient?.first_name, recipient?.last_name].filter(Boolean).join(" ") ||
        person.email || draft?.to || "",
      email: person.email || draft?.to || "",
      role: person.role ?? "",
      company: person.company ?? "",
      accountState: person.account_state ?? "",
      plan: person.plan ?? "",
    },
    facts,
    campaign: campaign
      ? { name: campaign.name ?? spec.name ?? "", goal: spec.goal ?? "", cta: spec.cta ?? "" }
      : null,
  };
}
