// The rep's actions on a draft, run by the background page so that closing the panel in the
// middle loses nothing: Regenerate and Reject in a compose window that has the draft open, the
// same from the message view of Drafts (the daemon replaces or removes the message there), and
// opening a draft from the review queue in a compose window. Every action resolves to
// {ok: true, data} or {ok: false, error: {code, message}} and never throws. Thunderbird APIs,
// the daemon client, the stores and the logger are injected.

import {
  detailsForNewText,
  detailsForSnapshot,
  rejectReasonText,
  snapshotOf,
} from "./review.js";
import { findDraftMessage } from "./draft_locator.js";

function failed(code, message) {
  return { ok: false, error: { code, message, status: null } };
}

/**
 * @param {object} deps
 * @param {ReturnType<import("./daemon_client.js").createDaemonClient>} deps.client
 * @param {{getComposeDetails: Function, setComposeDetails: Function, beginNew: Function}} deps.compose
 * @param {{remove: Function, query: Function}} deps.tabs
 * @param {{update: Function}} deps.windows
 * @param {{query: Function, continueList: Function, getFull: Function}} deps.messages
 * @param {(tabId: number, draftId: string, replaces: number) => Promise<void>} deps.adoptWindow
 *   makes a compose tab the window of a draft (draft_tracker.js adopt)
 * @param {ReturnType<import("./review.js").createPreviousTexts>} deps.previousTexts
 * @param {ReturnType<import("./tab_state.js").createTabState>} deps.tabState
 * @param {ReturnType<import("./log.js").createLogger>} deps.log
 */
export function createReviewActions({
  client, compose, tabs, windows, messages, adoptWindow, previousTexts, tabState, log,
}) {
  // The compose tab that has draft `draftId` open, or null.
  async function openWindowOf(draftId) {
    for (const tab of await tabs.query({ type: "messageCompose" })) {
      if ((await tabState.get(tab.id))?.draftId === String(draftId)) return tab;
    }
    return null;
  }

  // Starts an operation and waits for its result.
  async function operate(started) {
    if (!started.ok) return started;
    return client.awaitOperation(started.data.id);
  }

  async function guarded(what, fn) {
    try {
      return await fn();
    } catch (e) {
      log.error(`${what} failed:`, e?.message ?? e);
      return failed("addon_error", `${what} failed: ${e?.message ?? e}`);
    }
  }

  return {
    /**
     * Writes a new text for the draft open in compose tab `tabId` and puts it into the window
     * (subject and body); the text the window had is kept to restore. The daemon stores the
     * new text as the draft's; the window's save puts it into Drafts.
     */
    regenerateInWindow: (tabId, draftId, instruction) => guarded("regenerate", async () => {
      const before = await compose.getComposeDetails(tabId);
      // The daemon's text before the regenerate goes back with Restore (the window's own text
      // may hold the rep's edits, which the send measures against it).
      const stored = await client.getDraft(draftId);
      if (!stored.ok) return stored;
      const result = await operate(await client.regenerate(draftId, { instruction, place: false }));
      if (!result.ok) return result;
      await previousTexts.keep(draftId, {
        ...snapshotOf(before),
        stored: { subject: stored.data.subject, body: stored.data.body },
      });
      await compose.setComposeDetails(tabId, detailsForNewText(before, result.data));
      log.info(`compose tab ${tabId}: new text for draft ${draftId}`);
      return { ok: true, data: { subject: result.data.subject, facts_used: result.data.facts_used } };
    }),

    /**
     * Puts the text from before the last Regenerate back into compose tab `tabId`, and the
     * daemon's stored text back to what it was then. The daemon goes first: if it refuses,
     * the window keeps the new text, so the window and the daemon never disagree.
     */
    restoreInWindow: (tabId, draftId) => guarded("restore", async () => {
      const snapshot = await previousTexts.get(draftId);
      if (!snapshot) return failed("nothing_to_restore", `no earlier text of draft ${draftId} is kept`);
      if (snapshot.stored) {
        const restored = await client.restoreText(draftId, snapshot.stored);
        if (!restored.ok) return restored;
      }
      await compose.setComposeDetails(tabId, detailsForSnapshot(snapshot));
      await previousTexts.forget(draftId);
      return { ok: true, data: { subject: snapshot.subject } };
    }),

    /** Whether an earlier text of `draftId` is kept (the panel offers Restore then). */
    hasPreviousText: (draftId) => guarded("look up the earlier text", async () =>
      ({ ok: true, data: Boolean(await previousTexts.get(draftId)) })),

    /**
     * Rejects the draft open in compose tab `tabId` and closes the window without saving it
     * (tabs.remove closes a compose window without asking); the daemon removes the message
     * from Drafts. The window stays open if the daemon did not take the rejection.
     */
    rejectInWindow: (tabId, draftId, { reasonCode, reasonText, suppress }) =>
      guarded("reject", async () => {
        const reason = rejectReasonText(reasonCode, reasonText);
        const result = await operate(await client.reject(draftId, { reason, suppress: Boolean(suppress) }));
        if (!result.ok) return result;
        await tabState.remove(tabId);
        await previousTexts.forget(draftId);
        await tabs.remove(tabId);
        log.info(`draft ${draftId} rejected (${reason}); its compose tab ${tabId} closed`);
        return { ok: true, data: result.data };
      }),

    /** Regenerate from the message view: the daemon places the new draft and removes the old. */
    regenerateInDrafts: (draftId, instruction) => guarded("regenerate", async () =>
      operate(await client.regenerate(draftId, { instruction, place: true }))),

    /** Reject from the message view: the daemon removes the message from Drafts. */
    rejectInDrafts: (draftId, { reasonCode, reasonText, suppress }) => guarded("reject", async () =>
      operate(await client.reject(draftId, {
        reason: rejectReasonText(reasonCode, reasonText),
        suppress: Boolean(suppress),
      }))),

    /**
     * Opens draft `draftId` in a compose window (one click in the review queue). Thunderbird
     * has no API that opens a draft as a draft: compose.beginNew opens a copy ("edit as new"),
     * so the window is adopted as the draft's (its id, the panel) and the original leaves
     * Drafts when the window saves or sends (draft_tracker.js). A window already open for the
     * draft is brought to the front instead of opening a second copy.
     */
    openDraft: (draftId) => guarded("open the draft", async () => {
      const open = await openWindowOf(draftId);
      if (open) {
        await windows.update(open.windowId, { focused: true });
        return { ok: true, data: { tabId: open.id, alreadyOpen: true } };
      }
      const draft = await client.getDraft(draftId);
      if (!draft.ok) return draft;
      const messageId = await findDraftMessage(messages, draft.data);
      if (messageId == null) {
        return failed("not_in_drafts", `draft ${draftId} is not in Thunderbird's Drafts folder yet`);
      }
      log.info(`opening draft ${draftId} (message ${messageId}) in a compose window`);
      const tab = await compose.beginNew(messageId);
      await adoptWindow(tab.id, String(draftId), messageId);
      return { ok: true, data: { tabId: tab.id, messageId } };
    }),
  };
}
