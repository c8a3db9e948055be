"""The audit trail (issue 4, first slice): every check, redaction and sensitive contact action leaves a
hash-chained record with the input masked; the database refuses UPDATE and DELETE; `audit verify`
names the first bad record after tampering; raw canaries never reach the database, exports or logs."""
import glob
import json
import os
import sqlite3
import subprocess
import unittest

from harness import BIN, EXIT_INTEGRITY, EXIT_POLICY, WorkspaceTest

CANARIES = {
    "email": "canary.audit@acme-corp.fr",
    "iban": "FR1420041010050500013M02606",
    "card": "4111 1111 1111 1111",
    "aws": "AKIA2E0A8F3B244C9986",
    "pem": "MIIEowIBAAKCAQEAz7Qk3mV9cX2pL8rT5wY1nB6hJ4gF0dS3aZ9xC2vB7nM1qW8e",
}
PROMPT = ("Customer {email} pays with {card}, IBAN {iban}.\nDeploy key {aws} novacrm:allow\n"
          "-----BEGIN RSA PRIVATE KEY-----\n{pem}\n-----END RSA PRIVATE KEY-----\n").format(**CANARIES)


class AuditTrail(WorkspaceTest):
    def records(self, *args):
        return json.loads(self.ok("audit", "list", "--format", "json", *args).out)

    def db(self):
        return os.path.join(self.home, "novacrm.db")

    def test_checks_are_recorded_masked_and_canaries_never_stored(self):
        r = self.run_cli("--log-level", "debug", "--log-format", "json", "check", "--format", "json",
                         input=PROMPT)
        self.assertEqual(r.code, EXIT_POLICY, r)
        audit_id = json.loads(r.out)["inputs"][0]["audit_id"]
        doc = self.records()
        self.assertEqual(doc["total"], 1)
        rec = doc["items"][0]
        self.assertEqual(rec["id"], audit_id)
        self.assertEqual(rec["action"], "check")
        self.assertEqual(rec["seq"], 1)
        self.assertEqual(rec["prev_hash"], "0" * 64)
        self.assertIn("[EMAIL]", rec["input"]["masked"])
        self.assertIn("[IBAN]", rec["input"]["masked"])
        self.assertEqual(rec["input"]["size"], len(PROMPT.encode()))
        self.assertRegex(rec["input"]["hmac"], "^[0-9a-f]{64}$")
        self.assertEqual(rec["policy"]["id"], "novacrm-default")
        self.assertTrue(rec["actor"]["subject"].startswith("local:"))
        shown = self.ok("audit", "show", audit_id).out + self.ok("audit", "show", "1", "--format", "json").out
        exported = self.ok("audit", "list", "--format", "ndjson").out
        self.ok("redact", input=PROMPT)
        self.run_cli("check", input=PROMPT)
        artefacts = [r.out, r.err, shown, exported]
        for path in glob.glob(os.path.join(self.home, "**"), recursive=True):
            if os.path.isdir(path):
                continue
            with open(path, "rb") as f:
                artefacts.append(f.read().decode("latin-1"))
        for name, value in CANARIES.items():
            for text in artefacts:
                self.assertNotIn(value, text, name)
        self.assertNotIn("canary.audit", "".join(artefacts))

    def test_no_audit_and_no_workspace_record_nothing(self):
        self.run_cli("check", "--no-audit", input=PROMPT)
        self.ok("redact", "--no-audit", input="mail a.b@acme.fr\n")
        self.assertEqual(self.records()["total"], 0)

    def test_contact_actions_are_recorded_without_values(self):
        content = "first_name,last_name,email\nAda,Byron,ada.byron@acme.fr\nAlan,Turing,\n"
        csv = self.write("c.csv", content)
        self.ok("contacts", "import", csv)
        self.ok("contacts", "export", "--format", "json")
        self.ok("contacts", "delete", "2", "--yes")
        self.ok("contacts", "erase", "1", "--yes")
        actions = [(r["action"], r["details"]) for r in self.records()["items"]]
        self.assertEqual(actions, [("contacts.import", {"bytes": len(content), "count": 2}),
                                   ("contacts.export", {"count": 2, "format": "json"}),
                                   ("contacts.delete", {"contact_id": 2}),
                                   ("contacts.erase", {"contact_id": 1})])
        self.assertNotIn("ada.byron", self.ok("audit", "list", "--format", "json").out)

    def test_filters_and_pagination(self):
        self.ok("check", input="hello\n")
        self.run_cli("check", input="mail a.b@acme.fr\n")
        self.ok("redact", input="x\n")
        self.assertEqual(self.records("--action", "check")["total"], 2)
        self.assertEqual(self.records("--decision", "block")["total"], 1)
        self.assertEqual(self.records("--rule", "no_pii_in_prompts")["total"], 1)
        page = self.records("--limit", "1", "--offset", "1")
        self.assertEqual((page["total"], len(page["items"]), page["items"][0]["seq"]), (3, 1, 2))
        self.fails(2, "audit", "show", "nope")

    def test_database_refuses_update_and_delete(self):
        self.ok("check", input="hello\n")
        con = sqlite3.connect(self.db())
        for sql in ("UPDATE audit_records SET action = 'x'", "DELETE FROM audit_records"):
            with self.assertRaisesRegex(sqlite3.DatabaseError, "append-only"):
                con.execute(sql)
        con.close()
        self.assertIn("1/1 records valid", self.ok("audit", "verify").out)

    def tamper(self, *statements):
        con = sqlite3.connect(self.db())
        con.execute("DROP TRIGGER audit_records_no_update")
        con.execute("DROP TRIGGER audit_records_no_delete")
        for sql in statements:
            con.execute(sql)
        con.commit()
        con.close()

    def seed(self, n=5):
        for i in range(n):
            self.run_cli("check", input=f"prompt {i} mail user{i}@acme.fr\n")
        self.assertIn(f"{n}/{n} records valid", self.ok("audit", "verify").out)

    def assert_first_failure(self, seq, what):
        r = self.run_cli("audit", "verify")
        self.assertEqual(r.code, EXIT_INTEGRITY, r)
        first = r.out.splitlines()[0]
        self.assertTrue(first.startswith(f"seq {seq}:"), r.out)
        self.assertIn(what, first)
        self.assertIn("records valid", r.out.splitlines()[-1])

    def test_flipped_byte_in_masked_input_is_found(self):
        self.seed()
        self.tamper("UPDATE audit_records SET record = replace(record, 'prompt 2', 'prompt 9') WHERE seq = 3")
        self.assert_first_failure(3, "hash mismatch")

    def test_deleted_row_is_found(self):
        self.seed()
        self.tamper("DELETE FROM audit_records WHERE seq = 2")
        self.assert_first_failure(3, "sequence gap")

    def test_swapped_rows_are_found(self):
        self.seed()
        self.tamper("UPDATE audit_records SET seq = -2 WHERE seq = 2",
                    "UPDATE audit_records SET seq = 2 WHERE seq = 4",
                    "UPDATE audit_records SET seq = 4 WHERE seq = -2")
        self.assert_first_failure(2, "")

    def test_forged_row_is_found(self):
        self.seed(3)
        con = sqlite3.connect(self.db())
        row = con.execute("SELECT id, time, action, subject, org, decision, record, prev_hash, hash "
                          "FROM audit_records WHERE seq = 3").fetchone()
        con.close()
        forged = json.loads(row[6])
        forged["seq"], forged["id"], forged["prev_hash"] = 4, "f" * 16, row[8]
        self.tamper("INSERT INTO audit_records VALUES (4, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}')".format(
            "f" * 16, row[1], row[2], row[3], row[4], row[5], json.dumps(forged).replace("'", "''"), row[8], "e" * 64))
        self.assert_first_failure(4, "hash mismatch")

    def test_concurrent_appends_make_one_valid_chain(self):
        per_process = int(os.environ.get("NOVACRM_AUDIT_APPENDS", "25"))
        script = "for i in $(seq {n}); do echo \"mail p$i@acme.fr\" | \"$BIN\" check --fail-on never >/dev/null || exit 1; done"
        env = dict(self.env, BIN=BIN)
        procs = [subprocess.Popen(["bash", "-c", script.format(n=per_process)], env=env) for _ in range(4)]
        for p in procs:
            self.assertEqual(p.wait(timeout=600), 0)
        total = 4 * per_process
        self.assertEqual(self.records("--limit", "1")["total"], total)
        self.assertIn(f"{total}/{total} records valid", self.ok("audit", "verify").out)


if __name__ == "__main__":
    unittest.main()
