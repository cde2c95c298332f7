"""The real parts of the Thunderbird end-to-end test: a throwaway Dovecot, the draftbox daemon,
an SMTP sink on loopback, and Thunderbird itself (headless under Xvfb, driven by Marionette,
run as an unprivileged user because Thunderbird refuses to run as root).

Every process writes only inside one temp dir, and every port is picked free on 127.0.0.1.
"""

import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import threading
import time

from marionette import Marionette
from screen import xwd_to_png

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.abspath(os.path.join(HERE, "..", ".."))
ADDON_ID = "draftbox@draftbox.invalid"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout, what, interval=0.25):
    """Calls predicate until it returns something truthy; raises naming `what` on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


class Dovecot:
    def __init__(self, directory):
        self.dir = directory
        script = os.path.join(SOURCE_DIR, "tests", "support", "throwaway-dovecot")
        subprocess.run([script, "start", directory, "--owner-pid", str(os.getpid())],
                       check=True, stdout=subprocess.DEVNULL)
        self.env = {}
        with open(os.path.join(directory, "env")) as f:
            for line in f:
                if "=" in line:
                    key, value = line.strip().split("=", 1)
                    self.env[key] = value.strip("'\"")
        self.port = int(self.env["IMAP_PORT"])
        self.user = self.env["IMAP_USER"]
        self.password = self.env["IMAP_PASSWORD"]
        self._script = script

    def fetch(self, mailbox, fields="uid flags hdr.message-id", query=("ALL",)):
        """doveadm fetch output for `mailbox` (query: search words, e.g. ("uid", "5"))."""
        out = subprocess.run(["doveadm", "-c", self.env["DOVECOT_CONF"], "fetch", "-u", self.user,
                              fields, "mailbox", mailbox, *query],
                             check=True, capture_output=True, text=True)
        return out.stdout

    def uids(self, mailbox):
        return [int(line.split(":", 1)[1]) for line in self.fetch(mailbox, "uid").splitlines()
                if line.startswith("uid:")]

    def stop(self):
        subprocess.run([self._script, "stop", self.dir], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Daemon:
    """The draftbox daemon on a free loopback port, with a config written by `draftbox init`."""

    def __init__(self, binary, directory, dovecot, extra_mailbox_keys=""):
        self.binary = binary
        self.dir = directory
        self.config = os.path.join(directory, "config.toml")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.cli("init", "--imap-host", "127.0.0.1", "--imap-port", str(dovecot.port),
                 "--imap-security", "none", "--imap-user", dovecot.user,
                 "--password-command", f"printf %s '{dovecot.password}'",
                 "--sender-name", "Dana Reyes", "--sender-address", dovecot.user,
                 "--signature", "Dana Reyes\\nAccount Executive",
                 "--listen", f"127.0.0.1:{self.port}", "--data-dir",
                 os.path.join(directory, "data"), json_output=False)
        if extra_mailbox_keys:
            with open(self.config) as f:
                text = f.read()
            text = text.replace("[mailbox]\n", "[mailbox]\n" + extra_mailbox_keys + "\n", 1)
            with open(self.config, "w") as f:
                f.write(text)

    def cli(self, *args, json_output=True, check=True):
        command = [self.binary, *args, "--config", self.config]
        if json_output:
            command.append("--json")
        out = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if check and out.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({out.returncode}): {out.stderr}")
        return json.loads(out.stdout) if json_output and out.stdout.strip() else out.stdout

    def events(self, event_type):
        out = subprocess.run([self.binary, "events", "--type", event_type, "--json", "--config",
                              self.config], capture_output=True, text=True, check=True)
        return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]

    def token(self):
        with open(os.path.join(self.dir, "data", "token")) as f:
            return f.read().strip()

    def start(self):
        with open(os.path.join(self.dir, "daemon.stderr"), "ab") as log:
            self.process = subprocess.Popen([self.binary, "daemon", "--config", self.config],
                                            stdout=log, stderr=log)

        def reachable():
            out = subprocess.run([self.binary, "status", "--json", "--config", self.config],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                return False
            try:
                return json.loads(out.stdout)["mailbox"]["reachable"]
            except (ValueError, KeyError):
                return False

        wait_until(reachable, 30, "the daemon to reach the mailbox")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class SmtpSink:
    """An SMTP server on loopback that keeps every message it receives (aiosmtpd)."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        sink = self
        self.messages = []
        self._lock = threading.Lock()

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                with sink._lock:
                    sink.messages.append(envelope.original_content or envelope.content)
                return "250 OK"

        self.port = free_port()
        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def received(self):
        with self._lock:
            return list(self.messages)

    def stop(self):
        self._controller.stop()


def _user_js(dovecot, smtp_port, marionette_port):
    user = dovecot.user.replace("@", "%40")
    server = f"imap://{user}@127.0.0.1"
    prefs = {
        "mail.accountmanager.accounts": "account1",
        "mail.accountmanager.defaultaccount": "account1",
        "mail.account.account1.server": "server1",
        "mail.account.account1.identities": "id1",
        "mail.server.server1.type": "imap",
        "mail.server.server1.hostname": "127.0.0.1",
        "mail.server.server1.port": dovecot.port,
        "mail.server.server1.userName": dovecot.user,
        "mail.server.server1.name": dovecot.user,
        "mail.server.server1.socketType": 0,
        "mail.server.server1.authMethod": 3,
        # Else a password prompt blocks start-up before Marionette stores the password.
        "mail.server.server1.login_at_startup": False,
        "mail.server.server1.check_new_mail": False,
        "mail.server.server1.using_subscription": False,
        "mail.identity.id1.useremail": dovecot.user,
        "mail.identity.id1.fullName": "Dana Reyes",
        "mail.identity.id1.draft_folder": f"{server}/Drafts",
        "mail.identity.id1.fcc_folder": f"{server}/Sent",
        "mail.identity.id1.smtpServer": "smtp1",
        "mail.identity.id1.compose_html": False,
        "mail.identity.id1.valid": True,
        "mail.smtpservers": "smtp1",
        "mail.smtp.defaultserver": "smtp1",
        "mail.smtpserver.smtp1.hostname": "127.0.0.1",
        "mail.smtpserver.smtp1.port": smtp_port,
        "mail.smtpserver.smtp1.authMethod": 1,  # no authentication (0 is not valid)
        "mail.smtpserver.smtp1.try_ssl": 0,
        "mail.smtpserver.smtp1.username": "",
        "marionette.port": marionette_port,
        "extensions.autoDisableScopes": 0,  # load the unsigned add-on from the profile
        "extensions.enabledScopes": 15,
        "xpinstall.signatures.required": False,
        "mail.shell.checkDefaultClient": False,
        "mailnews.start_page.enabled": False,
        "mail.rights.version": 1,
        "mail.provider.suppress_dialog_on_startup": True,
        "mail.spotlight.firstRunDone": True,
        "mail.winsearch.firstRunDone": True,
        "datareporting.policy.dataSubmissionEnabled": False,
        "toolkit.telemetry.reportingpolicy.firstRun": False,
        "app.update.disabledForTesting": True,
        "app.update.auto": False,
        "mail.SpellCheckBeforeSend": False,
        "mail.warn_on_send_accel_key": False,
        "mail.compose.autosave": False,
        "mail.tabs.drawInTitlebar": False,
        "browser.dom.window.dump.enabled": True,
        "devtools.console.stdout.chrome": True,
        "extensions.logging.enabled": False,
    }
    lines = []
    for key, value in prefs.items():
        lines.append(f"user_pref({json.dumps(key)}, {json.dumps(value)});")
    return "\n".join(lines) + "\n"


class Thunderbird:
    """Thunderbird with a throwaway profile, the add-on installed, under Xvfb, as `nobody`
    when the test runs as root. Chrome-context Marionette is in `self.marionette`."""

    def __init__(self, directory, xpi, dovecot, smtp_port):
        self.dir = directory
        self.home = os.path.join(directory, "home")
        self.profile = os.path.join(directory, "profile")
        os.makedirs(os.path.join(self.profile, "extensions"))
        os.makedirs(self.home)
        self.marionette_port = free_port()
        with open(os.path.join(self.profile, "user.js"), "w") as f:
            f.write(_user_js(dovecot, smtp_port, self.marionette_port))
        shutil.copy(xpi, os.path.join(self.profile, "extensions", ADDON_ID + ".xpi"))
        self.log_path = os.path.join(directory, "thunderbird.log")
        self.process = None
        self.marionette = None

    def start(self):
        self.framebuffer_dir = os.path.join(self.dir, "framebuffer")
        os.makedirs(self.framebuffer_dir)
        command = ["xvfb-run", "-a", "-s",
                   f"-screen 0 1280x900x24 -fbdir {self.framebuffer_dir}", "thunderbird",
                   "--marionette", "-remote-allow-system-access", "--no-remote",
                   "--profile", self.profile]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.home,
               "TMPDIR": self.dir, "LANG": "C.UTF-8", "MOZ_CRASHREPORTER_DISABLE": "1",
               "XDG_RUNTIME_DIR": self.dir}
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            for root, dirs, files in os.walk(self.dir):
                for name in dirs + files:
                    os.chown(os.path.join(root, name), nobody.pw_uid, nobody.pw_gid)
            os.chown(self.dir, nobody.pw_uid, nobody.pw_gid)
            command = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}",
                       "--clear-groups", "--"] + command
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log,
                                            start_new_session=True)
        self.marionette = Marionette(self.marionette_port)
        self.marionette.connect(timeout=120)

    def install_native_host(self, manifest, daemon):
        """Pairs this Thunderbird's user with `daemon` the way a package would: the native
        messaging host manifest in $HOME/.mozilla/native-messaging-hosts (where Thunderbird on
        Linux looks per user) and a Draftbox config naming the daemon and a data dir holding
        its token, both readable by the user Thunderbird runs as."""
        hosts = os.path.join(self.home, ".mozilla", "native-messaging-hosts")
        config_dir = os.path.join(self.home, ".config", "draftbox")
        data_dir = os.path.join(self.home, "draftbox-data")
        for d in (hosts, config_dir, data_dir):
            os.makedirs(d, exist_ok=True)
        os.chmod(data_dir, 0o700)
        shutil.copy(manifest, os.path.join(hosts, "draftbox.json"))
        with open(os.path.join(config_dir, "config.toml"), "w") as f:
            f.write(f'[daemon]\nlisten = "127.0.0.1:{daemon.port}"\ndata_dir = "{data_dir}"\n')
        token = os.path.join(data_dir, "token")
        with open(token, "w") as f:
            f.write(daemon.token() + "\n")
        os.chmod(token, 0o600)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            for root, dirs, files in os.walk(self.home):
                for name in dirs + files:
                    os.chown(os.path.join(root, name), nobody.pw_uid, nobody.pw_gid)

    def screenshot(self, path):
        """Saves a PNG of the whole screen, popups included."""
        xwd_to_png(os.path.join(self.framebuffer_dir, "Xvfb_screen0"), path)

    def stop(self):
        if self.marionette:
            try:
                self.marionette.command("Marionette:Quit", {"flags": ["eForceQuit"]})
            except Exception:
                pass
            self.marionette.close()
            self.marionette = None
        if self.process:
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            self.process = None
