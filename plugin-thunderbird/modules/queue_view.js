// Pure: turns the daemon's campaigns (GET /v1/campaigns, with drafts counted by state) and its
// open drafts (GET /v1/drafts?state=placed) into the review queue's model: one group per
// campaign with open drafts, oldest draft first (the order a rep works through), each with its
// recipient and the main fact it rests on. No browser APIs, so it is tested under node.

/** The fact a draft leans on most: the first one the composer used, or "" for none. */
export function mainFact(draft) {
  const facts = Array.isArray(draft?.facts_used) ? draft.facts_used : [];
  return String(facts[0]?.text ?? "");
}

function queueItem(draft) {
  const person = draft?.recipient ?? {};
  return {
    id: draft.id,
    name: person.name || person.email || draft.to || "",
    email: person.email || draft.to || "",
    role: person.role ?? "",
    company: person.company ?? "",
    subject: draft.subject ?? "",
    mainFact: mainFact(draft),
    placedAt: draft.placed_at ?? draft.created_at ?? 0,
  };
}

/**
 * @param {object[]} campaigns GET /v1/campaigns `campaigns`
 * @param {object[]} openDrafts GET /v1/drafts?state=placed `drafts`
 * @returns {{groups: {campaign: {id, name, goal}, counts: [string, number][], drafts: object[]}[],
 *   totals: [string, number][], open: number}}
 */
export function buildQueue(campaigns, openDrafts) {
  const byCampaign = new Map();
  for (const draft of openDrafts ?? []) {
    if (draft?.state && draft.state !== "placed") continue;
    if (!byCampaign.has(draft.campaign_id)) byCampaign.set(draft.campaign_id, []);
    byCampaign.get(draft.campaign_id).push(queueItem(draft));
  }
  const known = new Map((campaigns ?? []).map((c) => [c.id, c]));
  const totals = new Map();
  const groups = [];
  for (const campaign of campaigns ?? []) {
    for (const [state, n] of Object.entries(campaign.drafts ?? {})) {
      totals.set(state, (totals.get(state) ?? 0) + n);
    }
  }
  const ids = [...new Set([...known.keys(), ...byCampaign.keys()])];
  for (const id of ids) {
    const campaign = known.get(id);
    const drafts = (byCampaign.get(id) ?? []).sort((a, b) => a.placedAt - b.placedAt || a.id - b.id);
    const counts = Object.entries(campaign?.drafts ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (drafts.length === 0 && counts.length === 0) continue;
    groups.push({
      campaign: { id, name: campaign?.name ?? `#${id}`, goal: campaign?.spec?.goal ?? "" },
      counts,
      drafts,
    });
  }
  // Campaigns with drafts waiting come first; among them, the one waiting longest.
  groups.sort((a, b) => (b.drafts.length > 0) - (a.drafts.length > 0) ||
    (a.drafts[0]?.placedAt ?? 0) - (b.drafts[0]?.placedAt ?? 0) || a.campaign.id - b.campaign.id);
  const open = groups.reduce((n, g) => n + g.drafts.length, 0);
  return { groups, totals: [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)), open };
}
