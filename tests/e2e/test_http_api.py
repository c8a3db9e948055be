"""novacrm serve end to end (issue 6): every route x every role of the permission matrix over HTTP,
hostile tokens (401, audited), bad input answered with the right 4xx while the server stays up,
request ids, strict CORS, access logs without tokens or PII, Prometheus metrics (promtool), and
the serve command's own errors. A real server on 127.0.0.1, stopped by each test (exit 0)."""
import json
import os
import shutil
import socket
import subprocess
import time
import unittest

from harness import EXIT_BAD_INPUT, EXIT_DENIED, EXIT_WORKSPACE, WorkspaceTest
from http_harness import ServerTest
from test_rbac import MATRIX, ROLES, db_state

CANARY_EMAIL = "zelda.canary@example.org"
CANARY_CARD = "4111 1111 1111 1111"

# One request per route: (method, path, body, matrix row). {contact} and {client} are spare records
# made for each role, so that allowed deletes never run out of targets.
ROUTES = [
    ("GET", "/api/v1/contacts", None, "contacts list"),
    ("GET", "/api/v1/contacts?reveal=true", None, "contacts list --reveal"),
    ("POST", "/api/v1/contacts", {"first_name": "Zed", "last_name": "Z"}, "contacts add"),
    ("GET", "/api/v1/contacts/1", None, "contacts show"),
    ("GET", "/api/v1/contacts/1?reveal=true", None, "contacts show --reveal"),
    ("PATCH", "/api/v1/contacts/1", {"notes": "changed"}, "contacts update"),
    ("DELETE", "/api/v1/contacts/{contact}", None, "contacts delete"),
    ("GET", "/api/v1/clients", None, "clients list"),
    ("POST", "/api/v1/clients", {"name": "Initech {role}"}, "clients add"),
    ("GET", "/api/v1/clients/1", None, "clients show"),
    ("PATCH", "/api/v1/clients/1", {"domain": "acme.example"}, "clients update"),
    ("DELETE", "/api/v1/clients/{client}", None, "clients delete"),
    ("POST", "/api/v1/compliance/check", {"text": "Summarise the meeting notes."}, "check"),
    ("POST", "/api/v1/compliance/redact", {"text": "Summarise the meeting notes."}, "redact"),
    ("GET", "/api/v1/compliance/audit", None, "audit list"),
    ("GET", "/api/v1/compliance/audit/1", None, "audit show"),
    ("GET", "/api/v1/audit/verify", None, "audit verify"),
]


class ApiTest(ServerTest):
    def setUp(self):
        super().setUp()
        self.ok("clients", "add", "--name", "Acme")
        self.ok("clients", "add", "--name", "Globex")
        for i, name in enumerate(("Ada", "Bea", "Cy"), 1):
            self.ok("contacts", "add", "--first-name", name, "--last-name", "L", "--email", f"p{i}@example.com")
        self.ok("check", "-", input="hello\n")  # audit record 1

    def post(self, path, body, token, **kw):
        return self.http("POST", path, token=token, json_body=body, **kw)

    def assert_problem(self, r, status):
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.headers.media_type(), "application/problem+json", r)
        p = r.json()
        self.assertEqual(p["status"], status, p)
        self.assertEqual(p["request_id"], r.headers["X-Request-Id"], p)
        self.assertTrue(p["detail"], p)
        return p

    def spare_records(self, role):
        contact = self.ok("contacts", "add", "--first-name", "Spare", "--last-name", role, "--format", "json").json()
        client = self.ok("clients", "add", "--name", f"Spare {role}", "--format", "json").json()
        return {"contact": contact["id"], "client": client["id"], "role": role}

    def test_every_role_and_every_route_of_the_matrix(self):
        self.assertTrue({row for *_, row in ROUTES} <= set(MATRIX))
        tokens = {role: self.issue_token(role) for role in ROLES}
        cells = 0
        for role in ROLES:
            spare = self.spare_records(role)
            for method, template, body, row in ROUTES:
                path = template.format(**spare)
                if body is not None:
                    body = {k: v.format(**spare) for k, v in body.items()}
                with self.subTest(role=role, route=f"{method} {path}"):
                    before = db_state(self.home)
                    r = self.http(method, path, token=tokens[role], json_body=body)
                    cells += 1
                    if MATRIX[row][role]:
                        self.assertIn(r.status, (200, 201, 204), r)
                        continue
                    p = self.assert_problem(r, 403)
                    self.assertIn(f"role {role} may not run {row}", p["detail"])
                    after = db_state(self.home)
                    new = after["audit_records"][len(before["audit_records"]):]
                    self.assertEqual(len(new), 1, new)
                    self.assertIn("access.denied", str(new[0]))
                    for table in before:
                        if table != "audit_records":
                            self.assertEqual(before[table], after[table], (role, path, table))
        self.assertEqual(cells, len(ROLES) * len(ROUTES))
        print(f"\nHTTP matrix: {cells} cells ({len(ROUTES)} routes x {len(ROLES)} roles)")

    def test_hostile_tokens_get_401_and_are_audited(self):
        other = os.path.join(self.tmp, "other")
        r = subprocess.run([os.environ.get("NOVACRM_BIN", "novacrm"), "init"], capture_output=True, text=True,
                           env={**self.env, "NOVACRM_HOME": other})
        self.assertEqual(r.returncode, 0, r.stderr)
        from harness import token_in
        foreign_token = token_in(r.stdout)
        revoked = self.ok("token", "issue", "--sub", "gone", "--role", "admin", "--format", "json").json()
        self.ok("token", "revoke", revoked["jti"])
        admin = self.admin_token
        flipped = admin[:-5] + ("A" if admin[-5] != "A" else "B") + admin[-4:]
        cases = {
            "no header": None,
            "garbage": "not-a-token",
            "flipped byte": flipped,
            "another workspace": foreign_token,
            "revoked": revoked["token"],
            "v4.local header": "v4.local." + admin.split(".", 2)[2],
            "1 MB long": "v4.public." + "A" * (1 << 20),
        }
        before = len(db_state(self.home)["audit_records"])
        for name, token in cases.items():
            with self.subTest(case=name):
                r = self.http("GET", "/api/v1/contacts", token=token)
                if name == "1 MB long":
                    # cpp-httplib refuses a header line that long before any route runs.
                    self.assertIn(r.status, (400, 401, 431), r)
                    continue
                p = self.assert_problem(r, 401)
                self.assertEqual(r.headers.get("WWW-Authenticate"), "Bearer", r)
                if token:
                    self.assertNotIn(token, r.text)
        after = db_state(self.home)["audit_records"]
        self.assertGreaterEqual(len(after) - before, len(cases) - 1)
        self.assertEqual(self.http("GET", "/api/v1/health").status, 200)
        log = self.server_log()
        for token in (admin, foreign_token, revoked["token"]):
            self.assertNotIn(token, log)

    def test_bad_input_gets_the_right_4xx_and_the_server_stays_up(self):
        t = self.admin_token
        cases = [
            ("malformed JSON", "POST", "/api/v1/contacts", b"{not json", "application/json", 400),
            ("not an object", "POST", "/api/v1/contacts", b"[1, 2]", "application/json", 400),
            ("wrong content type", "POST", "/api/v1/compliance/check", b"text=hi", "text/plain", 415),
            ("unknown field", "POST", "/api/v1/clients", json.dumps({"name": "X", "owner": "me"}).encode(),
             "application/json", 400),
            ("wrong type", "POST", "/api/v1/contacts", json.dumps({"first_name": 1, "last_name": "L"}).encode(),
             "application/json", 400),
            ("missing field", "POST", "/api/v1/compliance/check", b"{}", "application/json", 400),
            ("invalid email", "POST", "/api/v1/contacts",
             json.dumps({"first_name": "A", "last_name": "B", "email": "no-at-sign"}).encode(), "application/json", 400),
            ("duplicate email", "POST", "/api/v1/contacts",
             json.dumps({"first_name": "A", "last_name": "B", "email": "p1@example.com"}).encode(),
             "application/json", 409),
            ("unknown id", "GET", "/api/v1/contacts/999", None, None, 404),
            ("id too large", "GET", "/api/v1/contacts/99999999999999999999", None, None, 404),
            ("unknown query parameter", "GET", "/api/v1/contacts?colour=red", None, None, 400),
            ("bad limit", "GET", "/api/v1/contacts?limit=0", None, None, 400),
            ("client in use", "DELETE", "/api/v1/clients/1", None, None, 200),
            ("unknown route", "GET", "/api/v1/nothing", None, None, 404),
            ("traversal", "GET", "/ui/..%2F..%2F..%2Fetc%2Fpasswd", None, None, 404),
            ("dot file", "GET", "/ui/.hidden", None, None, 404),
            ("bad redact mode", "POST", "/api/v1/compliance/redact",
             json.dumps({"text": "x", "mode": "shout"}).encode(), "application/json", 400),
            ("bad time bound", "GET", "/api/v1/compliance/audit?since=yesterday", None, None, 400),
            ("wrong method", "PUT", "/api/v1/contacts/1", b"{}", "application/json", 405),
            ("wrong method on a collection", "DELETE", "/api/v1/contacts", None, None, 405),
        ]
        self.ok("contacts", "update", "1", "--client", "Acme")
        cases[12] = ("client in use", "DELETE", "/api/v1/clients/1", None, None, 409)
        for name, method, path, body, ctype, status in cases:
            with self.subTest(case=name):
                before = db_state(self.home)
                headers = {"Content-Type": ctype} if ctype else {}
                r = self.http(method, path, token=t, body=body, headers=headers)
                self.assert_problem(r, status)
                if status == 405:
                    self.assertIn("GET", r.headers.get("Allow", ""), name)
                after = db_state(self.home)
                for table in before:
                    if table != "audit_records":
                        self.assertEqual(before[table], after[table], (name, table))
        self.assertEqual(self.http("GET", "/api/v1/health").status, 200)

    def test_a_stalled_client_does_not_stop_others(self):
        stalled = socket.create_connection(("127.0.0.1", int(self.base_url.rsplit(":", 1)[1])))
        try:
            stalled.sendall(b"POST /api/v1/compliance/check HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"te")
            start = time.monotonic()
            r = self.http("GET", "/api/v1/health")
            self.assertEqual(r.status, 200)
            self.assertLess(time.monotonic() - start, 2.0)
        finally:
            stalled.close()

    def raw(self, data):
        """Sends raw bytes on a new connection; the first response's status line (or '')."""
        with socket.create_connection(("127.0.0.1", int(self.base_url.rsplit(":", 1)[1])), timeout=10) as c:
            c.sendall(data)
            try:
                return c.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
            except (ConnectionResetError, socket.timeout):
                return ""

    def test_malformed_requests_are_refused_and_the_server_stays_up(self):
        for name, data in {
            "binary method": b"\xff\xfe / HTTP/1.1\r\nHost: x\r\n\r\n",
            "no version": b"GET /api/v1/health\r\n\r\n",
            "GET with a chunked body": b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "invalid UTF-8 query name": b"GET /api/v1/contacts?%FF%FE=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                                        + self.admin_token.encode() + b"\r\n\r\n",
        }.items():
            with self.subTest(case=name):
                status = self.raw(data)
                self.assertRegex(status, r"^(HTTP/1\.1 4\d\d|)", status)
                self.assertEqual(self.http("GET", "/api/v1/health").status, 200)

    def test_a_chunked_body_over_the_limit_is_413(self):
        chunk = b"x" * 65536
        body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(40)) + b"0\r\n\r\n"
        head = (b"POST /api/v1/compliance/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\nAuthorization: Bearer " + self.admin_token.encode() + b"\r\n\r\n")
        self.assertRegex(self.raw(head + body), r"^HTTP/1\.1 413 ")
        self.assertEqual(self.http("GET", "/api/v1/health").status, 200)

    def test_oversized_body_is_413(self):
        r = self.post("/api/v1/compliance/check", {"text": "x" * (2 << 20)}, self.admin_token)
        self.assert_problem(r, 413)
        self.assertEqual(self.http("GET", "/api/v1/health").status, 200)

    def test_request_ids_are_kept_or_made_and_reach_the_audit_record(self):
        t = self.admin_token
        r = self.post("/api/v1/compliance/check", {"text": "hello"}, t, headers={"X-Request-Id": "ci-run.42_a"})
        self.assertEqual(r.headers["X-Request-Id"], "ci-run.42_a")
        record = self.http("GET", f"/api/v1/compliance/audit/{r.json()['audit_id']}", token=t).json()
        self.assertEqual(record["request_id"], "ci-run.42_a")
        bad = self.http("GET", "/api/v1/health", headers={"X-Request-Id": "has space\u00e9"[:9]})
        self.assertNotEqual(bad.headers["X-Request-Id"], "has space")
        self.assertRegex(bad.headers["X-Request-Id"], r"^[0-9a-f]{16}$")
        denied = self.http("GET", "/api/v1/compliance/audit", token=self.issue_token("viewer"),
                           headers={"X-Request-Id": "denied-1"})
        self.assertEqual(self.assert_problem(denied, 403)["request_id"], "denied-1")

    def test_cors_allows_only_listed_origins(self):
        # This server was started without --cors-origin: only its own origin is allowed.
        own = self.base_url
        r = self.http("GET", "/api/v1/health", headers={"Origin": own})
        self.assertEqual(r.headers.get("Access-Control-Allow-Origin"), own)
        r = self.http("OPTIONS", "/api/v1/contacts", headers={"Origin": "https://evil.example",
                                                              "Access-Control-Request-Method": "GET"})
        self.assert_problem(r, 403)
        self.assertIsNone(r.headers.get("Access-Control-Allow-Origin"))
        r = self.http("GET", "/api/v1/health", headers={"Origin": "https://evil.example"})
        self.assert_problem(r, 403)

    def test_check_answers_the_decision_and_logs_hold_no_pii_or_token(self):
        t = self.admin_token
        text = f"Send the invoice to {CANARY_EMAIL}, card {CANARY_CARD}"
        r = self.post("/api/v1/compliance/check", {"text": text, "redact": "mask"}, t)
        self.assertEqual(r.status, 200, r)
        d = r.json()
        self.assertEqual(d["action"], "block")
        self.assertEqual(d["redacted"], "Send the invoice to [EMAIL], card [PAYMENT_CARD]")
        self.assertEqual({f["entity"] for f in d["findings"]}, {"email", "payment_card"})
        self.assertNotIn(CANARY_EMAIL, json.dumps(d["findings"]))
        red = self.post("/api/v1/compliance/redact", {"text": text, "mode": "pseudonym"}, t).json()
        self.assertNotIn(CANARY_EMAIL, red["text"])
        self.assertRegex(red["text"], r"\[EMAIL:[0-9a-f]{16}\]")
        record = self.http("GET", f"/api/v1/compliance/audit/{d['audit_id']}", token=t).json()
        self.assertEqual(record["input"]["masked"], "Send the invoice to [EMAIL], card [PAYMENT_CARD]")
        self.assertEqual(record["actor"]["subject"], "local:" + os.environ.get("USER", record["actor"]["subject"][6:]))
        self.wait_for_log(d["audit_id"])
        log = self.server_log()
        lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
        entry = next(line for line in lines if line.get("audit_id") == d["audit_id"])
        for key in ("time", "level", "request_id", "method", "route", "status", "duration_ms", "subject"):
            self.assertIn(key, entry)
        self.assertEqual(entry["route"], "/api/v1/compliance/check")
        for secret in (CANARY_EMAIL, CANARY_CARD, CANARY_CARD.replace(" ", ""), t):
            self.assertNotIn(secret, log)
        with open(os.path.join(self.home, "novacrm.db"), "rb") as f:
            db = f.read()
        self.assertNotIn(CANARY_EMAIL.encode(), db)
        verify = self.http("GET", "/api/v1/audit/verify", token=t).json()
        self.assertTrue(verify["ok"], verify)

    def test_metrics_pass_promtool_and_count_decisions(self):
        t = self.admin_token
        self.post("/api/v1/compliance/check", {"text": f"mail {CANARY_EMAIL}"}, t)
        self.post("/api/v1/compliance/check", {"text": "hello"}, t)
        r = self.http("GET", "/metrics")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.headers.media_type(), "text/plain")
        text = r.text
        self.assertIn('novacrm_decisions_total{action="block"} 1', text)
        self.assertIn('novacrm_decisions_total{action="allow"} 1', text)
        self.assertIn('novacrm_findings_total{rule="no_pii_in_prompts"} 1', text)
        self.assertIn("novacrm_audit_appends_total 2", text)
        self.assertIn('route="/api/v1/compliance/check",method="POST",status="200"', text)
        self.assertNotIn(CANARY_EMAIL, text)
        promtool = shutil.which("promtool")
        if promtool is None:
            self.fail("promtool is missing (scripts/bootstrap installs the prometheus package)")
        p = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)


class ServeCommandTest(WorkspaceTest):
    def test_serve_refuses_a_role_below_admin(self):
        viewer = self.ok("token", "issue", "--sub", "v", "--role", "viewer", "--format", "json").json()["token"]
        r = self.fails(EXIT_DENIED, "--token", viewer, "serve", "--listen", "127.0.0.1:0")
        self.assertIn("may not run serve", r.err)

    def test_serve_bad_listen_and_missing_workspace(self):
        self.fails(EXIT_BAD_INPUT, "serve", "--listen", "nowhere")
        self.fails(EXIT_BAD_INPUT, "serve", "--listen", "127.0.0.1:99999")
        self.fails(EXIT_BAD_INPUT, "serve", "--bogus")
        self.fails(EXIT_WORKSPACE, "--home", os.path.join(self.tmp, "none"), "serve")

    def test_global_options_may_follow_serve(self):
        r = self.fails(EXIT_WORKSPACE, "serve", "--home", os.path.join(self.tmp, "none"))
        self.assertIn("no workspace", r.err)

    def test_serve_help_names_its_options(self):
        r = self.ok("serve", "--help")
        for flag in ("--listen", "--cors-origin", "--max-body", "--threads"):
            self.assertIn(flag, r.out)


if __name__ == "__main__":
    unittest.main()
