"""Shared helpers for the end-to-end tests: run the real novacrm binary in a temporary home.

CTest sets NOVACRM_BIN (the binary under test) and NOVACRM_SOURCE_DIR (the repository root).
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

BIN = os.environ.get("NOVACRM_BIN", "novacrm")
SOURCE_DIR = os.environ.get("NOVACRM_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))

# Tests that take minutes on the instrumented build (ASan, coverage, -O0) run on Release only;
# CTest sets NOVACRM_E2E_HEAVY=1 there. What they exercise has unit tests that run everywhere.
heavy = unittest.skipUnless(os.environ.get("NOVACRM_E2E_HEAVY") == "1", "heavy: runs on the Release build only")

TOKEN_RE = re.compile(r"v4\.public\.[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)?")


def token_in(text):
    """The first PASETO v4.public token in `text` (init's and token issue's output), or None."""
    m = TOKEN_RE.search(text)
    return m.group(0) if m else None


EXIT_OK, EXIT_POLICY, EXIT_BAD_INPUT, EXIT_DENIED, EXIT_INTEGRITY, EXIT_WORKSPACE, EXIT_INTERNAL = range(7)


SCHEMAS = ("contact.schema.json", "client.schema.json", "contact-list.schema.json", "client-list.schema.json",
           "check-report.schema.json", "policy.schema.json")


def schema_validator(test, name):
    """A draft-07 validator for schemas/<name>; relative $refs resolve to the other files of schemas/."""
    import jsonschema
    store = {}
    for n in SCHEMAS:
        s = test.schema(n)
        store[s["$id"]] = s
    schema = test.schema(name)
    jsonschema.Draft7Validator.check_schema(schema)
    resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
    return jsonschema.Draft7Validator(schema, resolver=resolver, format_checker=jsonschema.FormatChecker())


class Run:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return f"exit {self.code}\nstdout: {self.out}\nstderr: {self.err}"


class WorkspaceTest(unittest.TestCase):
    """Each test gets a fresh temporary NOVACRM_HOME with an initialised workspace.

    `init` prints the bootstrap admin token once and writes it to the workspace token file, which
    every later command reads when neither --token nor NOVACRM_TOKEN is given: so the tests run as
    the workspace's admin. The token is kept in self.admin_token for tests that pass it explicitly.
    """

    init_workspace = True
    admin_token = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="novacrm-e2e-")
        self.home = os.path.join(self.tmp, "ws")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("NOVACRM_") or k in ("NOVACRM_BIN", "NOVACRM_CACHE_DIR")}
        self.env["NOVACRM_HOME"] = self.home
        self.env["NO_COLOR"] = "1"
        if self.init_workspace:
            r = self.run_cli("init")
            self.assertEqual(r.code, 0, r)
            self.admin_token = token_in(r.out)
            self.assertIsNotNone(self.admin_token, r)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_cli(self, *args, input=None, env=None):
        full_env = dict(self.env)
        if env:
            full_env.update(env)
        proc = subprocess.run([BIN, *args], input=input, capture_output=True, text=True, env=full_env,
                              timeout=120, stdin=None if input is not None else subprocess.DEVNULL)
        return Run(proc)

    def ok(self, *args, **kw):
        r = self.run_cli(*args, **kw)
        self.assertEqual(r.code, 0, r)
        return r

    def fails(self, code, *args, **kw):
        """Runs a command that must fail with `code` and exactly one line on stderr."""
        r = self.run_cli(*args, **kw)
        self.assertEqual(r.code, code, r)
        self.assertEqual(len(r.err.strip().splitlines()), 1, r)
        self.assertTrue(r.err.startswith("novacrm: error: "), r)
        return r

    def write(self, name, content, mode="w"):
        path = os.path.join(self.tmp, name)
        with open(path, mode) as f:
            f.write(content)
        return path

    def db_snapshot(self):
        """Every row of the CRM tables, to prove a failed command changed nothing."""
        import sqlite3
        con = sqlite3.connect(os.path.join(self.home, "novacrm.db"))
        try:
            return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                    for t in ("clients", "contacts", "contact_tags", "schema_migrations", "orgs")}
        finally:
            con.close()

    def schema(self, name):
        with open(os.path.join(SOURCE_DIR, "schemas", name)) as f:
            return json.load(f)
