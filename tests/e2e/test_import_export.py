"""contacts import (CSV, all or nothing) and contacts export (csv/json/ndjson, stdout or --out)."""
import csv
import io
import json
import os
import stat
import unittest

from harness import EXIT_BAD_INPUT, WorkspaceTest, schema_validator

GOOD_CSV = (
    "first_name,last_name,email,phone,client,tags,notes,legal_basis\n"
    "Ada,Lovelace,ada@analytical.example,+44 20 7946 0958,Acme,vip;math,\"Notes, with a comma\",consent\n"
    "Alan,Turing,ALAN@Bletchley.example,06 12 34 56 78,,math,,contract\n"
    "Grace,Hopper,,,Globex,,\"multi\nline \"\"quoted\"\" notes\",\n"
)

# The fields that must survive an export and a re-import (ids and times are assigned anew).
KEPT = ("first_name", "last_name", "email", "phone", "tags", "notes", "legal_basis")


def portable(contact):
    c = {k: contact[k] for k in KEPT}
    c["client"] = contact["client"]["name"] if contact["client"] else None
    return c


class ImportExportTest(WorkspaceTest):
    def setUp(self):
        super().setUp()
        self.ok("clients", "add", "--name", "Acme")
        self.ok("clients", "add", "--name", "Globex")
        self.contact_schema = schema_validator(self, "contact.schema.json")
        self.list_schema = schema_validator(self, "contact-list.schema.json")

    def contacts(self, *args):
        page = self.ok("contacts", "list", "--reveal", "--sort", "id", "--format", "json", *args).json()
        self.list_schema.validate(page)
        return page["items"]


class Import(ImportExportTest):
    def test_good_csv_imports_every_row_with_normalised_values(self):
        path = self.write("good.csv", GOOD_CSV)
        r = self.ok("contacts", "import", path)
        self.assertIn("Imported 3 contact(s)", r.out)
        ada, alan, grace = self.contacts()
        self.assertEqual(ada["email"], "ada@analytical.example")
        self.assertEqual(ada["phone"], "+442079460958")
        self.assertEqual(ada["client"]["name"], "Acme")
        self.assertEqual(ada["tags"], ["math", "vip"])
        self.assertEqual(ada["notes"], "Notes, with a comma")
        self.assertEqual(ada["legal_basis"], "consent")
        self.assertEqual(alan["email"], "alan@bletchley.example")
        self.assertEqual(alan["phone"], "+33612345678")
        self.assertIsNone(alan["client"])
        self.assertIsNone(alan["notes"])
        self.assertEqual(grace["notes"], 'multi\nline "quoted" notes')
        self.assertIsNone(grace["email"])
        self.assertIsNone(grace["legal_basis"])
        self.assertEqual(grace["client"]["name"], "Globex")

    def test_header_only_needs_first_and_last_name_in_any_order_and_case(self):
        path = self.write("min.csv", "Last Name,First-Name\nLovelace,Ada\n")
        self.ok("contacts", "import", path)
        (ada,) = self.contacts()
        self.assertEqual((ada["first_name"], ada["last_name"]), ("Ada", "Lovelace"))

    def test_crlf_line_endings_and_utf8_bom_are_accepted(self):
        path = self.write("win.csv", "\ufefffirst_name,last_name,email\r\nZoë,Ærøskøbing,zoe@example.com\r\n",
                          mode="w")
        self.ok("contacts", "import", path)
        (zoe,) = self.contacts()
        self.assertEqual((zoe["first_name"], zoe["last_name"]), ("Zoë", "Ærøskøbing"))

    def test_import_from_stdin_with_dash(self):
        r = self.ok("contacts", "import", "-", input="first_name,last_name,email\nSam,Stdin,sam@example.com\n")
        self.assertIn("Imported 1 contact(s) from <stdin>", r.out)
        self.assertEqual([c["email"] for c in self.contacts()], ["sam@example.com"])

    def test_header_without_rows_imports_nothing(self):
        before = self.db_snapshot()
        r = self.ok("contacts", "import", self.write("header.csv", "first_name,last_name\n"))
        self.assertIn("Imported 0 contact(s)", r.out)
        self.assertEqual(before, self.db_snapshot())


class ImportFailures(ImportExportTest):
    """Every bad file: exit 2, one line naming file:line, no PII echoed, the database exactly as it was."""

    def setUp(self):
        super().setUp()
        self.ok("contacts", "add", "--first-name", "Existing", "--last-name", "Person",
                "--email", "taken.person@example.com", "--tag", "old")
        self.before = self.db_snapshot()

    def assert_refused(self, name, content, where, mentions=(), secrets=(), mode="w"):
        path = self.write(name, content, mode=mode)
        r = self.fails(EXIT_BAD_INPUT, "contacts", "import", path)
        self.assertIn(f"{path}:{where}" if where else path, r.err)
        for m in mentions:
            self.assertIn(m, r.err)
        for s in secrets:
            self.assertNotIn(s, r.err)
        self.assertEqual(self.before, self.db_snapshot())
        return r

    def test_unterminated_quote(self):
        self.assert_refused("quote.csv", "first_name,last_name,notes\nA,B,fine\nC,D,\"never closed\nE,F,x\n",
                            3, mentions=("unterminated",))

    def test_wrong_column_count(self):
        self.assert_refused("columns.csv", "first_name,last_name,email\nA,B,a@example.com\nC,D,c@example.com,extra\n",
                            3, mentions=("4 fields, expected 3",))

    def test_too_few_columns(self):
        self.assert_refused("short.csv", "first_name,last_name,email\nA,B,a@example.com\nC,D\n", 3,
                            mentions=("2 fields, expected 3",))

    def test_invalid_utf8(self):
        self.assert_refused("latin1.csv", b"first_name,last_name\nAda,Lovelace\nJos\xe9,Garc\xeda\n", 3,
                            mentions=("UTF-8",), mode="wb")

    def test_invalid_email(self):
        self.assert_refused("email.csv", "first_name,last_name,email\nA,B,a@example.com\nC,D,hidden.mailbox@nowhere\n",
                            3, mentions=("email",), secrets=("hidden.mailbox", "hidden", "mailbox@"))

    def test_invalid_phone(self):
        self.assert_refused("phone.csv", "first_name,last_name,phone\nA,B,06 12 34 56 78\nC,D,+999 5550 1234 98\n",
                            3, mentions=("phone",), secrets=("5550 1234", "55501234"))

    def test_duplicate_email_within_the_file(self):
        r = self.assert_refused("dup.csv",
                                "first_name,last_name,email\nA,B,twin.secret@example.com\nC,D,x@example.com\n"
                                "E,F,Twin.Secret@example.com\n",
                                4, mentions=("line 2",), secrets=("twin.secret", "twin"))
        self.assertIn("email", r.err)

    def test_duplicate_email_already_in_the_database(self):
        self.assert_refused("dupdb.csv",
                            "first_name,last_name,email\nA,B,new@example.com\nC,D,TAKEN.person@example.com\n",
                            3, mentions=("email",), secrets=("taken.person", "taken"))

    def test_unknown_column(self):
        self.assert_refused("unknown.csv", "first_name,last_name,salary\nA,B,100\n", 1, mentions=("unknown column",))

    def test_duplicate_column(self):
        self.assert_refused("twice.csv", "first_name,last_name,email,Email\nA,B,a@example.com,b@example.com\n", 1,
                            mentions=("twice",))

    def test_missing_name_columns(self):
        self.assert_refused("noname.csv", "first_name,email\nA,a@example.com\n", 1, mentions=("last_name",))

    def test_empty_name_in_a_row(self):
        self.assert_refused("blank.csv", "first_name,last_name\nA,B\n  ,D\n", 3, mentions=("first_name",))

    def test_unknown_client(self):
        self.assert_refused("client.csv", "first_name,last_name,client\nA,B,Acme\nC,D,Initech\n", 3,
                            mentions=("client",))

    def test_invalid_tag_and_legal_basis(self):
        self.assert_refused("tag.csv", "first_name,last_name,tags\nA,B,ok\nC,D,good;bad tag\n", 3, mentions=("tag",))
        self.assert_refused("basis.csv", "first_name,last_name,legal_basis\nA,B,consent\nC,D,whim\n", 3,
                            mentions=("legal_basis",))

    def test_empty_file(self):
        self.assert_refused("empty.csv", "", None, mentions=("empty",))

    def test_blank_lines_only_count_as_empty(self):
        self.assert_refused("blank-lines.csv", "\n\n\n", None, mentions=("empty",))

    def test_missing_file(self):
        path = os.path.join(self.tmp, "absent.csv")
        r = self.fails(EXIT_BAD_INPUT, "contacts", "import", path)
        self.assertIn(path, r.err)
        self.assertEqual(self.before, self.db_snapshot())

    def test_directory_instead_of_file(self):
        r = self.fails(EXIT_BAD_INPUT, "contacts", "import", self.tmp)
        self.assertIn(self.tmp, r.err)
        self.assertEqual(self.before, self.db_snapshot())

    def test_bad_stdin_import_names_stdin_and_line(self):
        r = self.fails(EXIT_BAD_INPUT, "contacts", "import", "-",
                       input="first_name,last_name,email\nA,B,a@example.com\nC,D,\"open\n")
        self.assertIn("<stdin>:3", r.err)
        self.assertEqual(self.before, self.db_snapshot())

    def test_binary_file(self):
        self.assert_refused("binary.csv", b"\x00\x01\x02\xff\xfe\n", 1, mode="wb")


class Export(ImportExportTest):
    def setUp(self):
        super().setUp()
        self.ok("contacts", "import", self.write("good.csv", GOOD_CSV))

    def test_csv_export_to_stdout_has_clear_values(self):
        rows = list(csv.DictReader(io.StringIO(self.ok("contacts", "export").out)))
        self.assertEqual([r["first_name"] for r in rows], ["Ada", "Alan", "Grace"])
        self.assertEqual(rows[0]["email"], "ada@analytical.example")
        self.assertEqual(rows[0]["phone"], "+442079460958")
        self.assertEqual(rows[0]["tags"], "math;vip")
        self.assertEqual(rows[0]["client"], "Acme")
        self.assertEqual(rows[2]["notes"], 'multi\nline "quoted" notes')

    def test_json_export_is_a_valid_clear_list(self):
        doc = self.ok("contacts", "export", "--format", "json").json()
        self.list_schema.validate(doc)
        self.assertEqual((doc["total"], doc["offset"], len(doc["items"])), (3, 0, 3))
        self.assertFalse(any(c["pii_masked"] for c in doc["items"]))
        self.assertEqual([portable(c) for c in doc["items"]], [portable(c) for c in self.contacts()])

    def test_ndjson_export_is_one_valid_contact_per_line(self):
        lines = self.ok("contacts", "export", "--format", "ndjson").out.splitlines()
        self.assertEqual(len(lines), 3)
        docs = [json.loads(line) for line in lines]
        for d in docs:
            self.contact_schema.validate(d)
        self.assertEqual(docs[1]["email"], "alan@bletchley.example")

    def test_export_of_an_empty_workspace_is_valid(self):
        self.home = os.path.join(self.tmp, "empty")
        self.env["NOVACRM_HOME"] = self.home
        self.ok("init")
        doc = self.ok("contacts", "export", "--format", "json").json()
        self.list_schema.validate(doc)
        self.assertEqual((doc["items"], doc["total"]), ([], 0))
        self.assertEqual(self.ok("contacts", "export").out.strip().count("\n"), 0)  # the header alone
        self.assertEqual(self.ok("contacts", "export", "--format", "ndjson").out, "")

    def test_export_to_file_is_private_and_matches_stdout(self):
        for fmt in ("csv", "json", "ndjson"):
            with self.subTest(fmt=fmt):
                out = os.path.join(self.tmp, f"export.{fmt}")
                r = self.ok("contacts", "export", "--format", fmt, "--out", out)
                self.assertEqual(r.out, "")
                self.assertIn("Exported 3 contact(s)", r.err)
                self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
                with open(out) as f:
                    self.assertEqual(f.read(), self.ok("contacts", "export", "--format", fmt).out)
                leftovers = [n for n in os.listdir(self.tmp) if ".tmp-" in n]
                self.assertEqual(leftovers, [])

    def test_export_replaces_an_existing_file_and_keeps_it_private(self):
        out = self.write("old.csv", "stale content\n")
        os.chmod(out, 0o644)
        self.ok("contacts", "export", "--out", out)
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
        with open(out) as f:
            self.assertNotIn("stale", f.read())

    def test_export_to_a_missing_directory_fails_and_writes_nothing(self):
        out = os.path.join(self.tmp, "no-such-dir", "x.csv")
        r = self.fails(EXIT_BAD_INPUT, "contacts", "export", "--out", out)
        self.assertIn(out, r.err)
        self.assertFalse(os.path.exists(os.path.dirname(out)))

    def test_csv_export_reimports_into_a_fresh_workspace_unchanged(self):
        self.ok("contacts", "add", "--first-name", "Edsger", "--last-name", "Dijkstra", "--tag", "a:b.c_d-e")
        original = [portable(c) for c in self.contacts()]
        exported = os.path.join(self.tmp, "all.csv")
        self.ok("contacts", "export", "--out", exported)
        fresh = os.path.join(self.tmp, "fresh")
        self.home = fresh
        self.env["NOVACRM_HOME"] = fresh
        self.ok("init")
        self.ok("clients", "add", "--name", "Acme")
        self.ok("clients", "add", "--name", "Globex")
        r = self.ok("contacts", "import", exported)
        self.assertIn(f"Imported {len(original)} contact(s)", r.out)
        self.assertEqual([portable(c) for c in self.contacts()], original)
        # ... and exporting again gives the same contacts, byte for byte apart from ids and times.
        again = os.path.join(self.tmp, "again.csv")
        self.ok("contacts", "export", "--out", again)
        self.assertEqual(self.portable_rows(again), self.portable_rows(exported))

    @staticmethod
    def portable_rows(path):
        with open(path, newline="") as f:
            return [{k: v for k, v in row.items() if k not in ("id", "created_at", "updated_at")}
                    for row in csv.DictReader(f)]

    def test_reimport_into_the_same_workspace_is_refused_as_duplicates(self):
        exported = os.path.join(self.tmp, "all.csv")
        self.ok("contacts", "export", "--out", exported)
        before = self.db_snapshot()
        r = self.fails(EXIT_BAD_INPUT, "contacts", "import", exported)
        self.assertIn(f"{exported}:2", r.err)
        self.assertNotIn("ada@analytical.example", r.err)
        self.assertEqual(before, self.db_snapshot())


if __name__ == "__main__":
    unittest.main()
