"""Tamper trials (issue 4, Reliability): scripted mutations of the database (its append-only triggers
dropped first, as an attacker with file access would) and of exported bundles. Every mutation must be
detected by `audit verify` (exit 4) with the right message; untouched logs and bundles raise no alarm.
The suite prints the count of trials and detections."""
import hashlib
import json
import os
import shutil
import sqlite3
import unittest

from harness import EXIT_INTEGRITY, WorkspaceTest

TALLY = {"trials": 0, "detected": 0, "clean": 0, "false_alarms": 0}


def canonical(record):
    """The documented canonical form (lib/audit/record.hpp): sorted keys, no whitespace, UTF-8."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def rehash(record):
    record["hash"] = hashlib.sha256(canonical(record).encode()).hexdigest()
    return record


class Tamper(WorkspaceTest):
    @classmethod
    def tearDownClass(cls):
        print(f"\ntamper trials: {TALLY['trials']}, detected: {TALLY['detected']}; "
              f"untouched checks: {TALLY['clean']}, false alarms: {TALLY['false_alarms']}")

    def setUp(self):
        super().setUp()
        # Three batches of four checks, a checkpoint after each: checkpoints at 4, 8 and 12.
        for batch in range(3):
            d = os.path.join(self.tmp, f"batch{batch}")
            os.makedirs(d)
            for i in range(4):
                with open(os.path.join(d, f"p{i}.txt"), "w") as f:
                    f.write(f"batch {batch} prompt {i} mail user{i}@acme.fr\n")
            self.run_cli("check", "--fail-on", "never", d)
            self.ok("audit", "checkpoint")
        self.assert_clean()

    # --- helpers ---

    def db(self):
        return os.path.join(self.home, "novacrm.db")

    def sql(self, *statements):
        con = sqlite3.connect(self.db())
        for t in ("audit_records_no_update", "audit_records_no_delete", "audit_checkpoints_no_update",
                  "audit_checkpoints_no_delete"):
            con.execute(f"DROP TRIGGER IF EXISTS {t}")
        for s in statements:
            if isinstance(s, tuple):
                con.execute(*s)
            else:
                con.execute(s)
        con.commit()
        con.close()

    def rows(self):
        con = sqlite3.connect(self.db())
        try:
            return con.execute("SELECT seq, record FROM audit_records ORDER BY seq").fetchall()
        finally:
            con.close()

    def pubkey(self):
        items = self.ok("keys", "show", "--format", "json").json()["items"]
        key = [k for k in items if k["purpose"] == "audit" and k["status"] == "active"][0]
        return os.path.join(self.home, "keys", key["id"] + ".pub")

    def assert_clean(self, *args):
        r = self.run_cli("audit", "verify", *args)
        TALLY["clean"] += 1
        if r.code != 0:
            TALLY["false_alarms"] += 1
        self.assertEqual(r.code, 0, r)
        self.assertRegex(r.out.splitlines()[-1], r"^(\d+)/\1 records valid$")

    def assert_detected(self, seq, what, *args):
        TALLY["trials"] += 1
        r = self.run_cli("audit", "verify", *args)
        self.assertEqual(r.code, EXIT_INTEGRITY, r)
        lines = r.out.splitlines()
        self.assertTrue(lines and lines[0].startswith(f"seq {seq}:"), r)
        self.assertIn(what, lines[0], r)
        self.assertRegex(lines[-1], r"^\d+/\d+ records valid$")
        TALLY["detected"] += 1

    # --- the live store ---

    def test_python_canonical_form_matches_the_stored_hashes(self):
        for _, rec in self.rows():
            r = json.loads(rec)
            self.assertEqual(rehash(dict(r))["hash"], r["hash"])

    def test_flipped_byte_in_masked_input(self):
        rec = json.loads(dict(self.rows())[6])
        masked = rec["input"]["masked"]
        i = masked.index("prompt")
        flipped = masked[:i] + chr(ord(masked[i]) ^ 1) + masked[i + 1:]
        rec["input"]["masked"] = flipped
        self.sql(("UPDATE audit_records SET record = ? WHERE seq = 6", (json.dumps(rec, sort_keys=True),)))
        self.assert_detected(6, "hash mismatch: the record's content was changed")

    def test_deleted_row(self):
        self.sql("DELETE FROM audit_records WHERE seq = 5")
        self.assert_detected(6, "sequence gap: expected 5")

    def test_two_rows_swapped(self):
        self.sql("UPDATE audit_records SET seq = -1 WHERE seq = 3",
                 "UPDATE audit_records SET seq = 3 WHERE seq = 7",
                 "UPDATE audit_records SET seq = 7 WHERE seq = -1")
        self.assert_detected(3, "")
        r = self.run_cli("audit", "verify")
        self.assertIn("does not link", r.out)

    def test_truncated_tail_after_a_checkpoint(self):
        self.sql("DELETE FROM audit_records WHERE seq > 9")
        self.assert_detected(10, "truncated: checkpoint 3 commits to 12 records, log has 9")

    def test_forged_row_with_a_wrong_hash(self):
        seq, rec = self.rows()[-1]
        forged = json.loads(rec)
        forged.update(seq=seq + 1, id="f" * 16, prev_hash=forged["hash"], hash="e" * 64)
        self.sql(("INSERT INTO audit_records (seq, id, time, action, subject, org, decision, record, "
                  "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (seq + 1, forged["id"], forged["time"], forged["action"], forged["actor"]["subject"],
                   forged["actor"]["org"], forged["decision"]["action"], json.dumps(forged),
                   forged["prev_hash"], forged["hash"])))
        self.assert_detected(seq + 1, "hash mismatch")

    def test_forged_row_inserted_with_a_rewritten_consistent_chain(self):
        # The attacker knows the canonical form: inserts a record after 5 and rehashes and relinks
        # every later one. Only the signed checkpoints can tell.
        rows = [json.loads(r) for _, r in self.rows()]
        forged = json.loads(json.dumps(rows[4]))
        forged["id"] = "f" * 16
        forged["input"]["masked"] = "an innocent prompt\n"
        new = rows[:5] + [forged] + rows[5:]
        for i in range(5, len(new)):
            new[i] = rehash(dict(new[i], seq=i + 1, prev_hash=new[i - 1]["hash"]))
        stmts = ["DELETE FROM audit_records WHERE seq > 5"]
        for r in new[5:]:
            stmts.append(("INSERT INTO audit_records (seq, id, time, action, subject, org, decision, record, "
                          "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (r["seq"], r["id"], r["time"], r["action"], r["actor"]["subject"], r["actor"]["org"],
                           r.get("decision", {}).get("action") if r.get("decision") else None,
                           canonical(r)[:-1] + ',"hash":"' + r["hash"] + '"}', r["prev_hash"], r["hash"])))
        self.sql(*stmts)
        self.assert_detected(8, "checkpoint 2 (size 8): Merkle root does not match records 1..8")

    def test_checkpoint_resigned_with_another_key(self):
        # A copy of the workspace rotates to a key the real one never had, and signs the same size.
        other = os.path.join(self.tmp, "other")
        shutil.copytree(self.home, other)
        self.run_cli("--home", other, "keys", "rotate")
        con = sqlite3.connect(os.path.join(other, "novacrm.db"))
        con.execute("DROP TRIGGER audit_checkpoints_no_delete")
        con.execute("DELETE FROM audit_checkpoints WHERE size = 8")
        con.commit()
        con.close()
        os.remove(os.path.join(other, "novacrm.db-wal")) if os.path.exists(os.path.join(other, "novacrm.db-wal")) else None
        # Checkpoint the copy at size 8 by exporting records up to 8 (export signs at its last record).
        items = self.ok("audit", "list", "--format", "json").json()["items"]
        self.run_cli("--home", other, "audit", "export", "--out", os.path.join(self.tmp, "x.json"),
                     "--until", items[8]["time"])
        con = sqlite3.connect(os.path.join(other, "novacrm.db"))
        note, key_id = con.execute("SELECT note, key_id FROM audit_checkpoints WHERE size = 8").fetchone()
        con.close()
        self.sql(("UPDATE audit_checkpoints SET note = ? WHERE size = 8", (note,)))
        self.assert_detected(8, "signature does not verify with key")
        self.sql(("UPDATE audit_checkpoints SET key_id = ? WHERE size = 8", (key_id,)))
        self.assert_detected(8, "unknown signing key " + key_id)

    def test_checkpoint_root_column_changed(self):
        self.sql("UPDATE audit_checkpoints SET root = '" + "0" * 64 + "' WHERE size = 4")
        self.assert_detected(4, "stored size or root differs from the signed note")

    def test_untouched_logs_raise_no_alarm_after_more_activity(self):
        self.ok("keys", "rotate")
        self.run_cli("check", "--fail-on", "never", input="mail z@acme.fr\n")
        self.ok("audit", "checkpoint")
        self.assert_clean()

    # --- exported bundles ---

    def export(self, fmt, *args):
        path = os.path.join(self.tmp, f"bundle.{fmt}")
        self.ok("audit", "export", "--out", path, "--format", fmt, *args)
        return path

    def edit_bundle(self, fmt, edit, seq, what):
        path = self.export(fmt)
        self.assert_clean("--bundle", path, "--pubkey", self.pubkey())
        with open(path) as f:
            text = f.read()
        if fmt == "json":
            doc = json.loads(text)
            edit(doc["records"], doc)
            text = json.dumps(doc)
        else:
            lines = [json.loads(l) for l in text.splitlines()]
            records = lines[1:-1]
            doc = dict(lines[0]["novacrm_bundle"], checkpoint=lines[-1]["novacrm_checkpoint"])
            edit(records, doc)
            cp = doc.pop("checkpoint")
            text = "\n".join(json.dumps(l) for l in [{"novacrm_bundle": doc}] + records +
                             [{"novacrm_checkpoint": cp}]) + "\n"
        with open(path, "w") as f:
            f.write(text)
        self.assert_detected(seq, what, "--bundle", path, "--pubkey", self.pubkey())

    def test_bundle_edits_are_detected(self):
        def flip_input(records, _):
            records[2]["input"]["masked"] = records[2]["input"]["masked"].replace("prompt", "Prompt")

        def remove(records, _):
            del records[4]

        def swap(records, _):
            records[1], records[6] = records[6], records[1]

        def append_forged(records, _):
            records.append(rehash(dict(records[-1], seq=records[-1]["seq"] + 1, id="f" * 16,
                                       prev_hash=records[-1]["hash"])))

        def rewrite_consistently(records, _):
            records[3]["action"] = "redact"
            for i in range(3, len(records)):
                if i > 3:
                    records[i]["prev_hash"] = records[i - 1]["hash"]
                rehash(records[i])

        def edit_left(records, doc):
            doc["first_seq"] = 1

        def edit_note_root(records, doc):
            lines = doc["checkpoint"]["note"].split("\n")
            c = "B" if lines[2][5] != "B" else "C"
            lines[2] = lines[2][:5] + c + lines[2][6:]
            doc["checkpoint"]["note"] = "\n".join(lines)

        def edit_key_id(records, doc):
            doc["checkpoint"]["key_id"] = "k4.pid." + "A" * 44

        cases = [(flip_input, 3, "hash mismatch"), (remove, 6, "sequence gap: expected 5"),
                 (swap, 2, "sequence gap"), (append_forged, 12, "Merkle root of records 1..12 does not match"),
                 (rewrite_consistently, 12, "Merkle root of records 1..12 does not match"),
                 (edit_note_root, 12, "checkpoint signature does not verify")]
        for fmt in ("json", "ndjson"):
            for edit, seq, what in cases:
                with self.subTest(fmt=fmt, edit=edit.__name__):
                    self.edit_bundle(fmt, edit, seq, what)
        # A wrong key id is refused before any record is read: a one-line error, exit 4.
        for fmt in ("json", "ndjson"):
            path = self.export(fmt)
            with open(path) as f:
                text = f.read()
            kid = json.loads(text.splitlines()[-1])["novacrm_checkpoint"]["key_id"] if fmt == "ndjson" \
                else json.loads(text)["checkpoint"]["key_id"]
            with open(path, "w") as f:
                f.write(text.replace(kid, "k4.pid." + "A" * 44))
            TALLY["trials"] += 1
            r = self.fails(EXIT_INTEGRITY, "audit", "verify", "--bundle", path, "--pubkey", self.pubkey())
            self.assertIn("but the checkpoint names key", r.err)
            TALLY["detected"] += 1

    def test_partial_bundle_with_compact_range_and_its_edits(self):
        cursor = self.write("cursor", "5\n")
        path = os.path.join(self.tmp, "part.json")
        self.ok("audit", "export", "--out", path, "--format", "json", "--cursor-file", cursor)
        self.assert_clean("--bundle", path, "--pubkey", self.pubkey())
        with open(path) as f:
            doc = json.load(f)
        self.assertEqual((doc["first_seq"], doc["left"]["size"], len(doc["left"]["nodes"])), (6, 5, 2))
        doc["left"]["nodes"][0] = "0" * 64
        with open(path, "w") as f:
            json.dump(doc, f)
        self.assert_detected(12, "Merkle root of records 1..12 does not match", "--bundle", path,
                             "--pubkey", self.pubkey())


if __name__ == "__main__":
    unittest.main()
