"""A minimal Marionette client: enough to drive Thunderbird's chrome from a test.

Marionette speaks length-prefixed JSON ("<len>:<json>") on a TCP port. A command is
[0, id, name, params]; the answer is [1, id, error, result]. Debian ships no Python client,
and the few commands the tests need fit in this file.
"""

import base64
import json
import socket
import time


class MarionetteError(RuntimeError):
    pass


class Marionette:
    def __init__(self, port, host="127.0.0.1"):
        self._port = port
        self._host = host
        self._sock = None
        self._next_id = 0

    def connect(self, timeout=90):
        """Waits until Thunderbird's Marionette server answers, then opens a chrome session."""
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            try:
                self._sock = socket.create_connection((self._host, self._port), timeout=5)
                self._sock.settimeout(180)
                self._read()  # the server's hello
                break
            except OSError as e:
                last_error = e
                self._sock = None
                time.sleep(0.5)
        if self._sock is None:
            raise MarionetteError(f"Marionette on port {self._port} did not answer: {last_error}")
        self.command("WebDriver:NewSession", {"capabilities": {}})
        self.command("Marionette:SetContext", {"value": "chrome"})
        self.command("WebDriver:SetTimeouts", {"script": 120000})

    def close(self):
        if self._sock:
            try:
                self._sock.close()
            finally:
                self._sock = None

    def _read(self):
        length = b""
        while not length.endswith(b":"):
            chunk = self._sock.recv(1)
            if not chunk:
                raise MarionetteError("Marionette closed the connection")
            length += chunk
        size = int(length[:-1])
        data = b""
        while len(data) < size:
            chunk = self._sock.recv(size - len(data))
            if not chunk:
                raise MarionetteError("Marionette closed the connection")
            data += chunk
        return json.loads(data)

    def command(self, name, params=None):
        self._next_id += 1
        payload = json.dumps([0, self._next_id, name, params or {}]).encode()
        self._sock.sendall(str(len(payload)).encode() + b":" + payload)
        while True:
            message = self._read()
            if message[0] == 1 and message[1] == self._next_id:
                break
        _, _, error, result = message
        if error:
            raise MarionetteError(f"{name}: {error.get('error')}: {error.get('message')}\n"
                                  f"{error.get('stacktrace', '')}")
        return result

    def run(self, body, *args):
        """Runs `body` (the body of an async function; `args` holds the arguments) in the
        chrome context of the current window and returns what it returns."""
        script = ("const [resolve] = [arguments[arguments.length - 1]];"
                  "const args = Array.from(arguments).slice(0, -1);"
                  f"(async () => {{ {body} }})().then("
                  "  (value) => resolve({ok: true, value}),"
                  "  (e) => resolve({ok: false, error: String(e) + '\\n' + (e && e.stack)}));")
        result = self.command("WebDriver:ExecuteAsyncScript",
                              {"script": script, "args": list(args), "newSandbox": False})
        value = result.get("value") if isinstance(result, dict) else result
        if not value or not value.get("ok"):
            raise MarionetteError(f"script failed: {value and value.get('error')}")
        return value.get("value")

    def window_handles(self):
        return self.command("WebDriver:GetWindowHandles")

    def switch_to_window(self, handle):
        self.command("WebDriver:SwitchToWindow", {"handle": handle, "focus": True})

    def screenshot(self, path):
        """Saves a PNG of the current chrome window."""
        result = self.command("WebDriver:TakeScreenshot", {"full": False, "hash": False})
        data = result["value"] if isinstance(result, dict) else result
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
