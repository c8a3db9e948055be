"""novacrm check (first slice of issue 3): PII in prompts, exit codes, text and JSON, no workspace."""
import json
import os
import unittest

from harness import EXIT_BAD_INPUT, EXIT_OK, EXIT_POLICY, WorkspaceTest

CANARIES = {"email": "canary.check@example.org", "card": "4111 1111 1111 1111",
            "iban": "FR14 2004 1010 0505 0001 3M02 606", "phone": "06 12 34 56 78"}


class Check(WorkspaceTest):
    init_workspace = False  # check needs no workspace

    def test_clean_prompt_is_allowed_with_exit_zero(self):
        r = self.ok("check", "-", input="Summarise the Q3 pipeline for the Acme account.\n")
        self.assertIn("decision: allow", r.out)

    def test_pii_blocks_with_exit_one_and_never_prints_raw_values(self):
        prompt = "Mail {email}, card {card}, IBAN {iban}, tel {phone}\n".format(**CANARIES)
        for fmt in ("text", "json"):
            r = self.run_cli("check", "--format", fmt, input=prompt)
            self.assertEqual(r.code, EXIT_POLICY, r)
            for value in CANARIES.values():
                self.assertNotIn(value, r.out + r.err)
        doc = json.loads(self.run_cli("check", "--format", "json", input=prompt).out)
        self.assertEqual(doc["action"], "block")
        entities = sorted(f["entity"] for f in doc["inputs"][0]["findings"])
        self.assertEqual(entities, ["email", "iban", "payment_card", "phone"])
        first = doc["inputs"][0]["findings"][0]
        self.assertEqual((first["line"], first["column"]), (1, 6))

    def test_secret_escalates_and_is_never_printed(self):
        token = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"
        prompt = f"deploy with GITHUB_TOKEN={token}\npassword = Zq9!vR2#pLm4\n"
        r = self.run_cli("check", "--format", "json", "--fail-on", "escalate", input=prompt)
        self.assertEqual(r.code, EXIT_POLICY, r)
        doc = json.loads(r.out)
        self.assertEqual(doc["action"], "escalate")
        self.assertEqual({f["rule"] for f in doc["inputs"][0]["findings"]}, {"no_secrets_in_prompts"})
        for raw in (token, token[4:], "Zq9!vR2#pLm4"):
            self.assertNotIn(raw, r.out + r.err)

    def test_fail_on_sets_the_threshold(self):
        prompt = "server 10.1.2.3 is down\n"  # an IP address: medium -> warn
        self.assertEqual(self.run_cli("check", input=prompt).code, EXIT_OK)
        self.assertEqual(self.run_cli("check", "--fail-on", "warn", input=prompt).code, EXIT_POLICY)
        self.assertEqual(self.run_cli("check", "--fail-on", "never", input="bob@example.org").code, EXIT_OK)
        self.fails(EXIT_BAD_INPUT, "check", "--fail-on", "sometimes", input="x")

    def test_directory_walk_skips_binary_files_with_a_notice(self):
        d = os.path.join(self.tmp, "prompts", "sub")
        os.makedirs(d)
        self.write("prompts/a.txt", "contact bob@example.org\n")
        self.write("prompts/sub/b.txt", "nothing here\n")
        self.write("prompts/sub/c.bin", b"\x00\x01binary", mode="wb")
        r = self.run_cli("check", os.path.join(self.tmp, "prompts"), "--format", "json")
        self.assertEqual(r.code, EXIT_POLICY, r)
        doc = json.loads(r.out)
        self.assertEqual([os.path.basename(i["path"]) for i in doc["inputs"]], ["a.txt", "b.txt"])
        self.assertEqual(doc["skipped"], 1)
        self.assertIn("c.bin: skipped: binary", r.err)

    def test_unscannable_file_named_directly_is_bad_input(self):
        binary = self.write("b.bin", b"\x00\x01", mode="wb")
        bad_utf8 = self.write("u.txt", b"caf\xe9\n", mode="wb")
        big = self.write("big.txt", "x" * 2048)
        self.fails(EXIT_BAD_INPUT, "check", binary)
        self.fails(EXIT_BAD_INPUT, "check", bad_utf8)
        self.fails(EXIT_BAD_INPUT, "check", os.path.join(self.tmp, "missing.txt"))
        self.fails(EXIT_BAD_INPUT, "check", big, "--max-file-size", "1024")
        self.ok("check", big, "--max-file-size", "0")

    def test_text_output_locates_findings_as_path_line_column(self):
        path = self.write("p.txt", "line one\nsend to bob@example.org\n")
        r = self.run_cli("check", path)
        self.assertEqual(r.code, EXIT_POLICY, r)
        self.assertIn(f"{path}:2:9: no_pii_in_prompts/email (high) b***@e******.org", r.out)


if __name__ == "__main__":
    unittest.main()
