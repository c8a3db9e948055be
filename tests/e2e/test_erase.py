"""GDPR erase: a contact's personal data is gone for good, from every byte of every workspace file (the
database, its free pages, its full-text index, its WAL), while the id stays as a tombstone."""
import json
import os
import sqlite3
import unittest

from harness import EXIT_BAD_INPUT, WorkspaceTest, schema_validator

# Canary values: unique strings that appear nowhere else, so any byte of them left behind is a leak.
CANARY = {
    "first": "Quillonbert",
    "last": "Vexmarrowind",
    "email": "quillon.vexmarrow@canarymailhost.example",
    "phone": "+33 6 71 82 93 04",
    "notes": "Allergic to zxqvplumbus, prefers calls after 6pm",
    "tag": "canarytagzq",
    "client": "Zephyrcorp",
}
# What must not survive, case-insensitively (the full-text index stores lower-cased tokens).
CANARY_NEEDLES = ("Quillonbert", "Vexmarrowind", "quillon.vexmarrow@canarymailhost.example", "quillon.vexmarrow",
                  "canarymailhost", "vexmarrow", "+33671829304", "33671829304", "671829304", "zxqvplumbus",
                  "canarytagzq")

OTHERS = [
    ("Ada", "Lovelace", "ada@analytical.example", "+44 20 7946 0958", "math"),
    ("Alan", "Turing", "alan@bletchley.example", "06 12 34 56 78", "math"),
    ("Grace", "Hopper", "grace@navy.example", None, "vip"),
]


class EraseTest(WorkspaceTest):
    def setUp(self):
        super().setUp()
        self.contact_schema = schema_validator(self, "contact.schema.json")
        self.ok("clients", "add", "--name", CANARY["client"])
        self.others = []
        for first, last, email, phone, tag in OTHERS[:2]:
            self.others.append(self.add_other(first, last, email, phone, tag))
        self.canary = self.ok("contacts", "add", "--first-name", CANARY["first"], "--last-name", CANARY["last"],
                              "--email", CANARY["email"], "--phone", CANARY["phone"], "--notes", CANARY["notes"],
                              "--tag", CANARY["tag"], "--tag", "shared", "--client", CANARY["client"],
                              "--legal-basis", "consent", "--format", "json").json()
        first, last, email, phone, tag = OTHERS[2]
        self.others.append(self.add_other(first, last, email, phone, tag))
        self.cid = str(self.canary["id"])

    def add_other(self, first, last, email, phone, tag):
        args = ["contacts", "add", "--first-name", first, "--last-name", last, "--email", email, "--tag", tag,
                "--tag", "shared", "--notes", f"{first} notes", "--client", CANARY["client"], "--format", "json"]
        if phone:
            args += ["--phone", phone]
        return self.ok(*args).json()

    def show(self, contact_id):
        c = self.ok("contacts", "show", str(contact_id), "--reveal", "--format", "json").json()
        self.contact_schema.validate(c)
        return c

    def workspace_bytes(self):
        """Every file under the workspace directory (database, -wal, -shm, anything else), as bytes."""
        files = {}
        for root, _dirs, names in os.walk(self.home):
            for name in names:
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    files[os.path.relpath(path, self.home)] = f.read()
        self.assertIn("novacrm.db", files)
        return files

    def leaks(self, needles=CANARY_NEEDLES):
        """(file, needle) for every needle found in any workspace file, compared case-insensitively."""
        found = []
        for name, data in self.workspace_bytes().items():
            lowered = data.lower()
            for needle in needles:
                if needle.lower().encode() in lowered:
                    found.append((name, needle))
        return found

    def erase(self, contact_id=None):
        r = self.ok("contacts", "erase", contact_id or self.cid, "--yes")
        self.assertIn(f"Erased contact {contact_id or self.cid}", r.out)
        return r


class EraseLeavesNoTrace(EraseTest):
    def test_canary_is_in_the_files_before_the_erase(self):
        # The scan can find what it looks for: otherwise the tests below would prove nothing.
        found = {needle for _name, needle in self.leaks()}
        for needle in ("Quillonbert", "Vexmarrowind", "canarymailhost", "33671829304", "zxqvplumbus", "canarytagzq"):
            self.assertIn(needle, found)

    def test_erase_leaves_no_canary_in_any_workspace_file(self):
        self.erase()
        self.assertEqual(self.leaks(), [])

    def test_erase_removes_values_the_contact_had_before_an_update(self):
        self.ok("contacts", "update", self.cid, "--email", "older.canary@canarymailhost.example",
                "--notes", "zxqvplumbus second thoughts", "--add-tag", "canarytagzq2", "--first-name", "Quillonberta")
        self.ok("contacts", "update", self.cid, "--email", CANARY["email"], "--phone", "+33 6 99 88 77 66")
        self.erase()
        self.assertEqual(self.leaks(CANARY_NEEDLES + ("older.canary", "Quillonberta", "canarytagzq2", "33699887766")),
                         [])

    def test_erase_with_another_idle_connection_open_also_cleans_the_wal(self):
        # An idle reader keeps the WAL file alive between CLI runs, so the canary is in the WAL first.
        reader = sqlite3.connect(os.path.join(self.home, "novacrm.db"))
        try:
            reader.execute("SELECT COUNT(*) FROM contacts").fetchall()
            self.ok("contacts", "update", self.cid, "--notes", CANARY["notes"] + " (reviewed)")
            self.assertTrue(any(name.endswith("-wal") for name, _ in self.leaks()),
                            "precondition: the canary should be in the WAL before the erase")
            self.erase()
            self.assertEqual(self.leaks(), [])
        finally:
            reader.close()
        self.assertEqual(self.leaks(), [])

    def test_erase_of_an_imported_contact_leaves_no_trace(self):
        path = self.write("canary.csv", "first_name,last_name,email,phone,tags,notes\n"
                                        "Imported,Person,imported@example.com,,,plain\n"
                                        "Wobblethorpe,Grizzlewick,wobble.grizzle@canaryimport.example,"
                                        "+33 6 12 98 76 54,importtagzq,zxqvimportnote\n")
        self.ok("contacts", "import", path)
        os.remove(path)
        imported = self.ok("contacts", "list", "--search", "wobblethorpe", "--format", "json").json()["items"]
        self.assertEqual(len(imported), 1)
        self.erase(str(imported[0]["id"]))
        self.assertEqual(self.leaks(("Wobblethorpe", "Grizzlewick", "wobble.grizzle", "canaryimport",
                                     "33612987654", "importtagzq", "zxqvimportnote")), [])


class Tombstone(EraseTest):
    def test_tombstone_keeps_the_id_with_erased_at_and_no_personal_data(self):
        self.erase()
        t = self.show(self.cid)
        self.assertEqual(t["id"], self.canary["id"])
        self.assertIsNotNone(t["erased_at"])
        self.assertEqual(t["created_at"], self.canary["created_at"])
        for field in ("first_name", "last_name", "email", "phone", "client", "notes", "legal_basis"):
            self.assertIsNone(t[field], field)
        self.assertEqual(t["tags"], [])
        text = self.ok("contacts", "show", self.cid).out
        self.assertIn("erased:", text)
        for needle in CANARY_NEEDLES:
            self.assertNotIn(needle.lower(), text.lower())

    def test_erased_contact_is_gone_from_list_search_filters_and_export(self):
        self.erase()
        ids = lambda *args: [c["id"] for c in self.ok("contacts", "list", *args, "--format", "json").json()["items"]]
        self.assertNotIn(self.canary["id"], ids())
        self.assertEqual(self.ok("contacts", "list", "--format", "json").json()["total"], 3)
        self.assertEqual(ids("--search", "quillonbert"), [])
        self.assertEqual(ids("--search", "zxqvplumbus"), [])
        self.assertEqual(ids("--tag", "canarytagzq"), [])
        self.assertNotIn(self.canary["id"], ids("--tag", "shared"))
        self.assertNotIn(self.canary["id"], ids("--client", CANARY["client"]))
        export = self.ok("contacts", "export", "--format", "ndjson").out
        self.assertNotIn(self.canary["id"], [json.loads(line)["id"] for line in export.splitlines()])
        client = self.ok("clients", "list", "--format", "json").json()["items"][0]
        self.assertEqual(client["contact_count"], 3)

    def test_other_contacts_are_intact(self):
        before = [self.show(c["id"]) for c in self.others]
        self.erase()
        self.assertEqual([self.show(c["id"]) for c in self.others], before)
        self.assertEqual([c["first_name"] for c in self.ok("contacts", "list", "--search", "notes",
                                                            "--format", "json").json()["items"]],
                         ["Grace", "Ada", "Alan"])
        # Their data is still in the database file, so the leak scan really looks at live content.
        self.assertTrue(self.leaks(("ada@analytical.example", "bletchley")))

    def test_erase_again_is_refused_and_changes_nothing(self):
        self.erase()
        before = self.db_snapshot()
        r = self.fails(EXIT_BAD_INPUT, "contacts", "erase", self.cid, "--yes")
        self.assertIn(f"contact {self.cid}", r.err)
        self.assertIn("erased", r.err)
        self.assertEqual(before, self.db_snapshot())

    def test_erase_without_yes_and_no_terminal_keeps_everything(self):
        before = self.db_snapshot()
        r = self.fails(EXIT_BAD_INPUT, "contacts", "erase", self.cid)
        self.assertIn("--yes", r.err)
        self.assertEqual(before, self.db_snapshot())
        self.assertEqual(self.show(self.cid)["email"], CANARY["email"])

    def test_client_can_be_deleted_once_its_only_contacts_are_erased(self):
        for c in self.others:
            self.ok("contacts", "erase", str(c["id"]), "--yes")
        self.erase()
        self.ok("clients", "delete", "1", "--yes")
        self.assertIsNotNone(self.show(self.cid)["erased_at"])

    def test_the_email_of_an_erased_contact_can_be_used_again(self):
        self.erase()
        again = self.ok("contacts", "add", "--first-name", "New", "--last-name", "Owner", "--email", CANARY["email"],
                        "--format", "json").json()
        self.assertNotEqual(again["id"], self.canary["id"])


if __name__ == "__main__":
    unittest.main()
