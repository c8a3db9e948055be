"""Helpers for the HTTP end-to-end tests: run `novacrm serve` on a free port of a fresh workspace.

ServerTest starts the real server (novacrm serve execs novacrm-serve) after WorkspaceTest has
initialised the workspace, reads the URL from the one line it prints on standard output, and stops
it with SIGTERM at the end, which must exit 0. Requests use only the standard library (a new
http.client connection per call), so what a test sees is what any HTTP client would see.
"""
import http.client
import json
import queue
import re
import signal
import subprocess
import threading
import urllib.parse

import harness
from harness import WorkspaceTest, token_in

LISTENING_RE = re.compile(r"^novacrm serve: listening on (http://127\.0\.0\.1:(\d+))\s*$")


class Headers:
    """Response headers with case-insensitive names; a repeated header's values are joined by ", "
    (except Set-Cookie, whose values are kept apart in get_all)."""

    def __init__(self, pairs):
        self._pairs = list(pairs)
        self._joined = {}
        for name, value in self._pairs:
            key = name.lower()
            self._joined[key] = value if key not in self._joined else self._joined[key] + ", " + value

    def __getitem__(self, name):
        return self._joined[name.lower()]

    def __contains__(self, name):
        return name.lower() in self._joined

    def __iter__(self):
        return iter(self._joined)

    def __len__(self):
        return len(self._joined)

    def get(self, name, default=None):
        return self._joined.get(name.lower(), default)

    def get_all(self, name):
        return [v for n, v in self._pairs if n.lower() == name.lower()]

    def items(self):
        return self._joined.items()

    def media_type(self):
        """Content-Type without its parameters, lower-cased ('' when there is none)."""
        return self.get("content-type", "").split(";")[0].strip().lower()

    def __repr__(self):
        return repr(self._pairs)


class Response:
    def __init__(self, method, path, status, reason, headers, body):
        self.method = method
        self.path = path
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        body = self.text
        if len(body) > 2000:
            body = body[:2000] + f"... ({len(self.body)} bytes)"
        return f"{self.method} {self.path} -> {self.status} {self.reason}\nheaders: {self.headers!r}\nbody: {body}"


class ServerTest(WorkspaceTest):
    """Each test gets a fresh workspace and its own running server on 127.0.0.1 (a free port).

    serve_args: extra arguments after `serve --listen 127.0.0.1:0` (e.g. ["--max-body", "1024"]).
    serve_env: extra environment variables for the server (e.g. NOVACRM_DASHBOARD_DIR).
    """

    serve_args = []
    serve_env = {}
    start_timeout = 30  # seconds for the "listening on" line (slow on instrumented builds)
    stop_timeout = 20  # seconds between SIGTERM and exit
    request_timeout = 60  # seconds per HTTP request

    server = None
    base_url = None

    def setUp(self):
        super().setUp()
        try:
            self._start_server()
        except BaseException:
            # tearDown is not called when setUp fails: stop the server and clean up here.
            self._kill_server()
            WorkspaceTest.tearDown(self)
            raise

    def tearDown(self):
        try:
            self._stop_server()
        finally:
            super().tearDown()

    # --- the server process -------------------------------------------------------------------

    def _start_server(self):
        env = dict(self.env)
        env.update(self.serve_env)
        self._stdout_lines = queue.Queue()
        self._stdout_text = []
        self._stderr_chunks = []
        self._log_lock = threading.Lock()
        self._log_grew = threading.Condition(self._log_lock)
        self.server = subprocess.Popen([harness.BIN, "serve", "--listen", "127.0.0.1:0", *self.serve_args],
                                       env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE)
        self._readers = [
            threading.Thread(target=self._drain_stdout, daemon=True),
            threading.Thread(target=self._drain_stderr, daemon=True),
        ]
        for t in self._readers:
            t.start()
        try:
            first = self._stdout_lines.get(timeout=self.start_timeout)
        except queue.Empty:
            first = None
        if first is None:
            code = self.server.poll()
            self._kill_server()
            self.fail(f"novacrm serve printed no 'listening on' line within {self.start_timeout} s "
                      f"(exit code {code})\nstderr:\n{self.server_log()}")
        m = LISTENING_RE.match(first)
        if not m:
            self._kill_server()
            self.fail(f"unexpected first line from novacrm serve: {first!r}\nstderr:\n{self.server_log()}")
        self.base_url = m.group(1)
        self.port = int(m.group(2))

    def _drain_stdout(self):
        first = True
        for raw in iter(self.server.stdout.readline, b""):
            line = raw.decode("utf-8", errors="replace")
            with self._log_lock:
                self._stdout_text.append(line)
            if first:
                self._stdout_lines.put(line.rstrip("\r\n"))
                first = False
        if first:
            self._stdout_lines.put(None)  # closed before any line: the server died
        self.server.stdout.close()

    def _drain_stderr(self):
        for chunk in iter(lambda: self.server.stderr.read1(65536), b""):
            with self._log_grew:
                self._stderr_chunks.append(chunk)
                self._log_grew.notify_all()
        self.server.stderr.close()

    def _join_readers(self):
        for t in getattr(self, "_readers", []):
            t.join(timeout=5)

    def _kill_server(self):
        if self.server is not None and self.server.poll() is None:
            self.server.kill()
            self.server.wait(timeout=10)
        self._join_readers()

    def _stop_server(self):
        if self.server is None:
            return
        if self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                self._kill_server()
                self.fail(f"novacrm serve did not exit within {self.stop_timeout} s of SIGTERM\n"
                          f"stderr:\n{self.server_log()}")
        self._join_readers()
        self.assertEqual(self.server.returncode, 0,
                         f"novacrm serve exit code after SIGTERM\nstderr:\n{self.server_log()}")

    def server_log(self):
        """Everything the server wrote on standard error so far (its logs, access log included)."""
        with self._log_lock:
            return b"".join(self._stderr_chunks).decode("utf-8", errors="replace")

    def server_stdout(self):
        with self._log_lock:
            return "".join(self._stdout_text)

    def wait_for_log(self, text, timeout=10):
        """The server log once it contains `text` (an access line may be written just after its
        response is sent), or the log as it is after `timeout` seconds."""
        def log():
            return b"".join(self._stderr_chunks).decode("utf-8", errors="replace")

        with self._log_grew:
            self._log_grew.wait_for(lambda: text in log(), timeout=timeout)
            return log()

    # --- requests -----------------------------------------------------------------------------

    def http(self, method, path, token=None, json_body=None, body=None, headers=None):
        """One request on a new connection. json_body is serialised with Content-Type:
        application/json (unless headers give another); body is sent as is (bytes or str)."""
        all_headers = {}
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        if json_body is not None:
            body = json.dumps(json_body).encode()
            all_headers["Content-Type"] = "application/json"
        if isinstance(body, str):
            body = body.encode()
        if headers:
            for name, value in headers.items():
                for existing in [k for k in all_headers if k.lower() == name.lower()]:
                    del all_headers[existing]
                if value is not None:  # None removes a default header
                    all_headers[name] = value
        if body is not None and not any(k.lower() == "content-length" for k in all_headers):
            all_headers["Content-Length"] = str(len(body))
        url = urllib.parse.urlsplit(self.base_url)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=self.request_timeout)
        try:
            conn.request(method, path, body=body, headers=all_headers)
            r = conn.getresponse()
            data = r.read()
            return Response(method, path, r.status, r.reason, Headers(r.getheaders()), data)
        finally:
            conn.close()

    def issue_token(self, role, sub=None):
        """A fresh token of `role` for this workspace (valid one hour)."""
        r = self.run_cli("token", "issue", "--sub", sub or f"{role}-user", "--role", role, "--ttl", "1h")
        self.assertEqual(r.code, 0, r)
        token = token_in(r.out)
        self.assertIsNotNone(token, r)
        return token
