"""What a rep does in Thunderbird, done through Marionette in the chrome context: open a draft
from Drafts as a double-click would, type into it, save it, close it, send it, open the
Draftbox panel. Each method waits for Thunderbird to finish what it started."""

import json
import time

from harness import ADDON_ID, wait_until

_PRELUDE = """
const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
const identity = MailServices.accounts.getIdentity("id1");
async function draftsFolder() {
  const folder = MailServices.folderLookup.getOrCreateFolderForURL(identity.draftsFolderURI);
  // An update asked for while another of the folder's URLs runs (Thunderbird's own, after a
  // save or at start-up) can end without calling this listener: wait at most 10 s for it.
  await Promise.race([
    new Promise((resolve) => folder.QueryInterface(Ci.nsIMsgImapMailFolder).updateFolderWithListener(null, {
      OnStartRunningUrl() {},
      OnStopRunningUrl() { resolve(); },
    })),
    new Promise((resolve) => setTimeout(resolve, 10000)),
  ]);
  return folder;
}
// The header of the draft to `address`, updating Drafts until it is there (at most 30 s): the
// first update after start-up, or after a message arrived, can end before it is in the database.
async function findDraft(address) {
  for (let i = 0; i < 60; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 500));
    const folder = await draftsFolder();
    const hdr = Array.from(folder.msgDatabase.enumerateMessages())
        .find((h) => h.mime2DecodedRecipients.includes(address));
    if (hdr) return { folder, hdr };
  }
  return null;
}
function composeWindows() {
  return Array.from(Services.wm.getEnumerator("msgcompose"));
}
"""


class ThunderbirdClient:
    def __init__(self, marionette, main_window):
        self.m = marionette
        self.main = main_window

    def _run(self, body, *args):
        return self.m.run(_PRELUDE + body, *args)

    def store_password(self, user, password):
        self._run("""
          const [user, password] = args;
          const info = Cc["@mozilla.org/login-manager/loginInfo;1"]
              .createInstance(Ci.nsILoginInfo);
          info.init("imap://127.0.0.1", null, "imap://127.0.0.1", user, password, "", "");
          await Services.logins.addLoginAsync(info);
        """, user, password)

    def seed_addon_storage(self, items):
        """Writes `items` into the add-on's storage.local (before its pages read them)."""
        self._run("""
          const { ExtensionStorageIDB } = ChromeUtils.importESModule(
              "resource://gre/modules/ExtensionStorageIDB.sys.mjs");
          const extension = WebExtensionPolicy.getByID(args[1]).extension;
          const db = await ExtensionStorageIDB.open(
              ExtensionStorageIDB.getStoragePrincipal(extension));
          await db.set(args[0]);
        """, items, ADDON_ID)

    def read_addon_storage(self):
        return self._run("""
          const { ExtensionStorageIDB } = ChromeUtils.importESModule(
              "resource://gre/modules/ExtensionStorageIDB.sys.mjs");
          const extension = WebExtensionPolicy.getByID(args[0]).extension;
          const db = await ExtensionStorageIDB.open(
              ExtensionStorageIDB.getStoragePrincipal(extension));
          return await db.get(null);
        """, ADDON_ID)

    def drafts(self):
        """[{uid, subject, to}] of the Drafts folder, after Thunderbird updated it."""
        return self._run("""
          const folder = await draftsFolder();
          return Array.from(folder.msgDatabase.enumerateMessages(), (h) => ({
            uid: h.messageKey, subject: h.mime2DecodedSubject, to: h.mime2DecodedRecipients,
          }));
        """)

    def open_draft(self, to_address):
        """Opens the draft to `to_address` from Drafts as a double-click does; returns the
        compose window's handle."""
        self.m.switch_to_window(self.main)
        before = set(self.m.window_handles())
        found = self._run("""
          const { folder, hdr } = (await findDraft(args[0])) ?? {};
          if (!hdr) return false;
          MailServices.compose.OpenComposeWindow(null, hdr, folder.getUriForMsg(hdr),
              Ci.nsIMsgCompType.Draft, Ci.nsIMsgCompFormat.Default, identity, null, null);
          return true;
        """, to_address)
        if not found:
            raise AssertionError(f"no draft to {to_address} in Thunderbird's Drafts")
        handle = wait_until(lambda: (set(self.m.window_handles()) - before or {None}).pop(),
                            60, "the compose window")
        self.m.switch_to_window(handle)
        self._wait_for_compose_text()
        return handle

    def show_in_drafts(self, to_address):
        """Selects the draft to `to_address` in the Drafts folder of the main window, as a
        click in the message list does, and waits until it is displayed."""
        self.m.switch_to_window(self.main)
        shown = self._run("""
          const { MailUtils } = ChromeUtils.importESModule("resource:///modules/MailUtils.sys.mjs");
          const { hdr } = (await findDraft(args[0])) ?? {};
          if (!hdr) return null;
          MailUtils.displayMessageInFolderTab(hdr);
          return hdr.messageKey;
        """, to_address)
        if shown is None:
            raise AssertionError(f"no draft to {to_address} in Thunderbird's Drafts")
        wait_until(lambda: self.m.run("""
          const about = window.gTabmail.currentAbout3Pane?.messageBrowser?.contentWindow;
          return about?.gMessage?.messageKey === args[0];
        """, shown), 30, "the draft in the message view")
        return shown

    def display_button_enabled(self):
        """Whether the Draftbox button of the message view is there and enabled."""
        return self.m.run("""
          const doc = window.gTabmail.currentAbout3Pane?.messageBrowser?.contentDocument;
          const button = doc?.querySelector('[id$="-messageDisplayAction-toolbarbutton"]');
          return !!button && !button.disabled;
        """)

    def open_display_panel(self):
        """Opens the Draftbox panel of the message view; returns its visible text."""
        self.m.run("""
          const doc = window.gTabmail.currentAbout3Pane.messageBrowser.contentDocument;
          doc.querySelector('[id$="-messageDisplayAction-toolbarbutton"]').click();
        """)
        return wait_until(self._panel_text, 30, "the Draftbox panel of the message view")

    def body_text(self):
        return self.m.run("return window.GetCurrentEditor().document.body.innerText;")

    def type_at_start(self, text):
        self.m.run("""
          const editor = window.GetCurrentEditor();
          editor.beginningOfDocument();
          editor.insertText(args[0]);
          window.gContentChanged = true;
        """, text)

    def replace_text(self, text):
        """Replaces the whole body, as a rep who rewrites the draft does."""
        self.m.run("""
          const editor = window.GetCurrentEditor();
          editor.selectAll();
          editor.insertText(args[0]);
          window.gContentChanged = true;
        """, text)

    def open_panel(self):
        """Opens the Draftbox panel (compose_action popup) of the current compose window and
        waits until it shows a draft or a problem; returns the panel's visible text."""
        self.m.run("""
          const button = document.querySelector('[id$="-composeAction-toolbarbutton"]');
          if (!button) throw new Error("no compose_action button in the compose window");
          if (button.disabled) throw new Error("the Draftbox button is disabled");
          button.click();
        """)
        return wait_until(self._panel_text, 30, "the Draftbox panel to load")

    def _panel_eval(self, script):
        """Runs `script` (a JS expression over `content.document`) in the open Draftbox panel
        and returns {busy, text, status, value}, or None while no panel is open."""
        return self._page_eval("""
          const panel = Array.from(document.querySelectorAll("panel"))
              .find((p) => p.state === "open" && p.querySelector("browser"));
          const browser = panel?.querySelector("browser");""", script)

    def _page_eval(self, find_browser, script):
        """Runs `script` in the add-on page shown by the <browser> that the chrome-side JS
        `find_browser` puts into `browser`; returns {busy, text, status, value} or None."""
        # Add-on pages run in their own process: a frame script reads them.
        return self.m.run(find_browser + """
          if (!browser?.currentURI?.spec.startsWith("moz-extension:")) return null;
          const mm = browser.messageManager;
          return await new Promise((resolve) => {
            mm.addMessageListener("draftbox-test:panel", function listener(message) {
              mm.removeMessageListener("draftbox-test:panel", listener);
              resolve(message.data);
            });
            // An arrow function of its own, so that loading it again declares nothing twice.
            mm.loadFrameScript("data:," + encodeURIComponent(`(() => {
                const value = (() => { ${args[0]} })();
                const page = content.document.getElementById("panel") ??
                    content.document.getElementById("queue");
                sendAsyncMessage("draftbox-test:panel", {
                  busy: page?.getAttribute("aria-busy"),
                  text: content.document.body.innerText,
                  status: content.document.getElementById("actionStatus")?.textContent ?? "",
                  value: value ?? null,
                });
              })()`), false);
          });
        """, script)

    _QUEUE_BROWSER = """
          const browser = window.gTabmail.tabInfo.find(
              (t) => t.browser?.currentURI?.spec.endsWith("/queue/queue.html"))?.browser;"""

    def open_queue(self):
        """Opens the review queue in a tab of the main window, as the add-on's button does, and
        returns its text once it has loaded."""
        self.m.switch_to_window(self.main)
        self._run("""
          const policy = WebExtensionPolicy.getByID(args[0]);
          const url = policy.getURL("queue/queue.html");
          window.gTabmail.openTab("contentTab", {
            url,
            initialBrowsingContextGroupId: policy.browsingContextGroupId,
            triggeringPrincipal: Services.scriptSecurityManager.createContentPrincipal(
                Services.io.newURI(url), {}),
          });
        """, ADDON_ID)
        return wait_until(lambda: (lambda state: state and state.get("busy") == "false"
                                   and state["text"])(self._page_eval(self._QUEUE_BROWSER,
                                                                      "return null;")),
                          30, "the review queue to load")

    def queue_eval(self, script):
        """Runs `script` in the review queue page; {busy, text, status, value} or None."""
        return self._page_eval(self._QUEUE_BROWSER, script)

    def queue_open_draft(self, draft_id):
        """Clicks the draft `draft_id` in the review queue; returns the compose window's handle
        once it shows the draft's text (the current window then)."""
        before = set(self.m.window_handles())
        clicked = self.queue_eval(f"""
          const button = content.document.querySelector('button[data-draft-id="{int(draft_id)}"]');
          button?.click();
          return !!button;""")
        if not (clicked or {}).get("value"):
            raise AssertionError(f"no draft {draft_id} in the review queue")
        notes = []

        def opened():
            # What the queue says under the draft names a problem.
            note = (self.queue_eval(f"""return content.document.querySelector(
                'button[data-draft-id="{int(draft_id)}"] .opening')?.textContent;""")
                    or {}).get("value")
            if note and note not in notes:
                notes.append(note)
            return (set(self.m.window_handles()) - before or {None}).pop()
        try:
            handle = wait_until(opened, 60, "the compose window opened from the queue")
        except TimeoutError as e:
            raise AssertionError(f"{e}; the queue said: {notes}")
        self.m.switch_to_window(handle)
        self._wait_for_compose_text()
        return handle

    def close_queue(self):
        self.m.switch_to_window(self.main)
        self.m.run("""
          const tab = window.gTabmail.tabInfo.find(
              (t) => t.browser?.currentURI?.spec.endsWith("/queue/queue.html"));
          if (tab) window.gTabmail.closeTab(tab);
        """)

    def _wait_for_compose_text(self):
        wait_until(lambda: self.m.run("""
          return document.readyState === "complete" && !!window.gMsgCompose &&
              !!window.GetCurrentEditor() &&
              window.GetCurrentEditor().document.body.textContent.length > 0;
        """), 60, "the draft's text in the compose window")
        # The add-on reads the draft id when the tab is created; give its handler a moment.
        time.sleep(1)

    def _panel_text(self):
        state = self._panel_eval("return null;")
        if not state or state.get("busy") != "false":
            return None
        return state["text"]

    def panel_regenerate(self, instruction, done_text):
        """Types `instruction` into the panel, presses Regenerate and waits until the panel's
        status reads `done_text`; returns the panel's text."""
        self._panel_eval(f"""
          const d = content.document;
          d.getElementById("instruction").value = {json.dumps(instruction)};
          d.getElementById("regenerate").click();
        """)
        return self._wait_for_status(done_text)["text"]

    def panel_restore(self, done_text):
        """Presses Restore (it shows once a Regenerate kept the earlier text)."""
        wait_until(lambda: (self._panel_eval(
            'return !content.document.getElementById("restore").hidden;') or {}).get("value"),
            30, "the Restore button")
        self._panel_eval('content.document.getElementById("restore").click();')
        return self._wait_for_status(done_text)["text"]

    def panel_reject(self, reason_code, reason_text, never_contact):
        """Fills in the Reject form and presses Reject (the panel may close with its window)."""
        self._panel_eval(f"""
          const d = content.document;
          d.getElementById("rejectBox").open = true;
          d.querySelector('input[name="reason"][value={json.dumps(reason_code)}]').checked = true;
          d.getElementById("rejectText").value = {json.dumps(reason_text)};
          d.getElementById("neverContact").checked = {json.dumps(bool(never_contact))};
          d.getElementById("reject").click();
        """)

    def _wait_for_status(self, done_text):
        def finished():
            state = self._panel_eval("return null;")
            if state and done_text in state.get("status", "") and state.get("busy") == "false":
                return state
            return None
        return wait_until(finished, 60, f"the panel to say {done_text!r}")

    def subject(self):
        return self.m.run('return document.getElementById("msgSubject").value;')

    def panel_button_enabled(self):
        return self.m.run("""
          const button = document.querySelector('[id$="-composeAction-toolbarbutton"]');
          return !!button && !button.disabled;
        """)

    def close_panel(self):
        self.m.run("""
          for (const panel of document.querySelectorAll("panel")) {
            if (panel.state === "open") panel.hidePopup();
          }
        """)

    def save(self, saved):
        """Saves the open draft (File > Save); `saved()` tells when the copy is on the server."""
        self.m.run("window.goDoCommand('cmd_saveAsDraft');")
        wait_until(saved, 60, "the saved draft in Drafts")
        wait_until(lambda: self.m.run("return !window.gSaveOperationInProgress;"), 30,
                   "the save to finish")

    def _current_window(self):
        handle = self.m.command("WebDriver:GetWindowHandle")
        return handle.get("value", handle) if isinstance(handle, dict) else handle

    def close(self):
        """Closes the compose window without a prompt (after a save there is nothing to lose)."""
        handle = self._current_window()
        # Closed from a timer: a script whose own window closes under it never returns.
        self.m.run("window.gContentChanged = false; setTimeout(() => window.close(), 0);")
        wait_until(lambda: handle not in self.m.window_handles(), 30, "the compose window to close")
        self.m.switch_to_window(self.main)

    def send(self):
        """Sends the open draft now (Send button) and waits until its window is gone."""
        handle = self._current_window()
        self.m.run("window.goDoCommand('cmd_sendNow');")
        wait_until(lambda: handle not in self.m.window_handles(), 90, "the send to finish")
        self.m.switch_to_window(self.main)
