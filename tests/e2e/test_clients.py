"""clients add/list/show/update/delete through the real binary, JSON validated against schemas/."""
import csv
import io
import json
import unittest

from harness import EXIT_BAD_INPUT, WorkspaceTest, schema_validator

class ClientsTest(WorkspaceTest):
    def setUp(self):
        super().setUp()
        self.client_schema = schema_validator(self, "client.schema.json")
        self.list_schema = schema_validator(self, "client-list.schema.json")

    def add(self, name, *extra):
        c = self.ok("clients", "add", "--name", name, *extra, "--format", "json").json()
        self.client_schema.validate(c)
        return c

    def show(self, client_id):
        c = self.ok("clients", "show", str(client_id), "--format", "json").json()
        self.client_schema.validate(c)
        return c

    def list_json(self, *args):
        page = self.ok("clients", "list", *args, "--format", "json").json()
        self.list_schema.validate(page)
        return page

    def add_contact(self, first, client):
        return self.ok("contacts", "add", "--first-name", first, "--last-name", "Doe", "--client", client,
                       "--tag", "t1", "--format", "json").json()


class Crud(ClientsTest):
    def test_add_returns_a_valid_client_with_normalised_domain(self):
        c = self.add("  Acme Corp ", "--domain", "  ACME.Example ")
        self.assertEqual(c["name"], "Acme Corp")
        self.assertEqual(c["domain"], "acme.example")
        self.assertEqual(c["contact_count"], 0)
        self.assertEqual(c["org"], "default")
        self.assertEqual(self.show(c["id"]), c)

    def test_add_without_domain_gives_null(self):
        self.assertIsNone(self.add("Initech")["domain"])

    def test_show_text_has_every_field(self):
        c = self.add("Acme", "--domain", "acme.example")
        self.add_contact("Jane", "Acme")
        out = self.ok("clients", "show", str(c["id"])).out
        for label in ("id:", "name:", "domain:", "contacts:", "created:", "updated:"):
            self.assertIn(label, out)
        self.assertRegex(out, r"contacts:\s+1\n")

    def test_list_is_sorted_by_name_and_counts_contacts(self):
        self.add("Globex")
        acme = self.add("Acme")
        self.add("Initech")
        self.add_contact("Jane", "Acme")
        self.add_contact("John", str(acme["id"]))
        page = self.list_json()
        self.assertEqual([c["name"] for c in page["items"]], ["Acme", "Globex", "Initech"])
        self.assertEqual((page["total"], page["limit"], page["offset"]), (3, 50, 0))
        self.assertEqual(page["items"][0]["contact_count"], 2)
        self.assertEqual(page["items"][1]["contact_count"], 0)

    def test_list_search_and_paging(self):
        for name in ("Acme", "Acme Labs", "Globex", "Initech"):
            self.add(name)
        self.assertEqual([c["name"] for c in self.list_json("--search", "acme")["items"]], ["Acme", "Acme Labs"])
        page = self.list_json("--limit", "2", "--offset", "2")
        self.assertEqual([c["name"] for c in page["items"]], ["Globex", "Initech"])
        self.assertEqual((page["total"], page["limit"], page["offset"]), (4, 2, 2))

    def test_list_search_matches_domain(self):
        self.add("Acme", "--domain", "acme.example")
        self.add("Globex", "--domain", "globex.example")
        self.assertEqual([c["name"] for c in self.list_json("--search", "GLOBEX.EX")["items"]], ["Globex"])

    def test_list_text_ndjson_and_csv(self):
        self.add("Acme", "--domain", "acme.example")
        self.add("Globex, Inc.")
        text = self.ok("clients", "list").out
        self.assertIn("Acme", text)
        self.assertIn("2 client(s)", text)
        lines = self.ok("clients", "list", "--format", "ndjson").out.strip().splitlines()
        self.assertEqual(len(lines), 2)
        for line in lines:
            self.client_schema.validate(json.loads(line))
        rows = list(csv.DictReader(io.StringIO(self.ok("clients", "list", "--format", "csv").out)))
        self.assertEqual([r["name"] for r in rows], ["Acme", "Globex, Inc."])
        self.assertEqual(list(rows[0]), ["id", "name", "domain", "contact_count", "created_at", "updated_at"])

    def test_empty_list_is_valid(self):
        page = self.list_json()
        self.assertEqual((page["items"], page["total"]), ([], 0))
        self.assertEqual(self.ok("clients", "list").out.strip(), "0 client(s)")

    def test_update_renames_and_changes_domain(self):
        c = self.add("Acme", "--domain", "acme.example")
        self.add_contact("Jane", "Acme")
        updated = self.ok("clients", "update", str(c["id"]), "--name", "Acme Europe", "--domain", "acme.eu",
                          "--format", "json").json()
        self.client_schema.validate(updated)
        shown = self.show(c["id"])
        self.assertEqual((shown["name"], shown["domain"]), ("Acme Europe", "acme.eu"))
        self.assertEqual(shown["created_at"], c["created_at"])
        contacts = self.ok("contacts", "list", "--format", "json").json()["items"]
        self.assertEqual(contacts[0]["client"]["name"], "Acme Europe")

    def test_update_domain_only_keeps_the_name_and_empty_clears_it(self):
        c = self.add("Acme", "--domain", "acme.example")
        self.ok("clients", "update", str(c["id"]), "--domain", "")
        shown = self.show(c["id"])
        self.assertEqual(shown["name"], "Acme")
        self.assertIsNone(shown["domain"])

    def test_update_may_change_the_case_of_its_own_name(self):
        c = self.add("acme")
        self.ok("clients", "update", str(c["id"]), "--name", "ACME")
        self.assertEqual(self.show(c["id"])["name"], "ACME")

    def test_delete_without_contacts(self):
        c = self.add("Acme")
        r = self.ok("clients", "delete", str(c["id"]), "--yes")
        self.assertIn(f"Deleted client {c['id']}", r.out)
        self.fails(EXIT_BAD_INPUT, "clients", "show", str(c["id"]))
        self.assertEqual(self.list_json()["total"], 0)


class Refusals(ClientsTest):
    def setUp(self):
        super().setUp()
        self.acme = self.add("Acme", "--domain", "acme.example")
        self.globex = self.add("Globex")
        self.jane = self.add_contact("Jane", "Acme")
        self.john = self.add_contact("John", "Acme")
        self.other = self.add_contact("Olga", "Globex")

    def test_duplicate_name_is_refused_case_insensitively(self):
        before = self.db_snapshot()
        for name in ("Acme", "ACME", " acme "):
            with self.subTest(name=name):
                r = self.fails(EXIT_BAD_INPUT, "clients", "add", "--name", name)
                self.assertIn("name", r.err)
                self.assertIn("already exists", r.err)
                self.assertEqual(before, self.db_snapshot())

    def test_rename_onto_an_existing_name_is_refused(self):
        before = self.db_snapshot()
        self.fails(EXIT_BAD_INPUT, "clients", "update", str(self.globex["id"]), "--name", "acme")
        self.assertEqual(before, self.db_snapshot())

    def test_invalid_name_or_domain_is_refused(self):
        before = self.db_snapshot()
        for args in (["--name", ""], ["--name", "X", "--domain", "not a domain"], ["--name", "X", "--domain", "localhost"]):
            with self.subTest(args=args):
                self.fails(EXIT_BAD_INPUT, "clients", "add", *args)
                self.assertEqual(before, self.db_snapshot())
        self.fails(EXIT_BAD_INPUT, "clients", "update", str(self.acme["id"]), "--domain", "bad_domain")
        self.assertEqual(before, self.db_snapshot())

    def test_delete_is_refused_while_contacts_reference_the_client(self):
        before = self.db_snapshot()
        r = self.fails(EXIT_BAD_INPUT, "clients", "delete", str(self.acme["id"]), "--yes")
        self.assertIn(f"client {self.acme['id']}", r.err)
        self.assertIn("--cascade", r.err)
        self.assertEqual(before, self.db_snapshot())

    def test_delete_without_yes_and_no_terminal_is_refused(self):
        before = self.db_snapshot()
        r = self.fails(EXIT_BAD_INPUT, "clients", "delete", str(self.globex["id"]), "--cascade")
        self.assertIn("--yes", r.err)
        self.assertEqual(before, self.db_snapshot())

    def test_cascade_deletes_the_client_its_contacts_and_their_tags_only(self):
        r = self.ok("clients", "delete", str(self.acme["id"]), "--cascade", "--yes")
        self.assertIn("and 2 contact(s)", r.out)
        self.fails(EXIT_BAD_INPUT, "clients", "show", str(self.acme["id"]))
        for c in (self.jane, self.john):
            self.fails(EXIT_BAD_INPUT, "contacts", "show", str(c["id"]))
        contacts = self.ok("contacts", "list", "--format", "json").json()
        self.assertEqual([c["id"] for c in contacts["items"]], [self.other["id"]])
        snap = self.db_snapshot()
        self.assertEqual([row[0] for row in snap["contact_tags"]], [self.other["id"]])
        self.assertEqual([row[0] for row in snap["clients"]], [self.globex["id"]])

    def test_delete_is_allowed_once_contacts_are_moved_away(self):
        for c in (self.jane, self.john):
            self.ok("contacts", "update", str(c["id"]), "--client", "Globex")
        self.assertEqual(self.show(self.globex["id"])["contact_count"], 3)
        self.ok("clients", "delete", str(self.acme["id"]), "--yes")
        self.assertEqual(self.list_json()["total"], 1)

    def test_unknown_id_is_bad_input_for_show_update_and_delete(self):
        before = self.db_snapshot()
        for args in (["show", "777"], ["update", "777", "--name", "X"], ["delete", "777", "--yes"]):
            with self.subTest(args=args):
                r = self.fails(EXIT_BAD_INPUT, "clients", *args)
                self.assertIn("777", r.err)
                self.assertEqual(before, self.db_snapshot())


class SchemaStrictness(ClientsTest):
    def test_schema_rejects_extra_missing_and_mistyped_fields(self):
        c = self.add("Acme", "--domain", "acme.example")
        bad = [dict(c, extra=True), {k: v for k, v in c.items() if k != "domain"}, dict(c, contact_count="0"),
               dict(c, domain="Not A Domain"), dict(c, name=""), dict(c, updated_at="now")]
        for doc in bad:
            with self.subTest(doc=doc):
                self.assertFalse(self.client_schema.is_valid(doc))
        self.assertFalse(self.list_schema.is_valid({"items": [c], "total": 1, "limit": 50, "offset": 0,
                                                    "next": None}))
        self.assertFalse(self.list_schema.is_valid({"items": [dict(c, id=0)], "total": 1, "limit": 50,
                                                    "offset": 0}))


if __name__ == "__main__":
    unittest.main()
