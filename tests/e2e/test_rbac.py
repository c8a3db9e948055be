"""Tokens and roles at the CLI (issue 5): every role x every command of the permission matrix,
hostile tokens, and canaries (no token or secret key ever shows up where it must not)."""
import glob
import os
import sqlite3
import unittest

from harness import EXIT_DENIED, WorkspaceTest, token_in

ROLES = ("viewer", "analyst", "manager", "admin")

# The matrix as docs/security/rbac.md states it (the unit test keeps that file equal to the code).
def load_matrix():
    from harness import SOURCE_DIR
    rows = {}
    with open(os.path.join(SOURCE_DIR, "docs", "security", "rbac.md")) as f:
        for line in f:
            if line.startswith("| `"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                rows[cells[0].strip("`")] = {r: cells[i + 1] == "yes" for i, r in enumerate(ROLES)}
    return rows


MATRIX = load_matrix()

POLICY = os.path.join("policies", "policy_set.yaml")

# One representative invocation per row; {tmp}, {policy}, {prompt}, {csv}, {spare_token} and
# {spare_jti} are filled in per workspace. serve is a separate executable (issue 6): not here.
INVOCATIONS = {
    "contacts add": ["contacts", "add", "--first-name", "Zed", "--last-name", "Zed", "--email", "zed@example.com"],
    "contacts list": ["contacts", "list"],
    "contacts list --reveal": ["contacts", "list", "--reveal"],
    "contacts show": ["contacts", "show", "1"],
    "contacts show --reveal": ["contacts", "show", "1", "--reveal"],
    "contacts update": ["contacts", "update", "1", "--notes", "changed"],
    "contacts delete": ["contacts", "delete", "2", "--yes"],
    "contacts import": ["contacts", "import", "{csv}"],
    "contacts export": ["contacts", "export"],
    "contacts erase": ["contacts", "erase", "3", "--yes"],
    "clients add": ["clients", "add", "--name", "Initech"],
    "clients list": ["clients", "list"],
    "clients show": ["clients", "show", "1"],
    "clients update": ["clients", "update", "1", "--domain", "acme.example"],
    "clients delete": ["clients", "delete", "2", "--yes"],
    "check": ["check", "{prompt}"],
    "redact": ["redact", "{prompt}"],
    "policy validate": ["policy", "validate", "{policy}"],
    "policy show": ["policy", "show"],
    "policy explain": ["policy", "explain", "hello"],
    "policy apply": ["policy", "apply", "{policy}"],
    "policy history": ["policy", "history"],
    "audit list": ["audit", "list"],
    "audit show": ["audit", "show", "1"],
    "audit export": ["audit", "export", "--out", "{tmp}/export.ndjson"],
    "audit verify": ["audit", "verify"],
    "audit prove": ["audit", "prove", "1"],
    "audit checkpoint": ["audit", "checkpoint"],
    "audit stats": ["audit", "stats"],
    "token issue": ["token", "issue", "--sub", "bob", "--role", "viewer"],
    "token list": ["token", "list"],
    "token verify": ["token", "verify", "{spare_token}"],
    "token revoke": ["token", "revoke", "{spare_jti}"],
    "keys show": ["keys", "show"],
    "keys rotate": ["keys", "rotate", "--purpose", "token"],
}
NOT_IN_CLI = {"serve"}


def db_state(home):
    """Every row of every table, keyed by table name."""
    con = sqlite3.connect(os.path.join(home, "novacrm.db"))
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")]
        return {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    finally:
        con.close()


class RbacTest(WorkspaceTest):
    def setUp(self):
        super().setUp()
        self.ok("clients", "add", "--name", "Acme")
        self.ok("clients", "add", "--name", "Globex")
        for i, name in enumerate(("Ada", "Bea", "Cy"), 1):
            self.ok("contacts", "add", "--first-name", name, "--last-name", "L", "--email", f"p{i}@example.com")
        self.values = {
            "tmp": self.tmp,
            "policy": os.path.join(self.tmp, "policy.yaml"),
            "prompt": self.write("prompt.txt", "Summarise the meeting notes.\n"),
            "csv": self.write("in.csv", "first_name,last_name,email\nDee,L,dee@example.com\n"),
        }
        from harness import SOURCE_DIR
        with open(os.path.join(SOURCE_DIR, POLICY)) as f:
            self.write("policy.yaml", f.read())
        self.ok("check", self.values["prompt"])  # audit record 1 exists for show/prove
        spare = self.ok("token", "issue", "--sub", "spare", "--role", "viewer", "--format", "json").json()
        self.values["spare_token"], self.values["spare_jti"] = spare["token"], spare["jti"]

    def issue(self, role, *extra):
        r = self.ok("token", "issue", "--sub", f"{role}-user", "--role", role, *extra)
        tok = token_in(r.out)
        self.assertIsNotNone(tok, r)
        return tok

    def invocation(self, command):
        return [a.format(**self.values) for a in INVOCATIONS[command]]

    def assert_refused_without_change(self, before, args, env):
        r = self.fails(EXIT_DENIED, *args, env=env)
        self.assertIn("permission denied: ", r.err)
        after = db_state(self.home)
        new_audit = after["audit_records"][len(before["audit_records"]):]
        self.assertEqual(after["audit_records"][:len(before["audit_records"])], before["audit_records"])
        self.assertEqual(len(new_audit), 1, (args, new_audit))
        self.assertIn("access.denied", str(new_audit[0]))
        for table in before:
            if table != "audit_records":
                self.assertEqual(before[table], after[table], (args, table))
        return r

    def test_every_role_and_every_command_of_the_matrix(self):
        self.assertEqual(set(MATRIX), set(INVOCATIONS) | NOT_IN_CLI)
        cells = 0
        for role in ROLES:
            # Each role gets its own workspace state: allowed commands change it.
            token = self.issue(role)
            env = {"NOVACRM_TOKEN": token}
            for command, args in INVOCATIONS.items():
                with self.subTest(role=role, command=command):
                    argv = self.invocation(command)
                    cells += 1
                    if MATRIX[command][role]:
                        r = self.run_cli(*argv, env=env)
                        self.assertIn(r.code, (0, 1), (role, command, r))
                    else:
                        self.assert_refused_without_change(db_state(self.home), argv, env)
            self.tearDown()
            self.setUp()
        self.assertEqual(cells, len(ROLES) * len(INVOCATIONS))
        print(f"\nmatrix cells tested at the CLI: {cells} ({len(INVOCATIONS)} commands x {len(ROLES)} roles)")


if __name__ == "__main__":
    unittest.main()
