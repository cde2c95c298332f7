"""End-to-end: the Draftbox add-on in a real Thunderbird against a real daemon and Dovecot.

One Thunderbird start is shared by every case (it is the slow part); the cases run in the
order of their names and each works on a draft of its own. Run by ./scripts/test through
CTest (label `slow`); alone:

    DRAFTBOX_BINARY=build/asan/daemon/cli/draftbox /usr/bin/python3 -m unittest \\
        discover -s tests/thunderbird -v

Artefacts (screenshots, logs) go to $DRAFTBOX_TEST_ARTEFACTS (default: a temp dir, printed).
"""

import email
import json
import email.policy
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import SOURCE_DIR, Daemon, Dovecot, SmtpSink, Thunderbird, wait_until  # noqa: E402
from thunderbird_client import ThunderbirdClient  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
ANA = "ana.silva@northwind.example"
BEN = "ben.okafor@lumen.example"
CLEO = "cleo.martin@harbor.example"
DEV = "dev.rao@quill.example"
EVA = "eva.novak@brightline.example"
FINN = "finn.berg@fjordworks.example"
GRETA = "greta.lind@tidewater.example"
# Short, so the reappearing-draft case can wait past it; the daemon's default is 10 minutes.
VANISH_GRACE_SECONDS = 4


def find_binary():
    binary = os.environ.get("DRAFTBOX_BINARY")
    if binary:
        return os.path.abspath(binary)
    return os.path.join(SOURCE_DIR, "build", "asan", "daemon", "cli", "draftbox")


class ThunderbirdTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not shutil.which("thunderbird") or not shutil.which("xvfb-run"):
            raise unittest.SkipTest("thunderbird and xvfb-run are needed (./scripts/setup)")
        cls.work = tempfile.mkdtemp(prefix="draftbox-tb-")
        os.chmod(cls.work, 0o755)
        cls.artefacts = os.environ.get("DRAFTBOX_TEST_ARTEFACTS") or os.path.join(
            cls.work, "artefacts")
        os.makedirs(cls.artefacts, exist_ok=True)
        print(f"\nartefacts: {cls.artefacts}", file=sys.stderr)
        cls.cleanups = []
        try:
            cls._start()
        except BaseException:
            cls._stop()
            raise

    @classmethod
    def _start(cls):
        xpi = subprocess.run([os.path.join(SOURCE_DIR, "scripts", "build-addon")], check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        cls.dovecot = Dovecot(os.path.join(cls.work, "dovecot"))
        cls.cleanups.append(cls.dovecot.stop)
        daemon_dir = os.path.join(cls.work, "daemon")
        os.makedirs(daemon_dir)
        cls.daemon = Daemon(find_binary(), daemon_dir, cls.dovecot,
                            extra_mailbox_keys=f"vanish_grace_seconds = {VANISH_GRACE_SECONDS}")
        cls.daemon.start()
        cls.cleanups.append(cls.daemon.stop)
        cls.daemon.cli("recipients", "import", os.path.join(DATA, "recipients.csv"),
                       "--activities", os.path.join(DATA, "activities.csv"))
        campaign = cls.daemon.cli("campaign", "create", os.path.join(DATA, "campaign.toml"))
        cls.campaign_id = campaign["id"]
        cls.daemon.cli("campaign", "run", str(cls.campaign_id))
        cls.smtp = SmtpSink()
        cls.cleanups.append(cls.smtp.stop)
        cls.thunderbird = Thunderbird(os.path.join(cls.work, "thunderbird"), xpi, cls.dovecot,
                                      cls.smtp.port)
        cls.cleanups.append(cls.thunderbird.stop)
        cls.thunderbird.start()
        m = cls.thunderbird.marionette
        cls.tb = ThunderbirdClient(m, m.window_handles()[0])
        cls.tb.store_password(cls.dovecot.user, cls.dovecot.password)
        cls.tb.seed_addon_storage({"daemonUrl": cls.daemon.url, "token": cls.daemon.token()})

    @classmethod
    def _stop(cls):
        for cleanup in reversed(cls.cleanups):
            try:
                cleanup()
            except Exception as e:  # keep stopping the rest
                print(f"cleanup: {e}", file=sys.stderr)
        for name in ("thunderbird/thunderbird.log", "daemon/daemon.stderr",
                     "daemon/data/logs/draftbox.log"):
            path = os.path.join(cls.work, name)
            if os.path.exists(path):
                shutil.copy(path, os.path.join(cls.artefacts, os.path.basename(path)))
        if os.environ.get("DRAFTBOX_KEEP"):
            print(f"kept: {cls.work}", file=sys.stderr)
        elif os.path.commonpath([cls.artefacts, cls.work]) != cls.work:
            shutil.rmtree(cls.work, ignore_errors=True)
        else:
            for entry in os.listdir(cls.work):
                if entry != "artefacts":
                    shutil.rmtree(os.path.join(cls.work, entry), ignore_errors=True)

    @classmethod
    def tearDownClass(cls):
        cls._stop()

    # --- helpers ---------------------------------------------------------------------------

    def draft_to(self, address):
        drafts = self.daemon.cli("drafts", "list", "--campaign", str(self.campaign_id))
        items = drafts["drafts"]
        matching = [d for d in items if d["to"] == address]
        self.assertTrue(matching, f"no draft to {address}: {items}")
        return self.daemon.cli("drafts", "show", str(matching[0]["id"]))

    def wait_for_state(self, draft_id, state, timeout=60):
        return wait_until(
            lambda: (lambda d: d if d["state"] == state else None)(
                self.daemon.cli("drafts", "show", str(draft_id))),
            timeout, f"draft {draft_id} to become {state}")

    def sink_copy_to(self, address):
        for raw in self.smtp.received():
            message = email.message_from_bytes(raw, policy=email.policy.default)
            if address in str(message.get("To", "")):
                return message
        return None

    def events_of(self, event_type, draft_id):
        return [e for e in self.daemon.events(event_type) if e.get("draft_id") == draft_id]

    def assert_sent_once(self, draft_id):
        # The add-on's report and the daemon's own look at Sent race (Thunderbird files the
        # Sent copy before it reports the send); either links the send to the draft, once.
        signals = self.events_of("engagement_signal", draft_id)
        self.assertEqual([e["payload"]["kind"] for e in signals], ["sent"])
        self.assertIn(signals[0]["payload"]["link"], ("addon", "similarity"))

    def drafts_carrying(self, draft_id):
        """UIDs of the messages in Drafts whose X-Draftbox-Id is exactly `draft_id`."""
        uids = []
        for uid in self.dovecot.uids("Drafts"):
            header = self.dovecot.fetch("Drafts", "hdr", ("uid", str(uid)))
            values = [line.split(":", 1)[1].strip() for line in header.splitlines()
                      if line.lower().startswith("x-draftbox-id:")]
            if str(draft_id) in values:
                uids.append(uid)
        return uids

    def drafts_message(self, uid):
        raw = self.dovecot.fetch("Drafts", "text", ("uid", str(uid)))
        raw = raw.split("\n", 1)[1] if raw.startswith("text:") else raw
        return email.message_from_string(raw, policy=email.policy.default)

    def pending_optouts(self):
        listed = self.daemon.cli("optouts", "list")
        return listed["optouts"] if isinstance(listed, dict) else listed

    def assert_no_draftbox_headers(self, message):
        leaked = [name for name in message.keys() if name.lower().startswith("x-draftbox-")]
        self.assertEqual(leaked, [], "X-Draftbox-* headers reached the recipient")

    # --- cases -----------------------------------------------------------------------------

    def test_1_an_edited_draft_is_sent_linked_and_without_draftbox_headers(self):
        draft = self.draft_to(CLEO)
        self.tb.open_draft(CLEO)
        self.tb.type_at_start("Hi Cleo, a quick note first. ")
        self.tb.send()
        wait_until(lambda: self.sink_copy_to(CLEO), 30, "the SMTP copy")
        self.wait_for_state(draft["id"], "sent")
        self.assert_no_draftbox_headers(self.sink_copy_to(CLEO))
        self.assert_sent_once(draft["id"])
        edits = self.events_of("draft_edit_signal", draft["id"])
        self.assertEqual(len(edits), 1)
        self.assertGreater(edits[0]["payload"].get("words_changed", 1), 0, edits[0])

    def test_2_the_panel_shows_who_the_draft_is_for_and_the_facts_behind_it(self):
        draft = self.draft_to(ANA)
        self.tb.open_draft(ANA)
        try:
            text = self.tb.open_panel()
            self.thunderbird.screenshot(os.path.join(self.artefacts, "compose-with-panel.png"))
            self.assertIn("Ana Silva", text)
            self.assertIn("VP of Sales", text)
            self.assertIn("Northwind Traders", text)
            self.assertIn("prospect", text)
            for fact in draft["facts_used"]:
                self.assertIn(fact["text"], text)
            # Every activity fact with its date and source.
            self.assertIn("2026-11-20", text)
            self.assertIn("news", text)
            self.assertIn("Thunderbird review", text)
            self.assertIn("Book a 20-minute call about the team plan", text)
            self.assertIn("Would a 20-minute call next week work?", text)
            self.assertIn("waiting in Drafts", text)
            self.assertIn(f"message {draft['imap']['uid']}", text)
            self.tb.close_panel()
        finally:
            self.tb.close()

    def test_3_a_draft_saved_closed_and_reopened_keeps_its_identity_until_sent(self):
        draft = self.draft_to(BEN)
        original_uid = draft["imap"]["uid"]
        self.tb.open_draft(BEN)
        self.tb.type_at_start("Quick first edit here. ")
        before = set(self.dovecot.uids("Drafts"))
        self.tb.save(lambda: original_uid not in self.dovecot.uids("Drafts")
                     and set(self.dovecot.uids("Drafts")) - before)
        self.tb.close()
        saved_uid = max(set(self.dovecot.uids("Drafts")) - before)
        # The mechanism: the add-on put X-Draftbox-Id back on the window, so the copy
        # Thunderbird saved under a new UID carries it.
        saved = self.dovecot.fetch("Drafts", "hdr", ("uid", str(saved_uid)))
        self.assertIn(f"X-Draftbox-Id: {draft['id']}", saved)
        # The daemon follows the draft to its copy and, past the grace period, has not
        # called it vanished.
        wait_until(lambda: self.daemon.cli("drafts", "show", str(draft["id"]))["imap"]["uid"]
                   == saved_uid, 60, "the daemon to follow the draft to its saved copy")
        time.sleep(VANISH_GRACE_SECONDS + 4)
        shown = self.daemon.cli("drafts", "show", str(draft["id"]))
        self.assertEqual(shown["state"], "placed")
        self.assertEqual(self.events_of("draft_vanished", draft["id"]), [])

        self.tb.open_draft(BEN)
        self.assertIn("Quick first edit here.", self.tb.body_text())
        self.tb.type_at_start("Second edit today. ")
        self.tb.send()
        wait_until(lambda: self.sink_copy_to(BEN), 30, "the SMTP copy")
        self.wait_for_state(draft["id"], "sent")
        self.assert_no_draftbox_headers(self.sink_copy_to(BEN))
        self.assert_sent_once(draft["id"])
        edits = self.events_of("draft_edit_signal", draft["id"])
        self.assertEqual(len(edits), 1)
        # Both edits, measured against the text Draftbox placed.
        self.assertGreaterEqual(edits[0]["payload"]["words_added"], 7, edits[0])
        self.assertEqual(self.events_of("draft_vanished", draft["id"]), [])

    def test_4_a_send_while_the_daemon_is_down_is_reported_when_it_is_back(self):
        draft = self.draft_to(DEV)
        self.daemon.stop()
        try:
            self.tb.open_draft(DEV)
            # Rewritten, so only the add-on's report (not the Sent folder's text) can link it.
            self.tb.replace_text("Dev, congratulations on robot one thousand. Coffee soon?")
            self.tb.send()
            wait_until(lambda: self.sink_copy_to(DEV), 30, "the SMTP copy")
            kept = wait_until(
                lambda: self.tb.read_addon_storage().get("pendingSendReports"), 30,
                "the add-on to keep the report")
            self.assertEqual([r["draftId"] for r in kept], [str(draft["id"])])
        finally:
            self.daemon.start()
        self.wait_for_state(draft["id"], "sent", timeout=120)
        signals = self.events_of("engagement_signal", draft["id"])
        self.assertEqual([e["payload"]["link"] for e in signals], ["addon"])
        wait_until(lambda: self.tb.read_addon_storage().get("pendingSendReports") == [], 30,
                   "the add-on to forget the delivered report")

    def test_5_regenerate_puts_the_new_text_into_the_window_and_one_copy_into_drafts(self):
        draft = self.draft_to(EVA)
        original_uid = draft["imap"]["uid"]
        self.tb.open_draft(EVA)
        first_text = " ".join(self.tb.body_text().split())
        try:
            text = self.tb.open_panel()
            for fact in draft["facts_used"]:
                self.assertIn(fact["text"], text)
            self.tb.panel_regenerate("shorter", "The new text is in the window")
            self.thunderbird.screenshot(os.path.join(self.artefacts, "compose-after-regenerate.png"))
            # The daemon stored the text the window received: the send is measured against it.
            revised = self.daemon.cli("drafts", "show", str(draft["id"]))
            self.assertEqual(revised["state"], "placed")
            self.assertEqual(revised["instruction"], "shorter")
            self.assertNotEqual(revised["body"], draft["body"])
            self.assertEqual(self.tb.subject(), revised["subject"])
            self.assertIn(" ".join(revised["body"].split()), " ".join(self.tb.body_text().split()))
            self.assertEqual([e["payload"]["instruction"]
                              for e in self.events_of("draft_revised", draft["id"])], ["shorter"])

            # The earlier text comes back from the panel.
            self.tb.panel_restore("The previous text is back")
            self.assertEqual(" ".join(self.tb.body_text().split()), first_text)
            self.assertEqual(self.tb.subject(), draft["subject"])
            # And the daemon's stored text with it, so a send would be measured against it.
            restored = self.daemon.cli("drafts", "show", str(draft["id"]))
            self.assertEqual((restored["subject"], restored["body"]),
                             (draft["subject"], draft["body"]))
            self.assertEqual([e["payload"].get("restored", False)
                              for e in self.events_of("draft_revised", draft["id"])],
                             [False, True])
            self.tb.panel_regenerate("mention the funding", "The new text is in the window")
            revised = self.daemon.cli("drafts", "show", str(draft["id"]))
            self.tb.close_panel()

            before = set(self.dovecot.uids("Drafts"))
            self.tb.save(lambda: original_uid not in self.dovecot.uids("Drafts")
                         and set(self.dovecot.uids("Drafts")) - before)
        finally:
            self.tb.close()
        # Exactly one copy of the draft in Drafts, holding the new text; the daemon follows it.
        copies = self.drafts_carrying(draft["id"])
        self.assertEqual(len(copies), 1, copies)
        saved = self.drafts_message(copies[0])
        self.assertEqual(saved["Subject"], revised["subject"])
        self.assertIn(" ".join(revised["body"].split()[:12]),
                      " ".join(saved.get_body(("plain",)).get_content().split()))
        wait_until(lambda: self.daemon.cli("drafts", "show", str(draft["id"]))["imap"]["uid"]
                   == copies[0], 60, "the daemon to follow the draft to its saved copy")

    def test_6_reject_with_never_contact_closes_the_window_unsaved_and_removes_the_draft(self):
        draft = self.draft_to(FINN)
        handle = self.tb.open_draft(FINN)
        self.tb.type_at_start("An edit that must not be saved. ")
        self.tb.open_panel()
        self.tb.panel_reject("wrong_person", "left the company", never_contact=True)
        # Closed by the add-on without a save prompt (a prompt would keep the window open).
        wait_until(lambda: handle not in self.m_handles(), 60, "the compose window to close")
        self.tb.m.switch_to_window(self.tb.main)
        rejected = self.wait_for_state(draft["id"], "rejected")
        self.assertEqual(rejected["reason"], "wrong person: left the company")
        wait_until(lambda: self.drafts_carrying(draft["id"]) == [], 60,
                   "the draft to leave Drafts")
        self.assertNotIn(draft["imap"]["uid"], self.dovecot.uids("Drafts"))
        additions = [e for e in self.daemon.events("suppression_addition")
                     if FINN in json.dumps(e["payload"])]
        self.assertEqual(len(additions), 1, additions)
        self.assertEqual(len(self.events_of("draft_rejected", draft["id"])), 1)
        listed = self.daemon.cli("suppress", "list")
        self.assertIn(FINN, json.dumps(listed))

    def test_7_the_message_view_offers_the_panel_for_draftbox_drafts_only(self):
        self.tb.show_in_drafts(ANA)
        wait_until(self.tb.display_button_enabled, 30, "the Draftbox button of the message view")
        # A draft the rep wrote without Draftbox gets no panel.
        own = ("From: Dana Reyes <dana@example.com>\r\nTo: zoe@elsewhere.example\r\n"
               "Subject: Lunch\r\nMessage-ID: <own-draft@example.com>\r\n\r\nLunch on Friday?\r\n")
        subprocess.run(["doveadm", "-c", self.dovecot.env["DOVECOT_CONF"], "save", "-u",
                        self.dovecot.user, "-m", "Drafts"], input=own.encode(), check=True)
        self.tb.show_in_drafts("zoe@elsewhere.example")
        wait_until(lambda: not self.tb.display_button_enabled(), 30,
                   "the Draftbox button to be off for a message Draftbox did not write")
        self.tb.show_in_drafts(ANA)
        wait_until(self.tb.display_button_enabled, 30, "the Draftbox button to be back")
        text = self.tb.open_display_panel()
        self.assertIn("Ana Silva", text)
        self.assertIn("Regenerate", text)
        self.tb.close_panel()

    def test_8_the_queue_lists_possible_opt_outs_and_opens_a_draft_in_a_compose_window_leaving_one_copy(self):
        draft = self.draft_to(GRETA)
        original_uid = draft["imap"]["uid"]
        # Cleo (sent in test_1) answers with a reply that may be an opt-out.
        sent_to_cleo = self.sink_copy_to(CLEO)
        self.assertIsNotNone(sent_to_cleo, "test_1 sends to Cleo")
        reply = (f"From: Cleo Martin <{CLEO}>\r\nTo: {self.dovecot.user}\r\n"
                 f"Subject: Re: {sent_to_cleo['Subject']}\r\nMessage-ID: <reply-cleo@harbor.example>\r\n"
                 f"In-Reply-To: {sent_to_cleo['Message-ID']}\r\n"
                 "Date: Thu, 03 Dec 2026 10:00:00 +0000\r\n"
                 "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                 "Not interested, thanks. <b>Cleo</b>\r\n")
        subprocess.run(["doveadm", "-c", self.dovecot.env["DOVECOT_CONF"], "save", "-u",
                        self.dovecot.user, "-m", "INBOX"], input=reply.encode(), check=True)
        review = wait_until(lambda: next((r for r in self.pending_optouts()
                                          if r["email"] == CLEO), None),
                            60, "the daemon to hold Cleo's reply for review")
        # Thunderbird has fetched Drafts, as a rep's has (the test profile never checks mail).
        wait_until(lambda: any(GRETA in d["to"] for d in self.tb.drafts()), 30,
                   "Thunderbird to list the draft in Drafts")
        queue = self.tb.open_queue()
        self.assertIn(GRETA, queue)
        # The possible opt-out is listed with who wrote it and the reply's words, as text.
        listed = self.tb.queue_eval(f"""
          const row = content.document.querySelector('li[data-review-id="{review['id']}"]');
          return row && !content.document.getElementById("possibleOptOuts").hidden
              ? {{text: row.innerText, markup: row.querySelectorAll("b").length}} : null;""")
        self.assertIsNotNone(listed["value"], queue)
        self.assertIn(CLEO, listed["value"]["text"])
        self.assertIn("Not interested, thanks. <b>Cleo</b>", listed["value"]["text"])
        self.assertEqual(listed["value"]["markup"], 0)
        self.tb.queue_eval(f"""content.document.querySelector(
            'li[data-review-id="{review['id']}"] button[data-decision="dismiss"]').click();""")
        wait_until(lambda: not any(r["id"] == review["id"] for r in self.pending_optouts()), 30,
                   "the review to be dismissed")
        self.assertEqual(len([e for e in self.daemon.events("opt_out_dismissed")
                              if e["payload"].get("review_id", review["id"]) == review["id"]]), 1)
        try:
            self.tb.queue_open_draft(draft["id"])
            try:
                # The draft's own text, in a window that is the draft's (its panel is on).
                self.assertIn(" ".join(draft["body"].split()[:8]),
                              " ".join(self.tb.body_text().split()))
                self.assertEqual(self.tb.subject(), draft["subject"])
                wait_until(self.tb.panel_button_enabled, 30, "the Draftbox button to be on")
                self.tb.type_at_start("Opened from the queue. ")
                before = set(self.dovecot.uids("Drafts"))
                # Saved: the copy goes in and the add-on takes the original out.
                self.tb.save(lambda: original_uid not in self.dovecot.uids("Drafts")
                             and set(self.dovecot.uids("Drafts")) - before)
            finally:
                self.tb.close()
        finally:
            self.tb.close_queue()
        to_greta = [uid for uid in self.dovecot.uids("Drafts")
                    if GRETA in self.dovecot.fetch("Drafts", "hdr", ("uid", str(uid)))]
        self.assertEqual(len(to_greta), 1, to_greta)
        self.assertEqual(self.drafts_carrying(draft["id"]), to_greta)
        saved = self.drafts_message(to_greta[0])
        self.assertIn("Opened from the queue.", saved.get_body(("plain",)).get_content())
        # The daemon still knows it: the same draft, followed to the copy, never vanished.
        wait_until(lambda: self.daemon.cli("drafts", "show", str(draft["id"]))["imap"]["uid"]
                   == to_greta[0], 60, "the daemon to follow the draft to its saved copy")
        self.assertEqual(self.daemon.cli("drafts", "show", str(draft["id"]))["state"], "placed")
        self.assertEqual(self.events_of("draft_vanished", draft["id"]), [])

    def m_handles(self):
        return self.thunderbird.marionette.window_handles()

    def test_9_the_addon_pairs_through_the_native_host_without_a_pasted_token(self):
        manifest = os.path.join(os.path.dirname(find_binary()), "..", "..", "native-host",
                                "draftbox.json")
        self.assertTrue(os.path.exists(manifest), f"{manifest} should have been generated by the build")
        self.thunderbird.install_native_host(manifest, self.daemon)
        # A wrong token on the settings page: only the native host can make the panel work.
        self.tb.seed_addon_storage({"daemonUrl": self.daemon.url, "token": "0" * 64})
        try:
            self.tb.open_draft(ANA)
            try:
                text = self.tb.open_panel()
                self.assertIn("Ana Silva", text)
                self.assertIn("Northwind Traders", text)
                self.tb.close_panel()
            finally:
                self.tb.close()
        finally:
            self.tb.seed_addon_storage({"daemonUrl": self.daemon.url,
                                        "token": self.daemon.token()})


if __name__ == "__main__":
    unittest.main(verbosity=2)
