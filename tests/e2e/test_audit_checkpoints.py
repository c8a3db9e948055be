"""Keys, signed checkpoints, proofs, exports and stats (issue 4): init makes an audit and a token key,
rotation keeps old checkpoints verifiable and is audited, checkpoints come every N records and with
every export, proofs and bundles verify offline with only the public key, exports are atomic and
cursor-driven, and no export or proof holds a raw canary."""
import json
import os
import stat

from harness import EXIT_BAD_INPUT, EXIT_INTEGRITY, EXIT_OK, WorkspaceTest, schema_validator

CANARY = "canary.export@acme-corp.fr"


class Checkpoints(WorkspaceTest):
    def keys(self):
        return self.ok("keys", "show", "--format", "json").json()["items"]

    def active(self, purpose="audit"):
        return [k for k in self.keys() if k["purpose"] == purpose and k["status"] == "active"][0]

    def pubkey(self, key_id=None):
        return os.path.join(self.home, "keys", (key_id or self.active()["id"]) + ".pub")

    def seed(self, n):
        for i in range(n):
            self.run_cli("check", "--fail-on", "never", input=f"prompt {i} mail {CANARY}\n")

    def test_init_creates_audit_and_token_keys_0600_and_reinit_adds_nothing(self):
        keys = self.keys()
        self.assertEqual(sorted(k["purpose"] for k in keys), ["audit", "token"])
        for k in keys:
            self.assertTrue(k["id"].startswith("k4.pid."))
            self.assertTrue(k["public_key"].startswith("k4.public."))
            secret = os.path.join(self.home, "keys", k["id"] + ".secret")
            self.assertEqual(stat.S_IMODE(os.stat(secret).st_mode), 0o600)
            with open(self.pubkey(k["id"])) as f:
                self.assertEqual(f.read().strip(), k["public_key"])
        out = self.ok("keys", "show").out
        self.assertNotIn("k4.secret", out)
        self.assertIn("up to date", self.ok("init").out)

    def test_init_adds_a_missing_purpose_key_and_says_so(self):
        import sqlite3
        con = sqlite3.connect(os.path.join(self.home, "novacrm.db"))
        con.execute("DELETE FROM signing_keys WHERE purpose = 'token'")
        con.commit()
        con.close()
        out = self.ok("init").out
        self.assertIn("added token signing key k4.pid.", out)

    def test_world_readable_secret_key_is_refused(self):
        self.seed(1)
        os.chmod(os.path.join(self.home, "keys", self.active()["id"] + ".secret"), 0o644)
        r = self.fails(EXIT_BAD_INPUT, "audit", "checkpoint")
        self.assertIn("readable by other users", r.err)
        self.assertNotIn("k4.secret", r.err)

    def test_rotation_is_audited_and_old_checkpoints_still_verify(self):
        self.seed(3)
        old = self.active()["id"]
        first = self.ok("audit", "checkpoint", "--format", "json").json()
        self.assertEqual((first["size"], first["key_id"]), (3, old))
        self.assertIn("New active audit key", self.ok("keys", "rotate").out)
        new = self.active()["id"]
        self.assertNotEqual(new, old)
        self.assertTrue(os.path.exists(self.pubkey(old)))
        self.ok("keys", "rotate", "--purpose", "token")
        self.seed(2)
        second = self.ok("audit", "checkpoint", "--format", "json").json()
        self.assertEqual(second["key_id"], new)
        rotations = self.ok("audit", "list", "--action", "keys.rotate", "--format", "json").json()["items"]
        self.assertEqual([r["details"]["purpose"] for r in rotations], ["audit", "token"])
        self.assertEqual(rotations[0]["details"]["key_id"], new)
        self.assertEqual(rotations[0]["details"]["previous_key_id"], old)
        self.assertIn("7/7 records valid", self.ok("audit", "verify").out)
        self.fails(EXIT_BAD_INPUT, "keys", "rotate", "--purpose", "nope")

    def test_checkpoint_note_is_a_c2sp_signed_checkpoint(self):
        self.seed(2)
        cp = self.ok("audit", "checkpoint", "--format", "json").json()
        lines = cp["note"].split("\n")
        self.assertTrue(lines[0].startswith("novacrm/"))
        self.assertEqual(lines[1], "2")
        self.assertEqual(lines[3], "")
        self.assertTrue(lines[4].startswith("\u2014 " + lines[0] + " "))
        again = self.ok("audit", "checkpoint", "--format", "json").json()
        self.assertEqual(again["note"], cp["note"])
        self.assertIn("checkpoint: size 2, signed by " + cp["key_id"], self.ok("audit", "show", "1").out)
        self.seed(1)
        self.assertIn("checkpoint: none yet", self.ok("audit", "show", "3").out)

    def test_automatic_checkpoints_follow_the_policy_interval(self):
        policy = os.path.join(SOURCE := os.environ.get("NOVACRM_SOURCE_DIR", "../.."), "policies",
                              "policy_set.yaml")
        with open(policy) as f:
            text = f.read()
        import re
        text = re.sub(r"checkpoint_interval:\s*\d+", "checkpoint_interval: 3", text)
        small = self.write("small.yaml", text)
        # The workspace's active policy sets the cadence (record 1 is the policy.apply itself);
        # a --policy override for one run does not.
        self.ok("policy", "apply", small)
        for i in range(6):
            self.run_cli("check", "--policy", os.path.join(SOURCE, "policies", "policy_set.yaml"),
                         "--fail-on", "never", input=f"p {i}\n")
        import sqlite3
        con = sqlite3.connect(os.path.join(self.home, "novacrm.db"))
        sizes = [r[0] for r in con.execute("SELECT size FROM audit_checkpoints ORDER BY size")]
        con.close()
        self.assertEqual(sizes, [3, 6])
        self.assertIn("7/7 records valid", self.ok("audit", "verify").out)

    def test_prove_and_verify_proof_offline(self):
        self.seed(5)
        proof_path = os.path.join(self.tmp, "proof.json")
        self.ok("audit", "prove", "3", "--out", proof_path)
        with open(proof_path) as f:
            proof = json.load(f)
        schema_validator(self, "audit-proof.schema.json").validate(proof)
        self.assertEqual((proof["leaf_index"], proof["tree_size"]), (2, 5))
        self.assertEqual(proof["record"]["seq"], 3)
        r = self.ok("audit", "verify", "--proof", proof_path, "--pubkey", self.pubkey())
        self.assertIn("proof OK", r.out)
        # A later record is proved against a newer checkpoint; the older proof still verifies
        # after a rotation with the old key.
        old_key = self.pubkey()
        self.ok("keys", "rotate")
        self.ok("audit", "verify", "--proof", proof_path, "--pubkey", old_key)
        r = self.fails(EXIT_INTEGRITY, "audit", "verify", "--proof", proof_path, "--pubkey", self.pubkey())
        self.assertIn("but the checkpoint names key", r.err)
        proof["record"]["action"] = "redact"
        forged = self.write("forged.json", json.dumps(proof))
        r = self.fails(EXIT_INTEGRITY, "audit", "verify", "--proof", forged, "--pubkey", old_key)
        self.assertIn("hash mismatch", r.err)
        self.fails(EXIT_BAD_INPUT, "audit", "verify", "--proof", proof_path)
        self.fails(EXIT_BAD_INPUT, "audit", "verify", "--proof", self.write("x.json", "{}"), "--pubkey", old_key)
        self.fails(EXIT_BAD_INPUT, "audit", "prove", "nope")

    def test_export_formats_bundles_cursor_and_no_canaries(self):
        self.seed(4)
        cursor = os.path.join(self.tmp, "cursor")
        outs = {}
        for fmt in ("json", "ndjson", "csv"):
            outs[fmt] = os.path.join(self.tmp, "export." + fmt)
            self.ok("audit", "export", "--out", outs[fmt], "--format", fmt)
        for fmt in ("json", "ndjson"):
            r = self.ok("audit", "verify", "--bundle", outs[fmt], "--pubkey", self.pubkey())
            self.assertIn("4/4 records valid", r.out)
        with open(outs["csv"]) as f:
            rows = f.read().splitlines()
        self.assertEqual(len(rows), 5)
        self.assertTrue(rows[0].startswith("seq,id,time,action"))
        r = self.fails(EXIT_BAD_INPUT, "audit", "verify", "--bundle", outs["csv"], "--pubkey", self.pubkey())
        self.assertIn("is not an audit bundle", r.err)
        for path in outs.values():
            with open(path) as f:
                self.assertNotIn(CANARY, f.read())
        # Incremental: the cursor moves only past what was exported.
        inc = os.path.join(self.tmp, "inc.ndjson")
        self.assertIn("seq 1 to 4", self.ok("audit", "export", "--out", inc, "--cursor-file", cursor).out)
        with open(cursor) as f:
            self.assertEqual(f.read().strip(), "4")
        self.seed(2)
        self.assertIn("seq 5 to 6", self.ok("audit", "export", "--out", inc, "--cursor-file", cursor).out)
        self.assertIn("2/2 records valid", self.ok("audit", "verify", "--bundle", inc, "--pubkey", self.pubkey()).out)
        self.assertIn("Exported 0 record(s)", self.ok("audit", "export", "--out", inc, "--cursor-file", cursor).out)
        with open(cursor) as f:
            self.assertEqual(f.read().strip(), "6")
        leftovers = [n for n in os.listdir(self.tmp) if ".tmp-" in n]
        self.assertEqual(leftovers, [])

    def test_export_failures_leave_no_file_and_no_moved_cursor(self):
        self.seed(2)
        bad_cursor = self.write("cursor", "not a number\n")
        out = os.path.join(self.tmp, "e.ndjson")
        r = self.fails(EXIT_BAD_INPUT, "audit", "export", "--out", out, "--cursor-file", bad_cursor)
        self.assertIn("is not a cursor file", r.err)
        self.assertFalse(os.path.exists(out))
        self.fails(EXIT_BAD_INPUT, "audit", "export", "--out", os.path.join(self.tmp, "no", "dir", "e.json"))
        self.fails(EXIT_BAD_INPUT, "audit", "export", "--out", out, "--format", "xml")

    def test_export_time_range(self):
        self.seed(3)
        items = self.ok("audit", "list", "--format", "json").json()["items"]
        out = os.path.join(self.tmp, "range.json")
        self.ok("audit", "export", "--out", out, "--format", "json", "--since", items[1]["time"],
                "--until", items[2]["time"])
        with open(out) as f:
            doc = json.load(f)
        self.assertEqual([r["seq"] for r in doc["records"]], [2])
        self.assertEqual((doc["left"]["size"], doc["checkpoint"]["size"]), (1, 2))
        self.assertIn("1/1 records valid", self.ok("audit", "verify", "--bundle", out, "--pubkey", self.pubkey()).out)

    def test_time_bounds_take_dates_and_offsets_and_refuse_the_rest(self):
        self.seed(2)
        first = self.ok("audit", "list", "--format", "json").json()["items"][0]["time"]
        day = first[:10]
        # A date is midnight UTC; an offset is converted before comparing with stored UTC times.
        self.assertEqual(self.ok("audit", "list", "--since", day, "--format", "json").json()["total"], 2)
        self.assertEqual(self.ok("audit", "list", "--until", day, "--format", "json").json()["total"], 0)
        self.assertEqual(
            self.ok("audit", "list", "--since", day + "T23:59:59.999-23:59", "--format", "json").json()["total"], 0)
        for bad in ("yesterday", day + "T10:00", "2026-02-30"):
            for args in (["audit", "list", "--since", bad], ["audit", "list", "--until", bad]):
                r = self.fails(EXIT_BAD_INPUT, *args)
                self.assertRegex(r.err, r"(since|until): not a time")
            out = os.path.join(self.tmp, "bad-bound.ndjson")
            r = self.fails(EXIT_BAD_INPUT, "audit", "export", "--out", out, "--since", bad)
            self.assertIn("since: not a time", r.err)
            self.assertFalse(os.path.exists(out))

    def test_stats(self):
        self.seed(2)
        self.ok("check", input="hello\n")
        self.ok("keys", "rotate")
        st = self.ok("audit", "stats", "--format", "json").json()
        self.assertEqual(st["records"], 4)
        self.assertEqual(st["by_action"], {"check": 3, "keys.rotate": 1})
        self.assertEqual(st["by_rule"], {"no_pii_in_prompts": 2})
        self.assertEqual(sum(st["by_day"].values()), 4)
        self.assertIn("by rule", self.ok("audit", "stats").out)

    def test_help_texts(self):
        for cmd in (("keys", "show"), ("keys", "rotate"), ("audit", "checkpoint"), ("audit", "prove"),
                    ("audit", "export"), ("audit", "stats"), ("audit", "verify")):
            r = self.run_cli(*cmd, "--help")
            self.assertEqual(r.code, EXIT_OK, r)


if __name__ == "__main__":
    import unittest
    unittest.main()
