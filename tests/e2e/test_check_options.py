"""novacrm check options end to end: the JSON report against its schema, every --fail-on value, bad
option values, baselines (--write-baseline, --baseline), --exclude, --jobs, files that cannot be scanned
(walked: a notice and `skipped`; named: exit 2), --max-file-size, empty and CRLF input, --redact, no
colour, a 50 MB file. No raw value ever reaches stdout, stderr or a baseline file."""
import json
import os
import re
import unittest

from harness import EXIT_BAD_INPUT, EXIT_OK, EXIT_POLICY, WorkspaceTest, heavy, schema_validator

EMAIL = "canary.options@example.org"
EMAIL_EXCERPT = "c***@e******.org"
IBAN = "FR1420041010050500013M02606"
CARD = "4111 1111 1111 1111"
AWS_KEY = "AKIA2E0A8F3B244C9986"  # random-looking: EXAMPLE keys count as placeholders
# Raw values, and pieces of them, that must never reach stdout, stderr or a baseline.
RAW = (EMAIL, "canary.options", IBAN, IBAN[4:], CARD, CARD.replace(" ", ""), AWS_KEY, AWS_KEY[4:])
HEX64 = re.compile(r"^[0-9a-f]{64}$")

BLOCKING = f"Please send the contract to {EMAIL} today.\n"
CLEAN = "Summarise the Q3 pipeline for the Acme account.\n"
ESCALATING = f"deploy with key {AWS_KEY}\n"


class CheckOptionsTest(WorkspaceTest):
    init_workspace = False  # check needs no workspace

    def run_cli(self, *args, **kw):
        r = super().run_cli(*args, **kw)
        self.assert_no_raw(r.out, "stdout")
        self.assert_no_raw(r.err, "stderr")
        return r

    def assert_no_raw(self, text, where):
        for raw in RAW:
            self.assertNotIn(raw, text, f"a raw value reached {where}")

    def tree(self, root, files):
        """Creates files under self.tmp/root ({relative path: str or bytes}); returns the root's path."""
        base = os.path.join(self.tmp, root)
        os.makedirs(base, exist_ok=True)
        for rel, content in files.items():
            path = os.path.join(base, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(content if isinstance(content, bytes) else content.encode())
        return base

    def check_json(self, *args, code, input=None):
        r = self.run_cli("check", "--format", "json", *args, input=input)
        self.assertEqual(r.code, code, r)
        return r.json()

    def notices(self, err):
        """The notice lines of stderr, without any terminal control prefix."""
        return [line[line.index("novacrm: notice: "):] for line in err.splitlines() if "novacrm: notice: " in line]


class ReportSchema(CheckOptionsTest):

    def assert_valid(self, doc):
        validator = schema_validator(self, "check-report.schema.json")
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        self.assertEqual([f"{list(e.path)}: {e.message}" for e in errors], [])

    def test_json_report_is_valid_for_several_inputs(self):
        d = self.tree("prompts", {"a.txt": BLOCKING, "sub/b.txt": CLEAN, "sub/c.bin": b"\x00\x01",
                                  "d.txt": f"card {CARD}\niban {IBAN}\n", "e.txt": ""})
        cases = [(("-",), CLEAN, EXIT_OK), (("-",), BLOCKING, EXIT_POLICY), (("-",), ESCALATING, EXIT_POLICY),
                 (("-",), "", EXIT_OK), (("-", "--redact"), BLOCKING, EXIT_POLICY),
                 (("-",), f"mail {EMAIL} novacrm:allow\n", EXIT_OK), ((d,), None, EXIT_POLICY),
                 ((d, "--fail-on", "never"), None, EXIT_OK), ((os.path.join(d, "a.txt"), "-"), CLEAN, EXIT_POLICY)]
        for args, prompt, code in cases:
            with self.subTest(args=args, prompt=prompt):
                doc = self.check_json(*args, code=code, input=prompt)
                self.assert_valid(doc)
                for i, item in enumerate(doc["inputs"]):
                    if "driver" in item:
                        self.assertLess(item["driver"], len(item["findings"]))
                    else:
                        self.assertEqual(item["findings"], [], i)

    def test_report_values(self):
        doc = self.check_json(code=EXIT_POLICY, input=f"x\nmail {EMAIL}\nkey {AWS_KEY}\n")
        self.assert_valid(doc)
        self.assertEqual(doc["action"], "escalate")
        findings = doc["inputs"][0]["findings"]
        self.assertEqual([(f["rule"], f["entity"], f["line"], f["column"]) for f in findings],
                         [("no_pii_in_prompts", "email", 2, 6), ("no_secrets_in_prompts", "aws_access_key_id", 3, 5)])
        self.assertEqual(findings[0]["offset"], 7)
        self.assertEqual(findings[0]["length"], len(EMAIL))
        self.assertEqual(findings[0]["excerpt"], EMAIL_EXCERPT)
        self.assertEqual(doc["inputs"][0]["driver"], 1)
        self.assertEqual(doc["inputs"][0]["path"], "-")


class FailOn(CheckOptionsTest):

    def test_every_fail_on_value(self):
        # Exit 1 when the decision is at least --fail-on; never: always 0.
        expected = {"allow": (EXIT_POLICY, EXIT_POLICY, EXIT_POLICY),
                    "warn": (EXIT_OK, EXIT_POLICY, EXIT_POLICY),
                    "block": (EXIT_OK, EXIT_POLICY, EXIT_POLICY),
                    "escalate": (EXIT_OK, EXIT_OK, EXIT_POLICY),
                    "never": (EXIT_OK, EXIT_OK, EXIT_OK)}
        for value, codes in expected.items():
            for prompt, code in zip((CLEAN, BLOCKING, ESCALATING), codes):
                with self.subTest(fail_on=value, prompt=prompt[:12]):
                    if code == EXIT_POLICY:
                        r = self.fails(EXIT_POLICY, "check", "--fail-on", value, "--format", "json", input=prompt)
                        self.assertIn(f"--fail-on {value}", r.err)
                    else:
                        r = self.run_cli("check", "--fail-on", value, "--format", "json", input=prompt)
                        self.assertEqual(r.code, code, r)
                        self.assertEqual(r.err, "")
                    json.loads(r.out)  # the report is printed either way

    def test_default_is_block(self):
        self.assertEqual(self.run_cli("check", input=CLEAN).code, EXIT_OK)
        self.assertEqual(self.run_cli("check", input=BLOCKING).code, EXIT_POLICY)

    def test_bad_option_values(self):
        for args in (("--fail-on", "sometimes"), ("--fail-on", "BLOCK"), ("--fail-on", ""),
                     ("--format", "xml"), ("--format", ""), ("--jobs", "0"), ("--jobs", "-1"), ("--jobs", "x"),
                     ("--max-file-size", "big"), ("--role", "owner")):
            with self.subTest(args):
                r = self.fails(EXIT_BAD_INPUT, "check", *args, "-", input=BLOCKING)
                self.assertEqual(r.out, "")


class Baseline(CheckOptionsTest):

    def setUp(self):
        super().setUp()
        self.dir = self.tree("repo", {"a.txt": f"intro\nmail {EMAIL}\n", "sub/b.txt": f"card {CARD}\n",
                                      "c.txt": f"key {AWS_KEY}\niban {IBAN}\n", "clean.txt": CLEAN})
        self.baseline = os.path.join(self.tmp, "baseline.json")

    def write_baseline(self):
        doc = self.check_json(self.dir, "--write-baseline", self.baseline, code=EXIT_POLICY)
        self.assertEqual(sum(len(i["findings"]) for i in doc["inputs"]), 4)
        return doc

    def test_write_baseline_has_fingerprints_and_no_raw_value(self):
        self.write_baseline()
        with open(self.baseline) as f:
            text = f.read()
        self.assert_no_raw(text, "the baseline file")
        doc = json.loads(text)
        self.assertEqual(doc["version"], 1)
        self.assertEqual(len(doc["findings"]), 4)
        for entry in doc["findings"]:
            self.assertRegex(entry["fingerprint"], HEX64)
        self.assertEqual(len({e["fingerprint"] for e in doc["findings"]}), 4)

    def test_baseline_suppresses_accepted_findings(self):
        self.write_baseline()
        doc = self.check_json(self.dir, "--baseline", self.baseline, code=EXIT_OK)
        self.assertEqual(doc["action"], "allow")
        suppressed = {os.path.relpath(i["path"], self.dir): i["suppressed"] for i in doc["inputs"]}
        self.assertEqual(suppressed, {"a.txt": 1, "sub/b.txt": 1, "c.txt": 2, "clean.txt": 0})
        self.assertEqual([f for i in doc["inputs"] for f in i["findings"]], [])
        r = self.ok("check", self.dir, "--baseline", self.baseline)
        self.assertIn("4 suppressed", r.out)
        # Moving an accepted value to another line keeps it accepted.
        with open(os.path.join(self.dir, "a.txt"), "w") as f:
            f.write(f"new first line\nintro\n\nmail {EMAIL}\n")
        self.ok("check", self.dir, "--baseline", self.baseline)

    def test_a_new_finding_still_fails(self):
        self.write_baseline()
        with open(os.path.join(self.dir, "clean.txt"), "a") as f:
            f.write("and tell bob.new@example.com\n")
        r = self.fails(EXIT_POLICY, "check", self.dir, "--baseline", self.baseline, "--format", "json")
        doc = r.json()
        findings = [(os.path.relpath(i["path"], self.dir), f["entity"], f["line"])
                    for i in doc["inputs"] for f in i["findings"]]
        self.assertEqual(findings, [("clean.txt", "email", 2)])
        self.assertEqual(sum(i["suppressed"] for i in doc["inputs"]), 4)
        # The same value in another file is a new finding too.
        with open(os.path.join(self.dir, "clean.txt"), "w") as f:
            f.write(f"mail {EMAIL}\n")
        self.fails(EXIT_POLICY, "check", self.dir, "--baseline", self.baseline)

    def test_unwritable_baseline_is_bad_input(self):
        path = os.path.join(self.tmp, "no", "such", "dir", "baseline.json")
        r = self.fails(EXIT_BAD_INPUT, "check", self.dir, "--write-baseline", path)
        self.assertIn(path, r.err)
        self.assertFalse(os.path.exists(path))

    def test_malformed_baselines_are_bad_input(self):
        fp = "0" * 64
        cases = {"not_json.json": "{nope", "array.json": "[]", "version2.json": '{"version": 2, "findings": []}',
                 "no_findings.json": '{"version": 1}', "findings_object.json": '{"version": 1, "findings": {}}',
                 "no_fingerprint.json": '{"version": 1, "findings": [{"path": "a.txt"}]}',
                 "short.json": '{"version": 1, "findings": [{"fingerprint": "abc"}]}',
                 "number.json": '{"version": 1, "findings": [{"fingerprint": 12}]}',
                 "not_hex.json": '{"version": 1, "findings": [{"fingerprint": "%s"}, {"fingerprint": "%s"}]}'
                                 % (fp, "z" * 64),
                 "empty.json": ""}
        for name, content in cases.items():
            with self.subTest(name):
                path = self.write(name, content)
                r = self.fails(EXIT_BAD_INPUT, "check", self.dir, "--baseline", path)
                self.assertIn(path, r.err)
                self.assertEqual(r.out, "")
        self.fails(EXIT_BAD_INPUT, "check", self.dir, "--baseline", os.path.join(self.tmp, "missing.json"))
        self.fails(EXIT_BAD_INPUT, "check", self.dir, "--baseline", self.dir)
        # An empty list of accepted findings is a valid baseline.
        self.fails(EXIT_POLICY, "check", self.dir, "--baseline", self.write("none.json", '{"version": 1, "findings": []}'))


class ExcludeAndJobs(CheckOptionsTest):

    def test_exclude_skips_matching_files_and_directories(self):
        d = self.tree("prompts", {"a.txt": CLEAN, "notes.log": BLOCKING, "vendor/x.txt": BLOCKING,
                                  "vendor/deep/y.txt": ESCALATING, "sub/keep.txt": CLEAN, "sub/tmp.txt": BLOCKING})
        doc = self.check_json(d, code=EXIT_POLICY)
        self.assertEqual(len(doc["inputs"]), 6)
        doc = self.check_json(d, "--exclude", "*.log", "--exclude", "vendor", "--exclude", "sub/tmp.*", code=EXIT_OK)
        self.assertEqual(sorted(os.path.relpath(i["path"], d) for i in doc["inputs"]), ["a.txt", "sub/keep.txt"])
        self.assertEqual(doc["skipped"], 0)
        # A directory matched by its path under the scanned directory.
        doc = self.check_json(d, "--exclude", "vendor/deep", code=EXIT_POLICY)
        self.assertNotIn("vendor/deep/y.txt", [os.path.relpath(i["path"], d) for i in doc["inputs"]])
        self.assertEqual(doc["action"], "block")

    def test_jobs_do_not_change_the_report(self):
        files = {}
        for i in range(40):
            content = f"prompt {i}\n"
            if i % 3 == 0:
                content += f"mail user{i}@example.org\n"
            if i % 7 == 0:
                content += f"card {CARD}\n"
            if i == 39:
                content += f"key {AWS_KEY}\n"
            files[f"d{i % 4}/f{i:02d}.txt"] = content
        d = self.tree("many", files)
        outputs = {}
        for jobs in ("1", "4", "16"):
            for fmt in ("json", "text"):
                r = self.run_cli("check", d, "--jobs", jobs, "--format", fmt)
                self.assertEqual(r.code, EXIT_POLICY, r)
                outputs[(jobs, fmt)] = r.out
        self.assertEqual(outputs[("1", "json")], outputs[("4", "json")])
        self.assertEqual(outputs[("1", "json")], outputs[("16", "json")])
        self.assertEqual(outputs[("1", "text")], outputs[("4", "text")])
        doc = json.loads(outputs[("4", "json")])
        self.assertEqual(len(doc["inputs"]), 40)
        self.assertEqual([i["path"] for i in doc["inputs"]], sorted(i["path"] for i in doc["inputs"]))
        self.assertEqual(doc["action"], "escalate")


class Unscannable(CheckOptionsTest):

    def test_walked_files_that_cannot_be_scanned_are_skipped_with_a_notice(self):
        bad = {"bin.dat": b"PK\x03\x04\x00\x00binary", "latin1.txt": b"caf\xe9 cr\xe8me\n"}
        for good, code in ((CLEAN, EXIT_OK), (BLOCKING, EXIT_POLICY)):
            with self.subTest(code=code):
                d = self.tree(f"d{code}", {"good.txt": good, **bad})
                unreadable = None
                if os.geteuid() != 0:  # root reads a mode-000 file anyway
                    unreadable = os.path.join(d, "secret.txt")
                    with open(unreadable, "w") as f:
                        f.write(BLOCKING)
                    os.chmod(unreadable, 0)
                try:
                    r = self.run_cli("check", d, "--format", "json")
                finally:
                    if unreadable:
                        os.chmod(unreadable, 0o600)
                self.assertEqual(r.code, code, r)
                doc = r.json()
                self.assertEqual(doc["skipped"], 3 if unreadable else 2)
                self.assertEqual([os.path.basename(i["path"]) for i in doc["inputs"]], ["good.txt"])
                notices = self.notices(r.err)
                self.assertIn(f"novacrm: notice: {d}/bin.dat: skipped: binary file (contains NUL bytes)", notices)
                self.assertIn(f"novacrm: notice: {d}/latin1.txt: skipped: not valid UTF-8", notices)
                if unreadable:
                    self.assertTrue(any(n.startswith(f"novacrm: notice: {unreadable}: skipped: ") for n in notices))
                self.assertEqual(len(notices), doc["skipped"])

    @unittest.skipIf(os.geteuid() == 0, "root can read a mode-000 file")
    def test_unreadable_file_named_directly_is_bad_input(self):
        path = self.write("secret.txt", CLEAN)
        os.chmod(path, 0)
        try:
            r = self.fails(EXIT_BAD_INPUT, "check", path)
        finally:
            os.chmod(path, 0o600)
        self.assertIn(path, r.err)

    def test_binary_and_non_utf8_files_named_directly_are_bad_input(self):
        d = self.tree("d", {"bin.dat": b"PK\x03\x04\x00\x00binary", "latin1.txt": b"caf\xe9\n"})
        for name in ("bin.dat", "latin1.txt"):
            with self.subTest(name):
                r = self.fails(EXIT_BAD_INPUT, "check", os.path.join(d, name))
                self.assertIn(os.path.join(d, name), r.err)
                self.assertEqual(r.out, "")
        self.fails(EXIT_BAD_INPUT, "check", os.path.join(d, "missing.txt"))

    def test_max_file_size(self):
        d = self.tree("sized", {"big.txt": "x" * 100 + "\n" + BLOCKING, "small.txt": "ok\n"})
        big = os.path.join(d, "big.txt")
        r = self.fails(EXIT_BAD_INPUT, "check", big, "--max-file-size", "10")
        self.assertIn(big, r.err)
        self.assertIn("--max-file-size", r.err)
        r = self.run_cli("check", d, "--max-file-size", "10", "--format", "json")
        self.assertEqual(r.code, EXIT_OK, r)
        doc = r.json()
        self.assertEqual(doc["skipped"], 1)
        self.assertEqual([os.path.basename(i["path"]) for i in doc["inputs"]], ["small.txt"])
        self.assertEqual(self.notices(r.err), [f"novacrm: notice: {big}: skipped: larger than --max-file-size "
                                                f"({os.path.getsize(big)} > 10 bytes)"])
        # 0: no limit; a limit the file fits in.
        self.assertEqual(self.run_cli("check", big, "--max-file-size", "0").code, EXIT_POLICY)
        self.assertEqual(self.run_cli("check", big, "--max-file-size", str(os.path.getsize(big))).code, EXIT_POLICY)


class Inputs(CheckOptionsTest):

    def test_empty_input_is_allowed(self):
        doc = self.check_json(code=EXIT_OK, input="")
        self.assertEqual(doc["action"], "allow")
        self.assertEqual(doc["risk"], 0)
        self.assertEqual(doc["inputs"][0]["findings"], [])
        empty = self.write("empty.txt", "")
        doc = self.check_json(empty, code=EXIT_OK)
        self.assertEqual([(i["path"], i["action"]) for i in doc["inputs"]], [(empty, "allow")])
        r = self.ok("check", "-", input="")
        self.assertIn("decision: allow", r.out)

    def test_empty_directory_is_allowed(self):
        d = os.path.join(self.tmp, "nothing")
        os.makedirs(os.path.join(d, "sub"))
        doc = self.check_json(d, code=EXIT_OK)
        self.assertEqual((doc["action"], doc["inputs"], doc["skipped"]), ("allow", [], 0))

    def test_crlf_input_reports_the_right_line_and_column(self):
        data = f"first line\r\nsecond: {EMAIL} here\r\n\r\ncard {CARD}\r\n".encode()
        path = self.write("crlf.txt", data, mode="wb")
        doc = self.check_json(path, code=EXIT_POLICY)
        findings = doc["inputs"][0]["findings"]
        self.assertEqual([(f["entity"], f["line"], f["column"]) for f in findings],
                         [("email", 2, 9), ("payment_card", 4, 6)])
        self.assertEqual([(f["offset"], f["length"]) for f in findings],
                         [(data.index(EMAIL.encode()), len(EMAIL)), (data.index(CARD.encode()), len(CARD))])
        r = self.run_cli("check", path)
        self.assertIn(f"{path}:2:9: no_pii_in_prompts/email (high) {EMAIL_EXCERPT}", r.out)
        self.assertIn(f"{path}:4:6: no_pii_in_prompts/payment_card", r.out)
        # The same bytes on stdin.
        doc = self.check_json("-", code=EXIT_POLICY, input=data.decode())
        self.assertEqual([(f["line"], f["column"]) for f in doc["inputs"][0]["findings"]], [(2, 9), (4, 6)])

    def test_redact_prints_the_masked_prompt(self):
        prompt = f"Please send the contract to {EMAIL} today.\n"
        for args in (("-", "--redact"), ("--redact",)):
            with self.subTest(args):
                r = self.run_cli("check", *args, input=prompt)
                self.assertEqual(r.code, EXIT_POLICY, r)
                self.assertEqual(r.out, "Please send the contract to [EMAIL] today.\n")
                self.assertIn(f"<stdin>:1:29: no_pii_in_prompts/email (high) {EMAIL_EXCERPT}", r.err)
        r = self.run_cli("check", "--redact", input=f"iban {IBAN}, key {AWS_KEY}\n")
        self.assertEqual(r.code, EXIT_POLICY, r)
        self.assertNotIn(IBAN, r.out)
        self.assertRegex(r.out, r"^iban \[[A-Z_]+\], key \[[A-Z_]+\]\n$")
        r = self.ok("check", "--redact", input=CLEAN)
        self.assertEqual(r.out, CLEAN)
        doc = self.check_json("--redact", code=EXIT_POLICY, input=prompt)
        self.assertEqual(doc["inputs"][0]["redacted"], "Please send the contract to [EMAIL] today.\n")

    def test_redact_needs_stdin(self):
        path = self.write("p.txt", BLOCKING)
        r = self.fails(EXIT_BAD_INPUT, "check", path, "--redact")
        self.assertIn("--redact", r.err)
        self.assertEqual(r.out, "")
        self.fails(EXIT_BAD_INPUT, "check", "-", path, "--redact", input=BLOCKING)
        self.fails(EXIT_BAD_INPUT, "check", self.tmp, "--redact")

    @heavy
    def test_fifty_megabyte_file(self):
        filler = "The quarterly pipeline review lists nothing sensitive, only filler words.\n"
        lines = [filler] * (50_000_000 // len(filler) + 10)
        at = {"email": 2, "iban": len(lines) // 2, "aws_access_key_id": len(lines) - 3}  # 0-based
        lines[at["email"]] = f"contact {EMAIL} now\n"
        lines[at["iban"]] = f"wire to {IBAN} please\n"
        lines[at["aws_access_key_id"]] = f"  key={AWS_KEY}\n"
        data = "".join(lines).encode()
        self.assertGreaterEqual(len(data), 50_000_000)
        path = self.write("big.txt", data, mode="wb")
        del lines
        for args in ((), ("--max-file-size", str(60 << 20))):
            with self.subTest(args):
                doc = self.check_json(path, *args, code=EXIT_POLICY)
                self.assertEqual(doc["skipped"], 0)
                findings = doc["inputs"][0]["findings"]
                self.assertEqual([(f["entity"], f["line"]) for f in findings],
                                 [(entity, line + 1) for entity, line in at.items()])
                self.assertEqual([f["column"] for f in findings], [9, 9, 7])
                self.assertEqual(findings[1]["offset"], data.index(IBAN.encode()))
                self.assertEqual(findings[2]["offset"], data.index(AWS_KEY.encode()))
                self.assertEqual(doc["action"], "escalate")
        del data


class NoColour(CheckOptionsTest):

    def assert_no_escape(self, r):
        self.assertNotIn("\x1b", r.out)
        self.assertNotIn("\x1b", r.err)

    def test_no_escape_bytes_with_no_color_or_the_flag(self):
        d = self.tree("prompts", {"a.txt": BLOCKING, "b.txt": ESCALATING, "c.txt": CLEAN})
        for env, flags in (({"NO_COLOR": "1"}, ()), ({"NO_COLOR": ""}, ("--no-color",)),
                           ({"NO_COLOR": "1"}, ("--no-color",)), ({"NO_COLOR": ""}, ())):
            for args in (("check", d), ("check", "-"), ("check", "--redact"), ("policy", "explain", "-")):
                with self.subTest(env=env, flags=flags, args=args):
                    r = self.run_cli(*flags, *args, input=BLOCKING, env=env)
                    self.assertIn(r.code, (EXIT_OK, EXIT_POLICY), r)
                    self.assert_no_escape(r)

    def test_skip_notices_have_no_terminal_control_bytes_when_stderr_is_not_a_terminal(self):
        d = self.tree("prompts", {"a.txt": CLEAN, "b.bin": b"\x00\x01"})
        for env, flags in (({"NO_COLOR": "1"}, ()), ({"NO_COLOR": ""}, ("--no-color",))):
            with self.subTest(flags=flags):
                r = self.run_cli(*flags, "check", d, env=env)
                self.assertEqual(r.code, EXIT_OK, r)
                self.assertIn(f"{d}/b.bin: skipped: binary", r.err)
                self.assert_no_escape(r)
                for line in r.err.splitlines():
                    self.assertTrue(line.startswith("novacrm: notice: "), repr(line))


if __name__ == "__main__":
    unittest.main()
