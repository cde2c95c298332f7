// Follows Draftbox drafts through Thunderbird's compose window:
//  1. when a draft is opened, reads X-Draftbox-Id from the original message (Thunderbird
//     drops unknown headers when it opens a draft, see FIELD-NOTES), keeps it per tab, and
//     sets it on the window again, so a saved copy of the draft still carries it;
//  2. before the send, strips every X-Draftbox-* header so recipients never see one, and
//     keeps the final plain text for the report;
//  3. after the send, tells the daemon: draft id, sent Message-ID, final text (kept and sent
//     again later if the daemon cannot take it now, modules/report_queue.js);
//  4. for a window the review queue opened (`adopt`: compose.beginNew of the draft, which
//     Thunderbird opens as a copy, docs/addon.md), removes the original message from Drafts
//     once the window saved its copy or sent, so Drafts holds exactly one copy, as when
//     Thunderbird opens a draft itself.
// Handlers never throw: a failure is logged and the user's send goes on untouched.
// Thunderbird APIs, state store, daemon client and logger are injected.

import {
  draftIdFromCustomHeaders,
  draftIdFromHeaders,
  partitionCustomHeaders,
  withDraftIdHeader,
} from "./headers.js";

/**
 * @param {object} deps
 * @param {{getComposeDetails: Function, setComposeDetails: Function}} deps.compose browser.compose
 * @param {{enable: Function}} deps.composeAction browser.composeAction (the panel's button)
 * @param {{getFull: Function, delete: Function}} deps.messages browser.messages
 * @param {ReturnType<import("./tab_state.js").createTabState>} deps.tabState
 * @param {ReturnType<import("./report_queue.js").createReportQueue>} deps.reports send reports
 * @param {ReturnType<import("./log.js").createLogger>} deps.log
 */
export function createDraftTracker({ compose, composeAction, messages, tabState, reports, log }) {
  // Reads the draft id from the message the compose window was opened from.
  // Returns the id, or null when this is not a Draftbox draft.
  async function draftIdFromOriginal(details) {
    if (details?.type !== "draft" || details.relatedMessageId == null) return null;
    const full = await messages.getFull(details.relatedMessageId);
    return draftIdFromHeaders(full?.headers);
  }

  // Deletes the original message a queue-opened window replaces, once; kept for the next save
  // if Thunderbird refuses now.
  async function dropReplaced(tabId, state) {
    if (state?.replaces == null) return;
    await messages.delete([state.replaces], { deletePermanently: true });
    await tabState.update(tabId, { replaces: null });
    log.info(`compose tab ${tabId}: the original message of draft ${state.draftId} left Drafts`);
  }

  /**
   * Makes compose tab `tabId` (opened by compose.beginNew from message `replaces`) the window
   * of draft `draftId`: the panel's button, the X-Draftbox-Id header on every save, the send
   * report; the message `replaces` leaves Drafts at the window's first save or at its send.
   * Rejects if Thunderbird does.
   */
  async function adopt(tabId, draftId, replaces) {
    await tabState.update(tabId, { draftId: String(draftId), replaces });
    await composeAction.enable(tabId);
    const details = await compose.getComposeDetails(tabId);
    await compose.setComposeDetails(tabId, {
      customHeaders: withDraftIdHeader(details?.customHeaders, String(draftId)),
    });
    log.info(`compose tab ${tabId} edits draft ${draftId} (a copy of message ${replaces})`);
  }

  async function onAfterSave(tab, saveInfo) {
    if (saveInfo?.error || saveInfo?.mode === "template") return;
    try {
      await dropReplaced(tab.id, await tabState.get(tab.id));
    } catch (e) {
      log.warn(`compose tab ${tab.id}: the original draft is still in Drafts:`, e?.message ?? e);
    }
  }

  async function onTabCreated(tab) {
    if (tab?.type !== "messageCompose") return;
    try {
      const details = await compose.getComposeDetails(tab.id);
      if (details?.type !== "draft") return;
      const draftId =
        draftIdFromCustomHeaders(details.customHeaders) ?? (await draftIdFromOriginal(details));
      if (!draftId) return;
      await tabState.update(tab.id, { draftId });
      await composeAction.enable(tab.id);
      // Thunderbird dropped the header when it opened the draft; put it back so that every
      // save of this window (manual or autosave) keeps the draft's identity in Drafts.
      await compose.setComposeDetails(tab.id, {
        customHeaders: withDraftIdHeader(details.customHeaders, draftId),
      });
      log.info(`compose tab ${tab.id} edits draft ${draftId}`);
    } catch (e) {
      log.warn(`could not read the draft id of compose tab ${tab.id}:`, e?.message ?? e);
    }
  }

  // The id known for this tab; if the background was started after the window opened,
  // falls back to a surviving header, then to the original message.
  async function resolveDraftId(tabId, details) {
    const state = await tabState.get(tabId);
    if (state?.draftId) return state.draftId;
    return draftIdFromCustomHeaders(details?.customHeaders) ?? (await draftIdFromOriginal(details));
  }

  async function onBeforeSend(tab, details) {
    const { keep, strip } = partitionCustomHeaders(details?.customHeaders);
    try {
      const draftId = await resolveDraftId(tab.id, details);
      if (draftId) {
        await tabState.update(tab.id, {
          draftId,
          finalText: details?.plainTextBody ?? "",
          sending: true,
        });
      }
    } catch (e) {
      log.warn(`could not record the send of compose tab ${tab.id}:`, e?.message ?? e);
    }
    if (strip.length === 0) return {};
    log.info(`stripping ${strip.map((h) => h.name).join(", ")} before send`);
    // Setting customHeaders replaces the X- headers of the message with this list.
    return { details: { customHeaders: keep } };
  }

  async function onAfterSend(tab, sendInfo) {
    try {
      const state = await tabState.get(tab.id);
      if (sendInfo?.error) {
        if (state) await tabState.update(tab.id, { sending: false });
        log.warn(`send from compose tab ${tab.id} failed: ${sendInfo.error}`);
        return;
      }
      try {
        await dropReplaced(tab.id, state);
      } catch (e) {
        log.warn(`compose tab ${tab.id}: the original draft is still in Drafts:`, e?.message ?? e);
      }
      await tabState.remove(tab.id);
      if (!state?.draftId) return;
      if (!sendInfo?.headerMessageId) {
        // "Send later" puts it in the Outbox: no Message-ID yet. The daemon links it
        // from the Sent folder instead (DESIGN.md, "Watching the mailbox").
        log.info(`draft ${state.draftId} queued (${sendInfo?.mode ?? "unknown mode"}); not reported`);
        return;
      }
      // Thunderbird 147+ passes the details it sent; older ones only had onBeforeSend's.
      const finalText = sendInfo.details?.plainTextBody ?? state.finalText ?? "";
      await reports.report(state.draftId, { messageId: sendInfo.headerMessageId, finalText });
    } catch (e) {
      log.error(`send report for compose tab ${tab.id} failed:`, e?.message ?? e);
    }
  }

  async function onTabRemoved(tabId) {
    try {
      const state = await tabState.get(tabId);
      // A send in flight still needs its state; onAfterSend removes it.
      if (state && !state.sending) await tabState.remove(tabId);
    } catch (e) {
      log.warn(`could not forget compose tab ${tabId}:`, e?.message ?? e);
    }
  }

  return { adopt, onTabCreated, onBeforeSend, onAfterSend, onAfterSave, onTabRemoved };
}
