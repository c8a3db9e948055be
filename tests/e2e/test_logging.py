"""Structured logging: --log-level and --log-format json on stderr, never carrying PII."""
import json
import unittest

from harness import WorkspaceTest

CANARY_EMAIL = "logcanary.person@example.org"
CANARY_NAME = "Logcanaryname"


class Logging(WorkspaceTest):
    def import_canary(self, *flags):
        csv = self.write("c.csv", f"first_name,last_name,email,phone\n{CANARY_NAME},Smith,{CANARY_EMAIL},06 12 34 56 78\n")
        return self.ok(*flags, "contacts", "import", csv)

    def test_json_logs_are_one_object_per_line_with_time_level_and_message(self):
        r = self.import_canary("--log-level", "info", "--log-format", "json")
        lines = [l for l in r.err.splitlines() if l.strip()]
        self.assertTrue(lines, r)
        records = [json.loads(l) for l in lines]
        for rec in records:
            self.assertEqual(set(rec), {"time", "level", "logger", "msg"})
            self.assertRegex(rec["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertTrue(any(rec["msg"].startswith("contacts.import") and "count=1" in rec["msg"]
                            for rec in records), records)

    def test_default_level_prints_no_log_lines(self):
        r = self.import_canary()
        self.assertEqual(r.err, "")

    def test_logs_never_carry_pii(self):
        r = self.import_canary("--log-level", "trace")
        contact_id = str(self.ok("contacts", "list", "--format", "json").json()["items"][0]["id"])
        r2 = self.ok("--log-level", "trace", "--log-format", "json", "contacts", "export")
        r3 = self.ok("--log-level", "trace", "contacts", "erase", contact_id, "--yes")
        for err in (r.err, r2.err, r3.err):
            for canary in (CANARY_EMAIL, "logcanary", CANARY_NAME, "612345678"):
                self.assertNotIn(canary.lower(), err.lower())
        self.assertIn("contacts.erase", r3.err)

    def test_unknown_log_level_is_bad_input(self):
        self.fails(2, "--log-level", "loud", "contacts", "list")


if __name__ == "__main__":
    unittest.main()
