"""contacts add/list/show/update/delete through the real binary: filters, sorting, paging, output
formats (JSON validated against schemas/), masking by default and --reveal."""
import csv
import io
import json
import unittest

from harness import EXIT_BAD_INPUT, WorkspaceTest, schema_validator

class ContactsTest(WorkspaceTest):
    def setUp(self):
        super().setUp()
        self.contact_schema = schema_validator(self, "contact.schema.json")
        self.list_schema = schema_validator(self, "contact-list.schema.json")

    def add(self, first, last, *extra):
        c = self.ok("contacts", "add", "--first-name", first, "--last-name", last, *extra, "--format", "json").json()
        self.contact_schema.validate(c)
        return c

    def list_json(self, *args):
        page = self.ok("contacts", "list", *args, "--format", "json").json()
        self.list_schema.validate(page)
        return page

    def names(self, page):
        return [f"{c['first_name']} {c['last_name']}" for c in page["items"]]

    def seed(self):
        """Three clients' worth of contacts, for the filter, sort and paging tests."""
        self.ok("clients", "add", "--name", "Acme", "--domain", "acme.example")
        self.ok("clients", "add", "--name", "Globex")
        self.ada = self.add("Ada", "Lovelace", "--email", "ada@analytical.example", "--phone", "+44 20 7946 0958",
                            "--client", "Acme", "--tag", "vip", "--tag", "math", "--notes", "Analytical engine notes")
        self.alan = self.add("Alan", "Turing", "--email", "alan@bletchley.example", "--phone", "06 12 34 56 78",
                             "--client", "Globex", "--tag", "math")
        self.grace = self.add("Grace", "Hopper", "--email", "grace@navy.example", "--client", "Acme",
                              "--tag", "vip", "--notes", "compiler pioneer")
        self.edsger = self.add("Edsger", "Dijkstra")


class AddAndShow(ContactsTest):
    def test_add_normalises_and_returns_masked_json(self):
        self.ok("clients", "add", "--name", "Acme")
        c = self.add("  Ada ", "Lovelace", "--email", " Ada@Example.COM ", "--phone", "06 12 34 56 78",
                     "--client", "acme", "--tag", "VIP", "--tag", "vip", "--tag", "Math",
                     "--legal-basis", "Consent", "--notes", "first programmer")
        self.assertEqual(c["first_name"], "Ada")
        self.assertEqual(c["email"], "a***@e******.com")
        self.assertEqual(c["phone"], "+33*******78")
        self.assertTrue(c["pii_masked"])
        self.assertEqual(c["tags"], ["math", "vip"])
        self.assertEqual(c["legal_basis"], "consent")
        self.assertEqual(c["client"]["name"], "Acme")
        self.assertEqual(c["org"], "default")
        self.assertIsNone(c["erased_at"])
        clear = self.ok("contacts", "show", str(c["id"]), "--reveal", "--format", "json").json()
        self.contact_schema.validate(clear)
        self.assertEqual(clear["email"], "ada@example.com")
        self.assertEqual(clear["phone"], "+33612345678")
        self.assertFalse(clear["pii_masked"])

    def test_add_with_only_required_fields_gives_nulls(self):
        c = self.add("Edsger", "Dijkstra")
        for field in ("email", "phone", "client", "notes", "legal_basis"):
            self.assertIsNone(c[field], field)
        self.assertEqual(c["tags"], [])

    def test_add_refuses_duplicate_email_and_changes_nothing(self):
        self.add("Ada", "Lovelace", "--email", "ada.private@example.com")
        before = self.db_snapshot()
        r = self.fails(EXIT_BAD_INPUT, "contacts", "add", "--first-name", "Other", "--last-name", "Person",
                       "--email", "ADA.private@example.com")
        self.assertIn("email", r.err)
        self.assertNotIn("ada.private", r.err)
        self.assertEqual(before, self.db_snapshot())

    def test_add_with_unknown_client_is_refused(self):
        before = self.db_snapshot()
        r = self.fails(EXIT_BAD_INPUT, "contacts", "add", "--first-name", "A", "--last-name", "B", "--client", "Nope")
        self.assertIn("client", r.err)
        self.assertEqual(before, self.db_snapshot())

    def test_show_text_lists_every_field_masked(self):
        self.seed()
        out = self.ok("contacts", "show", str(self.ada["id"])).out
        for label in ("id:", "first name:", "last name:", "email:", "phone:", "client:", "tags:", "legal basis:",
                      "notes:", "created:", "updated:"):
            self.assertIn(label, out)
        self.assertIn("Acme", out)
        self.assertIn("a***@a*********.example", out)
        self.assertNotIn("ada@analytical.example", out)
        self.assertNotIn("2079460958", out)

    def test_show_unknown_id_is_bad_input(self):
        r = self.fails(EXIT_BAD_INPUT, "contacts", "show", "4242")
        self.assertIn("4242", r.err)


class Listing(ContactsTest):
    def setUp(self):
        super().setUp()
        self.seed()

    def test_list_json_validates_and_defaults_to_last_name_order(self):
        page = self.list_json()
        self.assertEqual(page["total"], 4)
        self.assertEqual(page["limit"], 50)
        self.assertEqual(page["offset"], 0)
        self.assertEqual(self.names(page), ["Edsger Dijkstra", "Grace Hopper", "Ada Lovelace", "Alan Turing"])

    def test_list_masks_email_and_phone_by_default_in_every_format(self):
        clear = ("ada@analytical.example", "alan@bletchley.example", "+442079460958", "+33612345678")
        for fmt in ("text", "json", "ndjson", "csv"):
            with self.subTest(fmt=fmt):
                out = self.ok("contacts", "list", "--format", fmt).out
                for value in clear:
                    self.assertNotIn(value, out)
                self.assertIn("a***@a*********.example", out)
        page = self.list_json()
        self.assertTrue(all(c["pii_masked"] for c in page["items"]))

    def test_list_reveal_shows_clear_values_with_the_same_shape(self):
        masked = self.list_json()
        clear = self.list_json("--reveal")
        self.assertEqual([sorted(c) for c in masked["items"]], [sorted(c) for c in clear["items"]])
        by_id = {c["id"]: c for c in clear["items"]}
        self.assertEqual(by_id[self.ada["id"]]["email"], "ada@analytical.example")
        self.assertEqual(by_id[self.ada["id"]]["phone"], "+442079460958")
        self.assertEqual(by_id[self.alan["id"]]["phone"], "+33612345678")
        self.assertFalse(any(c["pii_masked"] for c in clear["items"]))
        text = self.ok("contacts", "list", "--reveal").out
        self.assertIn("grace@navy.example", text)

    def test_search_matches_name_prefix_notes_and_email(self):
        self.assertEqual(self.names(self.list_json("--search", "lovel")), ["Ada Lovelace"])
        self.assertEqual(self.names(self.list_json("--search", "compiler")), ["Grace Hopper"])
        self.assertEqual(self.names(self.list_json("--search", "bletchley")), ["Alan Turing"])
        self.assertEqual(self.names(self.list_json("--search", "ANALYTICAL engine")), ["Ada Lovelace"])

    def test_search_without_match_gives_an_empty_valid_page(self):
        page = self.list_json("--search", "nobodyhere")
        self.assertEqual(page["items"], [])
        self.assertEqual(page["total"], 0)
        self.assertIn("0 contact(s)", self.ok("contacts", "list", "--search", "nobodyhere").out)

    def test_search_treats_full_text_syntax_as_plain_words(self):
        for text in ('"', "*", "NEAR(", "ada OR", "-", "^", "a:b", "'; DROP TABLE contacts; --"):
            with self.subTest(text=text):
                self.list_json("--search", text)
        self.assertEqual(self.names(self.list_json("--search", 'lovelace"')), ["Ada Lovelace"])
        self.assertEqual(self.names(self.list_json("--search", "^turing*")), ["Alan Turing"])
        self.assertEqual(self.list_json()["total"], 4)

    def test_filter_by_client_name_or_id(self):
        self.assertEqual(self.names(self.list_json("--client", "Acme")), ["Grace Hopper", "Ada Lovelace"])
        globex = self.ok("clients", "list", "--search", "globex", "--format", "json").json()["items"][0]
        self.assertEqual(self.names(self.list_json("--client", str(globex["id"]))), ["Alan Turing"])

    def test_filter_by_unknown_client_is_bad_input(self):
        r = self.fails(EXIT_BAD_INPUT, "contacts", "list", "--client", "Initech")
        self.assertIn("--client", r.err)

    def test_filter_by_tag_and_combined_filters(self):
        self.assertEqual(self.names(self.list_json("--tag", "vip")), ["Grace Hopper", "Ada Lovelace"])
        self.assertEqual(self.names(self.list_json("--tag", "math", "--client", "Acme")), ["Ada Lovelace"])
        self.assertEqual(self.list_json("--tag", "nosuchtag")["total"], 0)

    def test_sort_by_field_and_descending(self):
        self.assertEqual(self.names(self.list_json("--sort", "first_name")),
                         ["Ada Lovelace", "Alan Turing", "Edsger Dijkstra", "Grace Hopper"])
        self.assertEqual(self.names(self.list_json("--sort", "first_name", "--desc")),
                         ["Grace Hopper", "Edsger Dijkstra", "Alan Turing", "Ada Lovelace"])
        ids = [c["id"] for c in self.list_json("--sort", "id", "--desc")["items"]]
        self.assertEqual(ids, sorted(ids, reverse=True))

    def test_desc_reverses_the_default_last_name_order(self):
        expected = ["Alan Turing", "Ada Lovelace", "Grace Hopper", "Edsger Dijkstra"]
        self.assertEqual(self.names(self.list_json("--desc")), expected)
        self.assertEqual(self.names(self.list_json("--sort", "last_name", "--desc")), expected)

    def test_limit_and_offset_page_through_everything_once(self):
        seen = []
        for offset in (0, 3):
            page = self.list_json("--sort", "id", "--limit", "3", "--offset", str(offset))
            self.assertEqual(page["total"], 4)
            self.assertEqual(page["limit"], 3)
            self.assertEqual(page["offset"], offset)
            seen += [c["id"] for c in page["items"]]
        self.assertEqual(len(seen), 4)
        self.assertEqual(sorted(seen), sorted(c["id"] for c in (self.ada, self.alan, self.grace, self.edsger)))
        past_end = self.list_json("--offset", "10")
        self.assertEqual((past_end["items"], past_end["total"]), ([], 4))

    def test_text_list_says_which_rows_are_shown(self):
        out = self.ok("contacts", "list", "--limit", "2", "--offset", "1").out
        self.assertIn("4 contact(s), showing 2-3", out)
        lines = out.strip().splitlines()
        self.assertTrue(lines[0].startswith("ID"))
        self.assertEqual(len(lines), 4)  # header, two rows, summary

    def test_ndjson_is_one_valid_contact_per_line(self):
        lines = self.ok("contacts", "list", "--format", "ndjson").out.strip().splitlines()
        self.assertEqual(len(lines), 4)
        for line in lines:
            self.contact_schema.validate(json.loads(line))

    def test_csv_has_header_and_one_row_per_contact(self):
        rows = list(csv.DictReader(io.StringIO(self.ok("contacts", "list", "--format", "csv").out)))
        self.assertEqual(len(rows), 4)
        self.assertEqual(list(rows[0]), ["id", "first_name", "last_name", "email", "phone", "client", "tags", "notes",
                                         "legal_basis", "created_at", "updated_at"])
        ada = next(r for r in rows if r["first_name"] == "Ada")
        self.assertEqual(ada["tags"], "math;vip")
        self.assertEqual(ada["client"], "Acme")
        self.assertEqual(ada["email"], "a***@a*********.example")
        clear = list(csv.DictReader(io.StringIO(self.ok("contacts", "list", "--format", "csv", "--reveal").out)))
        self.assertIn("ada@analytical.example", [r["email"] for r in clear])

    def test_empty_workspace_lists_nothing(self):
        for c in (self.ada, self.alan, self.grace, self.edsger):
            self.ok("contacts", "delete", str(c["id"]), "--yes")
        self.assertEqual(self.list_json()["items"], [])
        self.assertEqual(self.ok("contacts", "list").out.strip(), "0 contact(s)")


class Update(ContactsTest):
    def setUp(self):
        super().setUp()
        self.seed()

    def show(self, contact_id):
        c = self.ok("contacts", "show", str(contact_id), "--reveal", "--format", "json").json()
        self.contact_schema.validate(c)
        return c

    def test_partial_update_changes_only_the_given_fields(self):
        before = self.show(self.ada["id"])
        updated = self.ok("contacts", "update", str(self.ada["id"]), "--last-name", "King",
                          "--format", "json").json()
        self.contact_schema.validate(updated)
        after = self.show(self.ada["id"])
        self.assertEqual(after["last_name"], "King")
        for field in ("first_name", "email", "phone", "client", "tags", "notes", "legal_basis", "created_at"):
            self.assertEqual(after[field], before[field], field)

    def test_empty_string_clears_optional_fields(self):
        self.ok("contacts", "update", str(self.ada["id"]), "--email", "", "--phone", "", "--notes", "",
                "--client", "")
        after = self.show(self.ada["id"])
        for field in ("email", "phone", "notes", "client"):
            self.assertIsNone(after[field], field)
        self.assertEqual(after["first_name"], "Ada")
        acme = self.ok("clients", "list", "--search", "acme", "--format", "json").json()["items"][0]
        self.assertEqual(acme["contact_count"], 1)

    def test_update_normalises_email_and_phone(self):
        self.ok("contacts", "update", str(self.edsger["id"]), "--email", " EWD@Utexas.Example ",
                "--phone", "+31 20 123 4567")
        after = self.show(self.edsger["id"])
        self.assertEqual(after["email"], "ewd@utexas.example")
        self.assertEqual(after["phone"], "+31201234567")

    def test_tags_replace_add_and_remove(self):
        cid = str(self.ada["id"])
        self.ok("contacts", "update", cid, "--add-tag", "Speaker")
        self.assertEqual(self.show(cid)["tags"], ["math", "speaker", "vip"])
        self.ok("contacts", "update", cid, "--remove-tag", "vip")
        self.assertEqual(self.show(cid)["tags"], ["math", "speaker"])
        self.ok("contacts", "update", cid, "--tag", "board", "--tag", "alumni")
        self.assertEqual(self.show(cid)["tags"], ["alumni", "board"])
        self.assertEqual(self.names(self.list_json("--tag", "vip")), ["Grace Hopper"])

    def test_update_moves_contact_to_another_client(self):
        self.ok("contacts", "update", str(self.ada["id"]), "--client", "Globex")
        self.assertEqual(self.show(self.ada["id"])["client"]["name"], "Globex")
        self.assertEqual(self.names(self.list_json("--client", "Globex")), ["Ada Lovelace", "Alan Turing"])

    def test_update_to_an_email_taken_by_another_contact_changes_nothing(self):
        before = self.db_snapshot()
        r = self.fails(EXIT_BAD_INPUT, "contacts", "update", str(self.ada["id"]), "--first-name", "Augusta",
                       "--email", "grace@navy.example")
        self.assertNotIn("grace@", r.err)
        self.assertEqual(before, self.db_snapshot())

    def test_invalid_update_changes_nothing(self):
        before = self.db_snapshot()
        for args in (["--email", "not-an-email"], ["--phone", "12"], ["--first-name", ""], ["--tag", "bad tag"],
                     ["--legal-basis", "whim"], ["--client", "Initech"]):
            with self.subTest(args=args):
                self.fails(EXIT_BAD_INPUT, "contacts", "update", str(self.ada["id"]), "--notes", "changed", *args)
                self.assertEqual(before, self.db_snapshot())

    def test_update_unknown_id_is_bad_input(self):
        before = self.db_snapshot()
        r = self.fails(EXIT_BAD_INPUT, "contacts", "update", "9999", "--notes", "x")
        self.assertIn("9999", r.err)
        self.assertEqual(before, self.db_snapshot())

    def test_updated_at_moves_and_created_at_stays(self):
        after = self.ok("contacts", "update", str(self.ada["id"]), "--notes", "new", "--format", "json").json()
        self.assertEqual(after["created_at"], self.ada["created_at"])
        self.assertGreaterEqual(after["updated_at"], self.ada["updated_at"])
        self.assertEqual(after["notes"], "new")


class Delete(ContactsTest):
    def setUp(self):
        super().setUp()
        self.seed()

    def test_delete_with_yes_removes_the_contact_and_its_tags(self):
        r = self.ok("contacts", "delete", str(self.ada["id"]), "--yes")
        self.assertIn(f"Deleted contact {self.ada['id']}", r.out)
        self.fails(EXIT_BAD_INPUT, "contacts", "show", str(self.ada["id"]))
        self.assertEqual(self.list_json()["total"], 3)
        snap = self.db_snapshot()
        self.assertNotIn(self.ada["id"], [row[0] for row in snap["contact_tags"]])
        self.assertNotIn(self.ada["id"], [row[0] for row in snap["contacts"]])

    def test_delete_without_yes_and_no_terminal_refuses_and_keeps_the_contact(self):
        before = self.db_snapshot()
        r = self.fails(EXIT_BAD_INPUT, "contacts", "delete", str(self.ada["id"]))
        self.assertIn("--yes", r.err)
        self.assertEqual(before, self.db_snapshot())
        self.assertEqual(self.list_json()["total"], 4)

    def test_delete_unknown_id_is_bad_input(self):
        before = self.db_snapshot()
        r = self.fails(EXIT_BAD_INPUT, "contacts", "delete", "9999", "--yes")
        self.assertIn("9999", r.err)
        self.assertEqual(before, self.db_snapshot())

    def test_short_yes_flag_works(self):
        self.ok("contacts", "delete", str(self.edsger["id"]), "-y")
        self.assertEqual(self.list_json()["total"], 3)


class SchemaStrictness(ContactsTest):
    """The schemas must be able to fail: they reject shapes the CLI must never print."""

    def test_schema_rejects_extra_missing_and_mistyped_fields(self):
        c = self.add("Ada", "Lovelace", "--email", "ada@example.com", "--phone", "06 12 34 56 78")
        self.contact_schema.validate(c)
        bad = [dict(c, extra=1), {k: v for k, v in c.items() if k != "erased_at"}, dict(c, id="1"),
               dict(c, tags="vip"), dict(c, email="ada@example.com"),  # clear email while pii_masked is true
               dict(c, legal_basis="whim"), dict(c, created_at="yesterday"),
               dict(c, erased_at="2026-01-01T00:00:00Z")]  # a tombstone that still has names
        for doc in bad:
            with self.subTest(doc=doc):
                self.assertFalse(self.contact_schema.is_valid(doc))
        self.assertFalse(self.list_schema.is_valid({"items": [c], "total": 1, "limit": 50}))
        self.assertFalse(self.list_schema.is_valid({"items": [dict(c, extra=1)], "total": 1, "limit": 50,
                                                    "offset": 0}))


if __name__ == "__main__":
    unittest.main()
