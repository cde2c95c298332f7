// Offers the Draftbox panel in the message view (message_display_action) for a Draftbox draft
// only: when one message is shown and it carries X-Draftbox-Id, the button is enabled for that
// tab and the draft id kept for the panel; for any other message (or several) it is disabled.
// Handlers never throw. Thunderbird APIs, the state store and the logger are injected.

import { draftIdFromHeaders } from "./headers.js";

/**
 * @param {object} deps
 * @param {{enable: Function, disable: Function}} deps.messageDisplayAction
 * @param {{getFull: Function}} deps.messages
 * @param {{get: Function, set: Function, remove: Function}} deps.area browser.storage.session
 * @param {ReturnType<import("./log.js").createLogger>} deps.log
 */
export function createDisplayTracker({ messageDisplayAction, messages, area, log }) {
  const key = (tabId) => `displayTab:${tabId}`;

  return {
    /** messageDisplay.onMessagesDisplayed (MV3: a MessageList; MV2: an array). */
    async onMessagesDisplayed(tab, displayed) {
      const list = Array.isArray(displayed) ? displayed : displayed?.messages ?? [];
      try {
        let draftId = null;
        if (list.length === 1) {
          const full = await messages.getFull(list[0].id);
          draftId = draftIdFromHeaders(full?.headers);
        }
        if (draftId) {
          await area.set({ [key(tab.id)]: { draftId, messageId: list[0].id } });
          await messageDisplayAction.enable(tab.id);
        } else {
          await area.remove(key(tab.id));
          await messageDisplayAction.disable(tab.id);
        }
      } catch (e) {
        log.warn(`could not tell whether tab ${tab?.id} shows a Draftbox draft:`, e?.message ?? e);
      }
    },

    /** The draft shown in tab `tabId` ({draftId, messageId}), or null. */
    async shown(tabId) {
      const items = await area.get(key(tabId));
      return items?.[key(tabId)] ?? null;
    },

    async onTabRemoved(tabId) {
      try {
        await area.remove(key(tabId));
      } catch (e) {
        log.warn(`could not forget tab ${tabId}:`, e?.message ?? e);
      }
    },
  };
}
