"""Bad input of every kind: one clear line on stderr naming the input, the documented exit code, no PII
echoed, and the database exactly as it was."""
import os
import sqlite3
import time
import unittest

from harness import EXIT_BAD_INPUT, EXIT_WORKSPACE, WorkspaceTest

# A contact whose values must never appear in any error message.
PLANTED = {
    "first": "Priscilla",
    "last": "Quartermaine",
    "email": "priscilla.quartermaine@secretbank.example",
    "phone": "+33 6 47 58 69 70",
}
PLANTED_SECRETS = ("Priscilla", "priscilla", "Quartermaine", "quartermaine", "secretbank", "647586970")

BAD = "zorro.hidden@nowhere"  # an invalid email (no top-level label): its parts must never be echoed
BAD_SECRETS = ("zorro", "hidden", "nowhere")
BAD_PHONE = "+999 5550 1234 98"  # no such country code
BAD_PHONE_SECRETS = ("5550", "1234", "55501234")

# (description, argv, exit code, strings the message must name, strings it must not contain)
UNKNOWN_COMMANDS = [
    ("unknown command", ["frobnicate"], EXIT_BAD_INPUT, ["frobnicate"], []),
    ("unknown contacts subcommand", ["contacts", "frobnicate"], EXIT_BAD_INPUT, ["frobnicate"], []),
    ("unknown clients subcommand", ["clients", "merge"], EXIT_BAD_INPUT, ["merge"], []),
]

CASES = [
    ("no command", [], EXIT_BAD_INPUT, [], []),
    ("group without subcommand", ["contacts"], EXIT_BAD_INPUT, [], []),
    ("unknown flag", ["contacts", "list", "--bogus"], EXIT_BAD_INPUT, ["--bogus"], []),
    ("unknown global flag", ["--bogus", "contacts", "list"], EXIT_BAD_INPUT, ["--bogus"], []),
    ("unknown flag on add", ["contacts", "add", "--first-name", "A", "--last-name", "B", "--mail", "x"],
     EXIT_BAD_INPUT, ["--mail"], []),
    ("missing --first-name", ["contacts", "add", "--last-name", "Nobody"], EXIT_BAD_INPUT, ["--first-name"], []),
    ("missing --last-name", ["contacts", "add", "--first-name", "Nobody"], EXIT_BAD_INPUT, ["--last-name"], []),
    ("flag without its value", ["contacts", "add", "--last-name", "B", "--first-name"], EXIT_BAD_INPUT,
     ["--first-name"], []),
    ("missing client --name", ["clients", "add", "--domain", "acme.example"], EXIT_BAD_INPUT, ["--name"], []),
    ("blank first name", ["contacts", "add", "--first-name", "  ", "--last-name", "B"], EXIT_BAD_INPUT,
     ["first_name"], []),
    ("invalid email on add", ["contacts", "add", "--first-name", "A", "--last-name", "B", "--email", BAD],
     EXIT_BAD_INPUT, ["email"], BAD_SECRETS),
    ("invalid email on update", ["contacts", "update", "1", "--email", BAD], EXIT_BAD_INPUT, ["email"], BAD_SECRETS),
    ("email with two @", ["contacts", "add", "--first-name", "A", "--last-name", "B", "--email",
                          "zorro@hidden@nowhere.example"], EXIT_BAD_INPUT, ["email"], BAD_SECRETS),
    ("invalid phone on add", ["contacts", "add", "--first-name", "A", "--last-name", "B", "--phone", BAD_PHONE],
     EXIT_BAD_INPUT, ["phone"], BAD_PHONE_SECRETS),
    ("invalid phone on update", ["contacts", "update", "1", "--phone", BAD_PHONE], EXIT_BAD_INPUT, ["phone"],
     BAD_PHONE_SECRETS),
    ("too short phone", ["contacts", "add", "--first-name", "A", "--last-name", "B", "--phone", "0612"],
     EXIT_BAD_INPUT, ["phone"], ["0612"]),
    ("duplicate email", ["contacts", "add", "--first-name", "A", "--last-name", "B", "--email",
                         PLANTED["email"].upper()], EXIT_BAD_INPUT, ["email"], []),
    ("invalid tag", ["contacts", "add", "--first-name", "A", "--last-name", "B", "--tag", "no spaces"],
     EXIT_BAD_INPUT, ["tag"], []),
    ("invalid legal basis", ["contacts", "add", "--first-name", "A", "--last-name", "B", "--legal-basis", "whim"],
     EXIT_BAD_INPUT, ["legal_basis"], []),
    ("unknown client on add", ["contacts", "add", "--first-name", "A", "--last-name", "B", "--client", "Initech"],
     EXIT_BAD_INPUT, ["client"], []),
    ("invalid domain", ["clients", "add", "--name", "Initech", "--domain", "not a domain"], EXIT_BAD_INPUT,
     ["domain"], []),
    ("limit zero", ["contacts", "list", "--limit", "0"], EXIT_BAD_INPUT, ["--limit"], []),
    ("limit too large", ["contacts", "list", "--limit", "10001"], EXIT_BAD_INPUT, ["--limit"], []),
    ("limit not a number", ["contacts", "list", "--limit", "ten"], EXIT_BAD_INPUT, ["--limit"], []),
    ("clients limit zero", ["clients", "list", "--limit", "0"], EXIT_BAD_INPUT, ["--limit"], []),
    ("offset not a number", ["contacts", "list", "--offset", "x"], EXIT_BAD_INPUT, ["--offset"], []),
    ("invalid format", ["contacts", "list", "--format", "xml"], EXIT_BAD_INPUT, ["--format"], []),
    ("invalid export format", ["contacts", "export", "--format", "text"], EXIT_BAD_INPUT, ["--format"], []),
    ("invalid sort", ["contacts", "list", "--sort", "salary"], EXIT_BAD_INPUT, ["--sort"], []),
    ("invalid log level", ["--log-level", "loud", "contacts", "list"], EXIT_BAD_INPUT, ["--log-level"], []),
    ("non-numeric id on show", ["contacts", "show", "abc"], EXIT_BAD_INPUT, ["abc"], []),
    ("non-numeric id on update", ["contacts", "update", "abc", "--notes", "x"], EXIT_BAD_INPUT, ["abc"], []),
    ("non-numeric id on delete", ["contacts", "delete", "abc", "--yes"], EXIT_BAD_INPUT, ["abc"], []),
    ("non-numeric id on erase", ["contacts", "erase", "1x", "--yes"], EXIT_BAD_INPUT, ["1x"], []),
    ("non-numeric client id", ["clients", "show", "acme"], EXIT_BAD_INPUT, ["acme"], []),
    ("missing id", ["contacts", "show"], EXIT_BAD_INPUT, ["id"], []),
    ("unknown contact id on show", ["contacts", "show", "9999"], EXIT_BAD_INPUT, ["9999"], []),
    ("unknown contact id on update", ["contacts", "update", "9999", "--first-name", "X"], EXIT_BAD_INPUT,
     ["9999"], []),
    ("unknown contact id on delete", ["contacts", "delete", "9999", "--yes"], EXIT_BAD_INPUT, ["9999"], []),
    ("unknown contact id on erase", ["contacts", "erase", "9999", "--yes"], EXIT_BAD_INPUT, ["9999"], []),
    ("zero contact id", ["contacts", "show", "0"], EXIT_BAD_INPUT, ["0"], []),
    ("unknown client id on show", ["clients", "show", "9999"], EXIT_BAD_INPUT, ["9999"], []),
    ("unknown client id on update", ["clients", "update", "9999", "--name", "X"], EXIT_BAD_INPUT, ["9999"], []),
    ("unknown client id on delete", ["clients", "delete", "9999", "--yes"], EXIT_BAD_INPUT, ["9999"], []),
    ("delete without --yes", ["contacts", "delete", "1"], EXIT_BAD_INPUT, ["--yes"], []),
    ("erase without --yes", ["contacts", "erase", "1"], EXIT_BAD_INPUT, ["--yes"], []),
]


class BadInput(WorkspaceTest):
    def setUp(self):
        super().setUp()
        self.ok("clients", "add", "--name", "Acme")
        c = self.ok("contacts", "add", "--first-name", PLANTED["first"], "--last-name", PLANTED["last"],
                    "--email", PLANTED["email"], "--phone", PLANTED["phone"], "--client", "Acme",
                    "--format", "json").json()
        self.assertEqual(c["id"], 1)

    def assert_clean_failure(self, code, args, mentions=(), secrets=(), **kw):
        before = self.db_snapshot()
        r = self.fails(code, *args, **kw)
        for m in mentions:
            self.assertIn(m, r.err)
        for s in (*secrets, *PLANTED_SECRETS):
            self.assertNotIn(s, r.err)
        self.assertEqual(before, self.db_snapshot())
        return r

    def test_each_bad_input_fails_cleanly(self):
        for description, args, code, mentions, secrets in CASES:
            with self.subTest(description, args=args):
                self.assert_clean_failure(code, args, mentions, secrets)

    def test_unknown_command_is_named_in_the_error(self):
        for description, args, code, mentions, secrets in UNKNOWN_COMMANDS:
            with self.subTest(description, args=args):
                self.assert_clean_failure(code, args, mentions, secrets)

    def test_invalid_utf8_name_is_refused(self):
        r = self.assert_clean_failure(EXIT_BAD_INPUT, ["contacts", "add", "--first-name", b"Jos\xe9",
                                                       "--last-name", "B"], ["first_name", "UTF-8"])
        self.assertNotIn("Jos", r.err)

    def test_control_characters_in_a_name_are_refused(self):
        self.assert_clean_failure(EXIT_BAD_INPUT, ["contacts", "add", "--first-name", "A\x1b[31m", "--last-name",
                                                   "B"], ["first_name"])

    def test_negative_offset_gives_a_short_clear_message(self):
        r = self.assert_clean_failure(EXIT_BAD_INPUT, ["contacts", "list", "--offset", "-1"], ["--offset"])
        self.assertLess(len(r.err), 160, r.err)

    def test_out_of_range_id_is_refused_naming_the_given_value(self):
        r = self.assert_clean_failure(EXIT_BAD_INPUT, ["contacts", "show", "99999999999999999999"])
        self.assertIn("99999999999999999999", r.err)

    def test_updating_an_erased_contact_is_refused(self):
        self.ok("contacts", "erase", "1", "--yes")
        r = self.assert_clean_failure(EXIT_BAD_INPUT, ["contacts", "update", "1", "--first-name", "Back"], ["erased"])
        self.assertIn("contact 1", r.err)

    def test_help_still_exits_zero(self):
        self.assertIn("--first-name", self.ok("contacts", "add", "--help").out)


class WorkspaceUnavailable(WorkspaceTest):
    def test_missing_workspace_for_every_command_group(self):
        absent = os.path.join(self.tmp, "absent")
        for args in (["contacts", "list"], ["contacts", "add", "--first-name", "A", "--last-name", "B"],
                     ["contacts", "export"], ["contacts", "show", "1"], ["clients", "list"],
                     ["clients", "add", "--name", "Acme"]):
            with self.subTest(args=args):
                r = self.fails(EXIT_WORKSPACE, "--home", absent, *args)
                self.assertIn(absent, r.err)
                self.assertIn("init", r.err)
                self.assertFalse(os.path.exists(absent))

    def test_missing_workspace_from_the_environment(self):
        absent = os.path.join(self.tmp, "absent-env")
        self.fails(EXIT_WORKSPACE, "contacts", "list", env={"NOVACRM_HOME": absent})
        self.assertFalse(os.path.exists(absent))

    def test_import_into_a_missing_workspace_is_unavailable(self):
        path = self.write("ok.csv", "first_name,last_name\nA,B\n")
        absent = os.path.join(self.tmp, "absent")
        self.fails(EXIT_WORKSPACE, "--home", absent, "contacts", "import", path)
        self.assertFalse(os.path.exists(absent))

    def test_directory_without_database_is_unavailable_and_left_alone(self):
        empty = os.path.join(self.tmp, "empty-dir")
        os.mkdir(empty)
        self.fails(EXIT_WORKSPACE, "--home", empty, "contacts", "list")
        self.assertEqual(os.listdir(empty), [])

    def test_unwritable_workspace_location(self):
        # Root ignores permission bits, so make the workspace's parent a regular file instead.
        blocker = self.write("not-a-dir", "keep me\n")
        home = os.path.join(blocker, "ws")
        for args in (["init"], ["contacts", "list"], ["contacts", "add", "--first-name", "A", "--last-name", "B"],
                     ["clients", "list"]):
            with self.subTest(args=args):
                r = self.fails(EXIT_WORKSPACE, "--home", home, *args)
                self.assertIn(home, r.err)
        with open(blocker) as f:
            self.assertEqual(f.read(), "keep me\n")

    def test_home_that_is_a_regular_file(self):
        blocker = self.write("plain-file", "keep me\n")
        for args in (["init"], ["contacts", "list"]):
            with self.subTest(args=args):
                r = self.fails(EXIT_WORKSPACE, "--home", blocker, *args)
                self.assertIn(blocker, r.err)
        with open(blocker) as f:
            self.assertEqual(f.read(), "keep me\n")

    def test_database_file_that_is_not_a_database(self):
        garbage = os.path.join(self.tmp, "garbage")
        os.mkdir(garbage)
        db = os.path.join(garbage, "novacrm.db")
        content = b"this is not an SQLite database, just some bytes " * 100
        with open(db, "wb") as f:
            f.write(content)
        for args in (["contacts", "list"], ["init"]):
            with self.subTest(args=args):
                self.fails(EXIT_WORKSPACE, "--home", garbage, *args)
        with open(db, "rb") as f:
            self.assertEqual(f.read(), content)

    def test_schema_newer_than_the_binary(self):
        self.ok("contacts", "add", "--first-name", "A", "--last-name", "B")
        con = sqlite3.connect(os.path.join(self.home, "novacrm.db"))
        with con:
            con.execute("INSERT INTO schema_migrations (version, name, applied_at)"
                        " VALUES (999, 'from the future', '2099-01-01T00:00:00Z')")
        con.close()
        before = self.db_snapshot()
        for args in (["contacts", "list"], ["contacts", "add", "--first-name", "C", "--last-name", "D"],
                     ["clients", "list"], ["init"]):
            with self.subTest(args=args):
                r = self.fails(EXIT_WORKSPACE, *args)
                self.assertIn("999", r.err)
                self.assertIn("newer", r.err)
                self.assertEqual(before, self.db_snapshot())


class Locked(WorkspaceTest):
    """Another process holds the database's write lock for longer than the busy timeout."""

    TIMEOUT_ENV = {"NOVACRM_BUSY_TIMEOUT_MS": "200"}

    def setUp(self):
        super().setUp()
        self.ok("clients", "add", "--name", "Acme")
        self.ok("contacts", "add", "--first-name", "Lock", "--last-name", "Holder", "--email",
                "lock.holder@example.com", "--client", "Acme")
        self.db = os.path.join(self.home, "novacrm.db")

    def hold_lock(self, exclusive=False):
        con = sqlite3.connect(self.db, isolation_level=None, timeout=0)
        if exclusive:
            con.execute("PRAGMA locking_mode=EXCLUSIVE")
            con.execute("BEGIN EXCLUSIVE")
        else:
            con.execute("BEGIN IMMEDIATE")
        return con

    def assert_locked_failure(self, args, exclusive=False, **kw):
        before = self.db_snapshot()
        con = self.hold_lock(exclusive)
        try:
            start = time.monotonic()
            r = self.fails(EXIT_WORKSPACE, *args, env=self.TIMEOUT_ENV, **kw)
            elapsed = time.monotonic() - start
        finally:
            con.execute("ROLLBACK")
            con.close()
        self.assertIn("locked", r.err)
        self.assertIn("novacrm.db", r.err)
        self.assertNotIn("lock.holder", r.err)
        self.assertLess(elapsed, 4.0, "the busy timeout from NOVACRM_BUSY_TIMEOUT_MS was not honoured")
        self.assertEqual(before, self.db_snapshot())
        return r

    def test_every_write_fails_as_unavailable_past_the_busy_timeout(self):
        for args in (["contacts", "add", "--first-name", "New", "--last-name", "Person"],
                     ["contacts", "update", "1", "--notes", "x"],
                     ["contacts", "delete", "1", "--yes"],
                     ["contacts", "erase", "1", "--yes"],
                     ["clients", "add", "--name", "Globex"],
                     ["clients", "update", "1", "--name", "Acme Two"],
                     ["clients", "delete", "1", "--cascade", "--yes"]):
            with self.subTest(args=args):
                self.assert_locked_failure(args)

    def test_import_fails_as_unavailable_and_imports_nothing(self):
        path = self.write("ok.csv", "first_name,last_name\nA,B\nC,D\n")
        self.assert_locked_failure(["contacts", "import", path])

    def test_exclusive_lock_blocks_reads_too(self):
        self.assert_locked_failure(["contacts", "list"], exclusive=True)

    def test_writes_succeed_once_the_lock_is_released(self):
        con = self.hold_lock()
        con.execute("ROLLBACK")
        con.close()
        self.ok("contacts", "add", "--first-name", "After", "--last-name", "Lock", env=self.TIMEOUT_ENV)


if __name__ == "__main__":
    unittest.main()
