// Finds the message in Thunderbird that holds a Draftbox draft, from what the daemon knows of
// it (shared/api/draft.json: the Message-ID it placed the draft with, and its recipient).
// Thunderbird gives a saved draft a new Message-ID (FIELD-NOTES.md), so the Message-ID finds
// only a draft nobody saved yet; a saved copy is found among the messages to the recipient by
// its X-Draftbox-Id header, which the add-on puts back on every window that saves a draft.
// The messages API is injected, so tests use a fake.

import { draftIdFromHeaders } from "./headers.js";

// Recipients can have many messages (Sent, INBOX); only this many are looked into.
const MAX_CANDIDATES = 50;

function bareMessageId(messageId) {
  return String(messageId ?? "").trim().replace(/^<|>$/g, "");
}

async function listAll(messages, page) {
  const found = [...(page?.messages ?? [])];
  let id = page?.id;
  while (id && found.length < MAX_CANDIDATES) {
    const next = await messages.continueList(id);
    found.push(...(next?.messages ?? []));
    id = next?.id;
  }
  return found.slice(0, MAX_CANDIDATES);
}

/**
 * The Thunderbird message id of draft `draft` in a Drafts folder, or null when there is none.
 * Only a message whose X-Draftbox-Id names this draft counts, so a Sent copy (the header is
 * stripped before a send) or another draft to the same person is never taken for it.
 * @param {{query: Function, continueList: Function, getFull: Function}} messages browser.messages
 * @param {{id: number|string, message_id?: string|null, to?: string}} draft
 * Rejects only when the messages API does.
 */
export async function findDraftMessage(messages, draft) {
  const wanted = String(draft?.id ?? "");
  if (!wanted) return null;
  const isThisDraft = async (message) => {
    const full = await messages.getFull(message.id);
    return draftIdFromHeaders(full?.headers) === wanted;
  };
  const headerMessageId = bareMessageId(draft.message_id);
  if (headerMessageId) {
    const byId = await listAll(messages, await messages.query({ headerMessageId }));
    for (const message of byId) if (await isThisDraft(message)) return message.id;
  }
  if (!draft.to) return null;
  const byRecipient = await listAll(messages, await messages.query({ recipients: draft.to }));
  // Newest first: a saved copy is newer than what it replaced.
  byRecipient.sort((a, b) => new Date(b.date ?? 0) - new Date(a.date ?? 0));
  for (const message of byRecipient) if (await isThisDraft(message)) return message.id;
  return null;
}
