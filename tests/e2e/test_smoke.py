"""The CLI's basic contract: version, help, init twice, a contact round trip."""
import unittest

from harness import EXIT_BAD_INPUT, EXIT_WORKSPACE, WorkspaceTest


class Smoke(WorkspaceTest):
    def test_version_and_help_exit_zero(self):
        self.assertRegex(self.ok("--version").out.strip(), r"^\d+\.\d+\.\d+$")
        self.assertIn("contacts", self.ok("--help").out)
        for cmd in (["contacts", "add"], ["contacts", "list"], ["clients", "delete"], ["init"]):
            self.assertIn("--help", self.ok(*cmd, "--help").out)

    def test_init_again_changes_nothing_and_says_so(self):
        before = self.db_snapshot()
        r = self.ok("init")
        self.assertIn("nothing changed", r.out)
        self.assertEqual(before, self.db_snapshot())

    def test_contact_round_trip(self):
        self.ok("clients", "add", "--name", "Acme", "--domain", "acme.example")
        added = self.ok("contacts", "add", "--first-name", "Ada", "--last-name", "Lovelace",
                        "--email", "Ada@Example.com", "--phone", "06 12 34 56 78", "--client", "Acme",
                        "--format", "json").json()
        self.assertEqual(added["email"], "a***@e******.com")
        shown = self.ok("contacts", "show", str(added["id"]), "--reveal", "--format", "json").json()
        self.assertEqual(shown["email"], "ada@example.com")
        self.assertEqual(shown["phone"], "+33612345678")
        self.assertEqual(shown["client"]["name"], "Acme")

    def test_unknown_flag_is_bad_input(self):
        self.fails(EXIT_BAD_INPUT, "contacts", "list", "--bogus")

    def test_missing_workspace_is_unavailable(self):
        self.fails(EXIT_WORKSPACE, "--home", self.tmp + "/absent", "contacts", "list")


if __name__ == "__main__":
    unittest.main()
