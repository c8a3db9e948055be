"""token issue|list|verify|revoke, the bootstrap token of init, hostile tokens at the CLI, and
canaries: no token and no secret key in outputs, logs, errors or the database files."""
import base64
import datetime
import glob
import json
import os
import sqlite3
import stat
import struct
import unittest

from harness import EXIT_BAD_INPUT, EXIT_DENIED, EXIT_OK, WorkspaceTest, token_in
from test_rbac import db_state

try:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
except ImportError:  # forged tokens need Ed25519; the other cases run without it
    Ed25519PrivateKey = None

needs_ed25519 = unittest.skipIf(Ed25519PrivateKey is None, "python3-cryptography is not installed")


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def pae(*pieces):
    out = struct.pack("<Q", len(pieces))
    for p in pieces:
        out += struct.pack("<Q", len(p)) + p
    return out


def rfc3339(delta_seconds):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=delta_seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_v4_public(seed, claims, kid):
    """A PASETO v4.public token, as the spec defines it, signed with an Ed25519 seed."""
    payload = json.dumps(claims).encode()
    footer = json.dumps({"kid": kid}, separators=(",", ":")).encode()
    sig = Ed25519PrivateKey.from_private_bytes(seed).sign(pae(b"v4.public.", payload, footer, b""))
    return "v4.public." + b64(payload + sig) + "." + b64(footer)


class TokenTest(WorkspaceTest):
    def sql(self, query, *args):
        con = sqlite3.connect(os.path.join(self.home, "novacrm.db"))
        try:
            return con.execute(query, args).fetchall()
        finally:
            con.close()

    def key(self, purpose):
        """(pid, 32-byte seed) of the active key of `purpose`."""
        pid = self.sql("SELECT id FROM signing_keys WHERE purpose = ? AND retired_at IS NULL", purpose)[0][0]
        with open(os.path.join(self.home, "keys", pid + ".secret")) as f:
            return pid, unb64(f.read().strip()[len("k4.secret."):])[:32]

    def claims(self, **over):
        c = {"sub": "mallory", "role": "admin", "org": "default", "scopes": [],
             "iss": self.sql("SELECT value FROM workspace_meta WHERE key = 'id'")[0][0],
             "iat": rfc3339(-60), "nbf": rfc3339(-60), "exp": rfc3339(3600), "jti": "0" * 32}
        c.update(over)
        return c

    def issue(self, role, *extra):
        r = self.ok("token", "issue", "--sub", f"{role}-user", "--role", role, "--format", "json", *extra)
        return r.json()


class TokenCommandsTest(TokenTest):
    def test_init_writes_the_bootstrap_token_once_in_a_0600_file(self):
        path = os.path.join(self.home, "token")
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path) as f:
            self.assertEqual(f.read().strip(), self.admin_token)
        again = self.ok("init")
        self.assertIsNone(token_in(again.out), again)
        self.assertIn("nothing changed", again.out)

    def test_init_adds_a_token_to_a_workspace_that_lacks_one(self):
        os.remove(os.path.join(self.home, "token"))
        r = self.ok("init")
        self.assertIn("added bootstrap admin token", r.out)
        self.assertIsNotNone(token_in(r.out))
        self.assertNotEqual(token_in(r.out), self.admin_token)
        self.ok("contacts", "list")

    def test_issue_list_verify_revoke(self):
        issued = self.issue("analyst", "--ttl", "2h", "--scopes", "crm,reports")
        self.assertEqual(issued["scopes"], ["crm", "reports"])
        listed = self.ok("token", "list", "--format", "json").json()
        self.assertIn(issued["jti"], [t["id"] for t in listed["items"]])
        self.assertNotIn("v4.public.", json.dumps(listed) + self.ok("token", "list").out)
        v = self.ok("token", "verify", issued["token"], "--format", "json").json()
        self.assertEqual((v["valid"], v["sub"], v["role"]), (True, "analyst-user", "analyst"))
        self.ok("contacts", "add", "--first-name", "A", "--last-name", "B", env={"NOVACRM_TOKEN": issued["token"]})
        actors = [r for r in self.sql("SELECT * FROM audit_records") if "analyst-user" in str(r)]
        self.assertTrue(actors, "the audit record names the token's subject")
        self.assertIn("Revoked", self.ok("token", "revoke", issued["jti"]).out)
        r = self.fails(EXIT_DENIED, "token", "verify", issued["token"])
        self.assertIn("revoked", r.err)
        self.fails(EXIT_DENIED, "contacts", "list", env={"NOVACRM_TOKEN": issued["token"]})
        self.fails(EXIT_BAD_INPUT, "token", "revoke", issued["jti"])
        actions = str(self.sql("SELECT * FROM audit_records"))
        self.assertIn("token.issue", actions)
        self.assertIn("token.revoke", actions)

    def test_bad_ttl_and_role_are_bad_input(self):
        for ttl in ("8", "0h", "400d", "8x", "-1h", "h"):
            with self.subTest(ttl=ttl):
                r = self.fails(EXIT_BAD_INPUT, "token", "issue", "--sub", "x", "--role", "viewer", "--ttl", ttl)
                self.assertIn("--ttl", r.err)
        self.fails(EXIT_BAD_INPUT, "token", "issue", "--sub", "x", "--role", "owner")

    def test_no_token_is_refused_but_init_and_check_no_audit_need_none(self):
        os.remove(os.path.join(self.home, "token"))
        before = db_state(self.home)
        r = self.fails(EXIT_DENIED, "contacts", "list")
        self.assertIn("no token", r.err)
        self.assertEqual(len(db_state(self.home)["audit_records"]), len(before["audit_records"]) + 1)
        prompt = self.write("p.txt", "hello\n")
        self.ok("check", "--no-audit", prompt)
        self.ok("redact", "--no-audit", prompt)
        self.ok("token", "verify", self.admin_token)

    def test_flags_may_restate_the_token_identity_but_not_change_it(self):
        viewer = self.issue("viewer")["token"]
        env = {"NOVACRM_TOKEN": viewer}
        self.ok("policy", "explain", "hello", "--role", "viewer", env=env)
        r = self.fails(EXIT_DENIED, "policy", "explain", "hello", "--role", "admin", env=env)
        self.assertIn("--role", r.err)
        r = self.fails(EXIT_DENIED, "policy", "explain", "hello", "--org", "other", env=env)
        self.assertIn("--org", r.err)

    def test_keys_rotate_keeps_tokens_of_the_old_key_valid(self):
        analyst = self.issue("analyst")["token"]
        self.ok("keys", "rotate", "--purpose", "token")
        self.ok("contacts", "list", env={"NOVACRM_TOKEN": analyst})
        self.ok("token", "verify", analyst)


class HostileTokensTest(TokenTest):
    def hostile(self):
        t = self.admin_token
        body = t.split(".")[2]
        flipped_char = "A" if body[40] != "A" else "B"
        cases = {
            "flipped payload byte": t[:10 + 40] + flipped_char + t[10 + 41:],
            "v4.local header": "v4.local." + t[len("v4.public."):],
            "v3 header": "v3.public." + t[len("v4.public."):],
            "truncated": t[:60],
            "garbage": "not a token at all",
            "1 MB long": "v4.public." + "A" * (1 << 20),
        }
        other = os.path.join(self.tmp, "ws2")
        r = self.run_cli("--home", other, "init")
        cases["another workspace"] = token_in(r.out)
        revoked = self.issue("viewer")
        self.ok("token", "revoke", revoked["jti"])
        cases["revoked"] = revoked["token"]
        return cases

    def forged(self):
        if Ed25519PrivateKey is None:
            return {}
        pid, seed = self.key("token")
        audit_pid, audit_seed = self.key("audit")
        jti = self.issue("viewer")["jti"]
        return {
            "expired": sign_v4_public(seed, self.claims(jti=jti, exp=rfc3339(-3600)), pid),
            "not yet valid": sign_v4_public(seed, self.claims(jti=jti, nbf=rfc3339(3600)), pid),
            "never issued here": sign_v4_public(seed, self.claims(), pid),
            "signed by the audit key": sign_v4_public(audit_seed, self.claims(jti=jti), audit_pid),
            "footer naming an unknown key": sign_v4_public(
                os.urandom(32), self.claims(jti=jti), "k4.pid." + b64(os.urandom(33))),
        }

    def test_hostile_tokens_are_refused_with_one_line_and_no_side_effect(self):
        expected = {"flipped payload byte": "invalid signature", "expired": "expired at",
                    "not yet valid": "not valid before", "revoked": "revoked",
                    "never issued here": "unknown to this workspace", "another workspace": "unknown key",
                    "signed by the audit key": "unknown key", "footer naming an unknown key": "unknown key"}
        cases = {**self.hostile(), **self.forged()}
        for name, token in cases.items():
            with self.subTest(case=name):
                before = db_state(self.home)
                env = {"NOVACRM_TOKEN": token}
                if len(token) > 100_000:  # past the kernel's limit for one variable: the token file
                    env = {}
                    with open(os.path.join(self.home, "token"), "w") as f:
                        f.write(token + "\n")
                r = self.fails(EXIT_DENIED, "contacts", "list", env=env)
                self.assertIn("permission denied: token", r.err)
                self.assertIn(expected.get(name, "token"), r.err)
                self.assertNotIn(token[10:40], r.err + r.out)
                after = db_state(self.home)
                self.assertEqual(len(after["audit_records"]), len(before["audit_records"]) + 1)
                self.assertIn("access.denied", str(after["audit_records"][-1]))
                self.assertNotIn(token[10:40], str(after["audit_records"][-1]))
                for table in before:
                    if table != "audit_records":
                        self.assertEqual(before[table], after[table], table)
                v = self.fails(EXIT_DENIED, "token", "verify", "-", input=token + "\n")
                self.assertIn(expected.get(name, "token"), v.err)
        print(f"\nhostile tokens refused: {len(cases)}")


class CanaryTest(TokenTest):
    def test_tokens_and_secret_keys_never_leak(self):
        analyst = self.issue("analyst")["token"]
        viewer = self.issue("viewer")["token"]
        secrets = [self.admin_token, analyst, viewer]
        for f in glob.glob(os.path.join(self.home, "keys", "*.secret")):
            with open(f) as fh:
                k = fh.read().strip()
            secrets += [k, k[len("k4.secret."):]]
        prompt = self.write("p.txt", "Call me at jane@example.com\n")
        outputs = []
        runs = [
            ("--log-level", "debug", "contacts", "add", "--first-name", "A", "--last-name", "B"),
            ("--log-level", "debug", "contacts", "list"),
            ("--log-level", "debug", "check", prompt),
            ("--log-level", "debug", "--log-format", "json", "audit", "list", "--format", "json"),
            ("--log-level", "debug", "token", "list", "--format", "json"),
            ("--log-level", "debug", "keys", "show", "--format", "json"),
            ("--log-level", "debug", "contacts", "delete", "1", "--yes"),
            ("--log-level", "debug", "audit", "export", "--out", os.path.join(self.tmp, "x.ndjson")),
        ]
        for args in runs:
            for tok in (analyst, viewer, self.admin_token):
                r = self.run_cli(*args, env={"NOVACRM_TOKEN": tok})
                outputs += [r.out, r.err]
        r = self.run_cli("--log-level", "debug", "token", "verify", viewer + "x")
        outputs += [r.out, r.err]
        with open(os.path.join(self.tmp, "x.ndjson")) as f:
            outputs.append(f.read())
        for f in glob.glob(os.path.join(self.home, "novacrm.db*")):
            with open(f, "rb") as fh:
                outputs.append(fh.read().decode("latin-1"))
        blob = "\n".join(outputs)
        for s in secrets:
            self.assertNotIn(s, blob)
            self.assertNotIn(s[10:50], blob)


if __name__ == "__main__":
    unittest.main()
